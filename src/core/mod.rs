//! The pure core: deck data, routes, progress, scheduling, sessions and the storage
//! format. It must never import yew, web_sys, gloo, js_sys or wasm_bindgen, and it
//! has no clock and no randomness of its own: the shell passes `now` and seeds in.

pub mod cues;
pub mod deck;
pub mod fsrs;
pub mod json;
pub mod options;
pub mod progress;
pub mod route;
pub mod session;
pub mod speech;
pub mod state;
pub mod stats;
pub mod storage;
pub mod transfer;
