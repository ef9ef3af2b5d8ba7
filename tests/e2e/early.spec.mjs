// The text comes first: every entry point shows its question from the page's own HTML
// while the wasm is held back, the app then takes over in place (no shift, nothing lost),
// and when the app cannot load at all the page still reads and says so in plain words.
import { test, expect, holdWasm } from "./fixtures.mjs";

const SLUG = "sql-vs-nosql";
const PROMPT = /relational database against a NoSQL store/;

/// Sums the page's layout shifts (not those right after input), as CLS does.
async function watchShifts(page) {
  await page.addInitScript(() => {
    window.shifts = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.shifts += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
}

const live = (page) => page.waitForFunction(() => window.rehearseLive === true && !document.querySelector("#app > noscript"));

const entries = [
  { name: "the overview", path: "./", first: (page) => page.locator(".question-item").first() },
  { name: "a deep link", path: `./#/q/${SLUG}`, first: (page) => page.locator("#view-title") },
  { name: "a deep link to the answer", path: `./#/q/${SLUG}/answer`, first: (page) => page.locator("#section-answer") },
  { name: "a preview page", path: `q/${SLUG}/`, first: (page) => page.locator("#view-title") },
  { name: "an embed", path: `./?ids=${SLUG}&embed=1`, first: (page) => page.locator("#view-title") },
];

for (const entry of entries) {
  test(`${entry.name} shows its first question before the wasm arrives; the app takes over without a shift`, async ({ page }) => {
    await watchShifts(page);
    const release = await holdWasm(page);
    await page.goto(entry.path);
    await expect(entry.first(page)).toBeVisible();
    if (entry.path !== "./") await expect(page.locator("#view-title")).toHaveText(PROMPT);
    expect(await page.evaluate(() => window.rehearseLive)).toBeUndefined();
    if (entry.path.includes("embed=1")) await expect(page.locator(".brand")).toBeHidden();
    release();
    await live(page);
    await expect(entry.first(page)).toBeVisible();
    if (entry.path.startsWith("q/")) expect(page.url()).toMatch(new RegExp(`/#/q/${SLUG}$`));
    expect(await page.evaluate(() => window.shifts)).toBeLessThanOrEqual(0.02);
  });
}

test("a deep link shows its title from the overview while the question's page is on its way; the card then fills in without a shift", async ({ page }) => {
  await watchShifts(page);
  const releaseWasm = await holdWasm(page);
  let releasePage;
  const held = new Promise((resolve) => (releasePage = resolve));
  await page.route(new RegExp(`/q/${SLUG}/view\\.html$`), async (route) => {
    await held;
    await route.continue();
  });
  // The card alone (view.html) is fetched, never a question's whole page.
  const pages = [];
  page.on("request", (r) => /\/q\/[^/]+\/$/.test(new URL(r.url()).pathname) && pages.push(r.url()));
  await page.goto(`./#/q/${SLUG}`);
  await expect(page.locator("#view-title")).toHaveText(PROMPT);
  await expect(page.locator(".card-meta")).toHaveText(/^2 of 23\s*New$/);
  await expect(page.locator(".question-item")).toHaveCount(0);
  await expect(page.locator("#draft")).toHaveCount(0);
  releasePage();
  await expect(page.getByLabel(/Your answer/)).toBeVisible();
  await expect(page.locator("#view-title")).toHaveText(PROMPT);
  releaseWasm();
  await live(page);
  await expect(page.getByLabel(/Your answer/)).toBeEnabled();
  expect(await page.evaluate(() => window.shifts)).toBeLessThanOrEqual(0.02);
  expect(pages).toEqual([]);
});

test("a draft, ticks and reveals made before the takeover are kept, with focus, and saved", async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto(`q/${SLUG}/`);
  const draft = page.getByLabel(/Your answer/);
  await draft.fill("Typed before the app loaded.");
  await page.getByRole("button", { name: "Show why interviewers ask" }).click();
  await expect(page.getByRole("heading", { name: "Why interviewers ask" })).toBeFocused();
  await page.getByRole("button", { name: "Show how to answer" }).click();
  await page.locator(".key-points input[type=checkbox]").nth(1).check();
  await draft.focus();
  await page.keyboard.type(" And more.");
  release();
  await live(page);
  await expect(draft).toHaveValue("Typed before the app loaded. And more.");
  await expect(draft).toBeFocused();
  await expect(page.getByRole("heading", { name: "How to answer" })).toBeVisible();
  await expect(page.locator(".key-points input[type=checkbox]").nth(1)).toBeChecked();
  await expect(page.getByRole("button", { name: "Show the model answer" })).toBeEnabled();
  await page.reload();
  await expect(page.getByLabel(/Your answer/)).toHaveValue("Typed before the app loaded. And more.");
  await expect(page.locator(".key-points input[type=checkbox]").nth(1)).toBeChecked();
});

// The focus stays where the reader left it: on the app's own copy of that control (of its
// kind, with its text, in its place among those alike), a field with its selection.
const focused = [
  {
    name: "a reveal button",
    path: `q/${SLUG}/`,
    control: (page) => page.getByRole("button", { name: "Show why interviewers ask" }),
  },
  {
    name: "a tick",
    path: `q/${SLUG}/`,
    before: (page) => page.getByRole("button", { name: "Reveal all" }).click(),
    control: (page) => page.locator(".key-points input[type=checkbox]").nth(2),
  },
  { name: "a link in the overview", path: "./", control: (page) => page.locator(".question-item a").nth(4) },
  { name: "the draft with a selection", path: `q/${SLUG}/`, control: (page) => page.getByLabel(/Your answer/), text: "Typed before the app loaded." },
];
for (const entry of focused) {
  test(`${entry.name} focused before the takeover has the focus after it`, async ({ page }) => {
    const release = await holdWasm(page);
    await page.goto(entry.path);
    if (entry.before) await entry.before(page);
    const control = entry.control(page);
    const name = await control.evaluate((el) => el.textContent);
    if (entry.text) await control.fill(entry.text);
    await control.focus();
    if (entry.text) await control.evaluate((el) => el.setSelectionRange(6, 12));
    await expect(control).toBeFocused();
    release();
    await live(page);
    await expect(control).toBeFocused();
    expect(await control.evaluate((el) => el.textContent)).toBe(name);
    if (entry.text) {
      await expect(control).toHaveValue(entry.text);
      expect(await control.evaluate((el) => [el.selectionStart, el.selectionEnd])).toEqual([6, 12]);
    }
  });
}

test("the share panel opened before the takeover says when it will work; after it, it stays open and shares", async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto(`q/${SLUG}/`);
  await page.getByText("Share or embed").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Sharing and embedding work once the page has finished loading.")).toBeVisible();
  release();
  await live(page);
  await expect(page.locator("details.share")).toHaveJSProperty("open", true);
  await expect(page.locator("details.share summary")).toBeFocused();
  await expect(page.getByRole("heading", { name: "Share this question" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^(Share|Copy) link$/ })).toBeVisible();
  await expect(page.getByText(/once the page has finished loading/)).toHaveCount(0);
  // It closes and opens again as usual.
  await page.getByText("Share or embed").click();
  await expect(page.getByRole("heading", { name: "Share this question" })).toBeHidden();
  await page.getByText("Share or embed").click();
  await expect(page.getByRole("heading", { name: "Share this question" })).toBeVisible();
  // Only that once: back on this question after another one, the panel starts closed.
  await page.locator("a[rel=next]").first().click();
  await expect(page.locator("#view-title")).not.toHaveText(PROMPT);
  // The move's history entry lands once its frame is painted.
  await expect(page).toHaveURL(/#\/q\/api-bottlenecks$/);
  await page.goBack();
  await expect(page.locator("#view-title")).toHaveText(PROMPT);
  await expect(page.locator("details.share")).toHaveJSProperty("open", false);
});

test("a share panel left closed before the takeover stays closed", async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto(`q/${SLUG}/`);
  await expect(page.locator("#view-title")).toHaveText(PROMPT);
  release();
  await live(page);
  await expect(page.locator("details.share")).toHaveJSProperty("open", false);
  await expect(page.getByRole("heading", { name: "Share this question" })).toHaveCount(0);
});

