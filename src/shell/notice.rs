//! The storage notice: a small persistent message when progress is not safe here.

use super::StoreHandle;
use crate::core::state::storage_message;
use yew::prelude::*;

#[component]
pub fn Notice() -> Html {
    let Some(store) = use_context::<StoreHandle>() else {
        return Html::default();
    };
    let Some(notice) = &store.0.storage else {
        return Html::default();
    };
    html! {
        <aside class="notice" aria-label="Storage">
            <p>{ storage_message(notice) }</p>
        </aside>
    }
}
