// The practice loop end to end, against the release build: a full round by pointer and
// by keyboard, reload keeps everything, shared answer links, back/forward, the due
// queue the next day (simulated clock), and the mock interview.
import { test, expect } from "./fixtures.mjs";

const TITLE = "Backend Software Engineer interview questions";
const FIRST = "microservices-event-driven";
const SECOND = "sql-vs-nosql";

test("the page loads and shows the deck title", async ({ page }) => {
  await page.goto("./");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  await expect(page.locator(".question-item")).toHaveCount(23);
});

test("the same build works deployed under a sub-path", async ({ page, baseURL }) => {
  const port = Number(new URL(baseURL).port) + 1;
  await page.goto(`http://127.0.0.1:${port}/rehearse/#/q/${SECOND}/answer`);
  await expect(page.getByRole("heading", { name: "Model answer" })).toBeVisible();
  await page.getByRole("link", { name: "Questions" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  expect(new URL(page.url()).pathname).toBe("/rehearse/");
});

test("a full round by pointer: draft, staged reveal, rubric, grade, summary", async ({ page }) => {
  // 23 questions take a while on a busy 2-core machine; this bounds a hang, it times nothing.
  test.setTimeout(120_000);
  await page.goto("./");
  await page.getByRole("button", { name: "In order" }).click();
  await expect(page).toHaveURL(new RegExp(`#/q/${FIRST}$`));
  await expect(page.locator("main").getByText("1 of 23")).toBeVisible();

  await page.getByLabel(/Your answer/).fill("Events for decoupling, outbox for atomicity.");
  await page.getByRole("button", { name: "Show why interviewers ask" }).click();
  await expect(page.getByRole("heading", { name: "Why interviewers ask" })).toBeFocused();
  await page.getByRole("button", { name: "Show how to answer" }).click();
  const points = page.locator(".key-points input[type=checkbox]");
  const total = await points.count();
  await points.nth(0).check();
  await points.nth(1).check();
  await expect(page.locator("main").getByText(`Covered 2 of ${total}`)).toBeVisible();
  await page.getByRole("button", { name: "Show the model answer" }).click();
  await expect(page).toHaveURL(new RegExp(`#/q/${FIRST}/answer$`));
  await expect(page.getByRole("heading", { name: "Model answer" })).toBeVisible();
  await page.getByRole("button", { name: /^Got it with effort/ }).click();
  await expect(page.locator("main").getByText("Graded: Got it with effort.")).toBeVisible();

  // The rest of the round, quickly: reveal all, grade, next.
  for (let n = 2; n <= 23; n++) {
    await page.getByRole("link", { name: "Next" }).click();
    await expect(page.locator("main").getByText(`${n} of 23`)).toBeVisible();
    await page.getByRole("button", { name: "Reveal all" }).click();
    await page.getByRole("button", { name: /^Got it( \(suggested\))?$/ }).click();
  }
  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/#\/summary$/);
  await expect(page.locator("main").getByText("You graded 23 of 23 questions.")).toBeVisible();
  await expect(page.locator("main").getByText(`Got it with effort · covered 2 of ${total}`)).toBeVisible();

  await page.getByRole("link", { name: "Back to all questions" }).click();
  await expect(page.locator("#summary")).toContainText("Practised 23 of 23");
});

test("a full round by keyboard alone", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("./");
  const inOrder = page.getByRole("button", { name: "In order" });
  // Tab to the button like a keyboard user would.
  for (let i = 0; i < 30 && !(await inOrder.evaluate((b) => b === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(inOrder).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`#/q/${FIRST}$`));
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await page.keyboard.press(" ");
  await expect(page.getByRole("heading", { name: "Why interviewers ask" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "How to answer" })).toBeFocused();
  await page.keyboard.press(" ");
  await expect(page.getByRole("heading", { name: "Model answer" })).toBeFocused();
  await page.keyboard.press("3");
  await expect(page.locator("main").getByText("Graded: Got it.")).toBeVisible();
  // Wait for what a person sees (the new card), not only the URL, before the next key.
  await page.keyboard.press("ArrowRight");
  await expect(page).toHaveURL(new RegExp(`#/q/${SECOND}$`));
  await expect(page.locator("main").getByText("2 of 23")).toBeVisible();
  await page.keyboard.press("ArrowLeft");
  await expect(page).toHaveURL(new RegExp(`#/q/${FIRST}$`));
  await expect(page.locator("main").getByText("1 of 23")).toBeVisible();
  // Typing in the scratchpad never triggers shortcuts.
  await page.getByLabel(/Your answer/).focus();
  await page.keyboard.type("1 2 3 ");
  await expect(page.getByLabel(/Your answer/)).toHaveValue("1 2 3 ");
  await expect(page).toHaveURL(new RegExp(`#/q/${FIRST}$`));
  await page.getByRole("heading", { level: 1 }).focus();

  // The rest of the round: reveal in three steps, grade, next.
  for (let n = 2; n <= 23; n++) {
    await page.keyboard.press("ArrowRight");
    await expect(page.locator("main").getByText(`${n} of 23`)).toBeVisible();
    await page.keyboard.press(" ");
    await page.keyboard.press(" ");
    await page.keyboard.press(" ");
    await expect(page.getByRole("heading", { name: "Model answer" })).toBeFocused();
    await page.keyboard.press(String(1 + (n % 4)));
    await expect(page.locator("main .graded")).toBeVisible();
  }
  await page.keyboard.press("ArrowRight");
  await expect(page).toHaveURL(/#\/summary$/);
  await expect(page.locator("main").getByText("You graded 23 of 23 questions.")).toBeVisible();
  await page.keyboard.press("?");
  await expect(page).toHaveURL(/#\/about$/);
  await page.keyboard.press("/");
  await expect(page.getByLabel("Search")).toBeFocused();
});

// The focus moves to a new view's heading after the frame that shows it. These tests hold
// that frame back (as on a slow phone) until something else has moved the focus: the
// held move must give way.
const holdFrames = (page) =>
  page.evaluate(() => {
    window.heldFrames = [];
    window.realFrame = window.requestAnimationFrame;
    window.requestAnimationFrame = (f) => window.heldFrames.push(f);
  });
const releaseFrames = (page) =>
  page.evaluate(async () => {
    window.requestAnimationFrame = window.realFrame;
    for (const f of window.heldFrames.splice(0)) f(performance.now());
    // The held moves run in a zero timeout after their frame: let those run first.
    await new Promise((r) => setTimeout(r, 0));
    return document.activeElement?.id;
  });
const held = (page) => expect.poll(() => page.evaluate(() => window.heldFrames.length)).toBeGreaterThan(0);

test("a shortcut's focus is not taken back by a move still waiting for its frame", async ({ page }) => {
  await page.goto(`./#/q/${FIRST}`);
  await page.waitForFunction(() => window.rehearseLive === true);
  await holdFrames(page);
  await page.keyboard.press("?");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("About Rehearse");
  await held(page);
  await page.keyboard.press("/");
  await expect(page.getByLabel("Search")).toBeFocused();
  expect(await releaseFrames(page)).toBe("search");
});

test("a field the reader moves to right after Next keeps the focus", async ({ page }) => {
  await page.goto(`./#/q/${FIRST}`);
  await page.waitForFunction(() => window.rehearseLive === true);
  await holdFrames(page);
  await page.getByRole("link", { name: /Next/ }).first().click();
  await expect(page.locator("main").getByText("2 of 23")).toBeVisible();
  await held(page);
  const draft = page.getByLabel(/Your answer/);
  await draft.focus();
  expect(await releaseFrames(page)).toBe("draft");
  await page.keyboard.type("1 2");
  await expect(draft).toHaveValue("1 2");
});

test("a card's hidden sections are laid out unseen once it is painted: nothing shows, nothing moves", async ({ page }) => {
  await page.goto(`./#/q/${FIRST}`);
  await page.waitForFunction(() => window.rehearseLive === true);
  const card = page.locator(".card");
  const hidden = card.locator("[data-stage][hidden]");
  const boxes = () =>
    card.evaluate((c) => ({
      width: c.getBoundingClientRect().width,
      hidden: [...c.querySelectorAll("[data-stage][hidden]")].map((s) => s.getBoundingClientRect().width),
      shown: [...c.querySelectorAll(":scope > *, .action-bar > *")].filter((e) => !e.hidden).map((e) => e.getBoundingClientRect().top),
      height: document.documentElement.scrollHeight,
      text: c.innerText,
    }));
  await expect(card).toHaveAttribute("data-laid", FIRST);
  // Laid out (as wide as the card), yet not seen, not in the card's text, and not in the
  // accessibility tree (no heading or checkbox of theirs).
  const laid = await boxes();
  expect(laid.hidden.length).toBeGreaterThan(3);
  expect(laid.hidden).toEqual(laid.hidden.map(() => laid.width));
  for (const section of await hidden.all()) await expect(section).toBeHidden();
  expect(laid.text).not.toContain("Model answer");
  await expect(page.getByRole("heading", { name: "Model answer" })).toHaveCount(0);
  await expect(page.getByRole("checkbox")).toHaveCount(0);

  // The next card's own frame lays out only what it shows: the mark waits for it.
  await holdFrames(page);
  await page.getByRole("link", { name: /Next/ }).first().click();
  await expect(page.locator("main").getByText("2 of 23")).toBeVisible();
  await held(page);
  expect(await card.getAttribute("data-laid")).toBeNull();
  expect((await boxes()).hidden.every((w) => w === 0)).toBe(true);
  await releaseFrames(page);
  await expect(card).toHaveAttribute("data-laid", await card.getAttribute("data-slug"));

  // The mark moves nothing on the page.
  const marked = await boxes();
  await card.evaluate((c) => c.removeAttribute("data-laid"));
  const unmarked = await boxes();
  expect(unmarked.hidden.every((w) => w === 0)).toBe(true);
  expect(unmarked.shown).toEqual(marked.shown);
  expect(unmarked.height).toBe(marked.height);

  await page.getByRole("button", { name: "Reveal all" }).click();
  await expect(page.getByRole("heading", { name: "Model answer" })).toBeVisible();
  await expect(hidden).toHaveCount(0);
});

test("Next: the frame that shows the next card comes first, its hidden sections and history entry after it", async ({ page }) => {
  const THIRD = "api-bottlenecks";
  await page.goto(`./#/q/${FIRST}`);
  await page.waitForFunction(() => window.rehearseLive === true);
  const card = page.locator(".card");
  const sections = card.locator("[data-stage]");
  await expect(card).toHaveAttribute("data-laid", FIRST);
  await expect(sections).not.toHaveCount(0);

  // Until the next card's frame is painted, it holds only what it shows, and the address
  // is still the first card's.
  await holdFrames(page);
  await page.getByRole("link", { name: /Next/ }).first().click();
  await expect(page.locator("main").getByText("2 of 23")).toBeVisible();
  await held(page);
  await expect(sections).toHaveCount(0);
  expect(await page.evaluate(() => location.hash)).toBe(`#/q/${FIRST}`);
  await releaseFrames(page);
  await expect(page).toHaveURL(new RegExp(`#/q/${SECOND}$`));
  await expect(card.locator("section[aria-labelledby=section-answer][hidden] .prose")).not.toBeEmpty();
  await expect(card.locator(".key-points[hidden] input[type=checkbox]")).not.toHaveCount(0);
  await expect(page.locator(".card [data-stage]:not([hidden])")).toHaveCount(0);

  // A reveal before that frame shows the whole answer all the same, and its answer link
  // comes after the move's own history entry.
  await holdFrames(page);
  await page.getByRole("link", { name: /Next/ }).first().click();
  await expect(page.locator("main").getByText("3 of 23")).toBeVisible();
  await page.getByRole("button", { name: "Reveal all" }).click();
  await expect(page.getByRole("heading", { name: "Model answer" })).toBeVisible();
  await expect(card.locator("section[aria-labelledby=section-answer] .prose")).not.toBeEmpty();
  await expect(page.locator(".key-points input[type=checkbox]")).not.toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`#/q/${THIRD}/answer$`));
  await releaseFrames(page);
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`#/q/${SECOND}$`));
  await expect(page.locator("main").getByText("2 of 23")).toBeVisible();
});

