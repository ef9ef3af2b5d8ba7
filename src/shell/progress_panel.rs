//! Your progress: export it (a file, or a short transfer code that also travels in a
//! link), import it (see what changes, then merge or replace), or reset it with an undo.
//! Imported text is only ever parsed as data and shown as text. Inside a frame, where a
//! page we do not control could invite the clicks, it offers only the download: the
//! transfer code, importing and resetting are on the full page.

use super::notice::full_page_link;
use super::{act, browser, StoreHandle};
use crate::core::progress::{limits, Progress};
use crate::core::state::Action;
use crate::core::storage;
use crate::core::transfer;
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProgressPanelProps {
    pub store: StoreHandle,
    /// A transfer code that arrived in the link (`#/import/<code>`).
    #[prop_or_default]
    pub code: Option<AttrValue>,
}

/// How long typing in the import field may pause before the text is read: a code is
/// decompressed and parsed once it is all there, not once per keystroke.
const READ_DELAY_MS: u32 = 300;

/// Reads an import once: checked against the whole deck (a page showing a selection
/// still imports every question), limited, and never later than now.
fn read_import(text: &str) -> Result<Progress, String> {
    storage::read_import(text, &crate::core::deck::DECK, browser::now())
}

#[component]
pub fn ProgressPanel(props: &ProgressPanelProps) -> Html {
    let store = &props.store;
    let state = &store.0;
    // Framed for real, whatever the URL says (`embed=0` only changes the look).
    let framed = store.1.framed;
    let input = use_state(|| {
        props
            .code
            .as_ref()
            .map(|c| c.to_string())
            .unwrap_or_default()
    });
    let code = use_state(|| None::<String>);
    let confirming = use_state(|| false);
    let copied = use_state(|| None::<bool>);
    // What the import field holds, read once: the preview shows it and Merge or Replace
    // apply it as it is, without reading the text again.
    // In a frame the code is not read at all: the import happens on the full page.
    let parsed = use_state(|| {
        (props.code.as_ref())
            .filter(|_| !framed)
            .map(|c| Rc::new(read_import(c)))
    });
    let reading = use_mut_ref(|| None::<Timeout>);
    // Exports are encoded when asked for, not on every render.
    let export_json = |store: &StoreHandle| storage::encode(store.0.deck.id, &store.0.progress);

    let on_download = {
        let store = store.clone();
        Callback::from(move |_| {
            let name = format!("rehearse-{}.json", store.0.deck.id);
            browser::download(&name, &export_json(&store));
        })
    };
    let on_code = {
        let (store, code, copied) = (store.clone(), code.clone(), copied.clone());
        Callback::from(move |_| {
            let value = transfer::encode(&export_json(&store));
            let copied = copied.clone();
            browser::copy_text(&value, move |ok| copied.set(Some(ok)));
            code.set(Some(value));
        })
    };
    let on_input = {
        let (input, parsed, reading) = (input.clone(), parsed.clone(), reading.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            input.set(text.clone());
            parsed.set(None);
            let parsed = parsed.clone();
            *reading.borrow_mut() = (!text.trim().is_empty()).then(|| {
                Timeout::new(READ_DELAY_MS, move || {
                    parsed.set(Some(Rc::new(read_import(&text))))
                })
            });
        })
    };
    let on_file = {
        let (input, parsed) = (input.clone(), parsed.clone());
        Callback::from(move |e: Event| {
            let field = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = field.files().and_then(|files| files.get(0)) else {
                return;
            };
            // Measured before a byte is read: a huge file is never loaded at all.
            if file.size() > limits::IMPORT_BYTES as f64 {
                input.set(String::new());
                parsed.set(Some(Rc::new(Err(format!(
                    "That file is too large to be Rehearse progress ({} KB; exports are far smaller). Nothing was changed.",
                    (file.size() / 1024.0) as u64
                )))));
                return;
            }
            let (input, parsed) = (input.clone(), parsed.clone());
            browser::read_file(&file, move |text| {
                parsed.set(Some(Rc::new(read_import(&text))));
                input.set(text);
            });
        })
    };
    let import = |replace: bool| {
        let (store, input, parsed) = (store.clone(), input.clone(), parsed.clone());
        Callback::from(move |_| {
            if let Some(Ok(progress)) = parsed.as_deref() {
                let progress = progress.clone();
                act(&store, Action::Import { progress, replace });
                input.set(String::new());
                parsed.set(None);
            }
        })
    };
    let on_reset = {
        let (store, confirming) = (store.clone(), confirming.clone());
        Callback::from(move |_| {
            if *confirming {
                act(&store, Action::Reset);
            }
            confirming.set(!*confirming);
        })
    };
    let on_keep = {
        let confirming = confirming.clone();
        Callback::from(move |_| confirming.set(false))
    };
    let link = code
        .as_ref()
        .map(|c| format!("{}#/import/{c}", store.1.page_url));

    html! {
        <section class="progress-panel" aria-labelledby="progress-title">
            <h2 id="progress-title">{ "Your progress" }</h2>
            <p>{ {
                let n = state.progress.questions.len();
                format!("{n} question{} with progress in this browser.", if n == 1 { "" } else { "s" })
            } }</p>
            <h3>{ "Export" }</h3>
            <div class="modes">
                <button type="button" class="button" onclick={on_download}>{ "Download a file" }</button>
                if !framed {
                    <button type="button" class="button" onclick={on_code}>{ "Copy a transfer code" }</button>
                }
            </div>
            if framed {
                <p class="framed-only">
                    { "Transfer codes, importing and resetting are on the full page, where you can see whose page you are on. " }
                    { full_page_link(store, "Open the full page") }
                </p>
            }
            if let (Some(code), Some(link)) = (code.as_ref(), link) {
                <p role="status">{ match *copied {
                    Some(true) => "Copied. Paste it into Rehearse on the other device, or open this link there:",
                    _ => "Copy this code (select it), or open this link on the other device:",
                } }</p>
                <label class="field">
                    <span>{ "Transfer code" }</span>
                    <textarea id="transfer-code" readonly=true rows="3" value={code.clone()} />
                </label>
                <p><a href={link.clone()}>{ "Link that imports this progress" }</a></p>
            }
            if !framed {
            <h3>{ "Import" }</h3>
            <label class="field">
                <span>{ "Transfer code or exported file contents" }</span>
                <textarea id="import-text" rows="3" value={(*input).clone()} oninput={on_input} />
            </label>
            <label class="field">
                <span>{ "Or choose an exported file" }</span>
                <input type="file" accept=".json,application/json" onchange={on_file} />
            </label>
            { match parsed.as_deref() {
                None => Html::default(),
                Some(Err(message)) => html! { <p class="import-error" role="alert">{ message.clone() }</p> },
                Some(Ok(incoming)) => {
                    let p = state.progress.preview_import(incoming);
                    let deleted = match p.deleted {
                        0 => String::new(),
                        n => format!(" A merge leaves {n} deleted: progress was reset after their last change."),
                    };
                    html! {
                        <>
                            <p class="import-preview" role="status">{ format!(
                                "This has {} question{} you have no progress on, {} newer than yours, {} older and {} the same.{deleted}",
                                p.added, if p.added == 1 { "" } else { "s" }, p.newer, p.older, p.same
                            ) }</p>
                            <div class="modes">
                                <button type="button" class="button primary" onclick={import(false)}>{ "Merge (keep the newest of each)" }</button>
                                <button type="button" class="button" onclick={import(true)}>{ "Replace mine" }</button>
                            </div>
                        </>
                    }
                }
            } }
            <h3>{ "Start over" }</h3>
            if *confirming {
                <p role="alert">{ "Delete the progress of every question in this browser? You can undo this for a moment afterwards." }</p>
            }
            <div class="modes">
                <button type="button" class="button" onclick={on_reset}>
                    { if *confirming { "Yes, reset my progress" } else { "Reset progress" } }
                </button>
                if *confirming {
                    <button type="button" class="button" onclick={on_keep}>{ "Keep it" }</button>
                }
            </div>
            }
        </section>
    }
}
