// The shared static server (static-server.mjs) itself: it serves its folder and
// nothing beside it, and a malformed request does not take it down.
import { test, expect } from "@playwright/test";
import { mkdirSync, writeFileSync } from "node:fs";
import { request as get } from "node:http";
import { join } from "node:path";
import { serve } from "./static-server.mjs";

test.skip(({ hasTouch }) => hasTouch, "the server, not the browser: once is enough");

/// The status of a GET for `path` exactly as written (no client normalises it first).
const status = (url, path) =>
  new Promise((done, fail) => {
    const { hostname, port } = new URL(url);
    get({ hostname, port, path }, (res) => {
      res.resume();
      done(res.statusCode);
    })
      .on("error", fail)
      .end();
  });

test("static server: only files inside its folder, not a sibling folder whose name starts the same", async ({}, testInfo) => {
  const parent = testInfo.outputPath("server");
  mkdirSync(join(parent, "dist/sub"), { recursive: true });
  mkdirSync(join(parent, "dist-evil"), { recursive: true });
  writeFileSync(join(parent, "dist/index.html"), "<p>in</p>");
  writeFileSync(join(parent, "dist/sub/index.html"), "<p>sub</p>");
  writeFileSync(join(parent, "dist-evil/secret.txt"), "out");
  writeFileSync(join(parent, "secret.txt"), "out");
  const server = await serve({ folder: join(parent, "dist") });
  try {
    expect(await status(server.url, "/")).toBe(200);
    expect(await status(server.url, "/sub/")).toBe(200);
    expect(await status(server.url, "/missing.txt")).toBe(404);
    for (const path of [
      "/..%2fdist-evil/secret.txt",
      "/..%2f..%2fdist-evil/secret.txt",
      "/%2e%2e%2fdist-evil%2fsecret.txt",
      "/..%2fsecret.txt",
      "/..%5c..%5csecret.txt",
    ]) {
      expect([403, 404], path).toContain(await status(server.url, path));
    }
    expect(await status(server.url, "/..%2fdist-evil/secret.txt")).toBe(403);
    // A path that does not decode is refused, and the server keeps serving.
    expect(await status(server.url, "/%E0%A4%A")).toBe(400);
    expect(await status(server.url, "/")).toBe(200);
    // Switching the folder (a deploy) moves the boundary with it.
    server.folder = join(parent, "dist-evil");
    expect(await status(server.url, "/secret.txt")).toBe(200);
    expect(await status(server.url, "/..%2fdist/index.html")).toBe(403);
  } finally {
    await server.close();
  }
});
