// The Content Security Policy (xtask/src/csp.rs), end to end: every HTML file of dist/
// carries it, strict and exact; the violation watcher of fixtures.mjs (which every test
// of the suite runs under) really sees a violation; and one visit that does everything
// the app does (a practice round, sharing, export and import, an embed on another
// origin, the offline reload) raises none.
import { test, expect, controlled } from "./fixtures.mjs";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const DIST = fileURLToPath(new URL("../../dist/", import.meta.url));
const KEY = "rehearse:v1:backend-engineer";

function htmlFiles(dir = DIST) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

/// The text of each inline script (or style element), as the browser hashes it.
function inline(html, name = "script") {
  const out = [];
  const re = new RegExp(`<${name}\\b([^>]*)>([\\s\\S]*?)<\\/${name}>`, "gi");
  for (const [, attrs, body] of html.replace(/<!--[\s\S]*?-->/g, "").matchAll(re)) {
    if (!/\bsrc\s*=/.test(attrs)) out.push(body);
  }
  return out;
}
const sha256 = (text) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

test("every HTML file of dist/ carries the strict policy, first in its head, with the hash of each inline script", () => {
  const files = htmlFiles();
  expect(files.length).toBeGreaterThan(20);
  for (const file of files) {
    const name = relative(DIST, file);
    const html = readFileSync(file, "utf8");
    const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
    expect(metas, name).toHaveLength(1);
    const policy = metas[0][1];
    const head = html.slice(html.indexOf("<head>") + "<head>".length).trimStart();
    expect(head.startsWith('<meta http-equiv="Content-Security-Policy"'), `${name}: the policy comes first`).toBe(true);
    const directives = Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));
    expect(directives, name).toEqual({
      "default-src": ["'none'"],
      "script-src": ["'self'", "'wasm-unsafe-eval'", ...inline(html).map(sha256)],
      // 'none' where a page has no style at all (a question's view).
      "style-src": ((s) => (s.length ? s : ["'none'"]))([...(html.includes('rel="stylesheet"') ? ["'self'"] : []), ...inline(html, "style").map(sha256)]),
      "img-src": ["'self'"],
      // An answer recorded out loud plays back from an object URL made in the page.
      "media-src": ["blob:"],
      "connect-src": ["'self'"],
      "manifest-src": ["'self'"],
      "worker-src": ["'self'"],
      // 'self', not 'none': question pages have <base href="../../">, and DOMParser
      // documents made from them inherit the policy of the page that parses them.
      "base-uri": ["'self'"],
      "form-action": ["'none'"],
    });
    expect(policy).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
    // Inline scripts: the boot script, the frame script, Trunk's loader (and on index.html
    // the service worker's registration); none in a question's view (view.html).
    expect(inline(html).length, name).toBe(name === "index.html" ? 4 : name.endsWith("view.html") ? 0 : 3);
    // No style attribute anywhere: the policy would block it.
    const tags = html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, "").match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.filter((t) => /\sstyle\s*=/i.test(t)), name).toEqual([]);
    expect(html.indexOf('<meta charset="utf-8"'), `${name}: the charset within the first 1024 bytes`).toBeLessThan(1024);
  }
});

test("the violation watcher sees a blocked inline script and a style attribute", async ({ page, cspViolations, consoleErrors }) => {
  await page.goto("./#/");
  await expect(page.locator("#summary")).toBeVisible();
  await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.injected = true";
    document.body.append(s);
    document.body.setAttribute("style", "outline: 1px solid red");
  });
  await expect.poll(() => cspViolations.map((v) => v.directive).sort()).toEqual(["script-src-elem", "style-src-attr"]);
  expect(await page.evaluate(() => window.injected)).toBeUndefined();
  // Both were meant: the fixture's checks pass.
  cspViolations.length = 0;
  consoleErrors.length = 0;
});

test("a whole visit raises no violation: a round, sharing, export, import, an embed, the offline reload", async ({ page, context, baseURL, cspViolations }) => {
  test.setTimeout(120_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(baseURL).origin });
  await page.addInitScript(() => {
    delete Navigator.prototype.share;
    delete navigator.share;
  });
  // A round: draft, reveal, tick, grade, next, the summary.
  await page.goto("./?mode=in-order");
  await expect(page.locator("main h1")).toBeVisible();
  await page.getByLabel(/Your answer/).fill("Notes typed under the policy.");
  await page.getByRole("button", { name: "Reveal all" }).click();
  await page.locator(".key-points input").first().check();
  await page.getByRole("button", { name: /^Got it with effort/ }).click();
  await page.goto("./#/summary");
  await expect(page.locator("main h1")).toBeVisible();
  // Search reads search.txt; a deep link reads a question's page.
  await page.goto("./#/");
  await page.locator("#search").fill("token bucket");
  await expect(page.locator(".question-item")).toHaveCount(1);
  await page.goto("./#/q/rate-limiting/answer");
  await expect(page.locator("#section-answer")).toBeVisible();
  // Sharing: the link and the embed code.
  await page.getByText("Share or embed").click();
  await page.getByRole("button", { name: "Copy link", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Link copied" })).toBeVisible();
  const snippet = await page.getByLabel("Embed code").inputValue();
  // Export: a file and a transfer code; import the code through its link.
  await page.goto("./#/about");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download a file" }).click()]);
  expect(download.suggestedFilename()).toBe("rehearse-backend-engineer.json");
  await page.getByRole("button", { name: "Copy a transfer code" }).click();
  const link = await page.getByRole("link", { name: "Link that imports this progress" }).getAttribute("href");
  await page.goto(link);
  await expect(page.locator(".import-preview")).toContainText("1 the same");
  await page.getByRole("button", { name: /^Merge/ }).click();
  await page.getByRole("button", { name: "Undo" }).click();
  // Embedded in a page on another origin (the snippet, with embed-v1.js), with events.
  const blog = await context.newPage();
  await blog.setContent(`<h1>A post</h1>${snippet.replace("?ids=", "?events=1&ids=")}`);
  await expect(blog.frameLocator("iframe").locator("main h1")).toHaveText(/rate limiting/i);
  await blog.frameLocator("iframe").getByRole("button", { name: "Reveal all" }).click();
  await blog.close();
  // Offline: once the worker controls the page, a reload without the network.
  await page.goto("./#/");
  await controlled(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator("#summary")).toContainText("Practised 1 of 23");
  await page.goto("./#/q/containers");
  await expect(page.locator("main h1")).toBeVisible();
  await context.setOffline(false);
  expect(await page.evaluate((key) => JSON.parse(localStorage.getItem(key)).schema, KEY)).toBe(3);
  expect(cspViolations).toEqual([]);
});
