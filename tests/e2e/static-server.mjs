// A small static file server for the end-to-end tests: serves a folder on loopback
// the way a static host or CDN would (correct MIME types, 404s, no directory listing,
// and `Access-Control-Allow-Origin: *` as GitHub Pages and CDNs send, which a sandboxed
// iframe's opaque origin needs to load the module script and the wasm).
// Usage: node static-server.mjs <folder> <port> [<path prefix, e.g. /rehearse/>] [<from> <to>]
// With <from> <to>, HTML files are served with every <from> replaced by <to> (the example
// host page names the app as `cargo xtask serve` serves it; tests point it elsewhere).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { resolve, join, extname, sep } from "node:path";

const [folder = "dist", port = "4173", prefix = "/", from, to] = process.argv.slice(2);
const root = resolve(folder);
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

createServer(async (req, res) => {
  const full = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (!full.startsWith(prefix)) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
    return;
  }
  let file = resolve(join(root, full.slice(prefix.length)));
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403).end("forbidden");
    return;
  }
  try {
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    let body = await readFile(file);
    if (from && extname(file) === ".html") body = body.toString("utf8").replaceAll(from, to);
    res.writeHead(200, {
      "content-type": types[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-cache",
      "access-control-allow-origin": "*",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  } catch {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
  }
}).listen(Number(port), "127.0.0.1", () => {
  console.log(`serving ${root} at http://127.0.0.1:${port}/`);
});
