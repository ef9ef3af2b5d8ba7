// End-to-end tests against the release build in dist/, served by a plain static
// server on loopback (never `trunk serve`), in Debian's Chromium (no browser download).
import { defineConfig } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "../../tools/chromium.mjs";

const port = Number(process.env.E2E_PORT ?? 4173);
const chromium = { executablePath: chromiumPath, args: chromiumArgs };

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.mjs",
  outputDir: "../../target/e2e-results",
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: chromium,
    trace: "off",
  },
  projects: [
    { name: "desktop", testIgnore: "speak.spec.mjs", use: { viewport: { width: 1280, height: 800 } } },
    {
      // Answering out loud: Chromium's fake microphone, granted without asking. Tests of
      // a refused or missing microphone override getUserMedia in the page instead.
      name: "speech",
      testMatch: "speak.spec.mjs",
      use: {
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          ...chromium,
          args: [...chromium.args, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"],
        },
      },
    },
    {
      name: "phone",
      testIgnore: "speak.spec.mjs",
      use: {
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 3,
        isMobile: true,
        hasTouch: true,
      },
    },
  ],
  webServer: [
    {
      command: `node static-server.mjs ../../dist ${port}`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // The same dist/ deployed under a sub-path, as on GitHub Pages.
      command: `node static-server.mjs ../../dist ${port + 1} /rehearse/`,
      url: `http://127.0.0.1:${port + 1}/rehearse/`,
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      // A blog on another origin that embeds the widget (examples/blog-post.html).
      command: `node static-server.mjs ../../examples ${port + 2} / http://127.0.0.1:8080/ http://127.0.0.1:${port}/`,
      url: `http://127.0.0.1:${port + 2}/blog-post.html`,
      reuseExistingServer: false,
      stdout: "ignore",
    },
  ],
});
