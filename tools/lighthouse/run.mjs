// `cargo xtask lighthouse` runs this: Lighthouse (pinned in package.json here, mobile
// preset, which is Lighthouse's default) against a URL on loopback, in the Chromium at
// CHROME_PATH. Writes <out>/rehearse.report.html and .json, prints the category scores
// and what kept a category below 100, and exits 1 when a target is missed.
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
const base = join(out, "rehearse");
const chromeFlags = chromiumArgs.join(" ");
execFileSync(
  process.execPath,
  [cli, url, "--output=html", "--output=json", `--output-path=${base}`, `--chrome-flags=${chromeFlags}`, "--quiet"],
  { stdio: "inherit" },
);

const report = JSON.parse(readFileSync(`${base}.report.json`, "utf8"));
console.log(`\nLighthouse ${report.lighthouseVersion}, ${report.configSettings.formFactor}, ${report.finalDisplayedUrl}`);
let missed = false;
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
console.log(`\nReports: ${base}.report.html, ${base}.report.json`);
if (missed) process.exit(1);