test("a search typed on the overview before the takeover filters the list after it", async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto("./");
  await page.getByLabel("Search").fill("cache");
  await expect(page.getByRole("button", { name: "In order" })).toBeDisabled();
  release();
  await live(page);
  await expect(page.getByLabel("Search")).toHaveValue("cache");
  await expect(page.locator(".count")).not.toHaveText("Showing 23 of 23 questions");
  await expect(page.getByRole("button", { name: "In order" })).toBeEnabled();
});

test("a link followed before the takeover shows that question from its page", async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto("./");
  await page.locator(`a[href="#/q/${SLUG}"]`).click();
  await expect(page.locator("#view-title")).toHaveText(PROMPT);
  release();
  await live(page);
  await expect(page.locator("#view-title")).toHaveText(PROMPT);
});

const failures = [
  { name: "a dropped connection", block: (route) => route.abort("internetdisconnected"), pattern: /\.wasm$/ },
  {
    name: "a proxy that blocks .wasm",
    block: (route) => route.fulfill({ status: 403, contentType: "text/html", body: "<h1>Blocked by policy</h1>" }),
    pattern: /\.wasm$/,
  },
  { name: "a script that does not arrive", block: (route) => route.abort("connectionreset"), pattern: /rehearse-[^/]*\.js$/ },
];

