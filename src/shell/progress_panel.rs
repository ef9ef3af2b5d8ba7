//! Your progress: export it (a file, or a short transfer code that also travels in a
//! link), import it (see what changes, then merge or replace), or reset it with an undo.
//! Imported text is only ever parsed as data and shown as text.

use super::{act, browser, StoreHandle};
use crate::core::progress::Progress;
use crate::core::state::Action;
use crate::core::storage::{self, Decoded};
use crate::core::transfer;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProgressPanelProps {
    pub store: StoreHandle,
    /// A transfer code that arrived in the link (`#/import/<code>`).
    #[prop_or_default]
    pub code: Option<AttrValue>,
}

/// Reads pasted text: a transfer code, a link holding one, or an exported JSON file.
fn read_import(text: &str) -> Result<Progress, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Paste a transfer code or choose an exported file first.".into());
    }
    let json = if text.starts_with('{') {
        text.to_string()
    } else {
        transfer::decode(text).map_err(|e| format!("That code cannot be read: {e}."))?
    };
    match storage::decode(Some(&json)) {
        Decoded::Progress(progress) => Ok(progress),
        Decoded::Newer { .. } => Err(
            "That progress comes from a newer version of Rehearse; update this page first.".into(),
        ),
        Decoded::Unreadable { reason } => Err(format!(
            "That is not Rehearse progress: {reason}. Nothing was changed."
        )),
        // `decode` is given text, so it is never empty.
        Decoded::Empty => Err("There is nothing to import.".into()),
    }
}

#[component]
pub fn ProgressPanel(props: &ProgressPanelProps) -> Html {
    let store = &props.store;
    let state = &store.0;
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

    // Decoding a code means decompressing and parsing it: once per change of the text,
    // not once per render.
    let parsed = use_memo((*input).clone(), |text| {
        (!text.trim().is_empty()).then(|| read_import(text))
    });
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
        let input = input.clone();
        Callback::from(move |e: InputEvent| {
            input.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_file = {
        let input = input.clone();
        Callback::from(move |e: Event| {
            let field = e.target_unchecked_into::<HtmlInputElement>();
            let input = input.clone();
            if let Some(file) = field.files().and_then(|files| files.get(0)) {
                browser::read_file(&file, move |text| input.set(text));
            }
        })
    };
    let import = |replace: bool| {
        let (store, input) = (store.clone(), input.clone());
        Callback::from(move |_| {
            if let Ok(progress) = read_import(&input) {
                act(&store, Action::Import { progress, replace });
                input.set(String::new());
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
                <button type="button" class="button" onclick={on_code}>{ "Copy a transfer code" }</button>
            </div>
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
            <h3>{ "Import" }</h3>
            <label class="field">
                <span>{ "Transfer code or exported file contents" }</span>
                <textarea id="import-text" rows="3" value={(*input).clone()} oninput={on_input} />
            </label>
            <label class="field">
                <span>{ "Or choose an exported file" }</span>
                <input type="file" accept=".json,application/json" onchange={on_file} />
            </label>
            { match &*parsed {
                None => Html::default(),
                Some(Err(message)) => html! { <p class="import-error" role="alert">{ message.clone() }</p> },
                Some(Ok(incoming)) => {
                    let p = state.progress.preview_import(incoming);
                    html! {
                        <>
                            <p class="import-preview" role="status">{ format!(
                                "This has {} question{} you have no progress on, {} newer than yours, {} older and {} the same.",
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
                <button type="button" class={classes!("button", confirming.then_some("danger"))} onclick={on_reset}>
                    { if *confirming { "Yes, reset my progress" } else { "Reset progress" } }
                </button>
                if *confirming {
                    <button type="button" class="button" onclick={on_keep}>{ "Keep it" }</button>
                }
            </div>
        </section>
    }
}
