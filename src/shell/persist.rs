//! Keeping progress: loading it without ever writing over what cannot be read, saves
//! coalesced while typing and flushed when the page is hidden, other tabs' saves merged
//! in, and the undo window. What progress means is the core's business, not this file's.

use super::browser::{self, WriteError};
use super::{act, StoreHandle};
use crate::core::deck::Deck;
use crate::core::route::Route;
use crate::core::state::{Action, State, StorageNotice};
use crate::core::storage::{self, Decoded};
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The newest store, for listeners and timers that outlive a render.
pub type Latest = Rc<RefCell<StoreHandle>>;

/// How long the undo of a reset or an import is offered.
const UNDO_MS: u32 = 15_000;

/// How long typing may go on before the draft is written (writes are coalesced).
const SAVE_DELAY_MS: u32 = 400;

/// Whether saving is allowed, and whether a change waits to be written.
#[derive(Default)]
pub struct Saver {
    pub key: String,
    writable: bool,
    /// A change not yet written (or whose write failed, to retry with the next change).
    dirty: bool,
    timer: Option<Timeout>,
    /// Whether this page has asked the browser to keep storage persistent.
    asked_persist: bool,
}

impl Saver {
    pub fn new(key: String, writable: bool) -> Saver {
        Saver {
            key,
            writable,
            ..Saver::default()
        }
    }

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
pub fn initial_state(deck: &'static Deck, key: &str, route: Route) -> (State, bool) {
    let now = browser::now();
    let loaded = browser::load(key);
    let (progress, notice, writable) = match loaded.decoded {
        Decoded::Empty if !loaded.available => {
            (Default::default(), Some(StorageNotice::Unavailable), true)
        }
        Decoded::Empty => (Default::default(), None, true),
        // Checked like any copy from outside: a time forged into storage (by an import
        // before imports were checked, say) is brought back to now.
        Decoded::Progress(progress) => (progress.checked(now), None, true),
        Decoded::Newer { schema } => (
            Default::default(),
            Some(StorageNotice::ReadOnly { schema }),
            false,
        ),
        Decoded::Unreadable { reason } => {
            let raw = loaded.raw.as_deref().unwrap_or_default();
            // One copy of each unreadable value: a reload before the first change finds
            // the copy it made last time instead of making another.
            let backups = browser::keys_starting_with(key);
            let existing = backups
                .into_iter()
                .filter(|k| storage::is_backup_of(key, k))
                .find(|k| browser::read(k).as_deref() == Some(raw));
            let (backup_key, kept) = match existing {
                Some(existing) => (existing, true),
                None => {
                    let backup_key = storage::backup_key(key, now);
                    let kept = browser::write(&backup_key, raw).is_ok();
                    (backup_key, kept)
                }
            };
            // Without a backup the original stays the only copy: then we must not write over it.
            (
                Default::default(),
                Some(StorageNotice::Recovered { backup_key, reason }),
                kept,
            )
        }
    };
    let mut state = State::new(deck, progress, now);
    state.apply(now, Action::Navigate(route));
    state.storage = notice;
    (state, writable)
}

/// Saves, the other tabs' saves, and the undo window, for the app's lifetime.
#[hook]
pub fn use_persistence(
    saver: Rc<RefCell<Saver>>,
    latest: Latest,
    revision: u64,
    undo_offered: bool,
) {
    // Once: merge what another tab saved, per question (the newest record wins); and
    // flush when the page is hidden or left. One effect: each costs code.
    {
        let (latest, saver) = (latest.clone(), saver.clone());
        use_effect_with((), move |_| {
            let key = saver.borrow().key.clone();
            let flush = {
                let (saver, latest) = (saver.clone(), latest.clone());
                move || {
                    let store = latest.borrow().clone();
                    // A draft still waiting for its pause goes into the store, and the
                    // store (read through the handle, which sees the newest state) to
                    // storage.
                    if super::flush_pending(&store) {
                        saver.borrow_mut().dirty = true;
                    }
                    saver.borrow_mut().flush(&store);
                }
            };
            let on_storage = browser::window().map(|w| {
                EventListener::new(&w, "storage", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
                        return;
                    };
                    if event.key().as_deref() != Some(key.as_str()) {
                        return;
                    }
                    let store = latest.borrow().clone();
                    // What we cannot read (a newer build's, or damaged) is never merged and
                    // never written over: from now on this tab saves nothing.
                    let stop = |notice| {
                        saver.borrow_mut().writable = false;
                        act(&store, Action::Storage(Some(notice)));
                    };
                    match storage::decode(event.new_value().as_deref()) {
                        Decoded::Progress(theirs) => act(&store, Action::Merge(theirs)),
                        Decoded::Newer { schema } => stop(StorageNotice::ReadOnly { schema }),
                        Decoded::Unreadable { reason } => stop(StorageNotice::Foreign { reason }),
                        Decoded::Empty => {}
                    }
                })
            });
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
            move || drop((on_storage, on_hide, on_visibility))
        });
    }

    // An undo is offered for a short while only.
    {
        let latest = latest.clone();
        use_effect_with(undo_offered, move |&offered| {
            let timer = offered
                .then(|| Timeout::new(UNDO_MS, move || act(&latest.borrow(), Action::DropUndo)));
            move || drop(timer)
        });
    }

    // Save: coalesce changes for a moment, flush when the page is hidden or left.
    {
        let saver = saver.clone();
        let latest = latest.clone();
        use_effect_with(revision, move |&revision| {
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
}
