//! The mock interview: settings, then one question at a time against a visible,
//! pausable timer, then a summary with time spent and self-grades.

use super::speak_panel::speak_panel;
use super::{act, browser, StoreHandle};
use crate::core::fsrs::Grade;
use crate::core::progress::Prefs;
use crate::core::session::clock_text as clock;
use crate::core::speech::Owner;
use crate::core::state::{grade_label, Action};
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

pub fn mock_view(store: &StoreHandle) -> Html {
    let state = &store.0;
    // Each click builds its action anew (actions are not cloned: that costs code).
    let on = |make: fn() -> Action| {
        let store = store.clone();
        Callback::from(move |_| act(&store, make()))
    };

    let Some(mock) = &state.mock else {
        let prefs = state.progress.prefs.clone();
        let set = |f: fn(&mut Prefs, u32)| {
            let store = store.clone();
            Callback::from(move |e: Event| {
                let value = e
                    .target_unchecked_into::<HtmlSelectElement>()
                    .value()
                    .parse()
                    .unwrap_or(0);
                let mut prefs = store.0.progress.prefs.clone();
                f(&mut prefs, value);
                act(&store, Action::SetPrefs(prefs));
            })
        };
        let start = |out_loud: bool| {
            let store = store.clone();
            Callback::from(move |_| {
                act(
                    &store,
                    Action::StartMock {
                        seed: browser::seed(),
                        out_loud,
                    },
                )
            })
        };
        return html! {
            <section class="mock" aria-labelledby="view-title">
                <h1 id="view-title" tabindex="-1">{ "Mock interview" }</h1>
                <p>{ "Random questions, one at a time, against the clock. Draft your answer, move on when you are done, and grade yourself at the end." }</p>
                <div class="filters">
                    <label class="field"><span>{ "Questions" }</span>
                        <select onchange={set(|p, v| p.mock_questions = v.clamp(1, 23) as u8)}>
                            { for [3u8, 5, 8, 10].into_iter().map(|n| html! { <option value={n.to_string()} selected={prefs.mock_questions == n}>{ n }</option> }) }
                        </select>
                    </label>
                    <label class="field"><span>{ "Minutes each" }</span>
                        <select onchange={set(|p, v| p.mock_seconds = v.clamp(60, 1800))}>
                            { for [60u32, 120, 180, 300, 600].into_iter().map(|s| html! { <option value={s.to_string()} selected={prefs.mock_seconds == s}>{ s / 60 }</option> }) }
                        </select>
                    </label>
                </div>
                <p class="modes">
                    <button type="button" class="button primary" onclick={start(false)}>{ "Start the mock interview" }</button>
                    <button type="button" class="button" onclick={start(true)}>{ "Start it out loud" }</button>
                </p>
            </section>
        };
    };

    if mock.is_done() {
        return html! {
            <section class="mock" aria-labelledby="view-title">
                <h1 id="view-title" tabindex="-1">{ "Mock interview summary" }</h1>
                <ol class="question-list">
                    { for mock.questions.iter().enumerate().map(|(position, &i)| {
                        let q = &state.deck.questions[i];
                        let given = mock.grades[position];
                        html! {
                            <li class="question-item mock-result">
                                <p class="item-prompt">{ q.prompt }</p>
                                <p class="item-meta">{ format!("Time spent {}", clock(mock.spent[position])) }
                                    { given.map(|g| format!(" · {}", grade_label(g))).unwrap_or_default() }
                                    { mock.spoken[position].as_ref().map(|(ms, _)| format!(" · spoke for {}", clock(*ms))).unwrap_or_default() }</p>
                                if let Some((_, Some(url))) = &mock.spoken[position] {
                                    <audio controls=true src={AttrValue::Rc(url.clone())} aria-label="Your answer, recorded" />
                                }
                                <div class="grades" role="group" aria-label={format!("Grade question {}", position + 1)}>
                                    { for Grade::ALL.into_iter().map(|grade| html! {
                                        <button type="button" class="button grade" aria-pressed={(given == Some(grade)).to_string()}
                                            onclick={{ let store = store.clone(); Callback::from(move |_| act(&store, Action::MockGrade { position, grade })) }}>{ grade_label(grade) }</button>
                                    }) }
                                </div>
                            </li>
                        }
                    }) }
                </ol>
                <p><button type="button" class="button primary" onclick={on(|| Action::MockDiscard)}>{ "Start another mock interview" }</button></p>
            </section>
        };
    }

    let index = mock.questions[mock.current];
    let question = &state.deck.questions[index];
    let remaining = mock.remaining(state.now);
    let draft = state
        .progress
        .record(question)
        .map(|r| r.draft.clone())
        .unwrap_or_default();
    let on_draft = {
        let store = store.clone();
        Callback::from(move |e: InputEvent| {
            act(
                &store,
                Action::Draft(e.target_unchecked_into::<HtmlTextAreaElement>().value()),
            )
        })
    };
    let last = mock.current + 1 == mock.questions.len();
    html! {
        <section class="mock" aria-labelledby="view-title">
            <p class="card-meta">
                <span class="position">{ format!("Question {} of {}", mock.current + 1, mock.questions.len()) }</span>
                <span class="timer" data-over={(remaining < 0).then_some("")} role="timer" aria-label="Time left">{ clock(remaining) }</span>
            </p>
            <h1 id="view-title" tabindex="-1">{ question.prompt }</h1>
            if mock.out_loud {
                { speak_panel(store, Owner::Mock(mock.current), question.speak_minutes) }
            }
            <label class="field scratchpad">
                <span>{ "Your answer (private: it stays in this browser)" }</span>
                <textarea id="draft" rows="8" maxlength={super::question_card::DRAFT_MAX} value={draft} oninput={on_draft} />
            </label>
            <div class="action-bar">
                if mock.is_paused() {
                    <button type="button" class="button" onclick={on(|| Action::MockResume)}>{ "Resume timer" }</button>
                } else {
                    <button type="button" class="button" onclick={on(|| Action::MockPause)}>{ "Pause timer" }</button>
                }
                <button type="button" class="button primary" onclick={on(|| Action::MockNext)}>
                    { if last { "Finish and review" } else { "Next question" } }
                </button>
            </div>
        </section>
    }
}
