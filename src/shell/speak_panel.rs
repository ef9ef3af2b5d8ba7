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
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The panel for `owner`'s answer, with its band of `(min, max)` minutes.
pub fn speak_panel(store: &StoreHandle, owner: Owner, band: (u8, u8)) -> Html {
    let state = &store.0;
    let (min, max) = band;
    let speech = &state.speech;
    let mine = speech.owner() == Some(owner);
    let aim = format!("{min} to {max} minutes");
    let elapsed = speech.elapsed(state.now);
    // One listener for the panel's buttons, each naming what it does in `data-do`.
    let onclick = {
        let store = store.clone();
        Callback::from(move |e: MouseEvent| {
            let what = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.get_attribute("data-do"));
            match what.as_deref() {
                Some("record") => recorder::record(&store, owner),
                Some("stop") => act(&store, Action::Speak(SpeechEvent::Stop)),
                Some("discard") => act(&store, Action::Speak(SpeechEvent::Discard)),
                _ => {}
            }
        })
    };
    let (record, stop) = ("record", "stop");
    // One layout for every state: the recording, the timer, a line of text (with its
    // role), the main button, and the recording's or the frame's other actions.
    let (mut text, mut role, mut button) = (String::new(), None, None);
    let (mut timer, mut audio, mut frame_link) = (false, None, false);
    match speech {
        Speech::Asking(_) if mine => {
            text = "Waiting for the microphone…".into();
            role = Some("status");
        }
        Speech::Stopping { .. } => {
            text = "Saving the recording…".into();
            role = Some("status");
        }
        Speech::Recording { .. } if mine => {
            timer = true;
            button = Some(("Stop", stop));
        }
        Speech::Recorded { ms, url, mime, .. } if mine => {
            let pace = match pace(*ms, band) {
                Pace::Short => "shorter than",
                Pace::Within => "within",
                Pace::Long => "longer than",
            };
            text = format!(
                "You spoke for {}, {pace} the {aim} you aimed for.",
                clock(*ms)
            );
            audio = Some((url.clone(), format!("answer.{}", extension(mime))));
            button = Some(("Record again", record));
        }
        Speech::Failed(_, failure) if mine => {
            text = failure.message().into();
            role = Some("alert");
            // In a frame that may not use the microphone, the full page is where to speak.
            frame_link = *failure == Failure::Framed;
            if !frame_link {
                button = Some(("Try again", record));
            }
        }
        _ => {
            text = format!(
                "Aim for {aim}. The recording stays in this page: never uploaded, never saved."
            );
            button = Some(("Answer out loud", record));
        }
    }
    let body = html! {
        <>
            if let Some((url, _)) = &audio {
                <audio controls=true src={AttrValue::Rc(url.clone())} />
            }
            if timer {
                <p>
                    <span role="timer" aria-label="Time spoken" class="timer" data-over={(pace(elapsed, band) == Pace::Long).then_some("")}>{ clock(elapsed) }</span>
                    { format!(" (aim for {aim})") }
                </p>
            }
            if !text.is_empty() {
                <p class="note" {role}>{ text }</p>
            }
            <p class="modes">
                if let Some((label, what)) = button {
                    <button type="button" class="button" data-do={what}>{ label }</button>
                }
                if let Some((url, name)) = audio {
                    <button type="button" class="button" data-do="discard">{ "Discard" }</button>
                    <a class="button" href={AttrValue::Rc(url)} download={name}>{ "Download" }</a>
                }
                if frame_link {
                    { full_page_link(store, "Answer out loud on the full page") }
                }
            </p>
        </>
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
        <div class="speak" role="group" aria-label="Answer out loud" {onclick}>
            { body }
            if let Some(history) = history {
                <p class="history">{ format!("Your history: {history}.") }</p>
            }
        </div>
    }
}
