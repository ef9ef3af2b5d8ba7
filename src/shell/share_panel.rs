//! Share one question (a link, or one with the answer open) through the system's share
//! sheet, the clipboard, or a field to copy by hand; and the embed code for a blog post.
//! Everything here is text: the links and the code are shown as values, never as markup.

use super::{browser, Boot};
use crate::core::deck::{Deck, BASE_URL};
use crate::core::options::{embed_code, share_link, Pick};
use crate::core::progress::Theme;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties)]
pub struct SharePanelProps {
    pub deck: &'static Deck,
    /// The question's index in `deck`.
    pub index: usize,
    pub boot: Rc<Boot>,
}

/// The same deck and page facts are the same objects: compared by address, never
/// field by field.
impl PartialEq for SharePanelProps {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.deck, other.deck)
            && self.index == other.index
            && Rc::ptr_eq(&self.boot, &other.boot)
    }
}

/// What the last share or copy did, in words for the status line.
#[derive(Clone, PartialEq)]
enum Outcome {
    Done(&'static str),
    /// The browser refused the clipboard: the text is offered in a field instead.
    Manual(String),
}

/// The panel's state. It belongs to one question: on another card it starts afresh.
struct Panel {
    id: &'static str,
    /// The embed's theme, and whether its frame may use the microphone; none until the
    /// panel is first opened. Its body is built only then: a card changes far more often
    /// than anyone shares it, and a closed panel's body would be rebuilt for each card.
    look: Option<(Theme, bool)>,
    pick: Pick<'static>,
    outcome: Option<Outcome>,
}

impl Panel {
    fn new(id: &'static str, look: Option<(Theme, bool)>) -> Self {
        let pick = Pick::Question(id);
        Panel {
            id,
            look,
            pick,
            outcome: None,
        }
    }
}

/// The panel's state and the way to show a change to it.
type Shared = (Rc<RefCell<Panel>>, UseForceUpdateHandle);

/// Changes the panel of question `id` and shows it. A change that comes after the reader
/// has moved to another card (a copy that finished late) is dropped.
fn update(shared: &Shared, id: &str, f: impl FnOnce(&mut Panel)) {
    let mut panel = shared.0.borrow_mut();
    if panel.id == id {
        f(&mut panel);
        shared.1.force_update();
    }
}

/// One component for every card: a move changes its question instead of tearing down
/// one panel and building another in the frame that shows the next card. Its
/// `<details>` element is keyed by the question, so that it starts closed on each card.
#[component]
pub fn SharePanel(props: &SharePanelProps) -> Html {
    let question = &props.deck.questions[props.index];
    let id = question.id;
    // A panel the reader opened on the prerendered card is built at once, and
    // `browser::take_over` opens it (the card's first panel only: not again when the
    // reader comes back to the card).
    let panel = use_mut_ref(|| {
        let early = &props.boot.early;
        let opened = early.slug.as_deref() == Some(id) && early.share.take();
        Panel::new(id, opened.then_some((Theme::Auto, false)))
    });
    if panel.borrow().id != id {
        *panel.borrow_mut() = Panel::new(id, None);
    }
    let shared: Shared = (panel.clone(), use_force_update());
    let p = panel.borrow();
    let (theme, microphone) = p.look.unwrap_or((Theme::Auto, false));
    let can_share = props.boot.can_share;

    let copy = {
        let shared = shared.clone();
        move |text: String, done: &'static str| {
            let shared = shared.clone();
            browser::copy_text(&text.clone(), move |ok| {
                update(&shared, id, |p| {
                    p.outcome = Some(if ok {
                        Outcome::Done(done)
                    } else {
                        Outcome::Manual(text)
                    })
                });
                // The field it shows is focused, its text selected (`select_all`), ready
                // for Ctrl+C or a long press: once it is painted.
                if !ok {
                    browser::after_paint(|| browser::focus("copy-by-hand"));
                }
            });
        }
    };
    let share = |answer: bool| {
        let (copy, shared) = (copy.clone(), shared.clone());
        let (title, site) = (question.prompt, props.boot.site_url.clone());
        Callback::from(move |_: MouseEvent| {
            let url = share_link(BASE_URL, &site, id, answer);
            if !can_share {
                return copy(url, "Link copied. Paste it anywhere.");
            }
            let (copy, shared) = (copy.clone(), shared.clone());
            browser::share(title, &url.clone(), move |ok| {
                if ok {
                    update(&shared, id, |p| p.outcome = None);
                } else {
                    copy(url, "Link copied. Paste it anywhere.");
                }
            });
        })
    };
    let (link, answer_link) = if can_share {
        ("Share link", "Share link with the answer open")
    } else {
        ("Copy link", "Copy link with the answer open")
    };
    let (share_question, share_answer) = (share(false), share(true));

