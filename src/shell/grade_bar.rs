//! The four self-grade buttons, in plain words, with the rubric's suggestion marked.
//! The suggestion is only a hint: the user's click decides.

use super::{act, StoreHandle};
use crate::core::fsrs::Grade;
use crate::core::state::{grade_label, Action};
use yew::prelude::*;

pub fn grade_bar(store: &StoreHandle) -> Html {
    let state = &store.0;
    let suggestion = state.suggestion();
    let given = state.current().and_then(|(i, _)| {
        state
            .round
            .graded
            .iter()
            .find(|(j, _)| *j == i)
            .map(|(_, g)| *g)
    });
    html! {
        <div class="grade-bar" role="group" aria-labelledby="grade-title">
            <p id="grade-title" class="grade-title">{ "How did your answer go?" }</p>
            <div class="grades">
                { for Grade::ALL.into_iter().enumerate().map(|(n, grade)| {
                    let store = store.clone();
                    let onclick = Callback::from(move |_| act(&store, Action::Grade(grade)));
                    let suggested = suggestion == Some(grade);
                    html! {
                        <button type="button" class="button grade" data-suggested={suggested.then_some("")}
                            aria-pressed={(given == Some(grade)).to_string()} {onclick}>
                            <span class="key" aria-hidden="true">{ n + 1 }</span>
                            { grade_label(grade) }
                            if suggested { <span class="hint">{ " (suggested)" }</span> }
                        </button>
                    }
                }) }
            </div>
            if let Some(grade) = given {
                <p class="graded">{ format!("Graded: {}.", grade_label(grade)) }</p>
            }
        </div>
    }
}
