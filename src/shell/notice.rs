//! Notices about progress: where it is not safe (with the way out: export, or the kept
//! copies of unreadable data), and the short-lived undo after a reset or an import.

use super::{act, browser, StoreHandle};
use crate::core::state::{storage_message, Action, StorageNotice};
use yew::prelude::*;

pub fn notice(store: &StoreHandle) -> Html {
    let state = &store.0;
    let undo = state.undo.is_some().then(|| {
        let store = store.clone();
        html! {
            <aside class="notice" aria-label="Undo">
                <p>{ "Your progress was reset or changed by an import." }</p>
                <button type="button" class="button" onclick={Callback::from(move |_| act(&store, Action::Undo))}>{ "Undo" }</button>
            </aside>
        }
    });
    let storage = state.storage.as_ref().map(|notice| {
        let action = match notice {
            StorageNotice::Recovered { backup_key, .. } => {
                let download = {
                    let key = backup_key.clone();
                    Callback::from(move |_| {
                        browser::download("rehearse-unreadable-progress.txt", &browser::read(&key).unwrap_or_default())
                    })
                };
                let delete = {
                    let (key, store) = (backup_key.clone(), store.clone());
                    Callback::from(move |_| {
                        // Every copy kept of this key's unreadable values, not only this one.
                        let of = key
                            .trim_end_matches(|c: char| c.is_ascii_digit())
                            .strip_suffix(":backup:")
                            .unwrap_or(&key);
                        for backup in browser::keys_starting_with(of) {
                            if crate::core::storage::is_backup_of(of, &backup) {
                                browser::remove(&backup);
                            }
                        }
                        act(&store, Action::Storage(None));
                    })
                };
                html! {
                    <div class="modes">
                        <button type="button" class="button" onclick={download}>{ "Download the kept copy" }</button>
                        <button type="button" class="button" onclick={delete}>{ "Delete the kept copy" }</button>
                    </div>
                }
            }
            StorageNotice::Unavailable if state.page.embed => html! {
                <p class="modes">
                    { full_page_link(store, "Open the full page (your progress comes along)") }
                    <a class="button" href="#/about">{ "Export your progress" }</a>
                </p>
            },
            _ => html! { <p><a href="#/about">{ "Export your progress" }</a></p> },
        };
        html! {
            <aside class="notice" aria-label="Storage">
                <p>{ storage_message(notice) }</p>
                { action }
            </aside>
        }
    });
    html! { <>{ undo }{ storage }</> }
}

/// A link that opens this widget as a full page in a new tab, at the current view. When
/// storage is blocked here, the progress comes along as an import code, made when the
/// link is followed rather than on every render.
pub fn full_page_link(store: &StoreHandle, label: &'static str) -> Html {
    let href = format!("{}{}", store.1.site_url, store.0.route.to_hash());
    let carry = {
        let store = store.clone();
        Callback::from(move |e: MouseEvent| {
            if store.0.storage != Some(StorageNotice::Unavailable) {
                return;
            }
            let json = crate::core::storage::encode(store.0.deck.id, &store.0.progress);
            let code = crate::core::transfer::encode(&json);
            let link: web_sys::HtmlAnchorElement = e.target_unchecked_into();
            link.set_href(&format!("{}#/import/{code}", store.1.site_url));
        })
    };
    html! {
        <a class="button" href={href} target="_blank" rel="noopener" onclick={carry}>{ label }</a>
    }
}
