//! After a round: each grade, the key points covered, the score of choice
//! questions and when the next review is due.

use super::StoreHandle;
use crate::core::deck::Kind;
use crate::core::fsrs::Grade;
use crate::core::progress::due_in_words;
use crate::core::route::Route;
use crate::core::state::grade_label;
use yew::prelude::*;

pub fn round_summary(store: &StoreHandle) -> Html {
    let state = &store.0;
    let graded = &state.round.graded;
    let next = state.progress.summary(state.deck, state.now).next_due;
    let choice: Vec<_> = graded
        .iter()
        .filter(|(i, _)| !matches!(state.deck.questions[*i].kind, Kind::Open { .. }))
        .collect();
    let right = choice.iter().filter(|(_, g)| *g == Grade::Good).count();
    html! {
        <section class="round-summary" aria-labelledby="view-title">
            <h1 id="view-title" tabindex="-1">{ "Round summary" }</h1>
            if graded.is_empty() {
                <p>{ "You have not graded any question in this round yet." }</p>
            } else {
                <p>{ format!("You graded {} of {} questions.", graded.len(), state.round.order.len()) }</p>
                if !choice.is_empty() {
                    <p class="score">{ format!("Score: {right} of {} correct.", choice.len()) }</p>
                }
                <ol class="question-list">
                    { for graded.iter().map(|&(i, grade)| {
                        let q = &state.deck.questions[i];
                        let covered = match q.kind {
                            Kind::Open { points } => {
                                let n = state.progress.record(q).map_or(0, |r| r.ticked.len());
                                format!(" · covered {n} of {points}")
                            }
                            _ => String::new(),
                        };
                        html! {
                            <li class="question-item">
                                <a href={Route::question(q.id, false).to_hash()}>{ q.prompt }</a>
                                <span class="item-meta">{ format!("{}{covered}", grade_label(grade)) }</span>
                            </li>
                        }
                    }) }
                </ol>
            }
            <p>{ next.map(|n| format!("Next review: {}.", due_in_words(n, state.now))).unwrap_or_default() }</p>
            <p><a class="button primary" href="#/">{ "Back to all questions" }</a></p>
        </section>
    }
}
