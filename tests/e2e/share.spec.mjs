// Sharing one question, end to end against the release build: the share sheet, the
// clipboard and the copy-by-hand field; the embed code generator (and the code it makes,
// pasted into a page); and the static link-preview pages for every question.
import { test, expect } from "./fixtures.mjs";
import { readFileSync, readdirSync } from "node:fs";
import { createHash } from "node:crypto";

const sha384 = (bytes) => createHash("sha384").update(bytes).digest("base64");

const ROOT = new URL("../../", import.meta.url);

/// Every question's id, aliases and prompt, read from the content files.
function deck() {
  const folder = new URL("content/questions/", ROOT);
  return readdirSync(folder).map((file) => {
    const text = readFileSync(new URL(file, folder), "utf8");
    const field = (name) => text.match(new RegExp(`^${name} = "(.*)"$`, "m"))?.[1];
    const aliases = [...(text.match(/^aliases = \[(.*)\]$/m)?.[1] ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    return { id: field("id"), prompt: field("prompt").replaceAll('\\"', '"'), aliases };
  });
}

/// Opens the share panel of a question, with or without a share sheet.
async function openShare(page, slug, { sheet }) {
  await page.addInitScript((sheet) => {
    if (sheet) {
      navigator.share = (data) => {
        window.shared = data;
        return Promise.resolve();
      };
    } else {
      delete Navigator.prototype.share;
      delete navigator.share;
    }
  }, sheet);
  await page.goto(`./#/q/${slug}`);
  // The panel is the app's: open it once the app has taken over the prerendered page.
  await page.waitForFunction(() => window.rehearseLive === true && !document.querySelector("#app > noscript"));
  await page.getByText("Share or embed").click();
}

test("copy link and copy link with the answer: the clipboard holds the app's links", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(baseURL).origin });
  await openShare(page, "caching-strategies", { sheet: false });
  await page.getByRole("button", { name: "Copy link", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Link copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}#/q/caching-strategies`);
  await page.getByRole("button", { name: "Copy link with the answer open" }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}#/q/caching-strategies/answer`);
  // The link works in a fresh browser.
  const fresh = await page.context().browser().newContext();
  const other = await fresh.newPage();
  await other.goto(`${baseURL}#/q/caching-strategies/answer`);
  await expect(other.locator("#section-answer")).toBeVisible();
  await fresh.close();
});

test("where the clipboard is refused, the link is offered in a selected field", async ({ page, baseURL }) => {
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException("denied", "NotAllowedError"));
  });
  await openShare(page, "containers", { sheet: false });
  await page.getByRole("button", { name: "Copy link with the answer open" }).click();
  const field = page.getByLabel("Copying is blocked here. Select this and copy it:");
  await expect(field).toBeFocused();
  await expect(field).toHaveValue(`${baseURL}#/q/containers/answer`);
  expect(await field.evaluate((input) => input.value.slice(input.selectionStart, input.selectionEnd))).toBe(
    `${baseURL}#/q/containers/answer`,
  );
  // A second refused copy offers its own link, focused and selected again.
  await page.getByRole("button", { name: "Copy link", exact: true }).click();
  await expect(field).toHaveValue(`${baseURL}#/q/containers`);
  await expect(field).toBeFocused();
  expect(await field.evaluate((input) => input.value.slice(input.selectionStart, input.selectionEnd))).toBe(
    `${baseURL}#/q/containers`,
  );
});

test("with a share sheet, Share link hands over the question's title and link", async ({ page, baseURL }) => {
  await openShare(page, "refactoring", { sheet: true });
  await page.getByRole("button", { name: "Share link", exact: true }).click();
  await expect.poll(() => page.evaluate(() => window.shared?.url)).toBe(`${baseURL}#/q/refactoring`);
  const prompt = deck().find((q) => q.id === "refactoring").prompt;
  expect(await page.evaluate(() => window.shared.title)).toBe(prompt);
});

