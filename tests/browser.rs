//! Browser tests (wasm-bindgen-test, headless Chromium): the app mounts into a fresh
//! element, real clicks drive it, and storage round-trips through real localStorage.
#![cfg(target_arch = "wasm32")]

use rehearse::core::deck::{fixture::CHOICE_DECK, DECK};
use rehearse::core::progress::Progress;
use rehearse::core::storage::{self, Decoded};
use rehearse::shell::{browser, App, AppProps, Boot};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// An app mounted for one test; `unmount` removes it and its listeners.
struct Mounted {
    root: Element,
    handle: yew::AppHandle<App>,
}

impl std::ops::Deref for Mounted {
    type Target = Element;
    fn deref(&self) -> &Element {
        &self.root
    }
}

impl Mounted {
    /// Destroys the app and waits a turn, so that none of its listeners outlive the test.
    async fn unmount(self) {
        self.handle.destroy();
        self.root.remove();
        tick().await;
    }
}

/// Mounts the app for `deck` at `hash` into a new element, with empty storage.
fn mount(deck: &'static rehearse::core::deck::Deck, hash: &str) -> Mounted {
    local_storage().clear().expect("cleared");
    mount_over(deck, hash)
}

/// Mounts the app over whatever the test left in storage.
fn mount_over(deck: &'static rehearse::core::deck::Deck, hash: &str) -> Mounted {
    browser::replace_hash(hash);
    let document = browser::document().expect("a document");
    let root = document.create_element("div").expect("an element");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    let handle = yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            deck,
            boot: Rc::new(Boot::read()),
        },
    )
    .render();
    Mounted { root, handle }
}

/// Whether an element is there and not hidden (a card's sections wait hidden).
fn shown(root: &Element, selector: &str) -> bool {
    root.query_selector(selector)
        .unwrap()
        .is_some_and(|el| el.closest("[hidden]").unwrap().is_none())
}

/// Lets Yew render: one turn of the event loop.
async fn tick() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// Lets the next frame be painted and what waits for it run (`browser::after_paint`: a
/// reveal reaches the store then), and Yew render.
async fn painted() {
    let frame = js_sys::Promise::new(&mut |done, _| {
        let _ = web_sys::window().unwrap().request_animation_frame(&done);
    });
    wasm_bindgen_futures::JsFuture::from(frame).await.unwrap();
    tick().await;
    tick().await;
}