    // Worked out only for an open panel, which alone shows it.
    let code = p
        .look
        .map(|_| {
            let title = match p.pick {
                Pick::Question(_) => question.prompt,
                _ => props.deck.title,
            };
            embed_code(&props.boot.site_url, p.pick, theme, title, microphone)
        })
        .unwrap_or_default();
    let on_microphone = {
        let shared = shared.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            update(&shared, id, |p| p.look = Some((theme, on)))
        })
    };
    let on_pick = {
        let shared = shared.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let pick = match value.as_str() {
                "question" => Pick::Question(id),
                "deck" => Pick::Deck,
                tag => question
                    .tags
                    .iter()
                    .find(|t| **t == tag)
                    .map_or(Pick::Deck, |t| Pick::Tag(t)),
            };
            update(&shared, id, |p| p.pick = pick)
        })
    };
    let on_theme = {
        let shared = shared.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let theme = match value.as_str() {
                "light" => Theme::Light,
                "dark" => Theme::Dark,
                _ => Theme::Auto,
            };
            update(&shared, id, |p| p.look = Some((theme, microphone)))
        })
    };
    let copy_code = {
        let (code, copy) = (code.clone(), copy.clone());
        Callback::from(move |_: MouseEvent| {
            copy(
                code.clone(),
                "Embed code copied. Paste it into your page's HTML.",
            )
        })
    };
    let select_all =
        Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlInputElement>().select());

    // Opened by its summary (a click, or Enter or Space on it): the body is built before
    // the browser shows it, in the same frame.
    let on_open = {
        let shared = shared.clone();
        Callback::from(move |_: MouseEvent| {
            if shared.0.borrow().look.is_none() {
                update(&shared, id, |p| p.look = Some((theme, microphone)));
            }
        })
    };

    html! {
        <details class="share" key={id}>
            <summary id="share" onclick={on_open}>{ "Share or embed" }</summary>
            if p.look.is_some() {
                <h2>{ "Share this question" }</h2>
                <p class="modes">
                    <button type="button" class="button" onclick={share_question}>{ link }</button>
                    <button type="button" class="button" onclick={share_answer}>{ answer_link }</button>
                </p>
                <h2>{ "Embed in your site" }</h2>
                <label class="field">
                    <span>{ "Show" }</span>
                    <select onchange={on_pick}>
                        <option value="question" selected={matches!(p.pick, Pick::Question(_))}>{ "This question" }</option>
                        <option value="deck" selected={p.pick == Pick::Deck}>{ "The whole deck" }</option>
                        { for question.tags.iter().filter_map(|id| props.deck.tags.iter().find(|t| t.id == *id)).map(|t| html! {
                            <option value={t.id} selected={p.pick == Pick::Tag(t.id)}>{ format!("Questions tagged {}", t.label) }</option>
                        }) }
                    </select>
                </label>
                <label class="field">
                    <span>{ "Embed theme" }</span>
                    <select onchange={on_theme}>
                        <option value="auto" selected={theme == Theme::Auto}>{ "Follow the reader's system" }</option>
                        <option value="light" selected={theme == Theme::Light}>{ "Light" }</option>
                        <option value="dark" selected={theme == Theme::Dark}>{ "Dark" }</option>
                    </select>
                </label>
                <label class="check">
                    <input type="checkbox" checked={microphone} onchange={on_microphone} />
                    <span>{ "Allow answering out loud" }</span>
                </label>
                <label class="field">
                    <span>{ "Embed code" }</span>
                    <textarea readonly=true rows="4" value={code} />
                </label>
                <button type="button" class="button" onclick={copy_code}>{ "Copy embed code" }</button>
                <div role="status">
                    { match &p.outcome {
                        Some(Outcome::Done(text)) => html! { <p>{ *text }</p> },
                        Some(Outcome::Manual(text)) => html! {
                            <label class="field">
                                <span>{ "Copying is blocked here. Select this and copy it:" }</span>
                                <input id="copy-by-hand" readonly=true value={text.clone()} onfocus={select_all} />
                            </label>
                        },
                        None => Html::default(),
                    } }
                </div>
            } else if cfg!(not(target_arch = "wasm32")) {
                // The prerendered page's panel (the app builds the body when it is opened).
                <p>{ "Sharing and embedding work once the page has finished loading." }</p>
            }
        </details>
    }
}
