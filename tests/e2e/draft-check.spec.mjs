// The draft checks itself against the rubric, end to end on the release build: the cues
// come with the question's page, nothing shows before the key points do, the marks quote
// the draft's own words, and only the user's click ticks (and unticks) anything.
import { test, expect } from "./fixtures.mjs";

const DRAFT = "I would put a Token-Bucket per tenant in Redis, and answer 429s with Retry-After.";

test("once the key points show, the draft's mentions are marked, counted and ticked on request", async ({ page }) => {
  await page.goto("./#/q/rate-limiting");
  await page.getByLabel(/Your answer/).fill(DRAFT);
  await page.getByRole("button", { name: "Show why interviewers ask" }).click();
  await expect(page.getByRole("heading", { name: "Why interviewers ask" })).toBeFocused();
  // Before the key points: nothing about them, seen or heard.
  await expect(page.getByText(/In your draft/)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Tick what my draft mentions" })).toHaveCount(0);
  await expect(page.locator(".mentions")).toBeHidden();

  await page.getByRole("button", { name: "Show how to answer" }).click();
  const live = page.locator(".mentions[aria-live=polite]");
  await expect(live).toHaveText("Your draft mentions 4 of 6 key points");
  const points = page.locator(".key-points input[type=checkbox]");
  // Screen readers hear each mark as part of its key point's name.
  await expect(page.getByRole("checkbox", { name: /In your draft: “per tenant”/ })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /In your draft: “Token-Bucket”/ })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /In your draft: “Redis”/ })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /In your draft: “429s”/ })).toBeVisible();
  const marked = page.locator(".in-draft", { hasText: /^In your draft: / });
  await expect(marked).toHaveCount(4);
  await expect(page.locator(".in-draft", { hasText: /^Not in your draft$/ })).toHaveCount(2);
  for (let i = 0; i < 6; i++) await expect(points.nth(i)).not.toBeChecked();

  await page.getByRole("button", { name: "Tick what my draft mentions" }).click();
  for (let i = 0; i < 6; i++) {
    if (i < 4) await expect(points.nth(i)).toBeChecked();
    else await expect(points.nth(i)).not.toBeChecked();
  }
  await expect(page.getByText("Covered 4 of 6")).toBeVisible();
  await points.nth(1).uncheck();
  await expect(page.getByText("Covered 3 of 6")).toBeVisible();

  // The suggestion still comes from the ticks: 3 of 6.
  await page.getByRole("button", { name: "Show the model answer" }).click();
  await expect(page.getByRole("button", { name: /Got it with effort \(suggested\)/ })).toBeVisible();

  // After a reload: the draft, the ticks and the marks are back; nothing more is ticked.
  await page.reload();
  await expect(live).toHaveText("Your draft mentions 4 of 6 key points");
  await expect(marked).toHaveCount(4);
  await expect(page.getByText("Covered 3 of 6")).toBeVisible();
  await expect(points.nth(1)).not.toBeChecked();
});

test("a draft that mentions nothing says so, and offers nothing to tick; marks never move the list", async ({ page }) => {
  await page.goto("./#/q/rate-limiting/answer");
  await page.getByLabel(/Your answer/).fill("We talked about the weather.");
  await page.getByLabel(/Your answer/).blur();
  await expect(page.locator(".mentions")).toHaveText("Your draft mentions 0 of 6 key points");
  await expect(page.getByText(/In your draft/)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Tick what my draft mentions" })).toBeDisabled();
  // A draft handed over as the scratchpad loses focus (a press on a checkbox) moves no
  // key point: the press lands where it was aimed.
  const box = page.locator(".key-points input[type=checkbox]").nth(5);
  // Its place in the document, whatever the scrolling.
  const top = () => box.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  const before = await top();
  await page.getByLabel(/Your answer/).fill("A token bucket per tenant, in Redis, with a 429 and a fallback at the edge.");
  await box.check();
  await expect(page.locator(".mentions")).toHaveText("Your draft mentions 6 of 6 key points");
  expect(await top()).toBe(before);
  await expect(page.getByText("Covered 1 of 6")).toBeVisible();
});
