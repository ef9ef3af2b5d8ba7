// The user journeys every engine must pass, shared by the WebDriver tiers: the engine is
// `REHEARSE_ENGINE` (an entry of engines.mjs), the build is dist/ (the release build
// the Chromium tier tested), served by tests/e2e/static-server.mjs on loopback at
// E2E_PORT, a sub-path deployment at E2E_PORT + 1 (the offline journey stops it) and the
// example blog at E2E_PORT + 2, another origin. Each journey runs in a fresh browser
// profile and fails on any page error the engine reports (browser.mjs).
//
// Run one engine: REHEARSE_ENGINE=firefox node --test tests/webdriver/journeys.test.mjs
// (WebKit's MiniBrowser needs a display: `xvfb-run -a` before `node`).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { serve } from "../e2e/static-server.mjs";
import { engines } from "./engines.mjs";
import { Key, startDriver } from "./browser.mjs";

const engine = engines[process.env.REHEARSE_ENGINE];
if (!engine) throw new Error(`REHEARSE_ENGINE must be one of ${Object.keys(engines).join(", ")}`);
const port = Number(process.env.E2E_PORT ?? 4173);
const APP = `http://127.0.0.1:${port}/`;
const BLOG = `http://127.0.0.1:${port + 2}/blog-post.html`;
const DIST = fileURLToPath(new URL("../../dist/", import.meta.url));
const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));
const KEY = "rehearse:v1:backend-engineer";
const SLUG = "sql-vs-nosql";
const PROMPT = /relational database against a NoSQL store/;
const ROUND = `${APP}?ids=microservices-event-driven,${SLUG}`;
/// A grade button: it reads "<key> <label>", and " (suggested)" when the ticks suggest it.
const grade = (label) => new RegExp(`^\\d?\\s*${label}(\\s*\\(suggested\\))?$`);

let app;
let blog;
let driver;
before(async () => {
  app = await serve({ folder: DIST, port });
  // The example post names the app as `cargo xtask serve` serves it.
  blog = await serve({ folder: EXAMPLES, port: port + 2, from: "http://127.0.0.1:8080/", to: APP });
  driver = await startDriver(engine);
});
after(async () => {
  await driver?.stop();
  await app?.close();
  await blog?.close();
});

/// One journey: a fresh profile, and no page errors. `another()` ends the session (some
/// drivers hold one at a time) and opens a fresh profile; its errors count too. A hang
/// fails its journey after 5 minutes, never the whole tier.
function journey(title, body, capabilities = {}) {
  test(`${engine.title}: ${title}`, { timeout: 300_000 }, async (t) => {
    const errors = [];
    let session;
    const end = async () => {
      if (!session) return;
      errors.push(...(await session.errors()));
      await session.quit();
      session = undefined;
    };
    const another = async () => {
      await end();
      session = await driver.session(capabilities);
      return session;
    };
    try {
      await body(await another(), { t, another });
      await end();
      assert.deepEqual(errors, [], "page errors");
    } finally {
      await session?.quit();
    }
  });
}

/// Waits until the app has taken over the prerendered page.
const live = (b) => b.until(() => b.eval(() => window.rehearseLive === true && !document.querySelector("#app > noscript")), "the app to take over");
const count = (b, css) => b.eval((css) => document.querySelectorAll(css).length, css);
const hidden = (b, css) =>
  b.until(() => b.eval((css) => document.querySelector(css)?.closest("[hidden]") instanceof Element, css), `${css} to be hidden`);

journey("the overview lists every question, and search filters them", async (b) => {
  await b.goto(APP);
  await live(b);
  await b.text("main h1", "Backend Software Engineer interview questions");
  assert.equal(await count(b, ".question-item"), 23);
  await (await b.find("#search")).sendKeys("token bucket");
  await b.until(async () => (await count(b, ".question-item")) === 1, "search to leave one question");
  await b.text(".question-item", "rate limiting");
  await b.text(".count", "Showing 1 of 23 questions");
});

