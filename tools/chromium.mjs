// Debian's Chromium as every tool here launches it (end-to-end tests, screenshots,
// Lighthouse): headless, no sandbox (containers), and nothing that reaches the network
// on its own (no component updates, no sync, no background requests).
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumArgs = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
