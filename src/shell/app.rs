//! The root component: owns the store, keeps the URL, storage and focus in step
//! with it, and picks the view. It must not hold quiz rules; those are in the core.

use super::browser::{self, WriteError};
use super::{act, Store, StoreHandle};
use crate::core::deck::Deck;
use crate::core::fsrs::Grade;
use crate::core::route::Route;
use crate::core::session::Stage;
use crate::core::state::{Action, State, StorageNotice};
use crate::core::storage::{self, Decoded};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::{Interval, Timeout};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::about::about;
use super::mock_view::mock_view;
use super::not_found::not_found;
use super::notice::notice;
use super::overview::overview;
use super::progress_panel::ProgressPanel;
use super::question_card::question_card;
use super::review_view::review_view;
use super::round_summary::round_summary;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub deck: &'static Deck,
}

/// How long the undo of a reset or a replacing import is offered.
const UNDO_MS: u32 = 15_000;

/// How long typing may go on before the draft is written (writes are coalesced).
const SAVE_DELAY_MS: u32 = 400;

/// Whether saving is allowed, and whether a change waits to be written.
#[derive(Default)]
struct Saver {
    key: String,
    writable: bool,
    /// A change not yet written (or whose write failed, to retry with the next change).
    dirty: bool,
    timer: Option<Timeout>,
    /// Whether this page has asked the browser to keep storage persistent.
    asked_persist: bool,
}

impl Saver {
    /// Writes the newest progress; on failure it stays dirty and is retried on the next
    /// change. The value is encoded here, once per write, not once per keystroke.
    fn flush(&mut self, store: &StoreHandle) {
        self.timer = None;
        if !(self.dirty && self.writable) {
            return;
        }
        let value = storage::encode(store.0.deck.id, &store.0.progress);
        match browser::write(&self.key, &value) {
            Ok(()) => {
                self.dirty = false;
                // Once there is something worth keeping, ask once per visit; browsers that
                // prompt (Firefox) remember the answer, so this never nags.
                if !std::mem::replace(&mut self.asked_persist, true) {
                    browser::persist_storage();
                }
                if matches!(
                    store.0.storage,
                    Some(StorageNotice::Full | StorageNotice::Unavailable)
                ) {
                    act(store, Action::Storage(None));
                }
            }
            Err(WriteError::Full) if store.0.storage != Some(StorageNotice::Full) => {
                act(store, Action::Storage(Some(StorageNotice::Full)))
            }
            Err(WriteError::Unavailable) if store.0.storage != Some(StorageNotice::Unavailable) => {
                act(store, Action::Storage(Some(StorageNotice::Unavailable)))
            }
            Err(_) => {}
        }
    }
}

