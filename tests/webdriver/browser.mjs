// A browser session for the shared journeys: a fresh profile per session, the few
// actions the journeys need on top of selenium-webdriver, and the page errors the
// engine can report (engines.mjs says how). It waits on conditions, never on time:
// every wait polls a condition until it holds, bounded only so that a hang fails.
import { By, Capabilities, Key, WebDriver } from "selenium-webdriver";
import http from "selenium-webdriver/http/index.js";
import remote from "selenium-webdriver/remote/index.js";
import portprober from "selenium-webdriver/net/portprober.js";
import LogInspector from "selenium-webdriver/bidi/logInspector.js";

export { By, Key };

/// A bound on every wait: a hang fails after this, nothing passes or fails by time.
const BOUND = 30_000;

/// How long a new session may take to open. WebKitGTK's driver sometimes never answers
/// the request (its MiniBrowser fails to connect back); that is the driver's fault, not
/// the app's, so the server is restarted and the session asked for once more.
const OPEN = 60_000;

class NoSession extends Error {}

/// Starts the engine's WebDriver server, once per tier; `server.session()` opens a
/// browser with a fresh profile, `server.stop()` ends the server.
export async function startDriver(engine) {
  let service;
  let url;
  const start = async () => {
    const port = await portprober.findFreePort();
    const bidiPort = await portprober.findFreePort();
    service = new remote.DriverService(engine.driver, { port, args: engine.driverArgs(port, bidiPort), loopback: true });
    url = await service.start(BOUND);
  };
  await start();
  return {
    async session(capabilities) {
      try {
        return await Browser.open(engine, url, capabilities);
      } catch (e) {
        if (!(e instanceof NoSession)) throw e;
        console.log(`${e.message}: restarting the driver, and asking once more`);
        await service.kill();
        await start();
        return Browser.open(engine, url, capabilities);
      }
    },
    stop: () => service.kill(),
  };
}

/// Listens for page errors in the current document (engines without BiDi). Idempotent.
function listen() {
  if (window.__rehearseErrors) return;
  const errors = (window.__rehearseErrors = []);
  addEventListener("error", (e) => errors.push(`uncaught: ${e.message}`));
  addEventListener("unhandledrejection", (e) => errors.push(`unhandled rejection: ${e.reason}`));
  addEventListener("securitypolicyviolation", (e) =>
    errors.push(`Content Security Policy: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"} in ${e.documentURI}`),
  );
  const original = console.error;
  console.error = function (...args) {
    errors.push(`console.error: ${args.map(String).join(" ")}`);
    return original.apply(this, args);
  };
}

export class Browser {
  static async open(engine, url, capabilities = {}) {
    const wanted = new Capabilities({ ...engine.capabilities(), ...capabilities });
    const driver = WebDriver.createSession(new http.Executor(new http.HttpClient(url)), wanted);
    const session = driver.getSession();
    let timer;
    const opened = await Promise.race([
      session.then(
        () => true,
        (e) => {
          throw new NoSession(`${engine.title}: the driver could not open a session (${e.message})`);
        },
      ),
      new Promise((resolve) => (timer = setTimeout(resolve, OPEN, false))),
    ]).finally(() => clearTimeout(timer));
    if (!opened) {
      // The request fails once the server is stopped; nobody waits for it any more.
      session.catch(() => {});
      throw new NoSession(`${engine.title}: no session after ${OPEN / 1000} s`);
    }
    // The Chromium tier's desktop profile.
    await driver.manage().window().setRect({ width: 1280, height: 800 });
    const browser = new Browser(driver, engine, wanted.get("pageLoadStrategy"));
    if (engine.pageErrors === "bidi") {
      browser.inspector = await LogInspector(driver);
      await browser.inspector.onLog((entry) => {
        if (entry.level === "error") browser.reported.push(`${entry.type}: ${entry.text}`);
      });
    }
    return browser;
  }

  constructor(driver, engine, pageLoadStrategy) {
    this.driver = driver;
    this.engine = engine;
    this.pageLoadStrategy = pageLoadStrategy;
    /// Page errors so far, from every page and frame this session showed.
    this.reported = [];
  }

  /// Starts listening in the current document, where the engine has no BiDi.
  async watch() {
    if (this.engine.pageErrors === "page") await this.driver.executeScript(listen);
  }

  /// Moves what the current document heard into `reported` (before it goes away).
  async collect() {
    if (this.engine.pageErrors !== "page") return;
    const heard = await this.driver.executeScript(() => (window.__rehearseErrors ?? []).splice(0));
    this.reported.push(...heard);
  }

  /// Every page error reported so far (and forgets them).
  async errors() {
    await this.collect();
    return this.reported.splice(0);
  }

