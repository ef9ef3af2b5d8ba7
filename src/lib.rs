//! Rehearse: an interview-practice quiz widget. `core` holds the rules and data and
//! is tested natively; `shell` is the thin Yew app around it.

pub mod core;
pub mod shell;
