// Accessibility evidence on every view that exists today: axe-core (WCAG 2.x A and AA
// rules) reports no violations in light and dark, and no view scrolls sideways at 320 px.
import { test, expect } from "./fixtures.mjs";
import AxeBuilder from "@axe-core/playwright";
import { gradeSome, seedStoredProgress } from "./seed.mjs";

const VIEWS = {
  overview: "./#/",
  question: "./#/q/rate-limiting",
  revealed: "./#/q/rate-limiting/answer",
  review: "./#/review",
  mock: "./#/mock",
  summary: "./#/summary",
  about: "./#/about",
  "not found": "./#/q/no-such-question",
  "embed mode": "./?embed=1#/q/rate-limiting",
  "embed mode, compact, overview": "./?embed=1&compact=1#/",
  "share panel": { url: "./#/q/rate-limiting", open: "Share or embed" },
  "storage notice": { url: "./#/", storage: "{ this is not JSON" },
  "review with progress": { url: "./#/review", graded: true },
};

/// Opens a view: a URL, or a URL with unreadable stored progress, or with a disclosure opened.
async function visit(page, view) {
  const { url, open, storage, graded } = typeof view === "string" ? { url: view } : view;
  if (storage) await seedStoredProgress(page, storage);
  if (graded) await gradeSome(page);
  await page.goto(url);
  // A hash-only move keeps the document: reload so the app reads the seeded storage.
  if (storage) await page.reload();
  await expect(page.locator("main h1")).toBeVisible();
  if (open) {
    // The app's own panel, opened once it has taken over, with its body built.
    await page.waitForFunction(() => window.rehearseLive === true && !document.querySelector("#app > noscript"));
    await page.getByText(open).click();
    await expect(page.locator("details[open] h2").first()).toBeVisible();
  }
  if (storage) await expect(page.locator(".notice")).toContainText("could not be read");
  if (graded) await expect(page.locator("main figcaption")).toContainText("today 1");
}

for (const scheme of ["light", "dark"]) {
  for (const [name, view] of Object.entries(VIEWS)) {
    test(`axe finds no violations: ${name}, ${scheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await visit(page, view);
      const results = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
        .analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
    });
  }
}

test("axe finds no violations on a graded card and a running mock interview", async ({ page }) => {
  await page.goto("./#/q/rate-limiting/answer");
  await page.locator(".key-points input").first().check();
  await page.getByRole("button", { name: /^Got it/ }).first().click();
  let results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
  await page.goto("./#/mock");
  await page.getByRole("button", { name: "Start the mock interview" }).click();
  await expect(page.getByRole("timer")).toBeVisible();
  results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
});

test("the review's pictures state their numbers in words and in a table", async ({ page }) => {
  await gradeSome(page);
  await page.goto("./#/review");
  // Missed yesterday: due today. Graded today: due in the days ahead. Mastered: weeks away.
  const caption = page.locator("main figcaption");
  await expect(caption).toContainText(/^Questions due: today 1, /);
  await expect(page.locator("main .chart path.due")).toHaveAttribute("d", /^(M\d+ 92h14v-\d+h-14z){14}$/);
  const rows = page.getByRole("table", { name: "Mastery by tag" }).getByRole("row");
  // Rate limiting (mastered) is tagged APIs, reliability and distributed systems.
  const apis = rows.filter({ has: page.getByRole("rowheader", { name: "APIs" }) });
  await expect(apis.getByRole("cell").nth(2)).toHaveText("1");
  const total = await page.locator("main .mastery tbody tr").evaluateAll((trs) =>
    trs.reduce((sum, tr) => sum + [...tr.querySelectorAll("td")].reduce((s, td) => s + Number(td.textContent), 0), 0),
  );
  expect(total).toBeGreaterThanOrEqual(23);
});

test("no view scrolls sideways at 320 px", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  for (const [name, view] of Object.entries(VIEWS)) {
    await visit(page, view);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, name).toBeLessThanOrEqual(0);
  }
});

test("the theme follows the system until the user picks one, which is remembered", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("./#/about");
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).toBe("rgb(18, 20, 23)");
  await page.getByLabel("Theme").selectOption({ label: "Light" });
  await expect.poll(background).toBe("rgb(255, 255, 255)");
  await page.reload();
  await expect(page.getByLabel("Theme")).toHaveValue("light");
  expect(await background()).toBe("rgb(255, 255, 255)");
  await page.getByLabel("Theme").selectOption({ label: "Follow the system" });
  await expect.poll(background).toBe("rgb(18, 20, 23)");
});
