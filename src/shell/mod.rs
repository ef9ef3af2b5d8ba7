//! The thin Yew shell: renders the core's state and turns events into actions.
//! Side effects (storage, history, timers, focus) live at its edges, in `browser`
//! and `app`; components read props and context, never `window`.

mod about;
mod app;
pub mod browser;
mod choice_list;
mod grade_bar;
mod host_events;
mod mock_view;
mod not_found;
mod notice;
mod overview;
mod persist;
mod progress_panel;
mod question_card;
mod recorder;
mod review_view;
mod round_summary;
mod share_panel;
mod shortcuts;
mod speak_panel;
mod texts;

pub use app::{App, AppProps};

use crate::core::route::Route;
use crate::core::session::Stage;
use crate::core::state::{Action, State};
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// What the page says about itself, read once when the app starts: by `Boot::read` in
/// the browser, and written by the prerenderer at build time. Views read this (through
/// the store), never `window`, so that the same views render to static HTML.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Boot {
    /// The real page (storage, the URL, the console); false for a build-time render.
    pub live: bool,
    /// The page's query string (`?…`), where the embed options live.
    pub search: String,
    /// The URL's hash when the app started.
    pub hash: String,
    /// Whether the page runs inside a frame.
    pub framed: bool,
    /// The app's address without query or hash: where shared and full-page links point.
    pub site_url: String,
    /// The page's address without its hash (import links keep the page's options).
    pub page_url: String,
    /// Whether the browser has a system share sheet.
    pub can_share: bool,
    pub now: i64,
    /// What the reader did on the prerendered page before the app took over.
    pub early: Early,
}

/// Input made on a prerendered page before the app took over, so that none is lost.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Early {
    /// The question whose card was on the page.
    pub slug: Option<String>,
    /// How far its answer was revealed: 0 (prompt) to 3 (model answer).
    pub stage: u8,
    /// The scratchpad's text.
    pub draft: String,
    /// The key points ticked.
    pub ticks: Vec<u8>,
    /// The overview's search text.
    pub query: String,
    /// Whether the card's share panel was open; its first panel takes it (once).
    pub share: std::cell::Cell<bool>,
    /// The text of the card on the page.
    pub text: Option<crate::core::deck::Text>,
}

impl Boot {
    /// The facts of the page the app runs in.
    pub fn read() -> Boot {
        Boot {
            live: true,
            search: browser::search(),
            hash: browser::hash(),
            framed: browser::is_framed(),
            site_url: browser::site_url(),
            page_url: browser::page_url(),
            can_share: browser::can_share(),
            now: browser::now(),
            early: browser::early_input(),
        }
    }
}

/// The core state made a Yew reducer; the action carries the time it happened. The
/// page's facts ride along, shared.
#[derive(Clone)]
pub struct Store(pub State, pub Rc<Boot>);

/// Every action makes a new store, so a store is equal only to itself: a component
/// given the store re-renders after each action, without comparing whole states.
impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Reducible for Store {
    type Action = (i64, Action);

    fn reduce(self: Rc<Self>, (now, action): Self::Action) -> Rc<Self> {
        let mut next = self.0.clone();
        next.apply(now, action);
        Rc::new(Store(next, self.1.clone()))
    }
}

/// What components get from context: the state and a way to act on it.
pub type StoreHandle = UseReducerHandle<Store>;

/// Appends `text` to markup that the app writes itself, escaped for element content and
/// for double-quoted attribute values. For build-time text only (the deck's): nothing the
/// user or the URL controls goes into markup.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// Dispatches an action stamped with the current time. A draft typed since the last
/// action, and a reveal waiting for its frame, go first: onto the card they were made on.
pub fn act(store: &StoreHandle, action: Action) {
    flush_pending(store);
    store.dispatch((browser::now(), action));
}

/// Goes where the reader asked (a link, an arrow key, a swipe): moves the view in this
/// task, not in a later `hashchange` task (which Back and Forward still send). The frame
/// that shows the new view is what the reader waits for: the history entry, and a card's
/// hidden sections (`lean`), come once it is painted.
pub fn go(store: &StoreHandle, hash: &str) {
    let route = Route::parse(hash);
    if route != store.0.route {
        browser::push_state(hash);
        LEAN.set(true);
        act(store, Action::Navigate(route));
        let store = store.clone();
        browser::after_paint(move || {
            browser::land();
            if LEAN.replace(false) {
                act(&store, Action::Clock);
            }
        });
    }
}

/// Whether a card renders its hidden sections empty, as it does from a move (`go`) until
/// the frame that shows it is painted: their text is most of a card's elements, and none
/// of it is seen before a reveal.
pub fn lean() -> bool {
    LEAN.get()
}

