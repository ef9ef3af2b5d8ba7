// The benchmark behind `cargo xtask bench` (a report, never a test). It serves the floor
// (static HTML), the release build and the 10x deck's release build on loopback with
// brotli, and measures them interleaved, cold, in headless Chromium on a phone profile:
// 390x844 at DPR 3, CPU throttled 4x, 150 ms round trip, 1.6 Mbit/s down.
// Usage: node tools/bench.mjs <floor> <dist> <dist-10x> <slug> <slug-10x> <report.md>
import { chromium } from "playwright-core";
import { writeFile } from "node:fs/promises";
import { chromiumArgs, chromiumPath } from "./chromium.mjs";
import { serve } from "../tests/e2e/static-server.mjs";

const [floorDir, distDir, bigDir, slug, bigSlug, reportPath] = process.argv.slice(2);
// Five runs, as the issue set it; BENCH_RUNS asks for more when a steadier median is
// worth the minutes (every target's time moves by a fifth or more between runs).
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS) || 5);
const TYPED = 40;

// Runs in every page before its scripts: records when an element matching the selector
// is first rendered and visible (in an animation frame), the reveal/next latency of the
// next click, and per-keystroke latency (keydown to the frame after it).
function probe() {
  window.bench = { keys: [] };
  const visible = (el) => {
    if (!el || !el.textContent.trim()) return false;
    // checkVisibility also sees a closed <details>, whose content keeps its boxes.
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && el.checkVisibility({ visibilityProperty: true });
  };
  // Resolves in the first animation frame in which a matching element is rendered and
  // visible (a layout box, not hidden); rejects after 60 s so that a run never hangs.
  window.bench.waitVisible = (selector, unlike) =>
    new Promise((done, fail) => {
      const start = performance.now();
      const tick = () => {
        const el = [...document.querySelectorAll(selector)].find((e) => visible(e) && e.textContent !== unlike);
        if (el) done(performance.now());
        else if (performance.now() - start > 60_000) fail(new Error(`${selector} never became visible`));
        else requestAnimationFrame(tick);
      };
      tick();
    });
  window.bench.visible = visible;
  window.bench.first = null;
  window.bench.also = null;
  window.bench.watchFirst = (selector, also) => {
    window.bench.waitVisible(selector).then((t) => (window.bench.first = t));
    if (also) window.bench.waitVisible(also).then((t) => (window.bench.also = t));
  };
  addEventListener("pointerdown", (e) => (window.bench.clickAt = e.timeStamp), true);
  addEventListener("keydown", (e) => {
    const t0 = e.timeStamp;
    requestAnimationFrame(() => setTimeout(() => window.bench.keys.push(performance.now() - t0)));
  }, true);
  addEventListener("TrunkApplicationStarted", (e) => (window.bench.wasm = e.detail && e.detail.wasm));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

async function newPage(browser) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    serviceWorkers: "block",
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await cdp.send("Performance.enable");
  const traffic = { bytes: 0 };
  cdp.on("Network.loadingFinished", (e) => (traffic.bytes += e.encodedDataLength));
  await page.addInitScript(probe);
  return { context, page, cdp, traffic };
}

/// One cold visit: first question visible (and bytes by then); optionally reveal, next,
/// memory and typing once the page is interactive.
async function visit(browser, target, interact) {
  const { context, page, cdp, traffic } = await newPage(browser);
  await page.addInitScript(([selector, also]) => window.bench.watchFirst(selector, also), [target.first, target.also]);
  await page.goto(target.url, { waitUntil: "commit" });
  await page.waitForFunction(() => window.bench && window.bench.first !== null, null, { timeout: 60_000, polling: 50 });
  const result = { first: await page.evaluate(() => window.bench.first), bytesFirst: traffic.bytes };
  if (target.also) {
    await page.waitForFunction(() => window.bench.also !== null, null, { timeout: 60_000, polling: 50 });
    result.also = await page.evaluate(() => window.bench.also);
  }
  await page.waitForLoadState("networkidle");
  result.bytes = traffic.bytes;
  if (interact) {
    await page.waitForFunction(target.ready, null, { timeout: 60_000 });
    result.reveal = await click(page, target.revealButton, target.revealShows);
    result.next = await click(page, target.nextButton, target.nextShows);
    result.typing = await typing(page, target.draft);
    const metrics = Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
    result.heap = metrics.JSHeapUsedSize;
    result.wasm = await page.evaluate(() => (window.bench.wasm ? window.bench.wasm.memory.buffer.byteLength : 0));
  }
  await context.close();
  return result;
}

/// Clicks and returns the time from the click's first input event to the first frame
/// that shows `shows` (a selector), with other text than it had before the click.
async function click(page, button, shows) {
  const before = await page.evaluate((selector) => {
    const el = [...document.querySelectorAll(selector)].find(window.bench.visible);
    return el ? el.textContent : null;
  }, shows);
  const wait = page.evaluate(([selector, unlike]) => window.bench.waitVisible(selector, unlike), [shows, before]);
  await page.locator(button).first().click();
  const shown = await wait;
  return shown - (await page.evaluate(() => window.bench.clickAt));
}

