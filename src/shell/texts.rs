//! Questions' text arrives from their views (`q/<slug>/view.html`): the shipped wasm
//! carries none of it (its size does not grow with the deck). The card on screen and its
//! neighbours in the round are read ahead, so Reveal and Next never wait; the search text
//! comes on first use of the search field. What the text means is the core's business,
//! not this file's.

use super::{act, browser, StoreHandle};
use crate::core::state::Action;
use std::cell::{Cell, RefCell};
use yew::prelude::*;

thread_local! {
    /// Slugs whose page is being read, so that no page is fetched twice at once.
    static IN_FLIGHT: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
    /// Whether the search text was asked for on this page.
    static SEARCH_ASKED: Cell<bool> = const { Cell::new(false) };
}

/// Reads the text of the question on screen and of its neighbours, when missing.
#[hook]
pub fn use_texts(store: &StoreHandle) {
    let state = &store.0;
    let wanted: Vec<&'static str> = state
        .current()
        .map(|(i, _)| {
            [Some(i), state.neighbour(i, 1), state.neighbour(i, -1)]
                .into_iter()
                .flatten()
                .map(|i| &state.deck.questions[i])
                .filter(|q| state.text(q).is_none() && state.text_failed != Some(q.id))
                .map(|q| q.id)
                .collect()
        })
        .unwrap_or_default();
    let store = store.clone();
    use_effect_with(wanted, move |wanted| {
        // Claimed now, so that no later render asks again while they are on the way...
        let fresh: Vec<&'static str> = IN_FLIGHT.with(|f| {
            let mut f = f.borrow_mut();
            let fresh: Vec<_> = wanted.iter().filter(|s| !f.contains(s)).copied().collect();
            f.extend(&fresh);
            fresh
        });
        // ...and read after the frame that shows the card: starting a fetch costs the
        // click a few milliseconds, and the text it brings is for later.
        browser::after_paint(move || read(fresh, store));
    });
}

/// Reads these questions' text (claimed in `IN_FLIGHT`) and hands it to the store.
fn read(slugs: Vec<&'static str>, store: StoreHandle) {
    for slug in slugs {
        let store = store.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let text = browser::question_text(slug).await;
            IN_FLIGHT.with(|f| f.borrow_mut().retain(|s| *s != slug));
            let slug = slug.to_string();
            act(
                &store,
                match text {
                    Some(text) => Action::Text { slug, text },
                    None => Action::TextFailed { slug },
                },
            );
        });
    }
}

/// Reads every question's searchable text (`search.txt`, a line `slug<TAB>text` each,
/// written by the build), once per page; until then search finds words in prompts.
pub fn load_search(store: &StoreHandle) {
    if SEARCH_ASKED.replace(true) {
        return;
    }
    let store = store.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let Some(text) = browser::fetch_text("search.txt").await else {
            // Offline and never cached: ask again on the next use.
            SEARCH_ASKED.set(false);
            return;
        };
        let lines = text
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(slug, text)| (slug.to_string(), text.to_string()))
            .collect();
        act(&store, Action::SearchText(lines));
    });
}
