// Size report of a release build: every file in dist/ with raw, gzip and brotli sizes,
// and the first-load transfer (HTML + JS + wasm + CSS, brotli) checked against the budget
// in tools/size-budget.json. Writes a Markdown report and prints it; exits 1 over budget.
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { join, relative, dirname } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const [dist = "dist", out = "target/size-report.md"] = process.argv.slice(2);
const budget = JSON.parse(readFileSync(new URL("size-budget.json", import.meta.url), "utf8"));

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

// What a browser fetches to show the first question: the page, its script, the wasm
// and the stylesheet. Helper files (the host's embed.js, a service worker, icons,
// per-question preview pages) are not part of the first load.
const firstLoad = (file) =>
  file === "index.html" ||
  (/\.(js|wasm|css)$/.test(file) && !/^(embed(-v\d+)?|sw)\.js$/.test(file) && !file.includes("/"));

const kb = (n) => (n / 1024).toFixed(1);
const rows = [];
let total = 0;
for (const path of walk(dist)) {
  const file = relative(dist, path);
  const raw = readFileSync(path);
  const gz = gzipSync(raw, { level: 9 }).length;
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  }).length;
  const first = firstLoad(file);
  if (first) total += br;
  rows.push(`| ${file} | ${first ? "yes" : ""} | ${kb(raw.length)} | ${kb(gz)} | ${kb(br)} |`);
}

const limit = budget.first_load_brotli_kb;
const verdict = total / 1024 <= limit ? "within budget" : "OVER BUDGET";
const report = [
  "# Size report (release build)",
  "",
  "| file | first load | raw KB | gzip -9 KB | brotli 11 KB |",
  "| --- | --- | ---: | ---: | ---: |",
  ...rows,
  "",
  `**First load (HTML + JS + wasm + CSS, brotli): ${kb(total)} KB** of a ${limit} KB budget (tools/size-budget.json): ${verdict}.`,
  "",
].join("\n");

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, report);
console.log(report);
if (verdict !== "within budget") {
  console.error(`size-report: the first load is ${kb(total)} KB, over the ${limit} KB budget`);
  process.exit(1);
}
