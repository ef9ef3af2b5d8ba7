//! The friendly dead end: an unknown question or route, with a way back.
//! The path is shown as text only; it came from the URL.

use super::StoreHandle;
use crate::core::route::Route;
use yew::prelude::*;

pub fn not_found(store: &StoreHandle) -> Html {
    let path = match &store.0.route {
        Route::NotFound { path } => path.clone(),
        other => other.to_hash(),
    };
    html! {
        <section class="not-found" aria-labelledby="view-title">
            <h1 id="view-title" tabindex="-1">{ "We could not find that page" }</h1>
            <p>{ "Nothing here matches " }<code>{ path }</code>{ ". The question may have been renamed, or the link was cut short." }</p>
            <p><a class="button primary" href="#/">{ "See all questions" }</a></p>
        </section>
    }
}
