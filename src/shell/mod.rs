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
mod review_view;
mod round_summary;
mod share_panel;
mod shortcuts;

pub use app::{App, AppProps};

use crate::core::state::{Action, State};
use std::rc::Rc;
use yew::prelude::*;

/// The core state made a Yew reducer; the action carries the time it happened.
#[derive(Clone, PartialEq)]
pub struct Store(pub State);

impl Reducible for Store {
    type Action = (i64, Action);

    fn reduce(self: Rc<Self>, (now, action): Self::Action) -> Rc<Self> {
        let mut next = self.0.clone();
        next.apply(now, action);
        Rc::new(Store(next))
    }
}

/// What components get from context: the state and a way to act on it.
pub type StoreHandle = UseReducerHandle<Store>;

/// Dispatches an action stamped with the current time.
pub fn act(store: &StoreHandle, action: Action) {
    store.dispatch((browser::now(), action));
}

/// Mounts the app into the page's `<main id="app">`, or the body if there is none.
pub fn start() {
    let deck = &crate::core::deck::DECK;
    let props = AppProps { deck };
    match browser::document().and_then(|d| d.get_element_by_id("app")) {
        Some(root) => yew::Renderer::<App>::with_root_and_props(root, props).render(),
        None => yew::Renderer::<App>::with_props(props).render(),
    };
}
