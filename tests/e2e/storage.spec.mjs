// Progress is never lost, and what is deleted stays deleted, end to end against the
// release build: two tabs, a reset in one of them, export and import into a fresh
// browser (each undoable), a crafted import link, and an iframe whose storage is blocked.
import { test, expect, watchCsp } from "./fixtures.mjs";

const KEY = "rehearse:v1:backend-engineer";

/// Waits until this page's saved progress has a grade for `slug`.
async function savedGrade(page, slug) {
  await expect
    .poll(async () => page.evaluate(([key, slug]) => {
      const saved = JSON.parse(localStorage.getItem(key) ?? "{}");
      return saved.progress?.questions?.[slug]?.grades?.length ?? 0;
    }, [KEY, slug]))
    .toBeGreaterThan(0);
}

test("two tabs grading different questions both keep their grades", async ({ page, context }) => {
  const other = await context.newPage();
  await page.goto("./#/q/sql-vs-nosql/answer");
  await other.goto("./#/q/caching-strategies/answer");
  await page.getByRole("button", { name: /^Got it with effort/ }).click();
  await savedGrade(page, "sql-vs-nosql");
  await other.getByRole("button", { name: /^Easy/ }).click();
  await savedGrade(other, "caching-strategies");
  // The first tab heard about the second and kept both; so does a fresh load.
  await savedGrade(page, "sql-vs-nosql");
  await page.goto("./#/");
  await expect(page.locator("#summary")).toContainText("Practised 2 of 23");
  await other.reload();
  await other.goto("./#/");
  await expect(other.locator("#summary")).toContainText("Practised 2 of 23");
});

test("export a transfer code, import it into a fresh browser, everything is back", async ({ page, browser }) => {
  await page.goto("./#/q/rate-limiting/answer");
  await page.getByLabel(/Your answer/).fill("Token bucket per API key, 429 with Retry-After.");
  await page.locator(".key-points input").nth(1).check();
  await page.getByRole("button", { name: /^Got it( \(suggested\))?$/ }).click();
  await page.goto("./#/q/containers/answer");
  // Only the hash changed: until the app renders the new card, the last card's grade
  // buttons are still the ones on the page.
  await expect(page.locator(".card[data-slug=containers]")).toBeVisible();
  await page.getByRole("button", { name: /^Missed it/ }).click();
  await savedGrade(page, "containers");
  await page.goto("./#/about");
  await page.getByRole("button", { name: "Copy a transfer code" }).click();
  const code = await page.locator("#transfer-code").inputValue();
  expect(code).toMatch(/^[A-Za-z0-9._-]+$/);
  const link = await page.getByRole("link", { name: "Link that imports this progress" }).getAttribute("href");

  const fresh = await browser.newContext();
  const violations = [];
  await watchCsp(fresh, violations);
  const elsewhere = await fresh.newPage();
  await elsewhere.goto(link);
  await expect(elsewhere.locator(".import-preview")).toHaveText(
    "This has 2 questions you have no progress on, 0 newer than yours, 0 older and 0 the same.",
  );
  await elsewhere.getByRole("button", { name: /^Merge/ }).click();
  await elsewhere.goto("./#/");
  await expect(elsewhere.locator("#summary")).toContainText("Practised 2 of 23");
  await elsewhere.goto("./#/q/rate-limiting/answer");
  await expect(elsewhere.getByLabel(/Your answer/)).toHaveValue("Token bucket per API key, 429 with Retry-After.");
  await expect(elsewhere.locator(".key-points input").nth(1)).toBeChecked();
  await fresh.close();
  expect(violations, "Content Security Policy violations").toEqual([]);
});

test("export a file, import the file into a fresh browser", async ({ page, browser }) => {
  await page.goto("./#/q/feature-toggles/answer");
  await page.getByRole("button", { name: /^Got it with effort/ }).click();
  await savedGrade(page, "feature-toggles");
  await page.goto("./#/about");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download a file" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("rehearse-backend-engineer.json");
  const file = await download.path();

  const fresh = await browser.newContext();
  const violations = [];
  await watchCsp(fresh, violations);
  const elsewhere = await fresh.newPage();
  await elsewhere.goto("./#/about");
  await elsewhere.getByLabel("Or choose an exported file").setInputFiles(file);
  await expect(elsewhere.locator(".import-preview")).toContainText("This has 1 question you have no progress on");
  await elsewhere.getByRole("button", { name: "Replace mine" }).click();
  await expect(elsewhere.getByText("1 question with progress in this browser.")).toBeVisible();
  await elsewhere.goto("./#/");
  await expect(elsewhere.locator(".question-item", { hasText: "feature toggles" })).toContainText("Last: Got it with effort");
  await fresh.close();
  expect(violations, "Content Security Policy violations").toEqual([]);
});

