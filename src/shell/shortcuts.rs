//! Keyboard shortcuts: only for keys that reach this document (so never the host
//! page's), never on Tab, never while typing, never stealing Enter or Space from a control.

use super::persist::Latest;
use super::{act, browser, go, StoreHandle};
use crate::core::fsrs::Grade;
use crate::core::route::Route;
use crate::core::session::Stage;
use crate::core::state::Action;
use gloo::events::{EventListener, EventListenerOptions};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Listens for shortcuts, only for keys that reach this document (so never the host's),
/// until the listener is dropped. `focus_next` names a control the focus effect should
/// move to once the next view has rendered (`/` asks for the search box).
pub fn listen(
    latest: Latest,
    focus_next: Rc<RefCell<Option<&'static str>>>,
) -> Option<EventListener> {
    browser::document().map(|d| {
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
    })
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
                Some(to) => go(
                    store,
                    &Route::question(state.deck.questions[to].id, false).to_hash(),
                ),
                None if step > 0 => go(store, &Route::Summary.to_hash()),
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
                go(store, &Route::Overview.to_hash());
            }
            true
        }
        "?" => {
            go(store, &Route::About.to_hash());
            true
        }
        _ => false,
    }
}