  async goto(url) {
    await this.collect();
    await this.driver.get(url);
    // With the strategy "none", the driver returns as the navigation starts: wait for
    // the new document (sessions of that kind start from about:blank).
    if (this.pageLoadStrategy === "none") {
      await this.until(() => this.eval(() => location.protocol !== "about:" && document.readyState !== "loading"), `${url} to be parsed`);
    }
    await this.watch();
  }

  /// Reloads as a person does. Not WebDriver's Refresh: geckodriver's bypasses the
  /// service worker, as a hard reload would, so a page offline would never load.
  async reload() {
    await this.collect();
    await this.eval(() => {
      window.__rehearseOld = true;
      location.reload();
    });
    await this.until(() => this.eval(() => !window.__rehearseOld && document.readyState !== "loading"), "the page to reload");
    await this.watch();
  }

  async url() {
    return this.driver.getCurrentUrl();
  }

  /// Runs `fn` in the page (a function, or a script's text) and returns its result.
  eval(fn, ...args) {
    return this.driver.executeScript(fn, ...args);
  }

  /// Waits until `condition` (an async function) returns something truthy, and returns it.
  /// Errors thrown while the page is changing count as "not yet".
  async until(condition, what) {
    let last;
    try {
      return await this.driver.wait(
        async () => {
          try {
            return await condition();
          } catch (e) {
            last = e;
            return false;
          }
        },
        BOUND,
        what,
      );
    } catch (e) {
      throw new Error(`${this.engine.title}: gave up waiting: ${what}${last ? ` (last: ${last.message})` : ""}`, { cause: e });
    }
  }

  /// The first element matching `css` that is displayed and whose text matches `text`
  /// (a string for the start of the trimmed text, or a RegExp), once there is one.
  /// It is scrolled to the middle of the view at once, in its frame and in the page
  /// around the frame, before the driver scrolls it itself: both drivers scroll only the
  /// frame before a click, and click nothing when the element lies below the fold of the
  /// page around that cross-origin frame; WebKitWebDriver also scrolls with the page's
  /// `scroll-behavior: smooth` and finds the element still out of view ("not
  /// interactable").
  async find(css, text) {
    const found = await this.until(async () => {
      for (const element of await this.driver.findElements(By.css(css))) {
        if (!(await element.isDisplayed())) continue;
        if (text === undefined) return element;
        const shown = (await element.getText()).trim();
        if (typeof text === "string" ? shown.startsWith(text) : text.test(shown)) return element;
      }
      return null;
    }, `${css}${text === undefined ? "" : ` with text ${text}`} to be displayed`);
    await this.driver.executeScript((element) => element.scrollIntoView({ block: "center", behavior: "instant" }), found);
    if (this.frame) {
      // WebKit scrolls no cross-origin parent for a frame's element: the page is scrolled
      // from outside, so that the element is in the middle of the view.
      const y = await this.driver.executeScript((element) => {
        const box = element.getBoundingClientRect();
        return box.top + box.height / 2;
      }, found);
      await this.driver.switchTo().defaultContent();
      await this.driver.executeScript(
        (frame, y) => scrollBy({ top: frame.getBoundingClientRect().top + y - innerHeight / 2, behavior: "instant" }),
        this.frame,
        y,
      );
      await this.driver.switchTo().frame(this.frame);
    }
    return found;
  }

  /// Runs `body` inside the iframe matching `css` (in the page, not in another frame),
  /// listening there for page errors, then comes back to the page.
  async inFrame(css, body) {
    const frame = await this.find(css);
    await this.driver.switchTo().frame(frame);
    this.frame = frame;
    try {
      await this.watch();
      return await body();
    } finally {
      await this.collect();
      this.frame = undefined;
      await this.driver.switchTo().defaultContent();
    }
  }

  button(text) {
    return this.find("button", text);
  }

  async click(css, text) {
    await (await this.find(css, text)).click();
  }

  /// Waits until the text of the first element matching `css` matches `expected`.
  async text(css, expected) {
    return this.until(async () => {
      const element = await this.driver.findElement(By.css(css));
      const shown = (await element.getText()).trim();
      return (typeof expected === "string" ? shown.includes(expected) : expected.test(shown)) && shown;
    }, `${css} to read ${expected}`);
  }

  /// Waits until the page's URL matches `pattern`.
  async urlMatches(pattern) {
    return this.until(async () => pattern.test(await this.url()), `the URL to match ${pattern}`);
  }

  /// Presses keys on whatever has the focus, as a keyboard would.
  async press(...keys) {
    const actions = this.driver.actions({ async: true });
    for (const key of keys) actions.keyDown(key).keyUp(key);
    await actions.perform();
  }

  /// Waits until the focused element matches `css`.
  async focused(css) {
    return this.until(() => this.eval((css) => document.activeElement?.matches(css) ?? false, css), `${css} to have the focus`);
  }

  async quit() {
    await this.inspector?.close?.().catch(() => {});
    await this.driver.quit().catch(() => {});
  }
}
