// Embedding, end to end against the release build: a blog on another loopback origin
// (examples/blog-post.html) embeds the widget three times with embed.js; plain iframes
// without the script; every URL option, malformed and hostile ones included; deep links.
import { test, expect } from "./fixtures.mjs";

const APP = "http://127.0.0.1:4173/".replace("4173", String(Number(process.env.E2E_PORT ?? 4173)));
const BLOG = APP.replace(/:(\d+)\/$/, (_, p) => `:${Number(p) + 2}/blog-post.html`);

/// The iframe's height and the height of the document inside it.
async function heights(page, id) {
  const outer = await page.locator(`#${id}`).evaluate((f) => f.getBoundingClientRect().height);
  const inner = await page
    .frameLocator(`#${id}`)
    .locator("html")
    .evaluate((html) => html.getBoundingClientRect().height);
  return { outer, inner };
}

/// Waits until the iframe is as tall as its content, within a few pixels.
async function fitsContent(page, id) {
  await page.locator(`#${id}`).scrollIntoViewIfNeeded();
  await expect
    .poll(async () => {
      const { outer, inner } = await heights(page, id);
      return Math.abs(outer - inner);
    })
    .toBeLessThanOrEqual(3);
  return (await heights(page, id)).outer;
}

test("a blog on another origin sizes each widget to its content, and follows reveal and navigation", async ({ page }) => {
  await page.goto(BLOG);
  const one = page.frameLocator("#one-question");
  const apis = page.frameLocator("#api-questions");
  const deck = page.frameLocator("#whole-deck");
  await expect(one.locator("main h1")).toHaveText(/rate limiting/i);
  await expect(apis.locator("main h1")).toBeVisible();
  await expect(deck.locator("main h1")).toBeVisible();
  const before = await fitsContent(page, "one-question");
  await fitsContent(page, "api-questions");
  const deckHeight = await fitsContent(page, "whole-deck");
  // Each frame is 100% wide and sized on its own.
  const width = await page.locator("article").evaluate((a) => a.clientWidth);
  for (const id of ["one-question", "api-questions", "whole-deck"]) {
    expect(await page.locator(`#${id}`).evaluate((f) => f.getBoundingClientRect().width)).toBeCloseTo(width, -1);
  }
  await one.getByRole("button", { name: "Reveal all" }).click();
  await expect(one.locator("#section-answer")).toBeVisible();
  const after = await fitsContent(page, "one-question");
  expect(after).toBeGreaterThan(before + 200);
  expect(await fitsContent(page, "whole-deck")).toBe(deckHeight);
  // Navigating inside a widget resizes it too.
  await deck.getByRole("link", { name: /SQL or NoSQL|SQL and NoSQL|relational/i }).first().click();
  await expect(deck.locator("main h1")).not.toHaveText(/Backend/);
  expect(await fitsContent(page, "whole-deck")).not.toBe(deckHeight);
});

test("a height message from another frame or from the page itself is ignored", async ({ page }) => {
  await page.goto(BLOG);
  await expect(page.frameLocator("#one-question").locator("main h1")).toBeVisible();
  const height = await fitsContent(page, "one-question");
  await page.evaluate(async () => {
    const fake = { source: "rehearse", version: 1, type: "height", height: 5 };
    const heard = (marker) =>
      new Promise((resolve) => {
        addEventListener("message", function listen(e) {
          if (e.data === marker) {
            removeEventListener("message", listen);
            resolve();
          }
        });
      });
    // An intruder frame posts a fake height, then a marker; messages from one source
    // arrive in order, so once the marker is here the fake was handled (and ignored).
    const intruder = document.createElement("iframe");
    intruder.srcdoc = `<script>parent.postMessage(${JSON.stringify(fake)}, "*"); parent.postMessage("intruder-done", "*");<\/script>`;
    const done = heard("intruder-done");
    document.body.append(intruder);
    await done;
    const self = heard("self-done");
    postMessage(fake, "*");
    postMessage("self-done", "*");
    await self;
  });
  expect(await page.locator("#one-question").evaluate((f) => f.getBoundingClientRect().height)).toBe(height);
});