/// Reads stored progress; never overwrites what it cannot read.
fn initial_state(deck: &'static Deck, key: &str) -> (State, bool) {
    let now = browser::now();
    let loaded = browser::load(key);
    let (progress, notice, writable) = match loaded.decoded {
        Decoded::Empty if !loaded.available => {
            (Default::default(), Some(StorageNotice::Unavailable), true)
        }
        Decoded::Empty => (Default::default(), None, true),
        Decoded::Progress(progress) => (progress, None, true),
        Decoded::Newer { schema } => (
            Default::default(),
            Some(StorageNotice::ReadOnly { schema }),
            false,
        ),
        Decoded::Unreadable { reason } => {
            let backup_key = storage::backup_key(key, now);
            let kept =
                browser::write(&backup_key, loaded.raw.as_deref().unwrap_or_default()).is_ok();
            // Without a backup the original stays the only copy: then we must not write over it.
            (
                Default::default(),
                Some(StorageNotice::Recovered { backup_key, reason }),
                kept,
            )
        }
    };
    let mut state = State::new(deck, progress, now);
    state.apply(now, Action::Navigate(Route::parse(&browser::hash())));
    state.storage = notice;
    (state, writable)
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let deck = props.deck;
    let saver = use_mut_ref(Saver::default);
    let store = {
        let saver = saver.clone();
        use_reducer(move || {
            let key = storage::key(deck.id, None);
            let (state, writable) = initial_state(deck, &key);
            *saver.borrow_mut() = Saver {
                key,
                writable,
                ..Saver::default()
            };
            Store(state)
        })
    };
    let state = &store.0;
    // Event listeners outlive a render: they read the newest handle through this cell.
    let latest = use_mut_ref(|| store.clone());
    *latest.borrow_mut() = store.clone();

    // The URL drives the view: Back and Forward are hashchange events.
    {
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let listener = browser::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    let store = latest.borrow().clone();
                    act(&store, Action::Navigate(Route::parse(&browser::hash())));
                })
            });
            move || drop(listener)
        });
    }

    // Another tab saved: merge its progress per question (the newest record wins).
    {
        let latest = latest.clone();
        let key = saver.borrow().key.clone();
        use_effect_with((), move |_| {
            let listener = browser::window().map(|w| {
                EventListener::new(&w, "storage", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
                        return;
                    };
                    if event.key().as_deref() != Some(key.as_str()) {
                        return;
                    }
                    if let Decoded::Progress(theirs) = storage::decode(event.new_value().as_deref())
                    {
                        act(&latest.borrow(), Action::Merge(theirs));
                    }
                })
            });
            move || drop(listener)
        });
    }

    // The theme: the system's, unless the user chose one (remembered with the progress).
    use_effect_with(state.progress.prefs.theme, |&theme| {
        browser::set_theme(theme)
    });

    // An undo is offered for a short while only.
    {
        let latest = latest.clone();
        use_effect_with(state.undo.is_some(), move |&offered| {
            let timer = offered
                .then(|| Timeout::new(UNDO_MS, move || act(&latest.borrow(), Action::DropUndo)));
            move || drop(timer)
        });
    }

    // The state may move the route itself (a round starts, an alias resolves, a card is
    // revealed): write it into the URL. Routes that came from the URL are left alone, so
    // a late effect can never undo the user's own navigation.
    {
        let route = state.route.clone();
        let replace = state.url_replace;
        use_effect_with(state.url_seq, move |&seq| {
            let hash = route.to_hash();
            if seq > 0 && browser::hash() != hash {
                if replace {
                    browser::replace_hash(&hash);
                } else {
                    browser::push_hash(&hash);
                }
            }
        });
    }

    // Focus follows the view: the new view's heading, the section just revealed, or a
    // control a shortcut asked for (`/` → search). Not on the first render, so an
    // embedded widget never pulls the host page's scroll.
    let focus_next = use_mut_ref(|| None::<&'static str>);
    {
        let first = use_mut_ref(|| true);
        let focus_next = focus_next.clone();
        let key = (view_key(&state.route), state.stage);
        use_effect_with(key, move |(_, stage)| {
            let asked = focus_next.borrow_mut().take();
            if std::mem::take(&mut *first.borrow_mut()) {
                return;
            }
            if let Some(id) = asked {
                return browser::focus(id);
            }
            match stage {
                Stage::Prompt => browser::focus("view-title"),
                Stage::Why => browser::focus("section-why"),
                Stage::How => browser::focus("section-how"),
                Stage::Answer => browser::focus("section-answer"),
            }
        });
    }

    // Save: coalesce changes for a moment, flush when the page is hidden or left.
    {
        let saver = saver.clone();
        let latest = latest.clone();
        use_effect_with(state.revision, move |&revision| {
            if revision > 0 {
                let mut s = saver.borrow_mut();
                s.dirty = true;
                // Weak: the saver owns this timer, and a strong reference back would keep
                // both alive (and the write pending) after the app is gone.
                let (saver, latest) = (Rc::downgrade(&saver), latest.clone());
                s.timer = Some(Timeout::new(SAVE_DELAY_MS, move || {
                    if let Some(saver) = saver.upgrade() {
                        let store = latest.borrow().clone();
                        saver.borrow_mut().flush(&store);
                    }
                }));
            }
        });
    }
    {
        let saver = saver.clone();
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let flush = move || {
                let store = latest.borrow().clone();
                saver.borrow_mut().flush(&store);
            };
            let on_hide = {
                let flush = flush.clone();
                browser::window().map(|w| EventListener::new(&w, "pagehide", move |_| flush()))
            };
            let on_visibility = browser::document().map(|d| {
                let doc = d.clone();
                EventListener::new(&d, "visibilitychange", move |_| {
                    if doc.visibility_state() == web_sys::VisibilityState::Hidden {
                        flush();
                    }
                })
            });
            move || drop((on_hide, on_visibility))
        });
    }

    // Keyboard shortcuts, only for keys that reach this document (so never the host's).
    {
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let listener = browser::document().map(|d| {
                // Not passive: a handled shortcut must be able to prevent the default.
                let active = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&d, "keydown", active, move |event| {
                    if let Some(event) = event.dyn_ref::<KeyboardEvent>() {
                        let store = latest.borrow().clone();
                        if shortcut(&store, event, &focus_next) {
                            event.prevent_default();
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    // The mock interview's clock ticks once a second while it runs.
    {
        let latest = latest.clone();
        let running = matches!(state.route, Route::Mock)
            && state
                .mock
                .as_ref()
                .is_some_and(|m| !m.is_done() && !m.is_paused());
        use_effect_with(running, move |&running| {
            let interval = running.then(|| {
                Interval::new(1000, move || {
                    let store = latest.borrow().clone();
                    act(&store, Action::Clock);
                })
            });
            move || drop(interval)
        });
    }

    let view = match &state.route {
        Route::Overview => overview(&store),
        Route::Question { .. } => match state.current() {
            Some((index, _)) => question_card(&store, index),
            None => not_found(&store),
        },
        Route::Review => review_view(&store),
        Route::Mock => mock_view(&store),
        Route::Summary => round_summary(&store),
        Route::About => html! {
            <>
                { about(&store) }
                <ProgressPanel store={store.clone()} />
            </>
        },
        Route::Import { code } => html! {
            <section aria-labelledby="view-title">
                <h1 id="view-title" tabindex="-1">{ "Import progress" }</h1>
                <ProgressPanel store={store.clone()} code={AttrValue::from(code.clone())} />
            </section>
        },
        Route::NotFound { .. } => not_found(&store),
    };

    html! {
            <div class="rehearse">
                <header class="site-header">
                    <a class="brand" href="#/">{ "Rehearse" }</a>
                    <nav aria-label="Sections">
                        <a href="#/">{ "Questions" }</a>
                        <a href="#/review">{ "Review" }</a>
                        <a href="#/mock">{ "Mock interview" }</a>
                        <a href="#/about">{ "About" }</a>
                    </nav>
                </header>
                { notice(&store) }
                <main id="main">{ view }</main>
                <div class="visually-hidden" role="status" aria-live="polite">{ state.announcement.clone() }</div>
            </div>
    }
}

/// Views that are "the same page" share a key, so focus moves only when the page changes.
fn view_key(route: &Route) -> String {
    match route {
        Route::Question { slug, .. } => format!("q/{slug}"),
        other => other.to_hash(),
    }
}

/// Handles one key press; returns whether it was a shortcut.
fn shortcut(
    store: &StoreHandle,
    event: &KeyboardEvent,
    focus_next: &RefCell<Option<&'static str>>,
) -> bool {
    if event.ctrl_key() || event.meta_key() || event.alt_key() || event.default_prevented() {
        return false;
    }
    // Never while typing, and never steal Enter or Space from a focused control.
    let target = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let tag = target
        .as_ref()
        .map(|t| t.tag_name().to_ascii_lowercase())
        .unwrap_or_default();
    if matches!(tag.as_str(), "textarea" | "input" | "select")
        || target.is_some_and(|t| t.has_attribute("contenteditable"))
    {
        return false;
    }
    let on_control = matches!(tag.as_str(), "button" | "a" | "summary");
    let state = &store.0;
    let current = state.current();
    let key = event.key();
    match key.as_str() {
        " " | "Enter" if !on_control && current.is_some() && state.stage != Stage::Answer => {
            act(store, Action::Reveal);
            true
        }
        "1" | "2" | "3" | "4" if current.is_some() && state.stage == Stage::Answer => {
            let grade = match key.as_str() {
                "1" => Grade::Again,
                "2" => Grade::Hard,
                "3" => Grade::Good,
                _ => Grade::Easy,
            };
            act(store, Action::Grade(grade));
            true
        }
        "ArrowLeft" | "ArrowRight" => {
            let Some((index, _)) = current else {
                return false;
            };
            let step = if key == "ArrowLeft" { -1 } else { 1 };
            match state.neighbour(index, step) {
                Some(to) => browser::push_hash(
                    &Route::question(state.deck.questions[to].id, false).to_hash(),
                ),
                None if step > 0 => browser::push_hash(&Route::Summary.to_hash()),
                None => return false,
            }
            true
        }
        "/" => {
            if state.route == Route::Overview {
                browser::focus("search");
            } else {
                // The overview renders after the URL changes; the focus effect takes it from here.
                *focus_next.borrow_mut() = Some("search");
                browser::push_hash(&Route::Overview.to_hash());
            }
            true
        }
        "?" => {
            browser::push_hash(&Route::About.to_hash());
            true
        }
        _ => false,
    }
}
