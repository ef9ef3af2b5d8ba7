//! Browser tests (wasm-bindgen-test, headless Chromium): the app mounts into a fresh
//! element, real clicks drive it, and storage round-trips through real localStorage.
#![cfg(target_arch = "wasm32")]

use rehearse::core::deck::{fixture::CHOICE_DECK, DECK};
use rehearse::core::progress::Progress;
use rehearse::core::storage::{self, Decoded};
use rehearse::shell::{browser, App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app for `deck` into a new element and returns that element.
fn mount(deck: &'static rehearse::core::deck::Deck, hash: &str) -> Element {
    let document = browser::document().expect("a document");
    browser::replace_hash(hash);
    let root = document.create_element("div").expect("an element");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { deck }).render();
    root
}

/// Lets Yew render: one turn of the event loop.
async fn tick() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn click(root: &Element, selector: &str) {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .unwrap_or_else(|| panic!("no element for {selector}"))
        .click();
}

#[wasm_bindgen_test]
async fn the_app_mounts_and_shows_the_deck_title() {
    let root = mount(&DECK, "#/");
    tick().await;
    assert_eq!(text(&root, "h1"), DECK.title);
    assert_eq!(
        root.query_selector_all(".question-item").unwrap().length() as usize,
        DECK.questions.len()
    );
    root.remove();
}

#[wasm_bindgen_test]
fn progress_round_trips_through_local_storage() {
    let key = storage::key("browser-test", Some("round-trip"));
    let mut progress = Progress::default();
    progress.prefs.swipe = false;
    browser::write(&key, &storage::encode("browser-test", &progress)).expect("a write");
    let loaded = browser::load(&key);
    assert!(loaded.available);
    assert_eq!(loaded.decoded, Decoded::Progress(progress));
}
