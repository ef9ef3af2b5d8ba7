// Offline and installable (xtask/src/offline.rs writes the files): the service worker
// serves this build offline, a new build is offered with "A new version is ready" and
// replaces the old cache, the manifest and icons make the app installable, and frames
// that refuse service workers still run the app. These tests are also the
// installability checks `cargo xtask lighthouse` prints, since Lighthouse 12 has no
// PWA category.
import { test, expect, controlled } from "./fixtures.mjs";
import AxeBuilder from "@axe-core/playwright";
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./static-server.mjs";

const DIST = fileURLToPath(new URL("../../dist/", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const KEY = "rehearse:v1:backend-engineer";

/// Both deployments of playwright.config.mjs: the site root and the /rehearse/ sub-path.
const deployments = (baseURL) => {
  const port = Number(new URL(baseURL).port);
  return {
    root: baseURL,
    "sub-path": `http://127.0.0.1:${port + 1}/rehearse/`,
  };
};

/// Every file of a build folder as the URL path the worker caches it under.
function buildUrls(folder, base) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(folder, path).split(sep).join("/"));
    }
  };
  walk(folder);
  return out
    .filter((f) => f !== "sw.js")
    .map((f) => new URL(f.replace(/(^|\/)index\.html$/, "$1"), base).href)
    .sort();
}

for (const [where, pick] of Object.entries({ root: "root", "sub-path": "sub-path" })) {
  test(`installable: after one visit, the app opens offline with its progress (${where})`, async ({ page, context, baseURL }) => {
    const base = deployments(baseURL)[pick];
    await page.goto(`${base}#/q/sql-vs-nosql/answer`);
    await page.getByRole("button", { name: /^Got it with effort/ }).click();
    await expect
      .poll(() => page.evaluate((key) => localStorage.getItem(key) ?? "", KEY))
      .toContain("sql-vs-nosql");
    await controlled(page);

    await context.setOffline(true);
    await page.goto(`${base}#/`);
    await page.reload();
    await expect(page.locator("#summary")).toContainText("Practised 1 of 23");
    await page.goto(`${base}#/q/rate-limiting/answer`);
    await expect(page.locator("main h1")).toBeVisible();
    // Its text comes from the question's view (q/<slug>/view.html), cached too.
    const answer = page.locator("section[aria-labelledby=section-answer] .prose");
    await expect(answer).toContainText(/\w{4,}/);
    await expect(answer).not.toContainText(/Loading|could not be loaded/);
  });
}

test("installable: the worker controls the page and caches exactly this build's files", async ({ page, baseURL }) => {
  await page.goto("./");
  await controlled(page);
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names[0]);
    return { names, urls: (await cache.keys()).map((r) => r.url).sort() };
  });
  expect(cached.names).toHaveLength(1);
  expect(cached.names[0]).toMatch(new RegExp(`^rehearse:${baseURL}:[0-9a-f]{16}$`));
  expect(cached.urls).toEqual(buildUrls(DIST, baseURL));
});

test("installable: the manifest is linked and valid, with PNG icons 192, 512 and maskable 512", async ({ page, request }) => {
  await page.goto("./");
  await expect(page.locator('meta[name="theme-color"]')).toHaveCount(2);
  const touch = new URL(await page.locator('link[rel="apple-touch-icon"]').getAttribute("href"), page.url());
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const manifestUrl = new URL(href, page.url());
  const response = await request.get(manifestUrl.href);
  expect(response.ok()).toBe(true);
  expect(response.headers()["content-type"]).toContain("application/manifest+json");
  const manifest = await response.json();
  expect(manifest).toMatchObject({
    name: "Rehearse: backend interview practice",
    short_name: "Rehearse",
    start_url: "./",
    scope: "./",
    display: "standalone",
  });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/);
  expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual([
    "192x192 any",
    "512x512 any",
    "512x512 maskable",
  ]);

  const icons = [...manifest.icons, { src: touch.href, sizes: "180x180" }];
  for (const icon of icons) {
    const url = new URL(icon.src, manifestUrl).href;
    const png = await (await request.get(url)).body();
    // The PNG signature, then the IHDR chunk: width and height, big-endian.
    expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
    expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
    // And the browser decodes it at that size.
    const decoded = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return `${img.naturalWidth}x${img.naturalHeight}`;
    }, url);
    expect(decoded).toBe(icon.sizes);
  }
});

// ---- The update flow, with two builds served one after the other ----

/// Build A is this build; build B is A with one changed file, run through the same
/// post-build step Trunk runs (so its worker lists B's files under a new cache name).
function twoBuilds(testInfo) {
  // Post-building a whole site (prerendering, minifying) takes seconds: a slow test.
  test.slow();
  const a = testInfo.outputPath("build-a");
  const b = testInfo.outputPath("build-b");
  cpSync(DIST, a, { recursive: true });
  cpSync(DIST, b, { recursive: true });
  const index = readFileSync(join(b, "index.html"), "utf8");
  writeFileSync(join(b, "index.html"), index.replace("</head>", '<meta name="rehearse-build" content="B" />\n</head>'));
  execFileSync("cargo", ["xtask", "postbuild"], {
    cwd: ROOT,
    env: { ...process.env, TRUNK_STAGING_DIR: b, TRUNK_PROFILE: "release" },
    stdio: "ignore",
  });
  const cacheName = (folder) => readFileSync(join(folder, "sw.js"), "utf8").match(/^const CACHE = PREFIX \+ "([0-9a-f]+)";$/m)[1];
  expect(cacheName(b)).not.toBe(cacheName(a));

  return { a, b, cacheName };
}