journey("a deep link, its answer, an alias and an unknown slug", async (b) => {
  await b.goto(`${APP}#/q/${SLUG}`);
  await live(b);
  await b.text("#view-title", PROMPT);
  await hidden(b, "#section-answer");
  await b.goto(`${APP}#/q/${SLUG}/answer`);
  await b.text("#section-answer", "Model answer");
  await b.goto(`${APP}#/q/throttling`);
  await b.urlMatches(/#\/q\/rate-limiting$/);
  await b.text("#view-title", "rate limiting");
  await b.goto(`${APP}#/q/no-such-question`);
  await b.text("main h1", "We could not find that page");
  await b.click("a", "See all questions");
  await b.text("main h1", "Backend Software Engineer interview questions");
});

journey("a practice round: draft, staged reveal, ticks, grade, next; a reload keeps them", async (b) => {
  await b.goto(ROUND);
  await live(b);
  await (await b.button("In order")).click();
  await b.urlMatches(/#\/q\/microservices-event-driven$/);
  await b.text("main", "1 of 2");
  await (await b.find("#draft")).sendKeys("Events for decoupling, outbox for atomicity.");
  await (await b.button("Show why interviewers ask")).click();
  await b.focused("#section-why");
  await (await b.button("Show how to answer")).click();
  await b.focused("#section-how");
  const points = await count(b, ".key-points input[type=checkbox]");
  await b.click(".key-points label:nth-of-type(1) input");
  await b.click(".key-points label:nth-of-type(2) input");
  await b.text(".covered", `Covered 2 of ${points}`);
  await (await b.button("Show the model answer")).click();
  await b.urlMatches(/#\/q\/microservices-event-driven\/answer$/);
  await b.text("#section-answer", "Model answer");
  await (await b.button(grade("Got it with effort"))).click();
  await b.text(".graded", "Graded: Got it with effort.");
  await b.click("a[rel=next]");
  await b.text("main", "2 of 2");
  await (await b.button("Reveal all")).click();
  await (await b.button(grade("Easy"))).click();
  await b.text(".graded", "Graded: Easy.");
  await b.click("a[rel=next]");
  await b.urlMatches(/#\/summary$/);
  await b.text("main", "You graded 2 of 2 questions.");

  await b.goto(`${ROUND}#/q/microservices-event-driven`);
  await b.reload();
  await live(b);
  await b.until(async () => (await (await b.find("#draft")).getAttribute("value")) === "Events for decoupling, outbox for atomicity.", "the draft to be back");
  const ticks = await b.eval(() => [...document.querySelectorAll(".key-points input")].map((i) => i.checked));
  assert.deepEqual(ticks.slice(0, 3), [true, true, false]);
  await b.goto(`${ROUND}#/`);
  await b.text("#summary", "Practised 2 of 2");
  await b.text(".question-item", "Last: Got it with effort");
});

journey("export a transfer code, import it into a fresh profile", async (b, { another }) => {
  await b.goto(`${APP}#/q/rate-limiting/answer`);
  await live(b);
  await (await b.find("#draft")).sendKeys("Token bucket per API key, 429 with Retry-After.");
  await b.click(".key-points label:nth-of-type(2) input");
  await (await b.button(grade("Got it"))).click();
  await b.until(() => b.eval((key) => (localStorage.getItem(key) ?? "").includes("rate-limiting"), KEY), "the grade to be saved");
  await b.goto(`${APP}#/about`);
  await (await b.button("Copy a transfer code")).click();
  const link = await (await b.find("a", "Link that imports this progress")).getAttribute("href");
  assert.match(link, /#\/import\/r1\.[A-Za-z0-9._-]+$/);

  const fresh = await another();
  await fresh.goto(link);
  await live(fresh);
  await fresh.text(".import-preview", "This has 1 question you have no progress on, 0 newer than yours, 0 older and 0 the same.");
  await (await fresh.button("Merge")).click();
  await fresh.goto(`${APP}#/`);
  await fresh.text("#summary", "Practised 1 of 23");
  await fresh.goto(`${APP}#/q/rate-limiting/answer`);
  await fresh.until(async () => (await (await fresh.find("#draft")).getAttribute("value")) === "Token bucket per API key, 429 with Retry-After.", "the imported draft");
  assert.equal(await fresh.eval(() => document.querySelectorAll(".key-points input")[1].checked), true);
});

/// Waits until the iframe `#id` is as tall as its content, within 3 px; returns its height.
async function fitsContent(b, id) {
  await b.eval((id) => document.getElementById(id).scrollIntoView(), id);
  let outer = 0;
  await b.until(async () => {
    outer = await b.eval((id) => document.getElementById(id).getBoundingClientRect().height, id);
    const inner = await b.inFrame(`#${id}`, () => b.eval(() => document.documentElement.getBoundingClientRect().height));
    return Math.abs(outer - inner) <= 3;
  }, `#${id} to fit its content`);
  return outer;
}

journey("the embed: a blog on another origin sizes its widgets and hears their events", async (b) => {
  await b.goto(BLOG);
  await b.inFrame("#one-question", () => b.text("main h1", /rate limiting/i));
  const before = await fitsContent(b, "one-question");
  await fitsContent(b, "api-questions");
  await fitsContent(b, "whole-deck");
  await b.inFrame("#one-question", async () => {
    await (await b.button("Reveal all")).click();
    await b.text("#section-answer", "Model answer");
  });
  await b.until(async () => (await fitsContent(b, "one-question")) > before + 200, "the frame to grow with the answer");

  // Host events. The widgets load again once the page listens, so that their "ready" is
  // heard: each in view first, as a lazy frame out of view would put the load off.
  await b.eval(() => {
    window.heard = [];
    for (const id of ["whole-deck", "api-questions"]) {
      const frame = document.getElementById(id);
      for (const type of ["ready", "route", "graded"]) frame.addEventListener(`rehearse:${type}`, (e) => window.heard.push([id, type, e.detail]));
      frame.scrollIntoView({ block: "center", behavior: "instant" });
      frame.src = frame.src;
    }
  });
  await b.until(() => b.eval(() => window.heard.some(([id, type]) => id === "api-questions" && type === "ready")), "ready from the widget with events=1");
  const ready = await b.eval(() => window.heard.find(([, type]) => type === "ready")[2]);
  assert.equal(ready.deck, "backend-engineer");
  assert.ok(ready.questions > 1 && ready.questions < 23);
  // Each step waits for the frame to fit again: a frame that grows loses its inner
  // scroll, and a click aimed before that lands where the button was.
  await fitsContent(b, "api-questions");
  await b.inFrame("#api-questions", async () => {
    await (await b.button("In order")).click();
    await b.text("main", "1 of ");
  });
  await fitsContent(b, "api-questions");
  await b.inFrame("#api-questions", async () => {
    await (await b.button("Reveal all")).click();
    await b.text("#section-answer", "Model answer");
  });
  await fitsContent(b, "api-questions");
  await b.inFrame("#api-questions", async () => {
    await (await b.find("#draft")).sendKeys("A private draft that must never reach the host.");
    await (await b.button(grade("Got it"))).click();
    await b.text(".graded", "Graded:");
  });
  await b.text("#api-progress", "You graded 1 API question so far.");
  const events = await b.eval(() => window.heard);
  assert.ok(events.every(([id]) => id === "api-questions"), "the widget without events=1 says nothing");
  const graded = events.find(([, type]) => type === "graded")[2];
  assert.deepEqual(Object.keys(graded).sort(), ["grade", "id", "source", "type", "version"]);
  assert.ok(events.some(([, type, d]) => type === "route" && d.view === "question"));
  assert.ok(!JSON.stringify(events).includes("private draft"));
});

journey("a question's preview page opens its question, with JavaScript on", async (b) => {
  await b.goto(`${APP}q/${SLUG}/`);
  await b.text("#view-title", PROMPT);
  await live(b);
  await b.urlMatches(new RegExp(`/#/q/${SLUG}$`));
  await hidden(b, "#section-answer");
  await (await b.button("Reveal all")).click();
  await b.text("#section-answer", "Model answer");
  await b.urlMatches(new RegExp(`/#/q/${SLUG}/answer$`));
});

journey("offline: after one visit, a reload without the site still opens with its progress", async (b, { t }) => {
  const site = await serve({ folder: DIST, port: port + 1, prefix: "/rehearse/" });
  try {
    await b.goto(`${site.url}#/q/${SLUG}/answer`);
    await live(b);
    if (!(await b.eval(() => "serviceWorker" in navigator))) {
      t.skip(`${engine.title} offers no service worker to this page, so it cannot work offline here`);
      return;
    }
    await (await b.button(grade("Got it with effort"))).click();
    await b.until(() => b.eval((key, slug) => (localStorage.getItem(key) ?? "").includes(slug), KEY, SLUG), "the grade to be saved");
    await b.until(() => b.eval(() => /\/sw\.js$/.test(navigator.serviceWorker.controller?.scriptURL ?? "")), "the service worker to control the page");
    await site.close();
    await b.goto(`${site.url}#/`);
    await b.reload();
    await b.text("#summary", "Practised 1 of 23");
    await b.goto(`${site.url}#/q/rate-limiting`);
    await b.text("#view-title", "rate limiting");
  } finally {
    await site.close();
  }
});

journey("a round by keyboard alone", async (b) => {
  await b.goto(ROUND);
  await live(b);
  const onInOrder = () => b.eval(() => document.activeElement?.textContent.trim() === "In order");
  for (let i = 0; i < 40 && !(await onInOrder()); i++) await b.press(Key.TAB);
  assert.ok(await onInOrder(), "Tab reaches In order");
  await b.press(Key.ENTER);
  await b.urlMatches(/#\/q\/microservices-event-driven$/);
  await b.focused("#view-title");
  await b.press(Key.SPACE);
  await b.focused("#section-why");
  await b.press(Key.ENTER);
  await b.focused("#section-how");
  await b.press(Key.SPACE);
  await b.focused("#section-answer");
  await b.press("3");
  await b.text(".graded", "Graded: Got it.");
  // Typing in the scratchpad never triggers shortcuts.
  await (await b.find("#draft")).click();
  await b.press(..."1 2 3 ");
  assert.equal(await b.eval(() => document.getElementById("draft").value), "1 2 3 ");
  await b.urlMatches(/#\/q\/microservices-event-driven\/answer$/);
  await b.eval(() => document.getElementById("view-title").focus());
  await b.press(Key.ARROW_RIGHT);
  await b.text("main", "2 of 2");
  await b.press(Key.SPACE);
  await b.focused("#section-why");
  await b.press(Key.SPACE);
  await b.focused("#section-how");
  await b.press(Key.SPACE);
  await b.focused("#section-answer");
  await b.press("1");
  await b.text(".graded", "Graded: Missed it.");
  await b.press(Key.ARROW_RIGHT);
  await b.urlMatches(/#\/summary$/);
  await b.text("main", "You graded 2 of 2 questions.");
});

// From issue 11 (performance): the text comes first, and what is done before the app
// takes over is kept. The server holds the wasm back, and WebDriver does not wait for
// the page to load (pageLoadStrategy "none"): the wasm's preload keeps `load` waiting,
// and WebKitWebDriver waits for `load` even when asked for "eager".
journey(
  "each entry point shows its question before the wasm arrives; a draft, reveals and ticks made before the takeover are kept",
  async (b, { another }) => {
    const entries = [
      [APP, ".question-item"],
      [`${APP}#/q/${SLUG}`, "#view-title"],
      [`${APP}#/q/${SLUG}/answer`, "#section-answer"],
      [`${APP}?ids=${SLUG}&embed=1`, "#view-title"],
      [`${APP}q/${SLUG}/`, "#view-title"],
    ];
    for (const [url, first] of entries) {
      // A fresh profile each time: the service worker of the last one would serve the wasm.
      if (url !== APP) b = await another();
      const release = app.hold(/\.wasm$/);
      try {
        await b.goto(url);
        await b.find(first);
        if (first !== ".question-item") await b.text("#view-title", PROMPT);
        assert.equal(await b.eval(() => window.rehearseLive), null, `${url}: the app is not live yet`);
        if (url.endsWith(`q/${SLUG}/`)) {
          await (await b.find("#draft")).sendKeys("Typed before the app loaded.");
          await (await b.button("Show why interviewers ask")).click();
          await b.text("#section-why", "Why interviewers ask");
          await (await b.button("Show how to answer")).click();
          await b.click(".key-points label:nth-of-type(2) input");
        }
      } finally {
        release();
      }
      await live(b);
      await b.find(first);
    }
    assert.equal(await b.eval(() => document.getElementById("draft").value), "Typed before the app loaded.");
    assert.equal(await b.eval(() => document.querySelectorAll(".key-points input")[1].checked), true);
    await b.text("#section-how", "How to answer");
    await b.urlMatches(new RegExp(`/#/q/${SLUG}$`));
    await b.reload();
    await live(b);
    await b.until(async () => (await (await b.find("#draft")).getAttribute("value")) === "Typed before the app loaded.", "the draft after a reload");
  },
  { pageLoadStrategy: "none" },
);

// From issue 13 (security): the watcher sees a policy violation, and a visit that reads
// the search index, a question's page and the About page raises none.
journey("the page-error watcher sees a Content Security Policy violation; the app's own pages raise none", async (b) => {
  await b.goto(APP);
  await live(b);
  await b.eval(() => {
    const script = document.createElement("script");
    script.textContent = "window.injected = true";
    document.body.append(script);
  });
  const seen = await b.until(async () => {
    const errors = await b.errors();
    return errors.length > 0 && errors;
  }, "the violation to be reported");
  assert.ok(seen.every((e) => /Content.Security.Policy/i.test(e)), seen.join("\n"));
  assert.equal(await b.eval(() => window.injected), null);
  await b.goto(`${APP}#/`);
  await (await b.find("#search")).sendKeys("cache");
  await b.until(async () => (await count(b, ".question-item")) < 23, "search to filter");
  await b.goto(`${APP}#/q/rate-limiting/answer`);
  await b.text("#section-answer", "Model answer");
  await b.goto(`${APP}#/about`);
  await b.button("Download a file");
});

journey("the draft checks itself once the key points show, and ticks only on request", async (b) => {
  await b.goto(`${APP}#/q/rate-limiting`);
  await live(b);
  await (await b.find("#draft")).sendKeys("I would put a Token-Bucket per tenant in Redis, and answer 429s with Retry-After.");
  await (await b.button("Show why interviewers ask")).click();
  // Before the key points: nothing about them.
  assert.equal(await b.eval(() => document.body.innerText.includes("In your draft")), false);
  await (await b.button("Show how to answer")).click();
  await b.text(".mentions", "Your draft mentions 4 of 6 key points");
  // As text, not as laid out: engines break the mark's lines differently.
  await b.until(
    () => b.eval(() => document.querySelector(".key-points").textContent.replace(/\s+/g, " ").includes("In your draft: “Token-Bucket”")),
    "the first key point's mark to quote the draft",
  );
  const ticked = () => b.eval(() => [...document.querySelectorAll(".key-points input[type=checkbox]")].map((i) => i.checked));
  assert.deepEqual(await ticked(), [false, false, false, false, false, false]);
  await (await b.button("Tick what my draft mentions")).click();
  await b.text(".covered", "Covered 4 of 6");
  assert.equal((await ticked()).filter(Boolean).length, 4);
  await b.click(".key-points label:nth-of-type(1) input");
  await b.text(".covered", "Covered 3 of 6");
});

// Firefox gets a fake microphone, granted without a prompt; WebKitGTK's automation has no
// microphone to give. Either the answer is recorded and can be played back, or the panel
// says in plain words why not, and the rest of the card keeps working.
journey(
  "answering out loud records where the engine has a microphone, and says why not where it has none",
  async (b, { t }) => {
    await b.goto(`${APP}#/q/rate-limiting`);
    await live(b);
    await (await b.find(".speak button", "Answer out loud")).click();
    const outcome = await b.until(
      () =>
        b.eval(() => {
          const panel = document.querySelector(".speak");
          if (panel?.querySelector("[role=alert]")) return "failed";
          if ([...panel.querySelectorAll("button")].some((x) => x.textContent.trim() === "Stop")) return "recording";
          return null;
        }),
      "the recorder to start or to say why it cannot",
    );
    if (outcome === "recording") {
      await b.text(".speak [role=timer]", /^\d:\d\d$/);
      await (await b.find(".speak button", "Stop")).click();
      await b.text(".speak", /You spoke for \d:\d\d/);
      assert.match(await b.eval(() => document.querySelector(".speak audio[controls]")?.getAttribute("src") ?? ""), /^blob:/);
      await (await b.find(".speak button", "Discard")).click();
      await b.text(".speak .history", /Your history: spoke for \d:\d\d\./);
      t.diagnostic("recorded with the engine's own fake microphone, played back and discarded");
    } else {
      const message = await b.eval(() => document.querySelector(".speak [role=alert]").textContent);
      assert.match(message, /^(The microphone was refused|No microphone could be used|This browser cannot record audio here)/);
      t.diagnostic(`no microphone under this engine's automation; the panel says: ${message}`);
    }
    // Everything else still works.
    await (await b.button("Reveal all")).click();
    await b.text("#section-answer", "Model answer");
  },
  fakeMicrophone(),
);

/// Firefox's own fake microphone, allowed without asking; other engines as they are.
function fakeMicrophone() {
  const options = engine.capabilities()["moz:firefoxOptions"];
  if (!options) return {};
  const prefs = { ...options.prefs, "media.navigator.streams.fake": true, "media.navigator.permission.disabled": true };
  return { "moz:firefoxOptions": { ...options, prefs } };
}
