//! A single- or multiple-choice question: select, submit, then see what was right.
//! Scoring is the core's; this only renders the choices and the verdict.

use super::{act, StoreHandle};
use crate::core::deck::Kind;
use crate::core::session::{is_correct, Stage};
use crate::core::state::Action;
use yew::prelude::*;

/// `index` is the question's position in the deck.
pub fn choice_list(store: &StoreHandle, index: usize) -> Html {
    let state = &store.0;
    let question = &state.deck.questions[index];
    let (n_choices, correct, multiple) = match question.kind {
        Kind::Single { choices, correct } => (choices, correct, false),
        Kind::Multiple { choices, correct } => (choices, correct, true),
        Kind::Open { .. } => return Html::default(),
    };
    let chosen = state
        .progress
        .record(question)
        .map(|r| r.chosen.clone())
        .unwrap_or_default();
    let submitted = state.stage >= Stage::Answer;
    let verdict = submitted.then(|| is_correct(question, &chosen)).flatten();
    let submit = {
        let store = store.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            act(&store, Action::Submit);
        })
    };
    let text = state.text(question).cloned();
    let label = |i: usize| -> AttrValue {
        text.as_ref()
            .and_then(|t| t.choices.get(i))
            .map_or(AttrValue::Static("…"), |c| AttrValue::Rc(c.clone()))
    };
    html! {
        <form class="choices" onsubmit={submit}>
            <fieldset disabled={submitted}>
                <legend>{ if multiple { "Choose every answer that applies" } else { "Choose one answer" } }</legend>
                { for (0..usize::from(n_choices)).map(|i| {
                    let choice = i as u8;
                    let on = chosen.contains(&choice);
                    let store = store.clone();
                    let onchange = Callback::from(move |_| act(&store, Action::Choose { choice, on: !on }));
                    let mark = submitted.then(|| if correct.contains(&choice) { "right" } else if on { "wrong" } else { "" });
                    html! {
                        <label class="check" data-mark={mark}>
                            <input type={if multiple { "checkbox" } else { "radio" }} name="choice" checked={on} {onchange} />
                            <span>{ label(i) }</span>
                            if mark == Some("right") { <span class="mark">{ " — correct answer" }</span> }
                            if mark == Some("wrong") { <span class="mark">{ " — not this one" }</span> }
                        </label>
                    }
                }) }
            </fieldset>
            if let Some(right) = verdict {
                <p class="verdict" data-mark={if right { "right" } else { "wrong" }} role="status">
                    { if right { "Correct." } else { "Not quite." } }
                </p>
            } else {
                <button type="submit" class="button primary" disabled={chosen.is_empty()}>{ "Check answer" }</button>
            }
        </form>
    }
}