test("the neighbours' text is read after the card's frame, and each view only once", async ({ page }) => {
  const THIRD = "api-bottlenecks";
  const FOURTH = "distributed-consistency";
  // The neighbours' views are held back, to arrive one at a time.
  const held = new Map();
  await page.route(/\/q\/[^/]+\/view\.html$/, (route) => {
    const slug = route.request().url().split("/q/")[1].split("/")[0];
    if (slug === SECOND) return route.continue();
    held.set(slug, route);
  });
  // What the page asks for, and which views it has read.
  await page.addInitScript(() => {
    window.asked = [];
    window.read = [];
    const fetch = window.fetch;
    window.fetch = function (url, ...rest) {
      window.asked.push(/q\/([^/]+)\/view\.html$/.exec(String(url))?.[1]);
      return fetch.call(this, url, ...rest);
    };
    const text = Response.prototype.text;
    Response.prototype.text = function () {
      return text.call(this).then((t) => (window.read.push(this.url), t));
    };
  });
  const asked = (slug) => page.evaluate((s) => window.asked.filter((a) => a === s).length, slug);
  await page.goto(`./#/q/${SECOND}`);
  await page.waitForFunction(() => window.rehearseLive === true);
  await expect.poll(() => [...held.keys()].sort()).toEqual([THIRD, FIRST].sort());
  // Frames held: a read the app asks for now waits for its frame. The first neighbour
  // arrives, and the app renders without it on its list; then the second arrives.
  await holdFrames(page);
  for (const slug of [FIRST, THIRD]) {
    await held.get(slug).continue();
    await page.waitForFunction((s) => window.read.some((u) => u.includes(`/q/${s}/view.html`)), slug);
    await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
  }
  await releaseFrames(page);
  // On to the third card, whose own next neighbour is then asked for: by then, a second
  // read of either would have been asked for too. Neither is.
  await page.getByRole("link", { name: /Next/ }).first().click();
  await expect.poll(() => asked(FOURTH)).toBe(1);
  expect([await asked(FIRST), await asked(THIRD)]).toEqual([1, 1]);
  await page.getByRole("button", { name: "Reveal all" }).click();
  await expect(page.locator("section[aria-labelledby=section-answer] .prose")).not.toBeEmpty();
});

