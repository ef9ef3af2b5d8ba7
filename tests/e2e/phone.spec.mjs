// The phone, end to end on the touch profile (390x844): swiping between questions through
// the browser's real touch input, never from the scratchpad or over selected text, with a
// setting that turns it off; and the bottom action bar within thumb reach.
import { test, expect, holdWasm } from "./fixtures.mjs";

test.skip(({ hasTouch }) => !hasTouch, "touch input: the phone profile only");

/// A one-finger drag through Chromium's input pipeline (as a finger would do it).
async function drag(page, from, to) {
  const cdp = await page.context().newCDPSession(page);
  const point = (t) => ({ x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t });
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [point(0)] });
  for (const t of [0.25, 0.5, 0.75, 1]) {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [point(t)] });
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

/// A point inside the question's title, where a thumb would start a swipe.
async function onTitle(page) {
  const box = await page.locator("main h1").boundingBox();
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test("swipe left for the next question and right for the previous; short or steep drags do nothing", async ({ page }) => {
  await page.goto("./#/q/sql-vs-nosql");
  const next = await page.locator("a[rel=next]").getAttribute("href");
  const previous = await page.locator("a[rel=prev]").getAttribute("href");
  let at = await onTitle(page);
  await drag(page, { x: 330, y: at.y }, { x: 60, y: at.y + 10 });
  await expect(page).toHaveURL(new RegExp(`${next}$`));
  await expect(page.locator("a[rel=prev]")).toHaveAttribute("href", "#/q/sql-vs-nosql");
  at = await onTitle(page);
  await drag(page, { x: 60, y: at.y }, { x: 330, y: at.y });
  await expect(page).toHaveURL(/#\/q\/sql-vs-nosql$/);
  at = await onTitle(page);
  await drag(page, { x: 300, y: at.y }, { x: 260, y: at.y }); // too short
  await drag(page, { x: 300, y: at.y }, { x: 200, y: at.y + 150 }); // mostly down: a scroll
  await drag(page, { x: 60, y: at.y }, { x: 330, y: at.y }); // a real one, to prove the others did nothing
  await expect(page).toHaveURL(new RegExp(`${previous}$`));
});

test("no swipe from the scratchpad, or while text is selected", async ({ page }) => {
  await page.goto("./#/q/containers");
  const draft = page.getByLabel(/Your answer/);
  await expect(draft).toBeVisible();
  const box = await draft.boundingBox();
  const y = box.y + box.height / 2;
  await drag(page, { x: 330, y }, { x: 40, y });
  await page.locator("main h1").evaluate((h1) => window.getSelection().selectAllChildren(h1));
  const at = await onTitle(page);
  await drag(page, { x: 330, y: at.y }, { x: 40, y: at.y });
  // Still here: now clear the selection and the same swipe moves on.
  await expect(page).toHaveURL(/#\/q\/containers$/);
  await page.evaluate(() => window.getSelection().removeAllRanges());
  await drag(page, { x: 330, y: at.y }, { x: 40, y: at.y });
  await expect(page).not.toHaveURL(/#\/q\/containers$/);
});

test("the swipe setting turns swiping off, and it is remembered", async ({ page }) => {
  await page.goto("./#/about");
  await page.getByLabel(/Swipe left or right/).uncheck();
  await page.reload();
  await expect(page.getByLabel(/Swipe left or right/)).not.toBeChecked();
  await page.goto("./#/q/containers");
  const at = await onTitle(page);
  await drag(page, { x: 330, y: at.y }, { x: 40, y: at.y });
  // The buttons still work, and the swipe above did nothing.
  await expect(page).toHaveURL(/#\/q\/containers$/);
  await page.locator("a[rel=next]").click();
  await expect(page).not.toHaveURL(/#\/q\/containers$/);
});

test("the bottom bar keeps reveal and grade within thumb reach, 44 px tall, on a long card", async ({ page }) => {
  await page.goto("./#/q/rate-limiting");
  const viewport = page.viewportSize();
  const bar = page.locator(".action-bar");
  const atBottom = async () => {
    const box = await bar.boundingBox();
    return box.y + box.height;
  };
  await expect.poll(atBottom).toBeLessThanOrEqual(viewport.height);
  for (const label of ["Show why interviewers ask", "Show how to answer", "Show the model answer"]) {
    const button = bar.getByRole("button", { name: label });
    expect((await button.boundingBox()).height).toBeGreaterThanOrEqual(44);
    await button.click();
  }
  // The card is now far taller than the screen; the bar stays at the bottom edge.
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(viewport.height * 2);
  await page.evaluate(() => window.scrollTo(0, 0));
  expect(await atBottom()).toBeCloseTo(viewport.height, -1);
  const grade = bar.getByRole("button", { name: /^Got it/ }).first();
  expect((await grade.boundingBox()).height).toBeGreaterThanOrEqual(44);
  await grade.click();
  await expect(page.locator(".graded")).toContainText("Graded:");
});

test("the overview lays out only the items near the screen, before and after the takeover; a frame lays out all", async ({ page }) => {
  // An item's link is skipped (neither laid out nor painted) while the item is far off screen.
  const skipped = (item) => item.locator("a").evaluate((a) => !a.checkVisibility({ contentVisibilityAuto: true }));
  const release = await holdWasm(page);
  await page.goto("./");
  const last = page.locator(".question-item").last();
  await expect.poll(() => skipped(last)).toBe(true);
  expect(await skipped(page.locator(".question-item").first())).toBe(false);
  release();
  await page.waitForFunction(() => window.rehearseLive === true);
  await expect.poll(() => skipped(last)).toBe(true);
  await last.scrollIntoViewIfNeeded();
  await expect.poll(() => skipped(last)).toBe(false);
  // In a frame every item is laid out: the host sizes the frame to its content.
  await page.goto("./?embed=1");
  await page.waitForFunction(() => window.rehearseLive === true);
  expect(await skipped(page.locator(".question-item").last())).toBe(false);
});

test("the overview shows its first question on the first screen, in the prerendered page and after the takeover", async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto("./");
  const first = page.locator(".question-item").first();
  // Its link and its status, whole, with nothing scrolled.
  await expect(first).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate(() => window.rehearseLive)).toBeUndefined();
  release();
  await page.waitForFunction(() => window.rehearseLive === true);
  await expect(first).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  // Everything above it is still there, and still a 44 px target.
  for (const name of ["Questions", "Review", "Mock", "About"]) {
    const box = await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name }).boundingBox();
    expect(box.height).toBeGreaterThanOrEqual(44);
  }
  for (const control of [page.getByRole("searchbox", { name: "Search" }), page.getByLabel("Tag"), page.getByLabel("Status")]) {
    await expect(control).toBeInViewport({ ratio: 1 });
    expect((await control.boundingBox()).height).toBeGreaterThanOrEqual(44);
  }
  // By keyboard: the search field, then tag and status, each with a visible focus ring.
  await page.getByRole("searchbox", { name: "Search" }).focus();
  for (const label of ["Tag", "Status"]) {
    await page.keyboard.press("Tab");
    await expect(page.getByLabel(label)).toBeFocused();
    const outline = await page.getByLabel(label).evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).toBe("solid");
  }
});

test("the bottom bar takes at most a fifth of the screen at every stage, with 44 px targets", async ({ page }) => {
  await page.goto("./#/q/rate-limiting");
  const viewport = page.viewportSize();
  const bar = page.locator(".action-bar");
  const check = async () => {
    const box = await bar.boundingBox();
    expect(box.height).toBeLessThanOrEqual(viewport.height * 0.2);
    for (const button of await bar.getByRole("button").all()) {
      const b = await button.boundingBox();
      expect(b.height).toBeGreaterThanOrEqual(44);
      expect(b.width).toBeGreaterThanOrEqual(44);
    }
  };
  await check();
  await bar.getByRole("button", { name: "Show why interviewers ask" }).click();
  await check();
  await bar.getByRole("button", { name: "Reveal all" }).click();
  await expect(bar.getByRole("group", { name: "How did your answer go?" })).toBeVisible();
  await check();
  await bar.getByRole("button", { name: /^Got it with effort/ }).click();
  await expect(bar.locator(".graded")).toHaveText("Graded: Got it with effort.");
  await check();
  // At 320 px wide nothing scrolls sideways.
  await page.setViewportSize({ width: 320, height: 640 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
});
