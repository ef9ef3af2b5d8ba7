//! About: keyboard shortcuts, the theme, and where progress is kept, in plain words.

use super::{act, StoreHandle};
use crate::core::progress::Theme;
use crate::core::state::Action;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const THEMES: [(Theme, &str, &str); 3] = [
    (Theme::Auto, "auto", "Follow the system"),
    (Theme::Light, "light", "Light"),
    (Theme::Dark, "dark", "Dark"),
];

const SHORTCUTS: [(&str, &str); 6] = [
    ("Space or Enter", "Reveal the next part of the answer"),
    (
        "1 2 3 4",
        "Grade: missed it, got it with effort, got it, easy",
    ),
    ("← →", "Previous or next question"),
    ("/", "Search the questions"),
    ("?", "This page"),
    (
        "Tab",
        "Moves between controls as usual; shortcuts never fire while you type",
    ),
];

/// Exactly what leaves the widget, and when.
const WHAT_LEAVES: [&str; 4] = [
    "Nothing is sent to a server, ever.",
    "Embedded in another site with events turned on (events=1 in the frame's address), Rehearse tells that page which question is shown, each grade you give and when a round ends. Never your drafts.",
    "A transfer code, the link that imports it, and the full-page link from a frame that cannot store anything carry your progress, drafts included, in the address: that address stays in the browser's history and goes wherever you paste it.",
    "A downloaded file holds your progress, drafts included, and goes only where you put it.",
];

pub fn about(store: &StoreHandle) -> Html {
    let theme = store.0.progress.prefs.theme;
    let on_theme = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut prefs = store.0.progress.prefs.clone();
            prefs.theme = THEMES
                .iter()
                .find(|t| t.1 == value)
                .map_or(Theme::Auto, |t| t.0);
            act(&store, Action::SetPrefs(prefs));
        })
    };
    let swipe = store.0.progress.prefs.swipe;
    let on_swipe = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let mut prefs = store.0.progress.prefs.clone();
            prefs.swipe = e.target_unchecked_into::<HtmlInputElement>().checked();
            act(&store, Action::SetPrefs(prefs));
        })
    };
    html! {
        <section class="about" aria-labelledby="view-title">
            <h1 id="view-title" tabindex="-1">{ "About Rehearse" }</h1>
            <h2>{ "Keyboard shortcuts" }</h2>
            <dl class="shortcuts">
                { for SHORTCUTS.iter().map(|(keys, what)| html! {
                    <div><dt><kbd>{ *keys }</kbd></dt><dd>{ *what }</dd></div>
                }) }
            </dl>
            <h2>{ "Appearance" }</h2>
            <label class="field">
                <span>{ "Theme" }</span>
                <select id="theme" onchange={on_theme}>
                    { for THEMES.iter().map(|(t, value, label)| html! {
                        <option value={*value} selected={*t == theme}>{ *label }</option>
                    }) }
                </select>
            </label>
            <label class="check">
                <input id="swipe" type="checkbox" checked={swipe} onchange={on_swipe} />
                <span>{ "Swipe left or right on a question to move to the next or previous one" }</span>
            </label>
            <h2>{ "Where your progress lives" }</h2>
            <p>{ "Drafts, ticks and grades are saved in this browser's local storage, for this site only. Nothing is sent anywhere: Rehearse has no server, no account and no tracking." }</p>
            <p>{ "If the browser refuses storage (some private modes and embedded frames do), Rehearse says so and keeps your progress in memory for as long as the page is open." }</p>
            <p>{ "An answer given out loud is recorded in this page's memory only: never uploaded, never stored, gone when you discard it or leave. Only its length is saved with your progress." }</p>
            <h2>{ "What leaves this page, and when" }</h2>
            <ul>
                { for WHAT_LEAVES.iter().map(|what| html! { <li>{ *what }</li> }) }
            </ul>
        </section>
    }
}
