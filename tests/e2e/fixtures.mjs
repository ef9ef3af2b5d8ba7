// Shared test fixture: every page must finish its test without console errors or
// uncaught exceptions; a test that expects one says so with `expectConsoleErrors`.
// Every page and frame of the test's browser context is also watched for Content
// Security Policy violations (`securitypolicyviolation` events), and any one fails the
// test: so every journey of the suite (practice rounds, sharing, embedding, import, the
// offline reload, the update prompt) is also evidence that the policy allows what the
// app does and nothing else. A context a test makes itself is watched with `watchCsp`.
import { test as base, expect } from "@playwright/test";

/// Collects the policy violations of every page and frame of `context` into `into`.
export async function watchCsp(context, into) {
  await context.exposeBinding("__rehearseCspViolation", ({ frame }, v) => into.push({ ...v, frame: frame.url() }));
  await context.addInitScript(() => {
    addEventListener("securitypolicyviolation", (e) => {
      const report = window.__rehearseCspViolation;
      if (typeof report === "function") {
        report({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, line: e.lineNumber, document: e.documentURI });
      }
    });
  });
}

export const test = base.extend({
  consoleErrors: [
    async ({ page }, use) => {
      const errors = [];
      page.on("console", (msg) => {
        if (msg.type() === "error") errors.push(msg.text());
      });
      page.on("pageerror", (err) => errors.push(String(err)));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
  cspViolations: [
    async ({ context }, use) => {
      const violations = [];
      await watchCsp(context, violations);
      await use(violations);
      expect(violations, "Content Security Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/// Holds every .wasm request until the returned function is called.
export async function holdWasm(page) {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(/\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}


/// Waits until a service worker controls the page. It claims the page once it has
/// fetched, checked and cached every file of the build, which took over 5 seconds (the
/// default) on a loaded CI machine: hence the longer limit.
export async function controlled(page) {
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? ""), { timeout: 30_000 })
    .toMatch(/\/sw\.js$/);
}
