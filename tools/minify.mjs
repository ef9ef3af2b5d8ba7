// Minifies the text the release build ships, for the post-build hook
// (xtask/src/minify.rs): `node tools/minify.mjs script|module|css` reads the source on
// stdin and writes the minified text to stdout. Terser compresses and renames local
// names only (a classic script's globals and every property keep their names); CSSO
// removes comments and spaces and shortens values, without reordering rules.
import { minify as minifyJs } from "terser";
import { minify as minifyCss } from "csso";

const kind = process.argv[2];
let source = "";
for await (const chunk of process.stdin) source += chunk;
if (kind === "css") {
  process.stdout.write(minifyCss(source, { restructure: false }).css);
} else if (kind === "script" || kind === "module") {
  const { code } = await minifyJs(source, { module: kind === "module", compress: true, mangle: true });
  process.stdout.write(code);
} else {
  console.error("usage: node tools/minify.mjs script|module|css < source");
  process.exit(2);
}
