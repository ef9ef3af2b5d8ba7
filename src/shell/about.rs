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

/// The page's fixed text, as markup written here (nothing in it comes from the user or
/// the URL): one constant for the wasm to hand to the page, not an element tree to build.
const SHORTCUTS: &str = "<h2>Keyboard shortcuts</h2><dl class=\"shortcuts\">\
<div><dt><kbd>Space or Enter</kbd></dt><dd>Reveal the next part of the answer</dd></div>\
<div><dt><kbd>1 2 3 4</kbd></dt><dd>Grade: missed it, got it with effort, got it, easy</dd></div>\
<div><dt><kbd>← →</kbd></dt><dd>Previous or next question</dd></div>\
<div><dt><kbd>/</kbd></dt><dd>Search the questions</dd></div>\
<div><dt><kbd>?</kbd></dt><dd>This page</dd></div>\
<div><dt><kbd>Tab</kbd></dt><dd>Moves between controls as usual; shortcuts never fire while you type</dd></div>\
</dl><h2>Appearance</h2>";

/// Where progress lives, and exactly what leaves the widget, and when.
const PRIVACY: &str = "<h2>Where your progress lives</h2>\
<p>Drafts, ticks and grades are saved in this browser's local storage, for this site only. Nothing is sent anywhere: Rehearse has no server, no account and no tracking.</p>\
<p>If the browser refuses storage (some private modes and embedded frames do), Rehearse says so and keeps your progress in memory for as long as the page is open.</p>\
<p>An answer given out loud is recorded in this page's memory only: never uploaded, never stored, gone when you discard it or leave. Only its length is saved with your progress.</p>\
<h2>What leaves this page, and when</h2><ul>\
<li>Nothing is sent to a server, ever.</li>\
<li>Embedded in another site with events turned on (events=1 in the frame's address), Rehearse tells that page which question is shown, each grade you give and when a round ends. Never your drafts.</li>\
<li>A transfer code, the link that imports it, and the full-page link from a frame that cannot store anything carry your progress, drafts included, in the address: that address stays in the browser's history and goes wherever you paste it.</li>\
<li>A downloaded file holds your progress, drafts included, and goes only where you put it.</li>\
</ul>";

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
            { Html::from_html_unchecked(AttrValue::Static(SHORTCUTS)) }
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
            { Html::from_html_unchecked(AttrValue::Static(PRIVACY)) }
        </section>
    }
}
