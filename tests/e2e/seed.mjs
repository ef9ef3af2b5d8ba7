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
