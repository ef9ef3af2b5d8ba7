// The browser engines the WebDriver tiers drive, each through its own W3C WebDriver
// server and the selenium-webdriver client (never a protocol of our own). One entry per
// engine: adding an engine is one entry here and its install in xtask/src/setup.rs; the
// journeys (journeys.test.mjs) are shared. The paths come from `cargo xtask setup`'s
// environment, with Debian's locations as the defaults.
//
// `pageErrors` says how the engine reports page errors to a test:
// - "bidi": WebDriver BiDi's log.entryAdded, from the first byte of every page and frame
//   (console errors, uncaught exceptions, unhandled rejections, CSP violations);
// - "page": the engine's WebDriver has no BiDi and no log endpoint, so the test listens
//   in each page from the moment WebDriver hands it over (errors, unhandled rejections,
//   CSP violations, console.error); what a page logs while it loads is not seen.
export const engines = {
  webkit: {
    title: "WebKit (WebKitGTK MiniBrowser, WebKitWebDriver)",
    driver: process.env.WEBKIT_WEBDRIVER ?? "WebKitWebDriver",
    driverArgs: (port) => [`--port=${port}`],
    capabilities: () => ({
      "webkitgtk:browserOptions": {
        binary: process.env.MINIBROWSER ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
        args: ["--automation"],
      },
    }),
    pageErrors: "page",
  },
  firefox: {
    title: "Firefox (geckodriver, headless)",
    driver: process.env.GECKODRIVER ?? "geckodriver",
    driverArgs: (port, bidiPort) => [`--port=${port}`, `--websocket-port=${bidiPort}`],
    capabilities: () => ({
      browserName: "firefox",
      webSocketUrl: true,
      "moz:firefoxOptions": {
        binary: process.env.FIREFOX_PATH ?? "/usr/bin/firefox-esr",
        args: ["-headless"],
        // Nothing beyond loopback: no captive-portal or connectivity probes.
        prefs: { "network.captive-portal-service.enabled": false, "network.connectivity-service.enabled": false },
      },
    }),
    pageErrors: "bidi",
  },
};