test("the embed code generator makes a snippet that works when pasted into a page", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(baseURL).origin });
  await openShare(page, "rate-limiting", { sheet: false });
  const code = page.getByLabel("Embed code");
  await expect(code).toHaveValue(new RegExp(`^<iframe src="${baseURL}\\?ids=rate-limiting" `));
  await page.getByLabel(/^Show/).selectOption({ label: "Questions tagged APIs" });
  await page.getByLabel(/^Embed theme/).selectOption("dark");
  const snippet = await code.inputValue();
  expect(snippet).toBe(
    `<iframe src="${baseURL}?tags=apis&amp;theme=dark" title="Backend Software Engineer interview questions" data-rehearse loading="lazy" allow="clipboard-write; web-share" style="width:100%;height:640px;border:0"></iframe>\n<script src="${baseURL}embed-v1.js" integrity="sha384-${sha384(readFileSync(new URL("dist/embed-v1.js", ROOT)))}" crossorigin="anonymous" async></script>`,
  );
  await page.getByRole("button", { name: "Copy embed code" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Embed code copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
  // Pasted into a blog post (another origin: about:blank), it shows the tag and sizes itself:
  // the browser ran embed-v1.js only because its bytes match the snippet's integrity hash.
  const blog = await page.context().newPage();
  await blog.setContent(`<h1>My post</h1>${snippet}`);
  const frame = blog.frameLocator("iframe");
  await expect(frame.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(frame.locator(".question-list li").first()).toBeVisible();
  await expect
    .poll(async () => {
      const outer = await blog.locator("iframe").evaluate((f) => f.getBoundingClientRect().height);
      const inner = await frame.locator("html").evaluate((h) => h.getBoundingClientRect().height);
      return Math.abs(outer - inner);
    })
    .toBeLessThanOrEqual(3);
});

test("the share panel follows the question: after Next it is closed, and everything in it is the new question's", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openShare(page, "rate-limiting", { sheet: false });
  const code = page.getByLabel("Embed code");
  const show = page.getByLabel(/^Show/);
  await expect(code).toHaveValue(new RegExp(`^<iframe src="${baseURL}\\?ids=rate-limiting" `));
  // A select shows what the code says (Yew adds a select's options last first, and one
  // without a chosen option would show its last).
  await expect(page.getByLabel("Embed theme")).toHaveValue("auto");
  // Choices and an outcome on the first card...
  await show.selectOption("deck");
  await page.getByLabel("Embed theme").selectOption("dark");
  await page.getByLabel("Allow answering out loud").check();
  await page.getByRole("button", { name: "Copy link", exact: true }).click();
  await expect(page.locator("details.share [role=status]")).toHaveText("Link copied. Paste it anywhere.");
  // ...are not the next card's: its panel is closed, and opens as new.
  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/#\/q\/production-memory-leaks$/);
  await expect(page.locator("details.share")).not.toHaveAttribute("open");
  await expect(page.locator("details.share h2")).toHaveCount(0);
  await page.getByText("Share or embed").click();
  await expect(code).toHaveValue(new RegExp(`^<iframe src="${baseURL}\\?ids=production-memory-leaks" `));
  await expect(show).toHaveValue("question");
  await expect(page.getByLabel("Embed theme")).toHaveValue("auto");
  await expect(page.getByLabel("Allow answering out loud")).not.toBeChecked();
  await expect(code).not.toHaveValue(/microphone/);
  await expect(page.locator("details.share [role=status]")).toHaveText("");
  // Back on the first card, its panel starts afresh too.
  await page.goBack();
  await expect(page).toHaveURL(/#\/q\/rate-limiting$/);
  await expect(page.locator("details.share")).not.toHaveAttribute("open");
  await page.getByText("Share or embed").click();
  await expect(show).toHaveValue("question");
  await expect(code).toHaveValue(new RegExp(`^<iframe src="${baseURL}\\?ids=rate-limiting" `));
});

test("a copy that finishes after the reader has moved on is not reported on the next card", async ({ page, baseURL }) => {
  // The clipboard answers only when the test says so.
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => new Promise((done) => (window.finishCopy = done));
  });
  await openShare(page, "rate-limiting", { sheet: false });
  await page.getByRole("button", { name: "Copy link", exact: true }).click();
  await page.waitForFunction(() => typeof window.finishCopy === "function");
  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/#\/q\/production-memory-leaks$/);
  await page.getByText("Share or embed").click();
  await expect(page.getByLabel("Embed code")).toHaveValue(new RegExp(`^<iframe src="${baseURL}\\?ids=production-memory-leaks" `));
  // The first card's copy finishes, and every task it starts has run by the timeout.
  await page.evaluate(() => {
    window.finishCopy();
    return new Promise((done) => setTimeout(done));
  });
  expect(await page.locator("details.share [role=status]").textContent()).toBe("");
  // The same panel, copying this card's link, does report its own copy.
  await page.getByRole("button", { name: "Copy link", exact: true }).click();
  await page.evaluate(() => window.finishCopy());
  await expect(page.locator("details.share [role=status]")).toHaveText("Link copied. Paste it anywhere.");
});