test("a bad import says so and changes nothing; a reset can be undone", async ({ page }) => {
  await page.goto("./#/q/scalability/answer");
  await page.getByRole("button", { name: /^Easy/ }).click();
  await page.goto("./#/about");
  await page.locator("#import-text").fill("r1.not-a-real-code");
  await expect(page.locator(".import-error")).toContainText("cannot be read");
  await page.locator("#import-text").fill('{"hello": "world"}');
  await expect(page.locator(".import-error")).toContainText("not Rehearse progress");
  await expect(page.getByText("1 question with progress in this browser.")).toBeVisible();

  // A broken import link says so too, and changes nothing.
  await page.goto("./#/import/r1.AAAA");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import progress");
  await expect(page.locator(".import-error")).toContainText("cannot be read");
  await page.goto("./#/about");
  await expect(page.getByText("1 question with progress in this browser.")).toBeVisible();

  await page.getByRole("button", { name: "Reset progress" }).click();
  await page.getByRole("button", { name: "Yes, reset my progress" }).click();
  await expect(page.getByText("0 questions with progress in this browser.")).toBeVisible();
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByText("1 question with progress in this browser.")).toBeVisible();
});

test("an iframe without storage still lets the user practise, and says so", async ({ page, baseURL }) => {
  await page.setContent(
    `<iframe title="Rehearse" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" style="width:100%;height:700px"
       src="${baseURL}#/q/rate-limiting"></iframe>`,
  );
  const frame = page.frameLocator("iframe");
  await expect(frame.locator(".notice")).toContainText("will not be saved here");
  await frame.getByRole("button", { name: "Reveal all" }).click();
  await frame.locator(".key-points input").first().check();
  await expect(frame.locator(".covered")).toContainText("Covered 1 of");
  await frame.getByRole("button", { name: /^Got it/ }).first().click();
  await expect(frame.locator(".graded")).toContainText("Graded:");
  // The way out: the full page, with this progress in the link.
  const [full] = await Promise.all([
    page.context().waitForEvent("page"),
    frame.getByRole("link", { name: /Open the full page/ }).click(),
  ]);
  await expect(full).toHaveURL(/#\/import\/r1\./);
  await expect(full.locator(".import-preview")).toContainText("This has 1 question you have no progress on");
});

/// The saved progress of this origin, parsed.
const saved = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "{}"), KEY);

test("a reset in one tab holds: the other tab acts, both reload, the reset holds", async ({ page, context }) => {
  const other = await context.newPage();
  await page.goto("./#/q/containers/answer");
  await page.getByLabel(/Your answer/).fill("Private notes on a shared computer.");
  await page.getByRole("button", { name: /^Got it with effort/ }).click();
  await savedGrade(page, "containers");
  await other.goto("./#/q/sql-vs-nosql/answer");
  await expect(other.locator("#draft")).toBeVisible();
  // The other tab has the first one's records too, and keeps them in memory.
  await other.goto("./#/");
  await expect(other.locator("#summary")).toContainText("Practised 1 of 23");

  await page.goto("./#/about");
  await page.getByRole("button", { name: "Reset progress" }).click();
  await page.getByRole("button", { name: "Yes, reset my progress" }).click();
  await expect(page.getByText("0 questions with progress in this browser.")).toBeVisible();
  await expect.poll(async () => (await saved(page)).progress?.cleared_at ?? 0).toBeGreaterThan(0);

  // The other tab hears of the reset, then acts: what it writes holds only the new grade.
  await expect(other.locator("#summary")).toContainText("Practised 0 of 23");
  await other.goto("./#/q/sql-vs-nosql/answer");
  await other.getByRole("button", { name: /^Easy/ }).click();
  await savedGrade(other, "sql-vs-nosql");
  for (const tab of [page, other]) {
    await tab.goto("./#/");
    await tab.reload();
    await expect(tab.locator("#summary")).toContainText("Practised 1 of 23");
    await tab.goto("./#/q/containers");
    await expect(tab.locator("#draft")).toHaveValue("");
  }
  expect(Object.keys((await saved(other)).progress.questions)).toEqual(["sql-vs-nosql"]);
});

