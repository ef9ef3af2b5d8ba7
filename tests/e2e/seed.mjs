// Stored progress put in place before the app starts, once per tab (a reload after that
// finds what the app itself made of it). Used by the accessibility tests and screenshots.
export async function seedStoredProgress(page, value, key = "rehearse:v1:backend-engineer") {
  await page.addInitScript(
    ([key, value]) => {
      if (!sessionStorage.getItem("seeded")) {
        sessionStorage.setItem("seeded", "1");
        localStorage.setItem(key, value);
      }
    },
    [key, value],
  );
}

/// Progress with a history, made through the app itself on a simulated clock (stored
/// progress carries each question's content hash, which only the app knows): a question
/// mastered (two easy answers weeks apart), one missed yesterday (due today), and two
/// graded today (due in the days ahead). The clock stays at `now`.
export async function gradeSome(page, origin = "./") {
  const day = 86_400_000;
  const now = Date.now();
  const grades = [
    ["rate-limiting", -40, /^Easy/],
    ["rate-limiting", -20, /^Easy/],
    ["caching-strategies", -1, /^Missed it/],
    ["containers", 0, /^Got it( \(suggested\))?$/],
    ["sql-vs-nosql", 0, /^Got it with effort/],
  ];
  for (const [slug, days, name] of grades) {
    await page.clock.setFixedTime(now + days * day);
    await page.goto(`${origin}#/q/${slug}/answer`);
    await page.getByRole("button", { name }).first().click();
    await page.locator("p.graded").waitFor();
  }
  await page.clock.setFixedTime(now);
}
