// Shared test fixture: every page must finish its test without console errors or
// uncaught exceptions; a test that expects one says so with `expectConsoleErrors`.
import { test as base, expect } from "@playwright/test";

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
});
export { expect };