test("the host hears ready, route, graded and completed only from a widget that asked", async ({ page }) => {
  await page.goto(BLOG);
  await page.evaluate(() => {
    window.heard = [];
    for (const id of ["api-questions", "whole-deck"]) {
      const frame = document.getElementById(id);
      for (const type of ["ready", "route", "graded", "completed"]) {
        frame.addEventListener(`rehearse:${type}`, (e) => window.heard.push([id, type, e.detail]));
      }
    }
  });
  // The page may have loaded the frames before we listened: reload them.
  await page.evaluate(() => {
    for (const id of ["api-questions", "whole-deck"]) {
      const f = document.getElementById(id);
      f.src = f.src;
    }
  });
  const apis = page.frameLocator("#api-questions");
  await expect.poll(() => page.evaluate(() => window.heard.map(([id, type]) => `${id}:${type}`))).toContain("api-questions:ready");
  const ready = await page.evaluate(() => window.heard.find(([, t]) => t === "ready")[2]);
  expect(ready).toMatchObject({ source: "rehearse", version: 1, type: "ready", deck: "backend-engineer" });
  expect(ready.questions).toBeGreaterThan(1);
  expect(ready.questions).toBeLessThan(23);
  await apis.getByRole("button", { name: "In order" }).click();
  await apis.getByRole("button", { name: "Reveal all" }).click();
  await apis.getByLabel(/Your answer/).fill("A private draft that must never reach the host.");
  await apis.getByRole("button", { name: /^Got it/ }).first().click();
  await expect(page.locator("#api-progress")).toHaveText("You graded 1 API question so far.");
  await apis.locator("a[rel=next]").click();
  const events = await page.evaluate(() => window.heard);
  expect(events.every(([id]) => id === "api-questions"), "the widget without events=1 says nothing").toBe(true);
  const graded = events.find(([, t]) => t === "graded")[2];
  expect(Object.keys(graded).sort()).toEqual(["grade", "id", "source", "type", "version"]);
  expect(JSON.stringify(events)).not.toContain("private draft");
  expect(events.some(([, t, d]) => t === "route" && d.view === "question" && d.answer === "open")).toBe(true);
  // Finishing the round: the summary is a "completed" event.
  await apis.locator("main").evaluate(() => (location.hash = "#/summary"));
  await expect.poll(() => page.evaluate(() => window.heard.some(([, t]) => t === "completed"))).toBe(true);
});

test("embed.js added after a widget has loaded still sizes it and hears ready", async ({ page }) => {
  await page.setContent(
    `<iframe id="late" data-rehearse title="Rehearse" src="${APP}?events=1&ids=containers" style="height:300px;border:0"></iframe>`,
  );
  await expect(page.frameLocator("#late").locator("main h1")).toHaveText(/container/i);
  await page.evaluate((src) => {
    document.getElementById("late").addEventListener("rehearse:ready", (e) => (window.ready = e.detail));
    const script = document.createElement("script");
    script.src = src;
    document.body.append(script);
  }, `${APP}embed.js`);
  await expect.poll(() => page.evaluate(() => window.ready?.questions)).toBe(1);
  const height = await fitsContent(page, "late");
  expect(height).toBeGreaterThan(300);
});

test("a plain iframe without the script works: default height, scrolls inside, fits 320 px", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 700 });
  await page.setContent(
    `<p>Before</p><iframe title="Rehearse" src="${APP}?ids=sql-vs-nosql" style="width:100%;height:600px;border:0"></iframe><p><a href="#after">After</a></p>`,
  );
  const frame = page.frameLocator("iframe");
  await frame.getByRole("button", { name: "Reveal all" }).click();
  await expect(frame.locator("#section-answer")).toBeVisible();
  expect(await page.locator("iframe").evaluate((f) => f.getBoundingClientRect().height)).toBe(600);
  const sizes = await frame.locator("html").evaluate((html) => ({
    scroll: html.scrollHeight,
    client: html.clientHeight,
    overflowX: html.scrollWidth - html.clientWidth,
  }));
  expect(sizes.scroll).toBeGreaterThan(sizes.client);
  expect(sizes.overflowX).toBeLessThanOrEqual(0);
});