/// A reveal the reader sees in the very next frame: the card's sections up to `to` are
/// shown at once (they are in the page already, hidden), and the store hears of it once
/// that frame is painted, or before any other action, whichever comes first. Re-rendering
/// the whole app then stays out of the frame that shows the answer.
/// `all`: the whole answer (`Action::RevealAll`), else the next stage (`Action::Reveal`).
/// On a question's own route (`slug`), the whole answer is its `/answer` link at once, as
/// the store will have it: a move made before the store hears keeps that history entry.
/// With a reveal still waiting, or a card's sections not built yet, this one is an
/// ordinary action.
pub fn reveal_now(store: &StoreHandle, all: bool, to: Stage, slug: Option<&str>) {
    if LEAN.replace(false) || PENDING_REVEAL.with(|p| p.borrow().is_some()) {
        flush_pending(store);
        return store.dispatch((browser::now(), reveal(all)));
    }
    flush_pending(store);
    let shown = browser::show_stages(to as u8);
    if let Some(slug) = slug.filter(|_| to == Stage::Answer) {
        browser::replace_hash(&Route::question(slug, true).to_hash());
    }
    PENDING_REVEAL.with(|p| *p.borrow_mut() = Some((all, shown)));
    let store = store.clone();
    // The store's render then agrees with what is shown: nothing to hide again.
    browser::after_paint(move || flush_reveal(&store, false));
}

fn reveal(all: bool) -> Action {
    if all {
        Action::RevealAll
    } else {
        Action::Reveal
    }
}

/// Hands a reveal already shown (`reveal_now`) to the store; with `undo`, its sections
/// are hidden again first, as the store's last render left them: the render that follows
/// (in this task, before any frame) then shows what the state says, even when the next
/// action moves to another card.
fn flush_reveal(store: &StoreHandle, undo: bool) {
    if let Some((all, shown)) = PENDING_REVEAL.with(|p| p.borrow_mut().take()) {
        if undo {
            browser::hide_again(shown);
        }
        store.dispatch((browser::now(), reveal(all)));
    }
}

thread_local! {
    /// The scratchpad's text not yet handed to the store, and the timer that will.
    static PENDING_DRAFT: RefCell<Option<(String, Timeout)>> = const { RefCell::new(None) };
    /// A reveal already shown on the page that the store has not heard of yet, with the
    /// sections it showed.
    static PENDING_REVEAL: RefCell<Option<(bool, Option<web_sys::NodeList>)>> = const { RefCell::new(None) };
    /// See `lean`.
    static LEAN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// How long typing may pause before the draft reaches the store (one render per pause).
const DRAFT_DELAY_MS: u32 = 300;

/// Keeps what the scratchpad holds without rendering anything: typing stays as fast as
/// in a plain textarea. The store gets the text after a pause, before any other action,
/// and before the page is hidden (see `persist`).
pub fn draft_typed(store: &StoreHandle, text: String) {
    let store = store.clone();
    let timer = Timeout::new(DRAFT_DELAY_MS, move || {
        flush_pending(&store);
    });
    PENDING_DRAFT.with(|p| *p.borrow_mut() = Some((text, timer)));
}

/// Hands a pending reveal (`reveal_now`) and then a pending draft to the store now;
/// whether there was a draft.
pub fn flush_pending(store: &StoreHandle) -> bool {
    flush_reveal(store, true);
    let Some((text, _timer)) = PENDING_DRAFT.with(|p| p.borrow_mut().take()) else {
        return false;
    };
    store.dispatch((browser::now(), Action::Draft(text)));
    true
}

/// Mounts the app. A page the build prerendered keeps showing its HTML until the app's
/// first render is complete; then the live tree takes its place in one step (see
/// `browser::take_over`), with what the reader typed or revealed carried over.
pub fn start() {
    let deck = &crate::core::deck::DECK;
    let props = AppProps {
        deck,
        boot: Rc::new(Boot::read()),
    };
    match browser::live_root() {
        Some(root) => yew::Renderer::<App>::with_root_and_props(root, props).render(),
        None => yew::Renderer::<App>::with_props(props).render(),
    };
}

/// The HTML of the view a page with this query and hash opens with, rendered at build
/// time with no progress: what the prerendered pages show before the app has loaded.
#[cfg(not(target_arch = "wasm32"))]
pub fn prerender(deck: &'static crate::core::deck::Deck, search: &str, hash: &str) -> String {
    let boot = Rc::new(Boot {
        search: search.into(),
        hash: hash.into(),
        ..Boot::default()
    });
    let renderer = yew::LocalServerRenderer::<App>::with_props(AppProps { deck, boot });
    futures::executor::block_on(renderer.hydratable(false).render())
}