/// Per-keystroke latency with a 600-word draft in the field.
async function typing(page, field) {
  const words = Array.from({ length: 600 }, (_, i) => ["cache", "queue", "index", "replica", "shard", "token"][i % 6]).join(" ");
  const box = page.locator(field).first();
  await box.fill(words);
  await box.press("End");
  await page.evaluate(() => (window.bench.keys = []));
  await page.keyboard.type(" latency under load".repeat(3).slice(0, TYPED), { delay: 120 });
  await page.waitForFunction((n) => window.bench.keys.length >= n, TYPED);
  return page.evaluate(() => window.bench.keys);
}

const live = () => window.rehearseLive === true && !document.querySelector("#app > noscript");
const rehearse = (base, s) => ({
  overview: { url: base, first: ".question-item a" },
  deep: {
    url: `${base}#/q/${s}`,
    first: "#view-title",
    ready: live,
    revealButton: ".action-bar button:not(.primary)",
    revealShows: "#section-answer",
    nextButton: "a[rel=next]",
    nextShows: `#view-title`,
    draft: "#draft",
  },
  // First question visible means its title, as for every target; the model answer
  // (shown from the start on this link) is reported on its own line.
  answer: { url: `${base}#/q/${s}/answer`, first: "#view-title", also: "#section-answer" },
  preview: { url: `${base}q/${s}/`, first: "#view-title" },
  embed: { url: `${base}?ids=${s}&embed=1`, first: "#view-title" },
});

const servers = await Promise.all([floorDir, distDir, bigDir].map((folder) => serve({ folder, brotli: true })));
const [floor, app, big] = servers.map((s) => s.url);
const targets = {
  floor: {
    url: floor,
    first: ".q h1",
    ready: () => true,
    revealButton: ".q:not([hidden]) summary",
    revealShows: ".q:not([hidden]) .model",
    nextButton: ".q:not([hidden]) .next",
    nextShows: ".q:not([hidden]) h1",
    draft: ".q:not([hidden]) textarea",
  },
  ...Object.fromEntries(Object.entries(rehearse(app, slug)).map(([k, v]) => [`rehearse ${k}`, v])),
  "10x overview": { url: big, first: ".question-item a" },
  "10x deep link": { url: `${big}#/q/${bigSlug}`, first: "#view-title" },
};

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const results = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
// One warm-up round, then RUNS rounds, the targets interleaved within each.
for (let run = 0; run <= RUNS; run++) {
  for (const [name, target] of Object.entries(targets)) {
    const result = await visit(browser, target, Boolean(target.ready));
    if (run > 0) results[name].push(result);
    process.stdout.write(run === 0 ? "w" : ".");
  }
}
process.stdout.write("\n");
await browser.close();
await Promise.all(servers.map((s) => s.close()));

// The report: medians with ranges, and each median as a ratio to the floor's.
const stat_ = (name, key) => results[name].map((r) => r[key]).filter((v) => typeof v === "number");
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const ms = (t) => `${Math.round(t)} ms`;
const cell = (name, key, fmt, floorKey = key) => {
  const xs = stat_(name, key);
  if (!xs.length) return "";
  const m = median(xs);
  const base = median(stat_("floor", floorKey));
  const ratio = name !== "floor" && base > 0 ? ` (${(m / base).toFixed(2)}x)` : "";
  return `${fmt(m)}${ratio} [${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}]`;
};
const lines = [
  `# Benchmark: first question, reveal, next, memory and typing`,
  "",
  `Headless Chromium, 390x844 at DPR 3, CPU 4x slower, 150 ms RTT, 1.6 Mbit/s down, brotli; cold, no service worker; median [range] of ${RUNS} runs after one warm-up, targets interleaved. Ratios are to the floor's median.`,
  "",
  "| target | transferred by first question | first question visible | whole load | reveal | next |",
  "|---|---:|---:|---:|---:|---:|",
];
for (const name of Object.keys(targets)) {
  lines.push(
    `| ${name} | ${cell(name, "bytesFirst", kb)} | ${cell(name, "first", ms)} | ${cell(name, "bytes", kb, "bytes")} | ${cell(name, "reveal", ms)} | ${cell(name, "next", ms)} |`,
  );
}
for (const name of Object.keys(targets).filter((n) => targets[n].also)) {
  lines.push("", `${name}: its model answer (\`${targets[name].also}\`) visible at ${cell(name, "also", ms, "first")}, the ratio to the floor's first question.`);
}
lines.push("", "| target | JS heap | wasm memory | typing median | typing p95 | typing max |", "|---|---:|---:|---:|---:|---:|");
for (const name of Object.keys(targets).filter((n) => targets[n].ready)) {
  const keys = results[name].flatMap((r) => r.typing ?? []);
  lines.push(
    `| ${name} | ${kb(median(stat_(name, "heap")))} | ${kb(median(stat_(name, "wasm")))} | ${ms(median(keys))} | ${ms(pct(keys, 95))} | ${ms(Math.max(...keys))} |`,
  );
}
const report = lines.join("\n") + "\n";
await writeFile(reportPath, report);
console.log(report);
console.log(`written to ${reportPath}`);
