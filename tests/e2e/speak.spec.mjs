// Answering out loud, end to end against the release build, in Chromium with its fake
// microphone granted automatically (the `speech` project's launch flags): record, the
// timer against its band, stop, play back, the length kept after a reload, discard; the
// mock interview out loud; and each failure in place (a refused microphone, none at all,
// no MediaRecorder, a frame without allow="microphone") with everything else working.
import { test, expect } from "./fixtures.mjs";
import AxeBuilder from "@axe-core/playwright";

const APP = "http://127.0.0.1:4173/".replace("4173", String(Number(process.env.E2E_PORT ?? 4173)));
const BLOG = APP.replace(/:(\d+)\/$/, (_, p) => `:${Number(p) + 2}/blog-post.html`);

/// The audio element's duration in seconds, once the browser knows it. Chromium's
/// recordings carry no duration in their header, so it is found by seeking to the end.
async function duration(audio) {
  return audio.evaluate(
    (a) =>
      new Promise((resolve) => {
        const done = () => (Number.isFinite(a.duration) ? resolve(a.duration) : undefined);
        a.addEventListener("durationchange", done);
        const seek = () => {
          if (Number.isFinite(a.duration)) return resolve(a.duration);
          a.currentTime = 1e9;
        };
        if (a.readyState >= 1) seek();
        else a.addEventListener("loadedmetadata", seek, { once: true });
      }),
  );
}

test("an answer out loud: record, the timer runs, stop, play back, its length kept, discard", async ({ page }) => {
  const t0 = Date.parse("2026-03-02T09:00:00Z");
  await page.clock.setFixedTime(t0);
  await page.goto("./#/q/rate-limiting");
  const panel = page.getByRole("group", { name: "Answer out loud" });
  await expect(panel.getByText("Aim for 1 to 3 minutes.")).toBeVisible();
  await panel.getByRole("button", { name: "Answer out loud" }).click();
  await expect(panel.getByRole("button", { name: "Stop" })).toBeVisible();
  const timer = panel.getByRole("timer");
  await expect(timer).toHaveText("0:00");
  await page.clock.setFixedTime(t0 + 75_000);
  await expect(timer).toHaveText("1:15");
  await page.clock.setFixedTime(t0 + 130_000);
  await expect(timer).toHaveText("2:10");
  await panel.getByRole("button", { name: "Stop" }).click();
  await expect(panel.getByText("You spoke for 2:10, within the 1 to 3 minutes you aimed for.")).toBeVisible();
  const audio = panel.locator("audio[controls]");
  await expect(audio).toHaveAttribute("src", /^blob:/);
  expect(await duration(audio)).toBeGreaterThan(0);
  await expect(panel.getByRole("link", { name: "Download" })).toHaveAttribute("download", /^answer\.(webm|ogg|m4a)$/);
  await expect(panel.getByRole("button", { name: "Record again" })).toBeVisible();
  await expect(page.locator(".visually-hidden[role=status]")).toHaveText("Recorded: you spoke for 2:10.");

  // The length is saved with progress (never the audio); the recording is for this page only.
  await expect(panel.getByText("Your history: spoke for 2:10.")).toBeVisible();
  // Saves are coalesced: wait for this one.
  const stored = () => page.evaluate(() => localStorage.getItem("rehearse:v1:backend-engineer") ?? "null");
  await expect
    .poll(async () => JSON.parse(await stored())?.progress.questions["rate-limiting"]?.spoken)
    .toEqual([{ at: t0 + 130_000, ms: 130_000 }]);
  expect(await stored()).not.toContain("blob:");
  await page.reload();
  await expect(panel.getByText("Your history: spoke for 2:10.")).toBeVisible();
  await expect(panel.locator("audio")).toHaveCount(0);

  // Discard: the recording goes (and `recorder::sync` revokes its object URL).
  await panel.getByRole("button", { name: "Answer out loud" }).click();
  await expect(panel.getByRole("button", { name: "Stop" })).toBeVisible();
  await page.clock.setFixedTime(t0 + 150_000);
  await panel.getByRole("button", { name: "Stop" }).click();
  await expect(panel.locator("audio")).toHaveAttribute("src", /^blob:/);
  await panel.getByRole("button", { name: "Discard" }).click();
  await expect(panel.locator("audio")).toHaveCount(0);
  await expect(panel.getByRole("button", { name: "Answer out loud" })).toBeVisible();
  await expect(panel.getByText("Your history: spoke for 0:20, spoke for 2:10.")).toBeVisible();
});

