//! The storage notice: a small persistent message when progress is not safe here.

use super::StoreHandle;
use crate::core::state::storage_message;
use yew::prelude::*;

pub fn notice(store: &StoreHandle) -> Html {
    let Some(notice) = &store.0.storage else {
        return Html::default();
    };
    html! {
        <aside class="notice" aria-label="Storage">
            <p>{ storage_message(notice) }</p>
        </aside>
    }
}
