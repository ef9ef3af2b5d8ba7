//! The microphone at the edge: records one answer at a time with `MediaRecorder` and
//! reports what happened to the core's recorder (`core::speech`). The audio stays in
//! this page's memory as a `Blob` behind an object URL: it is never uploaded and never
//! stored, and each URL is revoked as soon as no view holds it.

use super::{act, browser, StoreHandle};
use crate::core::speech::{pick_mime, Failure, Owner, Speech, SpeechEvent};
use crate::core::state::{Action, State};
use gloo::events::EventListener;
use std::cell::{Cell, RefCell};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MediaRecorder, MediaStream};

/// The recording in progress: the recorder, the microphone's stream, and the listeners
/// that collect the audio and hand it over when it stops.
struct Active {
    recorder: MediaRecorder,
    stream: MediaStream,
    stopping: Cell<bool>,
    _listeners: [EventListener; 2],
}

thread_local! {
    static ACTIVE: RefCell<Option<Active>> = const { RefCell::new(None) };
    /// Bumped by every request and every release, so a microphone granted after the
    /// user moved on is closed at once instead of recording.
    static TICKET: Cell<u32> = const { Cell::new(0) };
    /// The object URLs this page made, each revoked once no view holds it.
    static URLS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Starts recording an answer for `owner`: asks for the microphone (the browser may
/// ask the user), then records in the first audio format the browser supports.
pub fn record(store: &StoreHandle, owner: Owner) {
    act(store, Action::Speak(SpeechEvent::Ask(owner)));
    release();
    let ticket = TICKET.get();
    let framed = store.1.framed;
    let fail = |failure| act(store, Action::Speak(SpeechEvent::Failed(failure)));
    // A frame's Permissions Policy may say no before anything is asked.
    if browser::microphone_blocked() {
        return fail(Failure::of("NotAllowedError", framed));
    }
    let window = browser::window();
    let has_recorder = window
        .as_ref()
        .is_some_and(|w| js_sys::Reflect::has(w, &"MediaRecorder".into()).unwrap_or(false));
    // No format to record in: the microphone is not even asked for (asked and left
    // unused, it would stay open, and a refusal would go unhandled; WebKitGTK showed it).
    let Some(mime) = has_recorder
        .then(|| pick_mime(MediaRecorder::is_type_supported))
        .flatten()
    else {
        return fail(Failure::Unsupported);
    };
    let constraints = web_sys::MediaStreamConstraints::new();
    constraints.set_audio(&JsValue::TRUE);
    // Without `navigator.mediaDevices` (an insecure page, say) the call throws: no promise.
    let promise = window
        .and_then(|w| w.navigator().media_devices().ok())
        .and_then(|d| d.get_user_media_with_constraints(&constraints).ok());
    let Some(promise) = promise else {
        return fail(Failure::Unsupported);
    };
    let store = store.clone();
    browser::when_settled(
        promise,
        Box::new(move |result| {
            let outcome = result.and_then(|stream| {
                let stream: MediaStream = stream.unchecked_into();
                if TICKET.get() != ticket {
                    stop_tracks(&stream);
                    return Ok(None);
                }
                begin(&store, stream.clone(), mime)
                    .map(Some)
                    .inspect_err(|_| stop_tracks(&stream))
            });
            let event = match outcome {
                Ok(None) => return,
                Ok(Some(())) => SpeechEvent::Started,
                Err(error) => {
                    let name = error
                        .dyn_ref::<web_sys::DomException>()
                        .map(|e| e.name())
                        .unwrap_or_default();
                    SpeechEvent::Failed(Failure::of(&name, framed))
                }
            };
            if TICKET.get() == ticket {
                act(&store, Action::Speak(event));
            }
        }),
    );
}

/// Starts the recorder on a granted stream (the caller closes the stream on an error).
fn begin(store: &StoreHandle, stream: MediaStream, mime: &'static str) -> Result<(), JsValue> {
    let options = web_sys::MediaRecorderOptions::new();
    options.set_mime_type(mime);
    let recorder =
        MediaRecorder::new_with_media_stream_and_media_recorder_options(&stream, &options)?;
    let chunks = js_sys::Array::new();
    let on_data = {
        let chunks = chunks.clone();
        EventListener::new(&recorder, "dataavailable", move |e| {
            if let Some(blob) = e.unchecked_ref::<web_sys::BlobEvent>().data() {
                chunks.push(&blob);
            }
        })
    };
    let on_stop = {
        let (store, stream) = (store.clone(), stream.clone());
        EventListener::new(&recorder, "stop", move |_| {
            stop_tracks(&stream);
            let options = web_sys::BlobPropertyBag::new();
            options.set_type(mime);
            let url = web_sys::Blob::new_with_blob_sequence_and_options(&chunks, &options)
                .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob));
            let event = match url {
                Ok(url) => {
                    URLS.with(|u| u.borrow_mut().push(url.clone()));
                    SpeechEvent::Stopped {
                        url: url.into(),
                        mime,
                    }
                }
                Err(_) => SpeechEvent::Failed(Failure::Unsupported),
            };
            act(&store, Action::Speak(event));
        })
    };
    recorder.start()?;
    ACTIVE.set(Some(Active {
        recorder,
        stream,
        stopping: Cell::new(false),
        _listeners: [on_data, on_stop],
    }));
    Ok(())
}

/// Brings the microphone and the object URLs in line with the state, after each
/// render: a stopped answer stops the recorder (its audio then arrives as
/// `Stopped`), an abandoned one closes the microphone, and every URL no view holds is
/// revoked (discarded, replaced, or its question or mock left behind).
pub fn sync(state: &State) {
    match &state.speech {
        Speech::Asking(_) | Speech::Recording { .. } => {}
        Speech::Stopping { .. } => ACTIVE.with(|a| {
            if let Some(active) = &*a.borrow() {
                if !active.stopping.replace(true) {
                    let _ = active.recorder.stop();
                }
            }
        }),
        _ => release(),
    }
    let mut held: Vec<&str> = Vec::new();
    if let Speech::Recorded { url, .. } = &state.speech {
        held.push(url);
    }
    if let Some(mock) = &state.mock {
        held.extend(
            mock.spoken
                .iter()
                .flatten()
                .filter_map(|(_, u)| u.as_deref()),
        );
    }
    URLS.with(|urls| {
        urls.borrow_mut().retain(|url| {
            let keep = held.contains(&url.as_str());
            if !keep {
                let _ = web_sys::Url::revoke_object_url(url);
            }
            keep
        })
    });
}

/// Closes the microphone without handing anything over, and lets a pending request go.
fn release() {
    TICKET.set(TICKET.get().wrapping_add(1));
    if let Some(active) = ACTIVE.take() {
        // The listeners go first, so stopping hands nothing over.
        drop(active._listeners);
        if !active.stopping.get() {
            let _ = active.recorder.stop();
        }
        stop_tracks(&active.stream);
    }
}

fn stop_tracks(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        track.unchecked_into::<web_sys::MediaStreamTrack>().stop();
    }
}
