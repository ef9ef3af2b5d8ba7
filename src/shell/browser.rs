//! The browser at the edge: clock, randomness, URL hash, focus and localStorage.
//! Every call here tolerates a browser that says no; none of it panics on user data.

use crate::core::storage::{self, Decoded};
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement, Storage, Window};

pub fn now() -> i64 {
    js_sys::Date::now() as i64
}

/// A fresh seed for shuffles and mock interviews.
pub fn seed() -> u64 {
    (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64
}

pub fn window() -> Option<Window> {
    web_sys::window()
}

pub fn document() -> Option<Document> {
    window()?.document()
}

pub fn hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Goes to a route, adding a history entry (so Back returns here).
pub fn push_hash(hash: &str) {
    if let Some(w) = window() {
        let _ = w.location().set_hash(hash);
    }
}

/// Rewrites the current history entry (alias → slug, reveal → `/answer`).
pub fn replace_hash(hash: &str) {
    let Some(w) = window() else { return };
    let url = format!(
        "{}{}{hash}",
        w.location().pathname().unwrap_or_default(),
        w.location().search().unwrap_or_default()
    );
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Moves focus to the element with this id (headings carry `tabindex="-1"`).
pub fn focus(id: &str) {
    if let Some(el) = document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// localStorage, or `None` where the browser blocks it (it may throw on access).
fn local_storage() -> Option<Storage> {
    window()?.local_storage().ok().flatten()
}

/// What loading found, with the raw value so that nothing is ever lost.
pub struct Loaded {
    pub decoded: Decoded,
    pub raw: Option<String>,
    /// False when storage could not even be read.
    pub available: bool,
}

pub fn load(key: &str) -> Loaded {
    let Some(store) = local_storage() else {
        return Loaded {
            decoded: Decoded::Empty,
            raw: None,
            available: false,
        };
    };
    match store.get_item(key) {
        Ok(raw) => Loaded {
            decoded: storage::decode(raw.as_deref()),
            raw,
            available: true,
        },
        Err(_) => Loaded {
            decoded: Decoded::Empty,
            raw: None,
            available: false,
        },
    }
}

/// Why a write did not happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteError {
    Unavailable,
    Full,
}

pub fn write(key: &str, value: &str) -> Result<(), WriteError> {
    let store = local_storage().ok_or(WriteError::Unavailable)?;
    store.set_item(key, value).map_err(|e| {
        let name = e
            .dyn_ref::<web_sys::DomException>()
            .map(|d| d.name())
            .unwrap_or_default();
        if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
            WriteError::Full
        } else {
            WriteError::Unavailable
        }
    })
}
