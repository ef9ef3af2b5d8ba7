// `cargo xtask lighthouse` runs this: Lighthouse (pinned in package.json here, mobile
// preset, which is Lighthouse's default) against a URL on loopback, in the Chromium at
// CHROME_PATH, twice: with Lighthouse's default simulated throttling, and with applied
// (DevTools) throttling, which slows the real load instead of modelling it. On loopback
// the simulation counts the wasm preload, which ends before the first paint there, as
// holding up the largest paint (see the README); the applied run measures what a phone
// on that network gets. Writes <out>/rehearse.report.html and .json (simulated) and
// <out>/rehearse-applied.report.*, prints the category scores, the metrics and what
// kept a category below 100, and exits 1 when a target is missed.
// Usage: node tools/lighthouse/run.mjs <url> <out folder>
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumArgs } from "../chromium.mjs";

const [url, out = "target/lighthouse"] = process.argv.slice(2);
const TARGETS = { accessibility: 100, "best-practices": 95 };
const cli = fileURLToPath(new URL("node_modules/lighthouse/cli/index.js", import.meta.url));
if (!url || !process.env.CHROME_PATH) {
  console.error("usage: CHROME_PATH=/usr/bin/chromium node tools/lighthouse/run.mjs <url> [<out folder>]");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const chromeFlags = chromiumArgs.join(" ");
let missed = false;
for (const [method, name] of [["simulate", "rehearse"], ["devtools", "rehearse-applied"]]) {
  const base = join(out, name);
  execFileSync(
    process.execPath,
    [cli, url, "--output=html", "--output=json", `--output-path=${base}`, `--chrome-flags=${chromeFlags}`, `--throttling-method=${method}`, "--quiet"],
    { stdio: "inherit" },
  );
  const report = JSON.parse(readFileSync(`${base}.report.json`, "utf8"));
  console.log(`\nLighthouse ${report.lighthouseVersion}, ${report.configSettings.formFactor}, ${method} throttling, ${report.finalDisplayedUrl}`);
  for (const [id, category] of Object.entries(report.categories)) {
    const score = Math.round(category.score * 100);
    const target = TARGETS[id];
    const verdict = target === undefined ? "" : score >= target ? `  (target ${target}: met)` : `  (target ${target}: MISSED)`;
    if (target !== undefined && score < target) missed = true;
    console.log(`  ${category.title.padEnd(16)} ${String(score).padStart(3)}${verdict}`);
    for (const ref of category.auditRefs) {
      const audit = report.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        console.log(`      ${audit.id}: ${audit.title} (${audit.displayValue ?? Math.round(audit.score * 100)})`);
      }
    }
  }
  const m = report.audits.metrics.details.items[0];
  const s = (t) => `${(t / 1000).toFixed(2)} s`;
  console.log(`  metrics: FCP ${s(m.firstContentfulPaint)}, LCP ${s(m.largestContentfulPaint)}, TBT ${Math.round(m.totalBlockingTime)} ms, CLS ${m.cumulativeLayoutShift.toFixed(3)}; observed FCP ${s(m.observedFirstContentfulPaint)}, LCP ${s(m.observedLargestContentfulPaint)}`);
  console.log(`  report: ${base}.report.html`);
}
if (missed) process.exit(1);