/// Waits for a condition, a short timer turn at a time (half a second at most).
async fn until(mut done: impl FnMut() -> bool) -> bool {
    for _ in 0..50 {
        if done() {
            return true;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    done()
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
    root.unmount().await;
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

/// The open question of the choice fixture deck.
const OPEN: &str = "put-vs-patch";

#[wasm_bindgen_test]
async fn the_card_reveals_in_stages_and_counts_ticked_key_points() {
    let root = mount(&CHOICE_DECK, &format!("#/q/{OPEN}"));
    tick().await;
    assert!(!shown(&root, "#section-why"));
    // A reveal button shows its sections in the click itself; the store (the button's
    // label, the announcement) catches up once the frame that shows them is painted.
    let announced = |what: &str| text(&root, "div.visually-hidden[aria-live]") == what;
    click(&root, ".action-bar .primary");
    assert!(shown(&root, "#section-why"));
    assert!(!shown(&root, "#section-how"));
    assert!(until(|| announced("Revealed: why interviewers ask.")).await);
    assert_eq!(text(&root, "#section-why"), "Why interviewers ask");
    assert!(shown(&root, "#section-why"));
    assert!(!shown(&root, "#section-how"));
    click(&root, ".action-bar .primary");
    assert!(shown(&root, "#section-how") && shown(&root, ".key-points"));
    assert!(!shown(&root, "#section-answer"));
    assert!(until(|| announced("Revealed: how to answer, with the key points.")).await);
    assert_eq!(text(&root, "#section-how"), "How to answer");
    assert!(text(&root, ".covered").starts_with("Covered 0 of "));
    click(&root, ".key-points input");
    tick().await;
    assert!(text(&root, ".covered").starts_with("Covered 1 of "));
    click(&root, ".action-bar .primary");
    assert!(shown(&root, "#section-answer"));
    assert_eq!(browser::hash(), format!("#/q/{OPEN}/answer"));
    assert!(until(|| root.query_selector_all(".grade").unwrap().length() == 4).await);
    assert_eq!(text(&root, "#section-answer"), "Model answer");
    assert_eq!(browser::hash(), format!("#/q/{OPEN}/answer"));
    root.unmount().await;
}

/// Types `text` into the scratchpad as a user would: its value, then an input event.
fn type_draft(root: &Element, text: &str) {
    let area: web_sys::HtmlTextAreaElement = root
        .query_selector("#draft")
        .unwrap()
        .expect("a scratchpad")
        .dyn_into()
        .unwrap();
    area.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let input = web_sys::InputEvent::new_with_event_init_dict("input", &init.unchecked_into())
        .expect("an input event");
    area.dispatch_event(&input).expect("dispatched");
}

fn checked(root: &Element) -> Vec<bool> {
    let boxes = root.query_selector_all(".key-points input").unwrap();
    (0..boxes.length())
        .map(|i| {
            boxes
                .item(i)
                .and_then(|b| b.dyn_into::<web_sys::HtmlInputElement>().ok())
                .is_some_and(|b| b.checked())
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_draft_is_checked_against_the_cues_only_once_the_key_points_show() {
    let root = mount(&CHOICE_DECK, &format!("#/q/{OPEN}"));
    tick().await;
    // Mentions point 1 ("replaces"), in the user's own words and case, and point 3.
    type_draft(
        &root,
        "PUT Replaces the lot. PATCH is not always idempotent.",
    );
    click(&root, ".action-bar .primary");
    painted().await;
    // The key points are not shown yet: no mark says anything, nothing is said.
    let marks = || {
        let all = root.query_selector_all(".in-draft").unwrap();
        (0..all.length())
            .map(|i| {
                all.item(i)
                    .and_then(|m| m.text_content())
                    .unwrap_or_default()
            })
            .collect::<Vec<String>>()
    };
    assert_eq!(marks(), ["Not in your draft"; 4]);
    assert!(!shown(&root, ".in-draft"));
    assert!(!shown(&root, ".key-points button"));
    assert!(!shown(&root, ".mentions"));
    click(&root, ".action-bar .primary");
    painted().await;
    assert_eq!(
        marks(),
        [
            "In your draft: \u{201c}Replaces\u{201d}",
            "Not in your draft",
            "In your draft: \u{201c}idempotent\u{201d}",
            "Not in your draft",
        ]
    );
    assert!(text(&root, ".key-points label:nth-of-type(1)").contains("Replaces"));
    assert!(text(&root, ".key-points label:nth-of-type(3)").contains("idempotent"));
    assert_eq!(
        text(&root, ".mentions"),
        "Your draft mentions 2 of 4 key points"
    );
    // Nothing is ticked until the user asks.
    assert_eq!(checked(&root), [false; 4]);
    assert_eq!(text(&root, ".covered"), "Covered 0 of 4");
    let button = ".key-points button";
    assert!(shown(&root, button));
    assert_eq!(text(&root, button), "Tick what my draft mentions");
    click(&root, button);
    tick().await;
    assert_eq!(checked(&root), [true, false, true, false]);
    assert_eq!(text(&root, ".covered"), "Covered 2 of 4");
    // Every tick can be undone, and the suggested grade follows the ticks.
    click(&root, ".key-points label:nth-of-type(1) input");
    tick().await;
    assert_eq!(checked(&root), [false, false, true, false]);
    click(&root, ".action-bar .primary");
    painted().await;
    assert_eq!(text(&root, ".grade[data-suggested] .hint"), " (suggested)");
    let suggested = text(&root, ".grade[data-suggested]");
    assert!(
        suggested.contains("Missed it"),
        "1 of 4 ticked: {suggested}"
    );
    root.unmount().await;
}

#[wasm_bindgen_test]
async fn grading_shows_on_the_card_and_in_the_overview() {
    let root = mount(&CHOICE_DECK, &format!("#/q/{OPEN}/answer"));
    tick().await;
    click(&root, ".grade:nth-child(3)");
    tick().await;
    assert_eq!(text(&root, ".graded"), "Graded: Got it.");
    assert_eq!(
        text(&root, "div.visually-hidden[aria-live]"),
        "Graded: Got it.",
        "announced to screen readers"
    );
    browser::push_hash("#/");
    gloo_timers::future::TimeoutFuture::new(20).await;
    assert!(
        text(&root, "#summary").starts_with("Practised 1 of 4"),
        "{}",
        text(&root, "#summary")
    );
    root.unmount().await;
}

#[wasm_bindgen_test]
async fn a_single_choice_question_is_submitted_and_scored() {
    let root = mount(&CHOICE_DECK, "#/q/status-code-created");
    tick().await;
    // Choose the first (wrong) answer and submit.
    click(&root, ".choices input");
    tick().await;
    click(&root, ".choices button[type=submit]");
    tick().await;
    assert_eq!(text(&root, ".verdict"), "Not quite.");
    assert_eq!(text(&root, "#section-answer"), "Explanation");
    assert_eq!(
        text(&root, ".check[data-mark=right] .mark"),
        " — correct answer"
    );
    root.unmount().await;
}

#[wasm_bindgen_test]
async fn keyboard_shortcuts_reveal_and_grade_but_not_while_typing() {
    let root = mount(&CHOICE_DECK, &format!("#/q/{OPEN}"));
    tick().await;
    let document = browser::document().unwrap();
    let press = |target: &web_sys::EventTarget, key: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        target.dispatch_event(&event).unwrap();
    };
    let draft: web_sys::EventTarget = root.query_selector("#draft").unwrap().unwrap().into();
    press(&draft, " ");
    tick().await;
    assert!(
        !shown(&root, "#section-why"),
        "typing a space must not reveal"
    );
    press(&document, " ");
    tick().await;
    assert!(shown(&root, "#section-why"));
    press(&document, "Enter");
    press(&document, "Enter");
    tick().await;
    assert!(shown(&root, "#section-answer"));
    press(&document, "4");
    tick().await;
    assert_eq!(text(&root, ".graded"), "Graded: Easy.");
    root.unmount().await;
}

#[wasm_bindgen_test]
async fn unknown_routes_and_slugs_show_a_way_back() {
    for hash in [
        "#/q/not-a-question",
        "#/nowhere",
        "#/q/%3Cb%3Ebold%3C%2Fb%3E",
    ] {
        let root = mount(&CHOICE_DECK, hash);
        tick().await;
        assert_eq!(text(&root, "h1"), "We could not find that page", "{hash}");
        assert!(
            root.query_selector("main b").unwrap().is_none(),
            "nothing from the URL is markup"
        );
        assert!(root.query_selector("a[href='#/']").unwrap().is_some());
        root.unmount().await;
    }
}

/// The storage key of the choice deck, where these tests keep progress.
fn choice_key() -> String {
    storage::key(CHOICE_DECK.id, None)
}

fn local_storage() -> web_sys::Storage {
    browser::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("storage")
}

/// Leaving the page flushes pending writes at once: the test needs no timer.
fn leave_page() {
    let event = web_sys::Event::new("pagehide").expect("an event");
    browser::window()
        .expect("a window")
        .dispatch_event(&event)
        .expect("dispatched");
}

fn tick_first_key_point(root: &Element) {
    click(root, ".key-points input");
}

#[wasm_bindgen_test]
async fn an_unreadable_value_is_kept_aside_and_the_user_is_told() {
    local_storage().clear().unwrap();
    local_storage()
        .set_item(&choice_key(), "{\"todos\": [1, 2")
        .unwrap();
    let root = mount_over(&CHOICE_DECK, &format!("#/q/{OPEN}/answer"));
    tick().await;
    assert!(
        text(&root, ".notice").contains("could not be read"),
        "{}",
        text(&root, ".notice")
    );
    let backup = (0..local_storage().length().unwrap())
        .filter_map(|i| local_storage().key(i).ok().flatten())
        .find(|k| k.starts_with(&format!("{}:backup:", choice_key())))
        .expect("a backup key");
    assert_eq!(
        local_storage().get_item(&backup).unwrap().as_deref(),
        Some("{\"todos\": [1, 2")
    );
    // Nothing was written over the original before the user changed anything.
    assert_eq!(
        local_storage().get_item(&choice_key()).unwrap().as_deref(),
        Some("{\"todos\": [1, 2")
    );
    // Practising works and is saved; the kept copy stays until the user deletes it.
    tick_first_key_point(&root);
    tick().await;
    leave_page();
    assert!(matches!(
        browser::load(&choice_key()).decoded,
        Decoded::Progress(_)
    ));
    assert!(local_storage().get_item(&backup).unwrap().is_some());
    click(&root, ".notice button:nth-child(2)");
    tick().await;
    assert!(local_storage().get_item(&backup).unwrap().is_none());
    assert!(root.query_selector(".notice").unwrap().is_none());
    root.unmount().await;
}

#[wasm_bindgen_test]
async fn a_newer_schema_is_never_written_over() {
    local_storage().clear().unwrap();
    let newer = r#"{"app":"rehearse","schema":99,"deck":"http-basics","future":true}"#;
    local_storage().set_item(&choice_key(), newer).unwrap();
    let root = mount_over(&CHOICE_DECK, &format!("#/q/{OPEN}/answer"));
    tick().await;
    assert!(text(&root, ".notice").contains("newer version"));
    tick_first_key_point(&root);
    tick().await;
    leave_page();
    assert_eq!(
        local_storage().get_item(&choice_key()).unwrap().as_deref(),
        Some(newer)
    );
    assert!(
        text(&root, ".covered").starts_with("Covered 1 of "),
        "the app still works from memory"
    );
    root.unmount().await;
}

#[wasm_bindgen_test]
async fn blocked_storage_works_from_memory_and_says_so() {
    local_storage().clear().unwrap();
    js_sys::eval(
        "window.__realStorage = Object.getOwnPropertyDescriptor(window, 'localStorage'); \
         Object.defineProperty(window, 'localStorage', { configurable: true, \
         get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } })",
    )
    .unwrap();
    let root = mount_over(&CHOICE_DECK, &format!("#/q/{OPEN}/answer"));
    tick().await;
    let notice = text(&root, ".notice");
    js_sys::eval("Object.defineProperty(window, 'localStorage', window.__realStorage)").unwrap();
    assert!(notice.contains("will not be saved here"), "{notice}");
    tick_first_key_point(&root);
    tick().await;
    assert!(text(&root, ".covered").starts_with("Covered 1 of "));
    root.unmount().await;
}

#[wasm_bindgen_test]
async fn a_full_quota_keeps_everything_in_memory_and_recovers() {
    local_storage().clear().unwrap();
    let root = mount_over(&CHOICE_DECK, &format!("#/q/{OPEN}/answer"));
    tick().await;
    // Fill storage to the brim.
    let chunk = "x".repeat(512 * 1024);
    let mut n = 0;
    while local_storage()
        .set_item(&format!("filler-{n}"), &chunk)
        .is_ok()
    {
        n += 1;
    }
    let small = "y".repeat(1024);
    let mut m = 0;
    while local_storage()
        .set_item(&format!("filler-small-{m}"), &small)
        .is_ok()
    {
        m += 1;
    }
    tick_first_key_point(&root);
    tick().await;
    leave_page();
    tick().await;
    assert!(
        text(&root, ".notice").contains("Storage is full"),
        "{}",
        text(&root, ".notice")
    );
    assert!(
        text(&root, ".covered").starts_with("Covered 1 of "),
        "nothing is lost in memory"
    );
    // Space comes back: the next change writes everything, and the notice goes away.
    for i in 0..n {
        local_storage().remove_item(&format!("filler-{i}")).unwrap();
    }
    click(&root, ".key-points label:nth-of-type(2) input");
    tick().await;
    leave_page();
    tick().await;
    assert!(root.query_selector(".notice").unwrap().is_none());
    let Decoded::Progress(saved) = browser::load(&choice_key()).decoded else {
        panic!("progress was saved once there was room");
    };
    assert_eq!(saved.questions[OPEN].ticked, vec![0, 1]);
    local_storage().clear().unwrap();
    root.unmount().await;
}

#[wasm_bindgen_test]
async fn another_tab_s_grades_are_merged_in() {
    let root = mount(&CHOICE_DECK, "#/");
    tick().await;
    assert!(text(&root, "#summary").starts_with("Practised 0 of 4"));
    let mut theirs = Progress::default();
    let question = CHOICE_DECK.questions.iter().find(|q| q.id == OPEN).unwrap();
    theirs.grade(question, rehearse::core::fsrs::Grade::Good, browser::now());
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some(&choice_key()));
    init.set_new_value(Some(&storage::encode(CHOICE_DECK.id, &theirs)));
    let event = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    // The other tab may save again before this one has attached its listener; a merge
    // of the same value twice changes nothing, so repeating the event is harmless.
    let merged = until(|| {
        browser::window().unwrap().dispatch_event(&event).unwrap();
        text(&root, "#summary").starts_with("Practised 1 of 4")
    })
    .await;
    assert!(merged, "{}", text(&root, "#summary"));
    root.unmount().await;
}

/// Every backup key of the choice deck's progress.
fn backups() -> Vec<String> {
    browser::keys_starting_with(&choice_key())
        .into_iter()
        .filter(|k| storage::is_backup_of(&choice_key(), k))
        .collect()
}

/// Sends a `storage` event for the choice deck's key, as another tab's save would.
fn another_tab_saved(value: &str) {
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some(&choice_key()));
    init.set_new_value(Some(value));
    let event = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    browser::window().unwrap().dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn an_unreadable_value_is_kept_once_however_often_the_page_loads() {
    local_storage().clear().unwrap();
    let damaged = "{\"todos\": [1, 2";
    local_storage().set_item(&choice_key(), damaged).unwrap();
    // Copies kept by earlier visits, of this value and of another one.
    local_storage()
        .set_item(&format!("{}:backup:1", choice_key()), "older damage")
        .unwrap();
    for _ in 0..3 {
        let root = mount_over(&CHOICE_DECK, "#/");
        tick().await;
        assert!(text(&root, ".notice").contains("could not be read"));
        root.unmount().await;
    }
    assert_eq!(backups().len(), 2, "{:?}", backups());
    // A key of another namespace is not a backup of this one.
    let other = format!("{}:backup", choice_key());
    local_storage().set_item(&other, "ns").unwrap();
    let root = mount_over(&CHOICE_DECK, "#/");
    tick().await;
    click(&root, ".notice button:nth-child(2)");
    tick().await;
    assert_eq!(
        backups(),
        Vec::<String>::new(),
        "every kept copy is deleted"
    );
    assert_eq!(
        local_storage().get_item(&other).unwrap().as_deref(),
        Some("ns")
    );
    root.unmount().await;
    local_storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn a_save_from_another_tab_that_this_one_cannot_read_stops_its_saving() {
    for (value, says) in [
        (
            r#"{"app":"rehearse","schema":99,"deck":"http-basics"}"#,
            "newer version",
        ),
        ("{\"todos\": [", "cannot read"),
    ] {
        let root = mount(&CHOICE_DECK, &format!("#/q/{OPEN}/answer"));
        tick().await;
        // The other tab wrote this value, then told us.
        local_storage().set_item(&choice_key(), value).unwrap();
        let told = until(|| {
            another_tab_saved(value);
            text(&root, ".notice").contains(says)
        })
        .await;
        assert!(told, "{}", text(&root, ".notice"));
        tick_first_key_point(&root);
        tick().await;
        leave_page();
        assert_eq!(
            local_storage().get_item(&choice_key()).unwrap().as_deref(),
            Some(value),
            "never merged, never written over"
        );
        assert!(text(&root, ".covered").starts_with("Covered 1 of "));
        root.unmount().await;
    }
    local_storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn a_reset_in_another_tab_holds_here() {
    local_storage().clear().unwrap();
    let question = CHOICE_DECK.questions.iter().find(|q| q.id == OPEN).unwrap();
    let mut before = Progress::default();
    before.set_draft(question, "private notes", browser::now() - 60_000);
    local_storage()
        .set_item(&choice_key(), &storage::encode(CHOICE_DECK.id, &before))
        .unwrap();
    let root = mount_over(&CHOICE_DECK, "#/");
    tick().await;
    let mut reset = before.clone();
    reset.clear(browser::now());
    let value = storage::encode(CHOICE_DECK.id, &reset);
    local_storage().set_item(&choice_key(), &value).unwrap();
    another_tab_saved(&value);
    tick().await;
    // This tab acts and saves: the old draft does not come back.
    browser::push_hash(&format!("#/q/{OPEN}/answer"));
    assert!(until(|| root.query_selector(".key-points input").unwrap().is_some()).await);
    tick_first_key_point(&root);
    tick().await;
    leave_page();
    let Decoded::Progress(saved) = browser::load(&choice_key()).decoded else {
        panic!("saved");
    };
    assert_eq!(saved.questions[OPEN].draft, "", "{saved:?}");
    assert_eq!(saved.questions[OPEN].ticked, vec![0]);
    assert_eq!(saved.cleared_at, reset.cleared_at);
    root.unmount().await;
    local_storage().clear().unwrap();
}

/// Sets the page's query string (the embed options) without reloading.
fn set_search(search: &str) {
    let window = browser::window().expect("a window");
    let path = window.location().pathname().expect("a path");
    window
        .history()
        .expect("history")
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        )
        .expect("replaced");
}

#[wasm_bindgen_test]
async fn url_options_pick_questions_hide_chrome_and_keep_progress_apart() {
    set_search("?ids=status-code-created,put-vs-patch&compact=1&ns=post-7");
    let root = mount(&CHOICE_DECK, "#/");
    tick().await;
    assert_eq!(
        root.query_selector_all(".question-item").unwrap().length(),
        2
    );
    assert!(
        root.query_selector(".site-header").unwrap().is_none(),
        "compact: no navigation"
    );
    assert!(
        root.query_selector(".lede").unwrap().is_none(),
        "compact: no description"
    );
    root.unmount().await;

    // Progress made under a namespace lands in its own key, never in the deck's.
    let root = mount_over(&CHOICE_DECK, "#/q/status-code-created");
    tick().await;
    click(&root, ".choices input");
    tick().await;
    click(&root, ".choices button[type=submit]");
    tick().await;
    leave_page();
    let namespaced = storage::key(CHOICE_DECK.id, Some("post-7"));
    assert!(
        until(|| local_storage()
            .get_item(&namespaced)
            .ok()
            .flatten()
            .is_some())
        .await
    );
    assert_eq!(local_storage().get_item(&choice_key()).unwrap(), None);
    root.unmount().await;
    set_search("");
}

#[wasm_bindgen_test]
async fn the_share_panel_uses_the_share_sheet_or_offers_the_link_by_hand() {
    use js_sys::{Function, Reflect};
    let window = browser::window().expect("a window");
    let navigator = wasm_bindgen::JsValue::from(window.navigator());
    // A share sheet that records what it was given.
    let sheet = Function::new_with_args("data", "window.shared = data; return Promise.resolve();");
    Reflect::set(&navigator, &"share".into(), &sheet).unwrap();
    let root = mount(&CHOICE_DECK, "#/q/idempotent-methods");
    tick().await;
    // Closed, the panel holds nothing but its summary; opened, it builds its body.
    assert_eq!(
        root.query_selector_all(".share button").unwrap().length(),
        0
    );
    click(&root, ".share summary");
    tick().await;
    let link = format!("{}#/q/idempotent-methods", browser::site_url());
    let buttons = root.query_selector_all(".share button").unwrap();
    let share_link = buttons.get(0).unwrap().dyn_into::<HtmlElement>().unwrap();
    assert_eq!(share_link.text_content().unwrap(), "Share link");
    share_link.click();
    let shared_url = || {
        Reflect::get(&window, &"shared".into())
            .and_then(|d| Reflect::get(&d, &"url".into()))
            .ok()
            .and_then(|u| u.as_string())
    };
    assert!(until(|| shared_url() == Some(link.clone())).await);
    root.unmount().await;

    // No share sheet and a refused clipboard: the link with the answer, in a field.
    Reflect::delete_property(&navigator.clone().into(), &"share".into()).unwrap();
    let clipboard = Reflect::get(&navigator, &"clipboard".into()).unwrap();
    let refuse =
        Function::new_no_args("return Promise.reject(new DOMException('no', 'NotAllowedError'));");
    Reflect::set(&clipboard, &"writeText".into(), &refuse).unwrap();
    let root = mount(&CHOICE_DECK, "#/q/idempotent-methods");
    tick().await;
    click(&root, ".share summary");
    tick().await;
    let buttons = root.query_selector_all(".share button").unwrap();
    let copy_answer = buttons.get(1).unwrap().dyn_into::<HtmlElement>().unwrap();
    assert_eq!(
        copy_answer.text_content().unwrap(),
        "Copy link with the answer open"
    );
    copy_answer.click();
    let field = || {
        root.query_selector("#copy-by-hand")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    };
    assert!(until(|| field().is_some()).await);
    assert_eq!(field().unwrap().value(), format!("{link}/answer"));
    root.unmount().await;
    Reflect::delete_property(&clipboard.into(), &"writeText".into()).unwrap();
}

/// Replaces the browser's microphone and recorder with fakes: `getUserMedia` resolves
/// to an empty stream, or rejects with a `DOMException` named `refuse`; the recorder
/// supports only Safari's `audio/mp4` and hands over a tiny Blob when stopped.
fn fake_microphone(refuse: Option<&str>) {
    let script = format!(
        "window.__media = [navigator.mediaDevices.getUserMedia, window.MediaRecorder];
         const refuse = {refuse:?};
         navigator.mediaDevices.getUserMedia = () => refuse
           ? Promise.reject(new DOMException('refused by the test', refuse))
           : Promise.resolve(new MediaStream());
         window.MediaRecorder = class extends EventTarget {{
           static isTypeSupported(type) {{ return type === 'audio/mp4'; }}
           constructor(stream, options) {{ super(); this.mimeType = options.mimeType; }}
           start() {{ window.__recording = this.mimeType; }}
           stop() {{
             const data = new Event('dataavailable');
             data.data = new Blob(['fake audio'], {{ type: this.mimeType }});
             this.dispatchEvent(data);
             this.dispatchEvent(new Event('stop'));
           }}
         }};",
        refuse = refuse.unwrap_or("")
    );
    js_sys::Function::new_no_args(&script)
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
}

fn real_microphone() {
    js_sys::Function::new_no_args(
        "[navigator.mediaDevices.getUserMedia, window.MediaRecorder] = window.__media;",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap();
}

#[wasm_bindgen_test]
async fn an_answer_out_loud_goes_from_recording_to_playback_to_discarded() {
    fake_microphone(None);
    let root = mount(&CHOICE_DECK, &format!("#/q/{OPEN}"));
    tick().await;
    assert_eq!(text(&root, ".speak button"), "Answer out loud");
    click(&root, ".speak button");
    assert!(until(|| text(&root, ".speak button") == "Stop").await);
    assert_eq!(text(&root, ".speak [role=timer]"), "0:00");
    click(&root, ".speak button");
    assert!(until(|| root.query_selector(".speak audio").unwrap().is_some()).await);
    let audio = root.query_selector(".speak audio").unwrap().unwrap();
    assert!(audio.get_attribute("src").unwrap().starts_with("blob:"));
    assert!(audio.has_attribute("controls"));
    // Safari's format was the one supported: the download is named for it.
    let download = root.query_selector(".speak a[download]").unwrap().unwrap();
    assert_eq!(
        download.get_attribute("download").as_deref(),
        Some("answer.m4a")
    );
    assert!(text(&root, ".speak").contains("You spoke for 0:0"));
    assert!(text(&root, ".speak .history").starts_with("Your history: spoke for 0:0"));
    // The length went into progress; the audio did not.
    let stored = || {
        local_storage()
            .get_item(&storage::key(CHOICE_DECK.id, None))
            .unwrap()
            .unwrap_or_default()
    };
    assert!(until(|| stored().contains("\"spoken\":[{\"at\":")).await);
    assert!(!stored().contains("blob:"));
    let buttons = root.query_selector_all(".speak button").unwrap();
    assert_eq!(
        buttons.get(1).unwrap().text_content().as_deref(),
        Some("Discard")
    );
    buttons
        .get(1)
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    assert!(until(|| root.query_selector(".speak audio").unwrap().is_none()).await);
    assert_eq!(text(&root, ".speak button"), "Answer out loud");
    root.unmount().await;
    real_microphone();
}

#[wasm_bindgen_test]
async fn a_refused_or_missing_microphone_says_so_and_can_be_tried_again() {
    for (error, message) in [
        ("NotAllowedError", "The microphone was refused"),
        ("NotFoundError", "No microphone could be used"),
        ("NotSupportedError", "This browser cannot record audio here"),
    ] {
        fake_microphone(Some(error));
        let root = mount(&CHOICE_DECK, &format!("#/q/{OPEN}"));
        tick().await;
        click(&root, ".speak button");
        assert!(
            until(|| text(&root, ".speak [role=alert]").starts_with(message)).await,
            "{error}"
        );
        assert_eq!(text(&root, ".speak button"), "Try again");
        // The rest of the card still works.
        click(&root, ".action-bar .primary");
        tick().await;
        assert!(shown(&root, "#section-why"));
        root.unmount().await;
        real_microphone();
    }
}