test("update: a new build shows \"A new version is ready\", and Reload activates it and deletes the old cache", async ({ page }, testInfo) => {
  const { a, b, cacheName } = twoBuilds(testInfo);
  const server = await serve({ folder: a });
  try {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(server.url);
    await controlled(page);
    const cachesNow = () => page.evaluate(async () => (await caches.keys()).map((n) => n.slice(n.lastIndexOf(":") + 1)));
    expect(await cachesNow()).toEqual([cacheName(a)]);

    server.folder = b; // the deploy
    await page.reload();
    const prompt = page.locator(".update-prompt");
    await expect(prompt).toHaveAttribute("role", "status");
    await expect(prompt).toContainText("A new version is ready");
    // Still build A until the user says so.
    await expect(page.locator('meta[name="rehearse-build"]')).toHaveCount(0);
    const reload = prompt.getByRole("button", { name: "Reload" });
    await expect(reload).toBeVisible();
    const box = await reload.boundingBox();
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    for (const colorScheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme });
      const axe = await new AxeBuilder({ page }).include(".update-prompt").withTags(["wcag2a", "wcag2aa", "wcag22aa"]).analyze();
      expect(axe.violations.map((v) => v.id)).toEqual([]);
    }
    // A second tab of build A shows the prompt too.
    const other = await page.context().newPage();
    await other.goto(server.url);
    await expect(other.locator(".update-prompt")).toContainText("A new version is ready");

    // By keyboard in this tab.
    await reload.focus();
    await page.keyboard.press("Enter");
    await expect(page.locator('meta[name="rehearse-build"]')).toHaveAttribute("content", "B");
    await expect(page.locator("#summary")).toBeVisible();
    await expect(prompt).toHaveCount(0);
    await expect.poll(cachesNow).toEqual([cacheName(b)]);
    // The other tab's Reload still works though its update was taken already.
    await other.getByRole("button", { name: "Reload" }).click();
    await expect(other.locator('meta[name="rehearse-build"]')).toHaveAttribute("content", "B");
  } finally {
    await server.close();
  }
});

test("update: a tab left open finds a new build when it comes back into view, without a reload", async ({ page }, testInfo) => {
  const { a, b } = twoBuilds(testInfo);
  const server = await serve({ folder: a });
  try {
    await page.goto(server.url);
    await controlled(page);
    server.folder = b;
    // The user switches back to this tab (hash routes never navigate, so nothing else asks).
    await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
    await expect(page.locator(".update-prompt")).toContainText("A new version is ready");
    await page.getByRole("button", { name: "Reload" }).click();
    await expect(page.locator('meta[name="rehearse-build"]')).toHaveAttribute("content", "B");
  } finally {
    await server.close();
  }
});

// ---- Frames that refuse service workers ----

for (const sandbox of ["allow-scripts", "allow-scripts allow-same-origin"]) {
  test(`a sandboxed iframe (${sandbox}) runs the app and the worker code throws nothing`, async ({ page, baseURL }) => {
    await page.setContent(
      `<iframe title="Rehearse" sandbox="${sandbox}" style="width:100%;height:700px" src="${baseURL}#/q/rate-limiting"></iframe>`,
    );
    const frame = page.frameLocator("iframe");
    await expect(frame.locator("main h1")).toBeVisible();
    await expect(frame.locator(".update-prompt")).toHaveCount(0);
    // The fixture fails the test on any console error or uncaught exception.
  });
}

test("dev server: a release worker left on the origin is replaced by the kill switch, which deletes its caches", async ({ page }, testInfo) => {
  // What `trunk serve` serves after a release build once ran on the same origin: the
  // debug post-build step's sw.js, and an index.html that registers nothing.
  const release = testInfo.outputPath("release");
  const dev = testInfo.outputPath("dev");
  cpSync(DIST, release, { recursive: true });
  cpSync(DIST, dev, { recursive: true });
  const index = readFileSync(join(dev, "index.html"), "utf8");
  const plain = index.replace(/<!-- rehearse:offline -->[^]*?<\/script>\n/, '<meta name="rehearse-build" content="dev" />\n');
  expect(plain).not.toContain("serviceWorker");
  writeFileSync(join(dev, "index.html"), plain);
  execFileSync("cargo", ["xtask", "postbuild"], {
    cwd: ROOT,
    env: { ...process.env, TRUNK_STAGING_DIR: dev, TRUNK_PROFILE: "debug" },
    stdio: "ignore",
  });

  const server = await serve({ folder: release });
  try {
    await page.goto(server.url);
    await controlled(page);
    server.folder = dev;
    await page.reload();
    // The kill switch reloads the page it took over: the dev files, from the network.
    // It has to install, activate and clean up first, which took over the 5 s default
    // on a loaded machine: hence the longer limits.
    await expect(page.locator('meta[name="rehearse-build"]')).toHaveAttribute("content", "dev", { timeout: 30_000 });
    await expect
      .poll(() => page.evaluate(async () => ({
        controlled: Boolean(navigator.serviceWorker.controller),
        registrations: (await navigator.serviceWorker.getRegistrations()).length,
        caches: (await caches.keys()).length,
      })), { timeout: 30_000 })
      .toEqual({ controlled: false, registrations: 0, caches: 0 });
    await expect(page.locator("#summary")).toBeVisible();
  } finally {
    await server.close();
  }
});