test("Back before a move's history entry has landed: the view follows the address", async ({ page }) => {
  await page.goto(`./#/q/${FIRST}`);
  await page.waitForFunction(() => window.rehearseLive === true);
  await page.getByRole("link", { name: /Next/ }).first().click();
  await expect(page).toHaveURL(new RegExp(`#/q/${SECOND}$`));
  await holdFrames(page);
  await page.getByRole("link", { name: /Next/ }).first().click();
  await expect(page.locator("main").getByText("3 of 23")).toBeVisible();
  // The browser goes back from where its address was (the second card) to the first.
  await page.evaluate(() => history.back());
  await expect(page).toHaveURL(new RegExp(`#/q/${FIRST}$`));
  await expect(page.locator("main").getByText("1 of 23")).toBeVisible();
  // The move's entry gave way: nothing lands on top of the reader's Back.
  await releaseFrames(page);
  await expect(page.getByRole("button", { name: "Reveal all" })).toBeVisible();
  expect(await page.evaluate(() => location.hash)).toBe(`#/q/${FIRST}`);
  await expect(page.locator("main").getByText("1 of 23")).toBeVisible();
});

test("a reveal shows its sections in the click's own frame; the app catches up after it", async ({ page }) => {
  await page.goto(`./#/q/${FIRST}`);
  await page.waitForFunction(() => window.rehearseLive === true);
  await expect(page.locator(".card")).toHaveAttribute("data-laid", FIRST);
  const buttons = page.locator(".action-bar button");

  // Frames held: what the click shows is on the page before any frame, while the rest
  // (the buttons' labels, the focus, the announcement) waits for the frame to be painted.
  await holdFrames(page);
  await page.getByRole("button", { name: "Show why interviewers ask" }).click();
  await expect(page.locator("section[aria-labelledby=section-why]")).toBeVisible();
  await expect(page.locator(".key-points")).toBeHidden();
  await expect(page.locator("section[aria-labelledby=section-answer]")).toBeHidden();
  await expect(buttons.first()).toHaveText("Show why interviewers ask");
  await releaseFrames(page);
  await expect(buttons.first()).toHaveText("Show how to answer");
  await expect(page.getByRole("heading", { name: "Why interviewers ask" })).toBeFocused();
  await expect(page.getByRole("status").filter({ hasText: "Revealed: why interviewers ask." })).toHaveCount(1);

  await holdFrames(page);
  await page.getByRole("button", { name: "Reveal all" }).click();
  await expect(page.locator(".key-points")).toBeVisible();
  await expect(page.locator("section[aria-labelledby=section-answer]")).toBeVisible();
  await expect(page.locator(".card [data-stage][hidden]")).toHaveCount(0);
  // The answer link is the page's address at once.
  await expect(page).toHaveURL(new RegExp(`#/q/${FIRST}/answer$`));
  await expect(page.getByRole("button", { name: "Reveal all" })).toBeVisible();
  await releaseFrames(page);
  await expect(page.getByRole("button", { name: "Reveal all" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Easy/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Model answer" })).toBeFocused();
});

test("a move made before the app took in a reveal comes after it", async ({ page }) => {
  await page.goto(`./#/q/${FIRST}`);
  await page.waitForFunction(() => window.rehearseLive === true);
  await holdFrames(page);
  await page.getByRole("button", { name: "Show why interviewers ask" }).click();
  await page.getByRole("button", { name: "Reveal all" }).click();
  await page.getByRole("link", { name: /Next/ }).first().click();
  await expect(page.locator("main").getByText("2 of 23")).toBeVisible();
  // The next question opens at its prompt, before its frame and after it.
  await expect(page.locator(".card [data-stage]:not([hidden])")).toHaveCount(0);
  await releaseFrames(page);
  await expect(page.getByRole("button", { name: "Show why interviewers ask" })).toBeVisible();
  await expect(page.locator(".card [data-stage]:not([hidden])")).toHaveCount(0);
  // The first was revealed in full, and Back returns to its answer link.
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`#/q/${FIRST}/answer$`));
  await expect(page.getByRole("heading", { name: "Model answer" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Easy/ })).toBeVisible();
});

test("reload mid-round keeps the draft, the ticks and the grade", async ({ page }) => {
  await page.goto(`./#/q/${FIRST}`);
  await page.getByLabel(/Your answer/).fill("A draft that must survive.");
  await page.getByRole("button", { name: "Reveal all" }).click();
  await page.locator(".key-points input[type=checkbox]").nth(2).check();
  await page.getByRole("button", { name: /^Easy/ }).click();
  await page.reload();
  await expect(page.getByLabel(/Your answer/)).toHaveValue("A draft that must survive.");
  await expect(page.locator(".key-points input[type=checkbox]").nth(2)).toBeChecked();
  await expect(page.locator(".card-meta .status")).toHaveText("Learning");
  await page.goto("./#/");
  await expect(page.locator("#summary")).toContainText("Practised 1 of 23");
  await expect(page.locator(".question-item").first()).toContainText("Last: Easy");
});

test("a shared answer link opens revealed; back and forward work", async ({ page }) => {
  await page.goto(`./#/q/${SECOND}/answer`);
  await expect(page.getByRole("heading", { name: "Model answer" })).toBeVisible();
  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/#\/q\/api-bottlenecks$/);
  await expect(page.getByRole("heading", { name: "Model answer" })).toHaveCount(0);
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`#/q/${SECOND}/answer$`));
  await expect(page.getByRole("heading", { name: "Model answer" })).toBeVisible();
  await page.goForward();
  await expect(page).toHaveURL(/#\/q\/api-bottlenecks$/);
});

