// A small static file server for the end-to-end tests: serves a folder on loopback
// the way a static host or CDN would (correct MIME types, 404s, no directory listing,
// and `Access-Control-Allow-Origin: *` as GitHub Pages and CDNs send, which a sandboxed
// iframe's opaque origin needs to load the module script and the wasm). It never serves
// a file outside its folder: not `../x`, and not a sibling folder whose name starts
// like it (`../dist-evil` next to `dist`).
//
// From the command line (playwright.config.mjs starts three this way):
//   node static-server.mjs [--brotli] <folder> <port> [<path prefix, e.g. /rehearse/>] [<from> <to>]
// With <from> <to>, HTML files are served with every <from> replaced by <to> (the example
// host page names the app as `cargo xtask serve` serves it; tests point it elsewhere).
//
// With `brotli: true` (the benchmark; `--brotli` for `cargo xtask lighthouse`) every file is
// sent brotli-compressed, as a CDN would.
//
// From a test: `const server = await serve({ folder })` listens on a free port;
// `server.url` is its address, setting `server.folder` switches what it serves (a
// deploy, in one step), `server.hold(/\.wasm$/)` keeps the answers to matching paths
// waiting until the function it returns is called (a slow network, for any browser),
// and `await server.close()` stops it and drops its open connections (the site is gone).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { resolve, join, extname, sep } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { pathToFileURL } from "node:url";

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

const notFound = (res) => res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");

/// The file under `root` that a request path names, or null when it is outside.
function fileFor(root, path) {
  const file = resolve(join(root, path));
  return file === root || file.startsWith(root + sep) ? file : null;
}

export async function serve({ folder, port = 0, prefix = "/", from, to, brotli = false }) {
  let root = resolve(folder);
  const held = [];
  const compressed = new Map();
  const squeeze = (file, body) => {
    if (!compressed.has(file)) {
      compressed.set(file, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    }
    return compressed.get(file);
  };
  const server = createServer(async (req, res) => {
    let full;
    try {
      full = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("bad request");
      return;
    }
    if (!full.startsWith(prefix)) return notFound(res);
    for (const { pattern, until } of held) if (pattern.test(full)) await until;
    let file = fileFor(root, full.slice(prefix.length));
    if (!file) {
      res.writeHead(403).end("forbidden");
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      let body = await readFile(file);
      if (from && extname(file) === ".html") body = body.toString("utf8").replaceAll(from, to);
      if (brotli) body = squeeze(file, body);
      res.writeHead(200, {
        "content-type": types[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-cache",
        "access-control-allow-origin": "*",
        ...(brotli ? { "content-encoding": "br" } : {}),
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      notFound(res);
    }
  });
  await new Promise((done) => server.listen(Number(port), "127.0.0.1", done));
  const base = `http://127.0.0.1:${server.address().port}${prefix}`;
  return {
    url: base,
    get folder() {
      return root;
    },
    set folder(next) {
      root = resolve(next);
    },
    hold(pattern) {
      let release;
      const until = new Promise((resolve) => (release = resolve));
      const entry = { pattern, until };
      held.push(entry);
      return () => {
        held.splice(held.indexOf(entry), 1);
        release();
      };
    },
    close: () =>
      new Promise((done) => {
        server.close(done);
        server.closeAllConnections();
      }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const brotli = args[0] === "--brotli";
  const [folder = "dist", port = "4173", prefix = "/", from, to] = args.slice(brotli ? 1 : 0);
  const server = await serve({ folder, port, prefix, from, to, brotli });
  console.log(`serving ${server.folder} at ${server.url}`);
}
