//! The browser at the edge: clock, randomness, URL hash, focus and localStorage.
//! Every call here tolerates a browser that says no; none of it panics on user data.

use crate::core::options::{Field, HostEvent};
use crate::core::storage::{self, Decoded};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Document, HtmlElement, Storage, Window};

pub fn now() -> i64 {
    js_sys::Date::now() as i64
}

/// A fresh seed for shuffles and mock interviews.
pub fn seed() -> u64 {
    (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64
}

pub fn window() -> Option<Window> {
    web_sys::window()
}

pub fn document() -> Option<Document> {
    window()?.document()
}

thread_local! {
    /// A history entry waiting for the frame that shows its view (`push_state`).
    static WAITING: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The hash the page is at, counting a history entry that waits for its frame.
pub fn hash() -> String {
    WAITING
        .with_borrow(|w| w.clone())
        .unwrap_or_else(address_hash)
}

/// The hash in the address bar after a `hashchange`: the browser's own move (Back,
/// Forward, an edited address), which an entry still waiting for its frame gives way to.
pub fn moved_hash() -> String {
    WAITING.take();
    address_hash()
}

fn address_hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Goes to a route, adding a history entry (so Back returns here).
pub fn push_hash(hash: &str) {
    land();
    if let Some(w) = window() {
        let _ = w.location().set_hash(hash);
    }
}

/// Rewrites the current history entry (alias → slug, reveal → `/answer`).
pub fn replace_hash(hash: &str) {
    land();
    set_hash(hash, false);
}

/// Adds a history entry for this hash without a `hashchange` event: the caller moves the
/// view itself, and calls `land` once the frame that shows the view is painted (writing
/// the address costs a click 1 to 5 ms on a throttled phone). Any other change of the
/// address lands it first.
pub fn push_state(hash: &str) {
    land();
    WAITING.set(Some(hash.to_string()));
}

/// Writes the history entry that waits for its frame, if there is one.
pub fn land() {
    if let Some(hash) = WAITING.take() {
        set_hash(&hash, true);
    }
}

fn set_hash(hash: &str, push: bool) {
    let Some(w) = window() else { return };
    let url = format!(
        "{}{}{hash}",
        w.location().pathname().unwrap_or_default(),
        w.location().search().unwrap_or_default()
    );
    if let Ok(history) = w.history() {
        let null = wasm_bindgen::JsValue::NULL;
        let _ = if push {
            history.push_state_with_url(&null, "", Some(&url))
        } else {
            history.replace_state_with_url(&null, "", Some(&url))
        };
    }
}

/// Runs `f` once the next frame is painted (in a hidden page, at once), so that work the
/// reader does not need in order to see a change (moving the focus) stays out of the frame
/// that shows it.
pub fn after_paint(f: impl FnOnce() + 'static) {
    after_paint_boxed(Box::new(f))
}

/// One copy of the frame's and the timer's closures for every caller.
fn after_paint_boxed(f: Box<dyn FnOnce()>) {
    let visible = document().is_some_and(|d| !d.hidden());
    let Some(w) = window().filter(|_| visible) else {
        return f();
    };
    let then = wasm_bindgen::closure::Closure::once_into_js(move || {
        gloo::timers::callback::Timeout::new(0, f).forget();
    });
    let _ = w.request_animation_frame(then.unchecked_ref());
}

/// The view's card and its slug.
fn card() -> Option<(web_sys::Element, String)> {
    let card = document()?.query_selector(".card").ok().flatten()?;
    let slug = card.get_attribute("data-slug")?;
    Some((card, slug))
}

/// A card is marked `data-laid` (with its slug) once the frame that shows it is painted:
/// style.css then lays its hidden sections out unseen, so a reveal shows text already
/// laid out. A new card drops the old mark at once, so that its own frame lays out only
/// what it shows. Returns the slug for `mark_card`, if the card needs the mark.
pub fn unmark_card() -> Option<String> {
    let (card, slug) = card()?;
    if card.get_attribute("data-laid").as_ref() == Some(&slug) {
        return None;
    }
    let _ = card.remove_attribute("data-laid");
    Some(slug)
}

/// Marks the card, if it is still the one `unmark_card` saw.
pub fn mark_card(slug: Option<String>) {
    if let Some((card, slug)) = card().filter(|(_, now)| slug.as_ref() == Some(now)) {
        let _ = card.set_attribute("data-laid", &slug);
    }
}

/// Shows the card's sections that `stage` reveals (1 why, 2 how and the key points, 3 the
/// answer), as the prerendered page's boot script does: the render that follows agrees.
pub fn show_stages(stage: u8) -> Option<web_sys::NodeList> {
    let shown = match stage {
        1 => "[data-stage=why][hidden]",
        2 => ":is([data-stage=why],[data-stage=how])[hidden]",
        _ => "[data-stage][hidden]",
    };
    let list = document()?.query_selector_all(shown).ok()?;
    set_hidden(&list, false);
    Some(list)
}

/// Hides again what `show_stages` showed, if anything.
pub fn hide_again(shown: Option<web_sys::NodeList>) {
    if let Some(list) = shown {
        set_hidden(&list, true);
    }
}

fn set_hidden(list: &web_sys::NodeList, hidden: bool) {
    for i in 0..list.length() {
        if let Some(node) = list.get(i) {
            node.unchecked_into::<HtmlElement>().set_hidden(hidden);
        }
    }
}

/// The element that has the focus, if any.
pub fn focused() -> Option<web_sys::Element> {
    document()?.active_element()
}

/// Moves focus to the element with this id (headings carry `tabindex="-1"`).
pub fn focus(id: &str) {
    if let Some(el) = document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// localStorage, or `None` where the browser blocks it (it may throw on access).
fn local_storage() -> Option<Storage> {
    window()?.local_storage().ok().flatten()
}

/// What loading found, with the raw value so that nothing is ever lost.
pub struct Loaded {
    pub decoded: Decoded,
    pub raw: Option<String>,
    /// False when storage could not even be read.
    pub available: bool,
}

pub fn load(key: &str) -> Loaded {
    let Some(store) = local_storage() else {
        return Loaded {
            decoded: Decoded::Empty,
            raw: None,
            available: false,
        };
    };
    match store.get_item(key) {
        Ok(raw) => Loaded {
            decoded: storage::decode(raw.as_deref()),
            raw,
            available: true,
        },
        Err(_) => Loaded {
            decoded: Decoded::Empty,
            raw: None,
            available: false,
        },
    }
}

/// Why a write did not happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteError {
    Unavailable,
    Full,
}

pub fn write(key: &str, value: &str) -> Result<(), WriteError> {
    let store = local_storage().ok_or(WriteError::Unavailable)?;
    store.set_item(key, value).map_err(|e| {
        let name = e
            .dyn_ref::<web_sys::DomException>()
            .map(|d| d.name())
            .unwrap_or_default();
        if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
            WriteError::Full
        } else {
            WriteError::Unavailable
        }
    })
}

/// This page's address without its hash, for links back into the app.
pub fn page_url() -> String {
    window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// Offers `text` as a file download; nothing leaves the browser.
pub fn download(filename: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = document()
        .and_then(|d| d.create_element("a").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Copies text to the clipboard; `done(false)` when the browser refuses (the caller
/// then shows the text for manual copying).
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    copy(text, Box::new(done))
}

/// `copy_text`'s work, not generic, so the wasm holds one copy for all its callers.
fn copy(text: &str, done: Box<dyn FnOnce(bool)>) {
    let Some(clipboard) = window().map(|w| w.navigator().clipboard()) else {
        return done(false);
    };
    when_settled(clipboard.write_text(text), Box::new(|r| done(r.is_ok())));
}

/// Reads a chosen file as text.
pub fn read_file(file: &web_sys::File, done: impl FnOnce(String) + 'static) {
    when_settled(
        file.text(),
        Box::new(|r| {
            if let Some(text) = r.ok().and_then(|v| v.as_string()) {
                done(text);
            }
        }),
    );
}

/// Asks the browser once to keep our storage through storage pressure and Safari's
/// seven-day eviction. Browsers that lack the API, or say no, change nothing.
pub fn persist_storage() {
    if let Some(w) = window() {
        if let Ok(promise) = w.navigator().storage().persist() {
            when_settled(promise, Box::new(|_| {}));
        }
    }
}

/// Runs `done` with the promise's outcome once it settles. One future type for every
/// caller (a boxed callback), so the wasm holds one copy of the task.
pub fn when_settled(
    promise: js_sys::Promise,
    done: Box<dyn FnOnce(Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>)>,
) {
    spawn_local(async move { done(JsFuture::from(promise).await) });
}

/// Removes a kept-aside value once the user has dealt with it.
pub fn remove(key: &str) {
    if let Some(store) = local_storage() {
        let _ = store.remove_item(key);
    }
}

/// Every stored key that starts with `prefix` (the backup copies of a key).
pub fn keys_starting_with(prefix: &str) -> Vec<String> {
    let Some(store) = local_storage() else {
        return Vec::new();
    };
    let n = store.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| store.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect()
}

/// Reads one key, or `None` where storage is blocked.
pub fn read(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// One seed per browser session (tab), so a shuffled round comes out in the same order
/// for the whole session, across reloads; a new session shuffles anew.
pub fn session_seed() -> u64 {
    const KEY: &str = "rehearse:seed";
    let session = window().and_then(|w| w.session_storage().ok().flatten());
    if let Some(seed) = session
        .as_ref()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|v| v.parse().ok())
    {
        return seed;
    }
    let seed = seed();
    if let Some(s) = session {
        let _ = s.set_item(KEY, &seed.to_string());
    }
    seed
}

/// Whether the page runs inside a frame (an embed on someone's blog, say).
pub fn is_framed() -> bool {
    let Some(w) = window() else { return false };
    match w.top() {
        Ok(Some(top)) => wasm_bindgen::JsValue::from(top) != wasm_bindgen::JsValue::from(w),
        // A browser that will not even say which window is on top is framing us.
        _ => true,
    }
}

/// Applies the theme to the page: `data-theme` on `<html>` overrides the system's choice.
pub fn set_theme(theme: crate::core::progress::Theme) {
    use crate::core::progress::Theme;
    let Some(root) = document().and_then(|d| d.document_element()) else {
        return;
    };
    let _ = match theme {
        Theme::Auto => root.remove_attribute("data-theme"),
        Theme::Light => root.set_attribute("data-theme", "light"),
        Theme::Dark => root.set_attribute("data-theme", "dark"),
    };
}

/// The page's query string (`?…`), where the embed options live.
pub fn search() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The app's address without query or hash: where a full-page or shared link points.
pub fn site_url() -> String {
    window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default()
}

/// A warning in the console (ignored URL parameters).
pub fn warn(message: &str) {
    web_sys::console::warn_1(&format!("Rehearse: {message}").into());
}

/// Posts an event to the embedding page, if there is one, through index.html's
/// `rehearsePost` (which keeps `ready` for a host script that loads late), as a plain
/// object with the event's fields. The messages carry no personal data (see
/// `HostEvent`), so any parent origin may read them.
pub fn post_to_parent(event: &HostEvent<'_>) {
    use js_sys::{Function, Object, Reflect};
    use wasm_bindgen::JsValue;
    let Some(w) = window() else { return };
    let Ok(post) = Reflect::get(&w, &"rehearsePost".into()).and_then(|f| f.dyn_into::<Function>())
    else {
        return;
    };
    let message = Object::new();
    event.fields(|name, value| {
        let value = match value {
            Field::Text(text) => JsValue::from_str(text),
            Field::Number(n) => JsValue::from_f64(n as f64),
        };
        let _ = Reflect::set(&message, &name.into(), &value);
    });
    let _ = post.call1(&w, &message);
}

/// Sets or clears a `data-*` flag on `<html>` (embed, compact, transparent), for the CSS.
pub fn set_page_flag(name: &str, on: bool) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = if on {
            root.set_attribute(name, "")
        } else {
            root.remove_attribute(name)
        };
    }
}

/// Hands a link to the system's share sheet (phones). `done(true)` when shared or when
/// the user cancelled; `done(false)` when there is no share sheet or it failed, and
/// the caller falls back to copying.
pub fn share(title: &str, url: &str, done: impl FnOnce(bool) + 'static) {
    use js_sys::{Function, Object, Reflect};
    use wasm_bindgen::JsValue;
    let Some(navigator) = window().map(|w| JsValue::from(w.navigator())) else {
        return done(false);
    };
    let Some(share) = Reflect::get(&navigator, &"share".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return done(false);
    };
    let data = Object::new();
    let _ = Reflect::set(&data, &"title".into(), &title.into());
    let _ = Reflect::set(&data, &"url".into(), &url.into());
    match share
        .call1(&navigator, &data)
        .map(|p| p.dyn_into::<js_sys::Promise>())
    {
        Ok(Ok(promise)) => when_settled(
            promise,
            Box::new(|result| {
                let cancelled = result
                    .as_ref()
                    .err()
                    .and_then(|e| e.dyn_ref::<web_sys::DomException>())
                    .is_some_and(|e| e.name() == "AbortError");
                done(result.is_ok() || cancelled)
            }),
        ),
        _ => done(false),
    }
}

/// Whether the browser has a system share sheet (`navigator.share`, mostly phones).
pub fn can_share() -> bool {
    window().is_some_and(|w| js_sys::Reflect::has(&w.navigator(), &"share".into()).unwrap_or(false))
}

/// Whether the page's Permissions Policy forbids the microphone (a frame without
/// `allow="microphone"`), where the browser can say (`document.permissionsPolicy`, or
/// Chromium's `featurePolicy`); elsewhere a refusal in a frame says it later.
pub fn microphone_blocked() -> bool {
    use js_sys::{Function, Reflect};
    let Some(document) = document() else {
        return false;
    };
    ["permissionsPolicy", "featurePolicy"].iter().any(|name| {
        let Ok(policy) = Reflect::get(&document, &(*name).into()) else {
            return false;
        };
        Reflect::get(&policy, &"allowsFeature".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .and_then(|f| f.call1(&policy, &"microphone".into()).ok())
            .is_some_and(|allowed| allowed == false)
    })
}

/// Whether the user has text selected (a drag that selects text is not a swipe).
pub fn has_selection() -> bool {
    window()
        .and_then(|w| w.get_selection().ok().flatten())
        .is_some_and(|s| !s.is_collapsed())
}

thread_local! {
    /// The element the app renders into until it takes the prerendered page's place.
    static TAKEOVER: std::cell::RefCell<Option<web_sys::Element>> =
        const { std::cell::RefCell::new(None) };
}

/// A detached element for the app's first render, when the page has a prerendered
/// `#app` to replace; `None` (render into the body) when it has none. From here on the
/// page's boot script leaves the page alone (`rehearseLive`).
pub fn live_root() -> Option<web_sys::Element> {
    let document = document()?;
    let _ = js_sys::Reflect::set(&window()?.into(), &"rehearseLive".into(), &true.into());
    document.get_element_by_id("app")?;
    let live = document.create_element("div").ok()?;
    TAKEOVER.with(|t| *t.borrow_mut() = Some(live.clone()));
    Some(live)
}

/// Puts the app's first render in the place of the prerendered `#app`, in the same task
/// as that render (no paint in between), and keeps open a share panel the reader had
/// opened (index.html's boot script gives the focus back); does nothing without a
/// prerendered page.
pub fn take_over() {
    let Some(live) = TAKEOVER.with(|t| t.borrow_mut().take()) else {
        return;
    };
    let Some(document) = document() else { return };
    if let Some(old) = document.get_element_by_id("app") {
        live.set_id("app");
        let _ = old.replace_with_with_node_1(&live);
    }
    // A share panel opened before (the app built its body at once) stays open.
    if let Ok(Some(panel)) = live.query_selector(".share:has(h2)") {
        let _ = panel.set_attribute("open", "");
    }
    if let Some(root) = document.document_element() {
        let _ = root.class_list().remove_1("rh-wait");
        let _ = root.remove_attribute("data-answer");
    }
    // A load that failed and was retried within the page leaves no stale notice.
    if let Some(notice) = document.get_element_by_id("load-failed") {
        notice.remove();
    }
}

/// What the reader did on the prerendered page before the app took over: the card's
/// revealed stage (`data-early-stage`, set by the boot script), its draft and ticks,
/// and the overview's search text.
pub fn early_input() -> super::Early {
    let mut early = super::Early::default();
    let Some(app) = document().and_then(|d| d.get_element_by_id("app")) else {
        return early;
    };
    let find = |selector: &str| app.query_selector(selector).ok().flatten();
    if let Some(card) = find(".card[data-slug]") {
        early.slug = card.get_attribute("data-slug");
        // The shipped wasm has no question's text: the page it replaces has it.
        early.text = Some(read_text(&card));
        early.stage = card
            .get_attribute("data-early-stage")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        early
            .share
            .set(card.query_selector(".share[open]").ok().flatten().is_some());
    }
    if let Some(draft) =
        find("#draft").and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    {
        early.draft = draft.value();
    }
    if let Ok(boxes) = app.query_selector_all(".key-points input[type=checkbox]") {
        for i in 0..boxes.length() {
            let checked = boxes
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
                .is_some_and(|b| b.checked());
            if checked {
                early.ticks.push(i as u8);
            }
        }
    }
    if let Some(search) =
        find("#search").and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        early.query = search.value();
    }
    early
}

/// Fetches a file of this build as text (a question's page, the search text), relative
/// to the app; `None` when offline or not found.
pub async fn fetch_text(path: &str) -> Option<String> {
    use wasm_bindgen_futures::JsFuture;
    let response: web_sys::Response = JsFuture::from(window()?.fetch_with_str(path))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

/// A question's text, read from its view (`q/<slug>/view.html`, the card of its page),
/// which the build wrote from the same checked Markdown as the app's own rendering.
pub async fn question_text(slug: &str) -> Option<crate::core::deck::Text> {
    let html = fetch_text(&format!("q/{slug}/view.html")).await?;
    let page = web_sys::DomParser::new()
        .ok()?
        .parse_from_string(&html, web_sys::SupportedType::TextHtml)
        .ok()?;
    let card = page.query_selector("#app .card[data-slug]").ok()??;
    Some(read_text(&card))
}

/// The text a prerendered card holds: its sections' HTML by `data-section`, its key
/// points with their cues (`data-cues`) and its choices.
pub fn read_text(card: &web_sys::Element) -> crate::core::deck::Text {
    use crate::core::deck::{SectionKind, Text};
    use std::rc::Rc;
    let all = |selector: &str| -> Vec<web_sys::Element> {
        let Ok(list) = card.query_selector_all(selector) else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into().ok())
            .collect()
    };
    let text = |el: &web_sys::Element| Rc::from(el.text_content().unwrap_or_default());
    Text {
        sections: all("[data-section]")
            .iter()
            .filter_map(|s| {
                let kind = SectionKind::named(&s.get_attribute("data-section")?)?;
                let prose = s.query_selector(".prose").ok()??;
                Some((kind, Rc::from(prose.inner_html())))
            })
            .collect(),
        key_points: all(".key-points .check > span").iter().map(text).collect(),
        cues: all(".key-points .check")
            .iter()
            .map(|el| Rc::from(el.get_attribute("data-cues").unwrap_or_default()))
            .collect(),
        choices: all(".choices .check > span:first-of-type")
            .iter()
            .map(text)
            .collect(),
    }
}