test("a link or an arrow key moves the view itself, with a history entry; a modified click is the browser's", async ({ page }) => {
  await page.goto(`./#/q/${FIRST}`);
  await page.waitForFunction(() => window.rehearseLive === true);
  await page.evaluate(() => {
    window.hashchanges = 0;
    addEventListener("hashchange", () => window.hashchanges++);
    window.entries = history.length;
  });
  const next = page.getByRole("link", { name: "Next" });
  // Control-click: a new tab has the next question; this one stays where it was.
  const [tab] = await Promise.all([page.context().waitForEvent("page"), next.click({ modifiers: ["Control"] })]);
  await expect(tab).toHaveURL(new RegExp(`#/q/${SECOND}$`));
  await tab.close();
  await expect(page.locator("main").getByText("1 of 23")).toBeVisible();
  // A plain click: the app moves the view and adds the entry, with no hashchange task.
  await next.click();
  await expect(page.locator("main").getByText("2 of 23")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/q/${SECOND}$`));
  expect(await page.evaluate(() => [window.hashchanges, history.length - window.entries])).toEqual([0, 1]);
  // Back and Forward are the browser's: they arrive as hashchange events.
  await page.goBack();
  await expect(page.locator("main").getByText("1 of 23")).toBeVisible();
  await page.goForward();
  await expect(page.locator("main").getByText("2 of 23")).toBeVisible();
  expect(await page.evaluate(() => window.hashchanges)).toBe(2);
  // An arrow key moves the same way as a link: an entry, and no hashchange task.
  await page.getByRole("heading", { level: 1 }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("main").getByText("3 of 23")).toBeVisible();
  // Its history entry lands once the frame that shows the card is painted.
  await expect(page).toHaveURL(/#\/q\/api-bottlenecks$/);
  expect(await page.evaluate(() => [window.hashchanges, history.length - window.entries])).toEqual([2, 2]);
});

test("an alias redirects to the current slug; an unknown slug is a friendly dead end", async ({ page }) => {
  await page.goto("./#/q/throttling");
  await expect(page).toHaveURL(/#\/q\/rate-limiting$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("rate limiting");
  await page.goto("./#/q/no-such-question");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We could not find that page");
  await page.goto("./#/q/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We could not find that page");
  await expect(page.locator("main img")).toHaveCount(0);
  await page.getByRole("link", { name: "See all questions" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
});

test("filters and search narrow the overview", async ({ page }) => {
  await page.goto("./");
  await page.getByLabel("Search").fill("token bucket");
  await expect(page.locator(".question-item")).toHaveCount(1);
  await expect(page.locator(".question-item")).toContainText("rate limiting");
  await page.getByLabel("Search").fill("");
  await page.getByLabel("Tag").selectOption({ label: "Security" });
  const n = await page.locator(".question-item").count();
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThan(23);
  await expect(page.locator("main").getByText(`Showing ${n} of 23 questions`)).toBeVisible();
});

test("the next day, the due queue holds what was graded 'missed it'", async ({ page }) => {
  const start = new Date("2026-03-02T09:00:00Z");
  await page.clock.setFixedTime(start);
  await page.goto(`./#/q/${FIRST}/answer`);
  await page.getByRole("button", { name: /^Missed it/ }).click();
  await page.goto(`./#/q/${SECOND}/answer`);
  await page.getByRole("button", { name: /^Easy/ }).click();
  await page.goto("./#/review");
  await expect(page.locator("main").getByText("Nothing is due right now.")).toBeVisible();

  await page.clock.setFixedTime(new Date(start.getTime() + 36 * 3600 * 1000));
  await page.reload();
  await expect(page.locator("main").getByText("1 question is due.")).toBeVisible();
  await page.getByRole("button", { name: "Start review" }).click();
  await expect(page).toHaveURL(new RegExp(`#/q/${FIRST}$`));
  await expect(page.locator("main").getByText("1 of 1")).toBeVisible();
});

test("a mock interview: timer, pause, next, summary with time spent and grades", async ({ page }) => {
  // A fixed clock that the test moves by hand; the app's one-second tick still runs.
  const t0 = Date.parse("2026-03-02T09:00:00Z");
  await page.clock.setFixedTime(t0);
  await page.goto("./#/mock");
  await page.getByLabel("Questions").selectOption("3");
  await page.getByRole("button", { name: "Start the mock interview" }).click();
  const main = page.locator("main");
  await expect(main.getByText("Question 1 of 3")).toBeVisible();
  await expect(page.getByRole("timer")).toHaveText("3:00");
  await page.clock.setFixedTime(t0 + 5000);
  await expect(page.getByRole("timer")).toHaveText("2:55");
  await page.getByRole("button", { name: "Pause timer" }).click();
  await page.clock.setFixedTime(t0 + 15000);
  await page.getByRole("button", { name: "Resume timer" }).click();
  // Ten paused seconds did not count.
  await expect(page.getByRole("timer")).toHaveText("2:55");
  await page.getByLabel(/Your answer/).fill("mock draft");
  await page.getByRole("button", { name: "Next question" }).click();
  await expect(main.getByText("Question 2 of 3")).toBeVisible();
  await expect(page.getByRole("timer")).toHaveText("3:00");
  await page.clock.setFixedTime(t0 + 15000 + 200 * 1000);
  await expect(page.getByRole("timer")).toHaveText("0:20 over time");
  await page.getByRole("button", { name: "Next question" }).click();
  await page.getByRole("button", { name: "Finish and review" }).click();
  await expect(page.getByRole("heading", { name: "Mock interview summary" })).toBeVisible();
  const results = page.locator(".mock-result");
  await expect(results.nth(0)).toContainText("Time spent 0:05");
  await expect(results.nth(1)).toContainText("Time spent 3:20");
  await page.getByRole("group", { name: "Grade question 1" }).getByRole("button", { name: "Got it", exact: true }).click();
  await expect(results.nth(0)).toContainText("Time spent 0:05 · Got it");
});

test("a shuffled round keeps its order for the session, across a reload", async ({ page }) => {
  const order = async () => {
    const slugs = [];
    for (let n = 1; n <= 4; n++) {
      await expect(page.locator("main").getByText(`${n} of 23`)).toBeVisible();
      slugs.push(await page.locator(".card").getAttribute("data-slug"));
      await page.getByRole("link", { name: "Next" }).click();
    }
    return slugs;
  };
  await page.goto("./");
  await page.getByRole("button", { name: "Shuffled" }).click();
  await expect(page.locator("main").getByText("1 of 23")).toBeVisible();
  const first = await order();
  // Four questions in deck order would be a one-in-212,520 coincidence.
  expect(first).not.toEqual(["microservices-event-driven", "sql-vs-nosql", "api-bottlenecks", "distributed-consistency"]);
  await page.reload();
  await page.goto("./#/");
  await page.getByRole("button", { name: "Shuffled" }).click();
  await expect(page.locator("main").getByText("1 of 23")).toBeVisible();
  expect(await order()).toEqual(first);
});
