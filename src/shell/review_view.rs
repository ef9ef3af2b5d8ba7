//! The review queue: what the scheduler says is due now, and a way to start on it.

use super::{act, browser, StoreHandle};
use crate::core::progress::due_in_words;
use crate::core::route::Route;
use crate::core::session::{queue, Mode};
use crate::core::state::Action;
use yew::prelude::*;

pub fn review_view(store: &StoreHandle) -> Html {
    let state = &store.0;
    let due = queue(state.deck, &state.progress, Mode::Due, 0, state.now);
    let next = state.progress.summary(state.deck, state.now).next_due;
    let start = {
        let store = store.clone();
        Callback::from(move |_| {
            act(
                &store,
                Action::StartRound {
                    mode: Mode::Due,
                    seed: browser::seed(),
                },
            )
        })
    };
    html! {
        <section class="review" aria-labelledby="view-title">
            <h1 id="view-title" tabindex="-1">{ "Due for review" }</h1>
            if due.is_empty() {
                <p>{ "Nothing is due right now." }
                    { next.map(|n| format!(" The next review is {}.", due_in_words(n, state.now))).unwrap_or_else(|| " Grade a few questions and they will come back here when it is time.".into()) }
                </p>
                <p><a class="button" href="#/">{ "See all questions" }</a></p>
            } else {
                <p>{ format!("{} question{} due.", due.len(), if due.len() == 1 { " is" } else { "s are" }) }</p>
                <p><button type="button" class="button primary" onclick={start}>{ "Start review" }</button></p>
                <ol class="question-list">
                    { for due.iter().map(|&i| {
                        let q = &state.deck.questions[i];
                        html! { <li class="question-item"><a href={Route::question(q.id, false).to_hash()}>{ q.prompt }</a></li> }
                    }) }
                </ol>
            }
        </section>
    }
}