for (const failure of failures) {
  test(`${failure.name}: the question still reads, a notice says so, Retry loads the app`, async ({ page, consoleErrors }) => {
    await page.route(failure.pattern, failure.block);
    await page.goto(`./#/q/${SLUG}`);
    const notice = page.getByRole("alert");
    await expect(notice).toContainText("could not load");
    await expect(page.locator("#view-title")).toHaveText(PROMPT);
    await page.getByRole("button", { name: "Reveal all" }).click();
    await expect(page.getByRole("heading", { name: "Model answer" })).toBeVisible();
    await page.unroute(failure.pattern);
    await notice.getByRole("button", { name: "Retry" }).click();
    await live(page);
    await expect(page.getByRole("alert")).toHaveCount(0);
    // The failed request itself is reported by the browser; nothing else may be.
    expect(consoleErrors.every((e) => /fetch|load|net::|403|wasm|module/i.test(e))).toBe(true);
    consoleErrors.splice(0);
  });
}

test("a browser without WebAssembly reads every section and is told why it can't practise", async ({ page, consoleErrors }) => {
  await page.addInitScript(() => delete window.WebAssembly);
  await page.goto(`q/${SLUG}/`);
  await expect(page.getByRole("alert")).toContainText("cannot run WebAssembly");
  await expect(page.getByRole("alert").getByRole("button")).toHaveCount(0);
  await page.getByRole("button", { name: "Show why interviewers ask" }).click();
  await expect(page.getByRole("heading", { name: "Why interviewers ask" })).toBeVisible();
  // The app's loader itself stops on the missing WebAssembly; that is the case tested.
  expect(consoleErrors.every((e) => /WebAssembly/.test(e))).toBe(true);
  consoleErrors.splice(0);
});

test("with JavaScript off, a question page shows the question and every answer section", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${baseURL}q/${SLUG}/`);
  await expect(page.locator("#view-title")).toHaveText(PROMPT);
  await expect(page.locator(".notice").first()).toContainText("JavaScript is off");
  for (const name of ["Why interviewers ask", "How to answer", "Model answer", "Pitfalls"]) {
    await expect(page.getByRole("heading", { name })).toBeVisible();
  }
  await expect(page.getByRole("button", { name: "Reveal all" })).toBeHidden();
  await context.close();
});
