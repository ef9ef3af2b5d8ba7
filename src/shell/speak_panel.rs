//! Answering out loud, on a question card or in the mock interview: the record button,
//! the running timer against the target band, playback with Record again, Discard and
//! Download, and a message in place when the browser cannot record. It renders the
//! core's `Speech`; the microphone itself is `recorder`'s.

use super::notice::full_page_link;
use super::recorder;
use super::{act, StoreHandle};
use crate::core::session::clock_text as clock;
use crate::core::speech::{extension, pace, Failure, Owner, Pace, Speech, SpeechEvent};
use crate::core::state::Action;
use yew::prelude::*;

/// The panel for `owner`'s answer, with its band of `(min, max)` minutes.
pub fn speak_panel(store: &StoreHandle, owner: Owner, band: (u8, u8)) -> Html {
    let state = &store.0;
    let (min, max) = band;
    let on = |event: SpeechEvent| {
        let store = store.clone();
        Callback::from(move |_| act(&store, Action::Speak(event.clone())))
    };
    let record = |label: &'static str| {
        let store = store.clone();
        let onclick = Callback::from(move |_| recorder::record(&store, owner));
        html! { <button type="button" class="button" {onclick}>{ label }</button> }
    };
    let speech = &state.speech;
    let mine = speech.owner() == Some(owner);
    let body = match speech {
        // In a frame that may not use the microphone, the full page is where to speak.
        _ if store.1.microphone_blocked && store.1.framed => html! {
            <>
                <p>{ Failure::Framed.message() }</p>
                { full_page_link(store, "Answer out loud on the full page") }
            </>
        },
        Speech::Asking(_) | Speech::Stopping { .. } => html! {
            <p role="status">{ if matches!(speech, Speech::Asking(_)) { "Waiting for the microphone…" } else { "Saving the recording…" } }</p>
        },
        Speech::Recording { .. } if mine => html! {
            <>
                <p class="speak-timer">
                    <span role="timer" aria-label="Time spoken" class={pace_class(pace(speech.elapsed(state.now), band))}>{ clock(speech.elapsed(state.now)) }</span>
                    { format!(" (aim for {min} to {max} minutes)") }
                </p>
                <button type="button" class="button primary" onclick={on(SpeechEvent::Stop)}>{ "Stop" }</button>
            </>
        },
        Speech::Recorded { ms, url, mime, .. } if mine => html! {
            <>
                <audio controls=true src={AttrValue::Rc(url.clone())} />
                <p>{ format!("You spoke for {}, {}.", clock(*ms), pace_words(pace(*ms, band), band)) }</p>
                <p class="modes">
                    { record("Record again") }
                    <button type="button" class="button" onclick={on(SpeechEvent::Discard)}>{ "Discard" }</button>
                    <a class="button" href={AttrValue::Rc(url.clone())} download={format!("answer.{}", extension(mime))}>{ "Download" }</a>
                </p>
            </>
        },
        Speech::Failed(_, failure) if mine => html! {
            <>
                <p class="speak-error" role="alert">{ failure.message() }</p>
                if *failure == Failure::Framed {
                    { full_page_link(store, "Answer out loud on the full page") }
                } else {
                    { record("Try again") }
                }
            </>
        },
        _ => html! {
            <>
                { record("Answer out loud") }
                <p class="note">{ format!("Aim for {min} to {max} minutes. The recording stays in this page's memory: it is never uploaded or saved.") }</p>
            </>
        },
    };
    // The lengths of earlier answers out loud (the audio itself is never kept).
    let history = match owner {
        Owner::Question(slug) => state
            .find(slug)
            .and_then(|i| state.progress.record(&state.deck.questions[i]))
            .map(|r| {
                r.spoken
                    .iter()
                    .rev()
                    .take(5)
                    .fold(String::new(), |text, s| {
                        let sep = if text.is_empty() { "" } else { ", " };
                        format!("{text}{sep}spoke for {}", clock(s.ms))
                    })
            })
            .filter(|t| !t.is_empty()),
        Owner::Mock(_) => None,
    };
    html! {
        <div class="speak" role="group" aria-label="Answer out loud">
            { body }
            if let Some(history) = history {
                <p class="history">{ format!("Your history, newest first: {history}.") }</p>
            }
        </div>
    }
}

fn pace_class(pace: Pace) -> &'static str {
    match pace {
        Pace::Short => "timer short",
        Pace::Within => "timer within",
        Pace::Long => "timer over",
    }
}

fn pace_words(pace: Pace, (min, max): (u8, u8)) -> String {
    match pace {
        Pace::Short => format!("shorter than the {min} to {max} minutes you aimed for"),
        Pace::Within => format!("within the {min} to {max} minutes you aimed for"),
        Pace::Long => format!("longer than the {min} to {max} minutes you aimed for"),
    }
}
