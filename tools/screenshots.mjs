// Screenshots of every view at phone (390x844) and desktop (1280x800) size in light and
// dark, written to target/screenshots/, so anyone can review the look without a phone.
// Run through `cargo xtask screenshots` (it builds the release first).
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { chromiumArgs, chromiumPath } from "./chromium.mjs";
import { gradeSome, seedStoredProgress } from "../tests/e2e/seed.mjs";

const port = Number(process.env.SCREENSHOT_PORT ?? 4180);
const out = "target/screenshots";
const views = {
  overview: "#/",
  question: "#/q/rate-limiting",
  revealed: "#/q/rate-limiting/answer",
  review: "#/review",
  mock: "#/mock",
  summary: "#/summary",
  about: "#/about",
  "not-found": "#/q/no-such-question",
  embed: "?embed=1&compact=1#/q/rate-limiting",
  share: { path: "#/q/rate-limiting", open: "Share or embed", show: "Embed in your site" },
  "storage-notice": { path: "#/", storage: "{ this is not JSON" },
  // The review's pictures with a history (made in a context of its own).
  "review-progress": { path: "#/review", graded: true },
  "speak-recorded": { path: "#/q/rate-limiting", speak: true },
};
const sizes = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
};

mkdirSync(out, { recursive: true });
const server = spawn("node", ["tests/e2e/static-server.mjs", "dist", String(port)], { stdio: ["ignore", "pipe", "inherit"] });
await new Promise((ready) => server.stdout.once("data", ready));
// Chromium's fake microphone, granted without asking, for the recorded answer.
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [...chromiumArgs, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"],
});
try {
  for (const [size, options] of Object.entries(sizes)) {
    for (const scheme of ["light", "dark"]) {
      const context = await browser.newContext({ ...options, colorScheme: scheme });
      for (const [name, view] of Object.entries(views)) {
        const { path, open, show, storage, graded, speak } = typeof view === "string" ? { path: view } : view;
        // A fresh page per view: each screenshot shows the view as a visitor opening that
        // link sees it (moving within one page would scroll to the focused section).
        const own = graded || speak ? await browser.newContext({ ...options, colorScheme: scheme }) : null;
        const page = await (own ?? context).newPage();
        if (graded) await gradeSome(page, `http://127.0.0.1:${port}/`);
        const t0 = Date.now();
        if (speak) await page.clock.setFixedTime(t0);
        // Unreadable stored progress: the app keeps it aside and says so.
        if (storage) await seedStoredProgress(page, storage);
        await page.goto(`http://127.0.0.1:${port}/${path}`);
        await page.locator("main h1").waitFor();
        if (open) {
          await page.getByText(open).click();
          await page.getByText(show).scrollIntoViewIfNeeded();
        }
        if (graded) await page.getByRole("heading", { name: "Due in the next 14 days" }).scrollIntoViewIfNeeded();
        if (speak) {
          const panel = page.getByRole("group", { name: "Answer out loud" });
          await panel.getByRole("button", { name: "Answer out loud" }).click();
          await panel.getByRole("button", { name: "Stop" }).waitFor();
          await page.clock.setFixedTime(t0 + 95_000);
          await panel.getByRole("button", { name: "Stop" }).click();
          await panel.locator("audio").waitFor();
          await panel.scrollIntoViewIfNeeded();
        }
        const file = `${out}/${name}-${size}-${scheme}.png`;
        await page.screenshot({ path: file, fullPage: false });
        console.log(file);
        await page.close();
        await own?.close();
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.kill();
}