test("embed mode: no site header, an Open full page link to the current question in a new tab", async ({ page }) => {
  await page.setContent(`<iframe title="Rehearse" src="${APP}#/q/containers" style="width:100%;height:700px;border:0"></iframe>`);
  const frame = page.frameLocator("iframe");
  await expect(frame.locator("main h1")).toHaveText(/container/i);
  await expect(frame.locator(".brand")).toHaveCount(0);
  const full = frame.getByRole("link", { name: "Open full page" });
  await expect(full).toHaveAttribute("target", "_blank");
  await expect(full).toHaveAttribute("href", `${APP}#/q/containers`);
  // Tab leaves the widget for the host page normally: no trap.
  await page.setContent(
    `<button id="before">Before</button><iframe title="Rehearse" src="${APP}?compact=1#/q/containers" style="width:100%;height:400px"></iframe><button id="after">After</button>`,
  );
  // Once the app has taken over (its Open full page link shows), so that no page swap
  // moves the focus under the keys.
  await expect(page.frameLocator("iframe").getByRole("link", { name: "Open full page" })).toBeVisible();
  await page.locator("#after").focus();
  await page.keyboard.press("Shift+Tab");
  await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("IFRAME");
  await page.keyboard.press("Tab");
  await expect(page.locator("#after")).toBeFocused();
});

test("URL options: ids in order with an alias, tags, start, theme, compact, transparent", async ({ page }) => {
  await page.goto("./?ids=sql-vs-nosql,throttling");
  await expect(page.locator("#summary")).toContainText("Practised 0 of 2");
  await expect(page.locator(".question-list li")).toHaveCount(2);
  await expect(page.locator(".question-list li").nth(1)).toContainText(/rate limiting/i);

  await page.goto("./?tags=security");
  // Counted once the app has taken over: the prerendered overview lists every question.
  await page.waitForFunction(() => window.rehearseLive === true);
  const n = await page.locator(".question-list li").count();
  expect(n).toBeGreaterThan(1);
  await expect(page.locator("#summary")).toContainText(`of ${n}`);

  await page.goto("./?start=containers");
  await expect(page).toHaveURL(/#\/q\/containers$/);
  await expect(page.locator("main h1")).toHaveText(/container/i);

  await page.goto("./?theme=dark&compact=1&embed=1&bg=transparent");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.locator(".site-header")).toHaveCount(0);
  await expect(page.locator(".lede")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Open full page" })).toBeVisible();
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgba(0, 0, 0, 0)");
});

test("URL options: mode starts a round, ns keeps progress apart", async ({ page }) => {
  await page.goto("./?mode=due");
  await expect(page.locator(".notice, [role=status]").filter({ hasText: /No questions for/ })).toHaveCount(1);
  await page.goto("./?mode=in-order");
  await expect(page).toHaveURL(/#\/q\/[a-z-]+$/);
  await page.goto("./?ns=post-7#/q/containers/answer");
  await page.getByRole("button", { name: /^Easy/ }).click();
  await expect
    .poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("rehearse:v1:"))))
    .toEqual(["rehearse:v1:backend-engineer:post-7"]);
  await page.goto("./#/");
  await expect(page.locator("#summary")).toContainText("Practised 0 of 23");
});

test("malformed and hostile options are ignored with one warning each; nothing renders as markup", async ({ page }) => {
  const warnings = [];
  page.on("console", (m) => m.type() === "warning" && m.text().startsWith("Rehearse") && warnings.push(m.text()));
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs += 1;
    d.dismiss();
  });
  const long = "x".repeat(5000);
  const hostile = encodeURIComponent(`<img src=x onerror=alert(1)>"'`);
  await page.goto(`./?theme=purple&ids=nope&start=${hostile}&compact=maybe&what=${long}&ns=${long}#/q/${hostile}`);
  await expect(page.locator("main h1")).toHaveText("We could not find that page");
  await expect(page.locator("main")).toContainText("/q/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E");
  expect(await page.locator("main img").count()).toBe(0);
  expect(warnings).toHaveLength(6);
  expect(warnings.every((w) => w.startsWith("Rehearse: ignored the URL parameter") && w.length < 300)).toBe(true);
  await page.getByRole("link", { name: /questions|overview|start/i }).first().click();
  await expect(page.locator("#summary")).toContainText("of 23");
  expect(dialogs).toBe(0);
});