test("an older copy saved by another tab does not bring reset progress back", async ({ page, context }) => {
  await page.goto("./#/q/containers/answer");
  await page.getByRole("button", { name: /^Got it with effort/ }).click();
  await savedGrade(page, "containers");
  const before = await page.evaluate((key) => localStorage.getItem(key), KEY);
  await page.goto("./#/about");
  await page.getByRole("button", { name: "Reset progress" }).click();
  await page.getByRole("button", { name: "Yes, reset my progress" }).click();
  await expect.poll(async () => (await saved(page)).progress?.cleared_at ?? 0).toBeGreaterThan(0);
  // A tab that never heard of the reset writes its whole, older copy (as builds before
  // the deletion record did): this tab merges it, keeps the reset and stores it again.
  const other = await context.newPage();
  await other.goto("./icon-192.png");
  await other.evaluate(([key, value]) => localStorage.setItem(key, value), [KEY, before]);
  await expect.poll(async () => Object.keys((await saved(page)).progress?.questions ?? { x: 1 })).toEqual([]);
  await page.reload();
  await expect(page.getByText("0 questions with progress in this browser.")).toBeVisible();
});

test("a merge and a replace can each be undone", async ({ page }) => {
  await page.goto("./#/q/scalability/answer");
  await page.getByRole("button", { name: /^Easy/ }).click();
  await savedGrade(page, "scalability");
  const mine = await page.evaluate((key) => localStorage.getItem(key), KEY);
  const theirs = mine.replaceAll("scalability", "containers");
  await page.goto("./#/about");
  for (const [button, after] of [[/^Merge/, "2 questions"], ["Replace mine", "1 question"]]) {
    await page.locator("#import-text").fill(theirs);
    await page.getByRole("button", { name: button }).click();
    await expect(page.getByText(`${after} with progress in this browser.`)).toBeVisible();
    await page.getByRole("button", { name: "Undo" }).click();
    await expect(page.getByText("1 question with progress in this browser.")).toBeVisible();
    await expect.poll(async () => Object.keys((await saved(page)).progress.questions)).toEqual(["scalability"]);
  }
});

test("a crafted import cannot take over: unknown questions dropped, a future time clamped", async ({ page }) => {
  const crafted = JSON.stringify({
    app: "rehearse",
    schema: 2,
    deck: "backend-engineer",
    progress: {
      questions: {
        containers: { draft: "planted", updated_at: 9007199254740991 },
        "not-a-question": { draft: "x" },
        "<img src=x onerror=alert(1)>": {},
      },
    },
  });
  await page.goto("./#/about");
  await page.locator("#import-text").fill(crafted);
  await expect(page.locator(".import-preview")).toHaveText(
    "This has 1 question you have no progress on, 0 newer than yours, 0 older and 0 the same.",
  );
  await page.getByRole("button", { name: /^Merge/ }).click();
  await expect
    .poll(async () => (await saved(page)).progress?.questions?.containers?.updated_at ?? Infinity)
    .toBeLessThanOrEqual(await page.evaluate(() => Date.now()));
  // The user's own later edit wins, and survives a reload.
  await page.goto("./#/q/containers");
  await page.getByLabel(/Your answer/).fill("My own words.");
  await page.goto("./#/");
  await expect.poll(async () => (await saved(page)).progress?.questions?.containers?.draft).toBe("My own words.");
  await page.reload();
  await page.goto("./#/q/containers");
  await expect(page.locator("#draft")).toHaveValue("My own words.");
  expect(Object.keys((await saved(page)).progress.questions)).toEqual(["containers"]);
});

test("a file too large to be progress is refused before it is read", async ({ page }, testInfo) => {
  await page.goto("./#/about");
  await page.getByLabel("Or choose an exported file").setInputFiles({
    name: "huge.json",
    mimeType: "application/json",
    buffer: Buffer.alloc(3 * 1024 * 1024, " "),
  });
  await expect(page.locator(".import-error")).toContainText("That file is too large to be Rehearse progress (3072 KB");
});
