// Progress is never lost, end to end against the release build: two tabs, export and
// import into a fresh browser, and an iframe whose storage is blocked.
import { test, expect } from "./fixtures.mjs";

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
  await page.getByRole("button", { name: /^Missed it/ }).click();
  await savedGrade(page, "containers");
  await page.goto("./#/about");
  await page.getByRole("button", { name: "Copy a transfer code" }).click();
  const code = await page.locator("#transfer-code").inputValue();
  expect(code).toMatch(/^[A-Za-z0-9._-]+$/);
  const link = await page.getByRole("link", { name: "Link that imports this progress" }).getAttribute("href");

  const fresh = await browser.newContext();
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
  const elsewhere = await fresh.newPage();
  await elsewhere.goto("./#/about");
  await elsewhere.getByLabel("Or choose an exported file").setInputFiles(file);
  await expect(elsewhere.locator(".import-preview")).toContainText("This has 1 question you have no progress on");
  await elsewhere.getByRole("button", { name: "Replace mine" }).click();
  await expect(elsewhere.getByText("1 question with progress in this browser.")).toBeVisible();
  await elsewhere.goto("./#/");
  await expect(elsewhere.locator(".question-item", { hasText: "feature toggles" })).toContainText("Last: Got it with effort");
  await fresh.close();
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