test("deep links inside an embed: a question, its answer, an alias, an unknown slug", async ({ page }) => {
  const cases = [
    ["#/q/sql-vs-nosql", /#\/q\/sql-vs-nosql$/, false],
    ["#/q/sql-vs-nosql/answer", /#\/q\/sql-vs-nosql\/answer$/, true],
    ["#/q/throttling", /#\/q\/rate-limiting$/, false],
  ];
  for (const [hash, url, open] of cases) {
    await page.setContent(`<iframe title="Rehearse" src="${APP}${hash}" style="width:100%;height:700px"></iframe>`);
    const frame = page.frameLocator("iframe");
    await expect(frame.locator("main h1")).not.toHaveText("We could not find that page");
    if (open) await expect(frame.locator("#section-answer")).toBeVisible();
    else await expect(frame.locator("#section-answer")).toBeHidden();
    await expect.poll(() => page.frames()[1].url()).toMatch(url);
  }
  await page.setContent(`<iframe title="Rehearse" src="${APP}#/q/no-such-question" style="width:100%;height:700px"></iframe>`);
  await expect(page.frameLocator("iframe").locator("main h1")).toHaveText("We could not find that page");
});

test("page markup cannot switch embed.js or embed-v1.js off", async ({ context }) => {
  for (const script of ["embed.js", "embed-v1.js"]) {
    // A page of its own for each (setContent keeps the window, and so the first one's mark).
    const page = await context.newPage();
    // Named elements shadow globals and document methods of the same name (DOM clobbering).
    await page.setContent(
      `<div id="rehearseEmbed"></div><form name="querySelectorAll"></form><img name="readyState" alt="">
       <iframe id="w" data-rehearse title="Rehearse" src="${APP}?events=1&ids=containers" style="height:300px;border:0"></iframe>`,
    );
    await page.evaluate((src) => {
      document.getElementById("w").addEventListener("rehearse:ready", (e) => (window.ready = e.detail));
      const s = document.createElement("script");
      s.src = src;
      document.body.append(s);
    }, `${APP}${script}`);
    await expect.poll(() => page.evaluate(() => window.ready?.questions)).toBe(1);
    expect(await fitsContent(page, "w")).toBeGreaterThan(300);
    await page.close();
  }
});

test("in a frame, reset, replace, transfer codes and the import route are on the full page only", async ({ page }) => {
  // `embed=0` changes the look only: the frame is still a frame.
  for (const query of ["", "?embed=0"]) {
    await page.setContent(`<iframe title="Rehearse" src="${APP}${query}#/about" style="width:100%;height:900px;border:0"></iframe>`);
    const frame = page.frameLocator("iframe");
    await expect(frame.getByRole("button", { name: "Download a file" })).toBeVisible();
    for (const name of ["Copy a transfer code", "Reset progress"]) {
      await expect(frame.getByRole("button", { name })).toHaveCount(0);
    }
    await expect(frame.locator("#import-text")).toHaveCount(0);
    await expect(frame.locator(".framed-only").getByRole("link", { name: "Open the full page" })).toHaveAttribute(
      "href",
      `${APP}#/about`,
    );
  }
  const code = "r1.AAAA";
  await page.setContent(`<iframe title="Rehearse" src="${APP}#/import/${code}" style="width:100%;height:700px;border:0"></iframe>`);
  const frame = page.frameLocator("iframe");
  await expect(frame.getByRole("heading", { level: 1 })).toHaveText("Import progress");
  await expect(frame.getByRole("button", { name: /^Merge|Replace/ })).toHaveCount(0);
  await expect(frame.locator("#import-text")).toHaveCount(0);
  const link = frame.locator(".framed-only").getByRole("link", { name: "Open the full page" });
  await expect(link).toHaveAttribute("href", `${APP}#/import/${code}`);
  await expect(link).toHaveAttribute("target", "_blank");
});