test("the mock interview out loud records each answer and lists them in the summary", async ({ page }) => {
  const t0 = Date.parse("2026-03-02T09:00:00Z");
  await page.clock.setFixedTime(t0);
  await page.goto("./#/mock");
  await page.getByLabel("Questions").selectOption("3");
  await page.getByRole("button", { name: "Start it out loud" }).click();
  const panel = page.getByRole("group", { name: "Answer out loud" });
  for (let n = 1; n <= 3; n++) {
    await expect(page.locator("main").getByText(`Question ${n} of 3`)).toBeVisible();
    await panel.getByRole("button", { name: "Answer out loud" }).click();
    await expect(panel.getByRole("button", { name: "Stop" })).toBeVisible();
    await page.clock.setFixedTime(t0 + n * 60_000);
    await expect(panel.getByRole("timer")).not.toHaveText("0:00");
    await page.getByRole("button", { name: n === 3 ? "Finish and review" : "Next question" }).click();
  }
  await expect(page.getByRole("heading", { name: "Mock interview summary" })).toBeVisible();
  const results = page.locator(".mock-result");
  await expect(results).toHaveCount(3);
  for (let n = 0; n < 3; n++) await expect(results.nth(n)).toContainText(/spoke for \d+:\d\d/);
  await expect(page.locator(".mock-result audio[controls]")).toHaveCount(3);
  expect(await duration(results.nth(2).locator("audio"))).toBeGreaterThan(0);
});

test("a recorded answer passes axe in light and dark, and fits 320 px", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto("./#/q/rate-limiting");
  const panel = page.getByRole("group", { name: "Answer out loud" });
  await panel.getByRole("button", { name: "Answer out loud" }).click();
  await panel.getByRole("button", { name: "Stop" }).click();
  await expect(panel.locator("audio")).toHaveAttribute("src", /^blob:/);
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag22aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});

// Each way of failing, by what getUserMedia or the browser says; a message in place, and
// the rest of the card keeps working.
const FAILURES = [
  ["permission refused", "NotAllowedError", "The microphone was refused"],
  ["no microphone", "NotFoundError", "No microphone could be used"],
  ["no MediaRecorder", null, "This browser cannot record audio here"],
];
for (const [what, error, message] of FAILURES) {
  test(`${what}: a clear message in place, and the card keeps working`, async ({ page }) => {
    await page.addInitScript((error) => {
      if (error) {
        navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("refused by the test", error));
      } else {
        delete window.MediaRecorder;
      }
    }, error);
    await page.goto("./#/q/rate-limiting");
    const panel = page.getByRole("group", { name: "Answer out loud" });
    await panel.getByRole("button", { name: "Answer out loud" }).click();
    await expect(panel.getByRole("alert")).toContainText(message);
    await expect(panel.getByRole("button", { name: "Try again" })).toBeVisible();
    await page.getByRole("button", { name: "Reveal all" }).click();
    await expect(page.getByRole("heading", { name: "Model answer" })).toBeVisible();
    await page.getByLabel(/Your answer/).fill("still typing");
    await expect(page.getByLabel(/Your answer/)).toHaveValue("still typing");
  });
}

test("a frame without allow=\"microphone\" offers the full page for answering out loud", async ({ page }) => {
  await page.goto(BLOG);
  const frame = page.frameLocator("#one-question");
  const panel = frame.getByRole("group", { name: "Answer out loud" });
  // The frame's Permissions Policy says no before the browser is asked.
  await panel.getByRole("button", { name: "Answer out loud" }).click();
  await expect(panel.getByRole("alert")).toContainText("This embedded widget may not use the microphone.");
  const link = panel.getByRole("link", { name: "Answer out loud on the full page" });
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(link).toHaveAttribute("href", /#\/q\/rate-limiting$/);
  await expect(panel.getByRole("button", { name: /Answer out loud|Try again/ })).toHaveCount(0);
  // The rest of the widget works as before.
  await frame.getByRole("button", { name: "Reveal all" }).click();
  await expect(frame.getByRole("heading", { name: "Model answer" })).toBeVisible();
});

test("the embed code allows the microphone when the author ticks it", async ({ page }) => {
  await page.goto("./#/q/rate-limiting");
  await page.waitForFunction(() => window.rehearseLive === true && !document.querySelector("#app > noscript"));
  await page.getByText("Share or embed").click();
  const code = page.getByLabel("Embed code");
  await expect(code).toHaveValue(/allow="clipboard-write; web-share"/);
  await page.getByLabel(/Allow answering out loud/).check();
  await expect(code).toHaveValue(/allow="clipboard-write; web-share; microphone"/);
  await page.getByLabel(/Allow answering out loud/).uncheck();
  await expect(code).toHaveValue(/allow="clipboard-write; web-share"/);
});