test("every question has a page with its title, description, Open Graph tags and every answer section, that is the app itself", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const questions = deck();
  expect(questions).toHaveLength(23);
  for (const q of questions) {
    for (const slug of [q.id, ...q.aliases]) {
      await page.goto(`${baseURL}q/${slug}/`);
      const meta = await page.evaluate(() => {
        const content = (selector) => document.querySelector(selector)?.getAttribute("content") ?? null;
        return {
          title: document.title,
          description: content('meta[name="description"]'),
          ogTitle: content('meta[property="og:title"]'),
          ogDescription: content('meta[property="og:description"]'),
          ogType: content('meta[property="og:type"]'),
          ogUrl: content('meta[property="og:url"]'),
          twitter: content('meta[name="twitter:card"]'),
          canonical: document.querySelector('link[rel="canonical"]')?.href,
          h1: document.querySelector("h1")?.textContent,
          why: document.querySelector("h2")?.textContent,
          body: document.querySelector("main").textContent,
          sections: [...document.querySelectorAll("main h2")].map((h) => h.textContent),
          app: Boolean(document.querySelector('script[type="module"]')),
        };
      });
      expect(meta.title).toBe(q.prompt);
      expect(meta.h1).toBe(q.prompt);
      expect(meta.ogTitle).toBe(q.prompt);
      expect(meta.description.length).toBeGreaterThan(40);
      expect(meta.description.length).toBeLessThanOrEqual(200);
      expect(meta.ogDescription).toBe(meta.description);
      expect(meta.body.replace(/\s+/g, " ")).toContain(meta.description.replace(/…$/, "").slice(0, 60));
      expect(meta.ogType).toBe("article");
      expect(meta.twitter).toBe("summary");
      expect(meta.ogUrl, "no og:url without a configured base URL").toBeNull();
      expect(meta.why).toBe("Why interviewers ask");
      expect(meta.canonical).toBe(`${baseURL}q/${q.id}/`);
      expect(meta.sections).toEqual(expect.arrayContaining(["Why interviewers ask", "How to answer", "Model answer"]));
      expect(meta.app, "the page runs the app").toBe(true);
    }
  }
  await context.close();
});

test("a preview page forwards a browser into the app, with the answer open when asked", async ({ page, baseURL }) => {
  await page.goto(`${baseURL}q/sql-vs-nosql/`);
  await expect(page).toHaveURL(`${baseURL}#/q/sql-vs-nosql`);
  await expect(page.locator("main h1")).toHaveText(deck().find((q) => q.id === "sql-vs-nosql").prompt);
  await page.goto(`${baseURL}q/throttling/#answer`);
  await expect(page).toHaveURL(`${baseURL}#/q/rate-limiting/answer`);
  await expect(page.locator("#section-answer")).toBeVisible();
});
