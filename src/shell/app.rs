//! The root component: owns the store, keeps the URL and focus in step with it, wires
//! persistence and shortcuts, and picks the view. It must not hold quiz rules; those
//! are in the core.

use super::host_events::use_host_events;
use super::persist::{initial_state, use_persistence, Saver};
use super::shortcuts::listen;
use super::texts::{load_search, use_texts};
use super::{act, browser, Boot, Early, Store};
use crate::core::deck::Deck;
use crate::core::options::{HostEvent, Options};
use crate::core::route::Route;
use crate::core::session::Stage;
use crate::core::speech::Speech;
use crate::core::state::Action;
use crate::core::state::State;
use crate::core::storage;
use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use std::rc::Rc;
use yew::prelude::*;

use super::about::about;
use super::mock_view::mock_view;
use super::not_found::not_found;
use super::notice::{full_page_link, notice};
use super::overview::overview;
use super::progress_panel::ProgressPanel;
use super::question_card::question_card;
use super::review_view::review_view;
use super::round_summary::round_summary;

#[derive(Properties)]
pub struct AppProps {
    pub deck: &'static Deck,
    pub boot: Rc<Boot>,
}

/// Compared by address (see `SharePanelProps`).
impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.deck, other.deck) && Rc::ptr_eq(&self.boot, &other.boot)
    }
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let full_deck = props.deck;
    let saver = use_mut_ref(Saver::default);
    let store = {
        let saver = saver.clone();
        let boot = props.boot.clone();
        use_reducer(move || {
            let live = boot.live;
            // The page's URL options, read once: they pick the questions, the progress
            // key, the first view and the look. Each ignored one gets a console warning.
            let (options, warnings) = Options::parse(&boot.search, full_deck);
            for warning in warnings.iter().filter(|_| live) {
                browser::warn(warning);
            }
            let deck: &'static Deck = match options.selection(full_deck) {
                Some(picked) if !picked.is_empty() => full_deck.subset(&picked),
                _ => full_deck,
            };
            let key = storage::key(deck.id, options.ns.as_deref());
            // A URL that names no view opens the `start` question (or the only one).
            let fresh = matches!(boot.hash.as_str(), "" | "#" | "#/");
            let (first, warning) = options.first_question(deck);
            if let (true, Some(warning)) = (live, warning) {
                browser::warn(&warning);
            }
            let mut hash = boot.hash.clone();
            if let (true, Some(start)) = (fresh, first) {
                hash = Route::question(start, false).to_hash();
                if live {
                    browser::replace_hash(&hash);
                }
            }
            let route = Route::parse(&hash);
            let (mut state, writable) = if live {
                initial_state(deck, &key, route)
            } else {
                let mut state = State::new(deck, Default::default(), boot.now);
                state.apply(boot.now, Action::Navigate(route));
                (state, false)
            };
            state.page = options.page(|| boot.framed);
            carry_over(&mut state, &boot.early, boot.now);
            if let (true, true, None, Some(mode)) = (live, fresh, first, options.mode) {
                let seed = browser::session_seed();
                state.apply(browser::now(), Action::StartRound { mode, seed });
                state.url_replace = true;
            }
            *saver.borrow_mut() = Saver::new(key, writable);
            Store(state, boot)
        })
    };
    let state = &store.0;
    let page = state.page;
    // Event listeners outlive a render: they read the newest handle through this cell.
    let latest = use_mut_ref(|| store.clone());
    *latest.borrow_mut() = store.clone();

    // A control the focus should move to once the next view has rendered.
    let focus_next = use_mut_ref(|| None::<&'static str>);

    // Once, after the first render: it replaces the prerendered page in one step; the
    // URL's embed look applies; a host that asked for events hears `ready`; the URL
    // drives the view from then on (Back and Forward are hashchange events); and the
    // keyboard shortcuts listen. One effect, not five: each costs code.
    {
        let (latest, focus_next, deck) = (latest.clone(), focus_next.clone(), state.deck);
        use_effect_with((), move |_| {
            browser::take_over();
            browser::set_page_flag("data-embed", page.embed);
            browser::set_page_flag("data-transparent", page.embed && page.transparent);
            if page.events {
                browser::post_to_parent(&HostEvent::Ready(deck));
            }
            let shortcuts = listen(latest.clone(), focus_next);
            let links = follow_links(latest.clone());
            let history = browser::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    let store = latest.borrow().clone();
                    act(
                        &store,
                        Action::Navigate(Route::parse(&browser::moved_hash())),
                    );
                })
            });
            move || drop((history, links, shortcuts))
        });
    }

    use_persistence(
        saver.clone(),
        latest.clone(),
        state.revision,
        state.undo.is_some(),
    );

    // The theme: the URL's, else the user's choice (remembered), else the system's.
    use_effect_with(page.theme.unwrap_or(state.progress.prefs.theme), |&theme| {
        browser::set_theme(theme)
    });

    use_host_events(state);
    use_texts(&store);
    // A search carried over from the prerendered page needs the search text too.
    {
        let store = store.clone();
        use_effect_with(state.filter.query.is_empty(), move |&empty| {
            if !empty {
                load_search(&store);
            }
        });
    }

    // The state may move the route itself (a round starts, an alias resolves, a card is
    // revealed): write it into the URL. Routes that came from the URL are left alone, so
    // a late effect can never undo the user's own navigation.
    {
        let route = state.route.clone();
        let replace = state.url_replace;
        use_effect_with(state.url_seq, move |&seq| {
            let hash = route.to_hash();
            if seq > 0 && browser::hash() != hash {
                if replace {
                    browser::replace_hash(&hash);
                } else {
                    browser::push_hash(&hash);
                }
            }
        });
    }

    // Focus follows the view: the new view's heading, the section just revealed, or a
    // control a shortcut asked for (`/` → search). Not on the first render, so an
    // embedded widget never pulls the host page's scroll. After the frame that shows a
    // card, its hidden sections are laid out unseen (`browser::unmark_card`).
    {
        // Counts the views shown: a move waiting for its frame gives way to a later one.
        let moves = use_mut_ref(|| 0u32);
        let focus_next = focus_next.clone();
        let key = (view_key(&state.route), state.stage);
        use_effect_with(key, move |(_, stage)| {
            let card = browser::unmark_card();
            let asked = focus_next.borrow_mut().take();
            let this = {
                let mut n = moves.borrow_mut();
                *n = n.wrapping_add(1);
                *n
            };
            let id = match (this, asked) {
                (1, _) => None,
                // A control a shortcut asked for takes the keys that follow: at once.
                (_, Some(id)) => {
                    browser::focus(id);
                    None
                }
                _ => Some(match stage {
                    Stage::Prompt => "view-title",
                    Stage::Why => "section-why",
                    Stage::How => "section-how",
                    Stage::Answer => "section-answer",
                }),
            };
            // Focusing lays the page out at once: after the frame that shows the view.
            // Unless a later move, or the reader, has moved the focus meanwhile. The
            // card's mark comes after the focus, which then finds the page as painted,
            // with no hidden section to lay out yet.
            let had = browser::focused();
            browser::after_paint(move || {
                let still = *moves.borrow() == this && browser::focused() == had;
                if let Some(id) = id.filter(|_| still) {
                    browser::focus(id);
                }
                browser::mark_card(card);
            });
        });
    }

    // The microphone and the recordings' object URLs follow the state.
    use_effect({
        let store = store.clone();
        move || super::recorder::sync(&store.0)
    });

    // The clock ticks once a second while the mock interview runs or an answer is
    // being recorded (its timer).
    {
        let latest = latest.clone();
        let running = matches!(state.route, Route::Mock)
            && state
                .mock
                .as_ref()
                .is_some_and(|m| !m.is_done() && !m.is_paused())
            || matches!(state.speech, Speech::Recording { .. });
        use_effect_with(running, move |&running| {
            let interval = running.then(|| {
                Interval::new(1000, move || {
                    let store = latest.borrow().clone();
                    act(&store, Action::Clock);
                })
            });
            move || drop(interval)
        });
    }

    let view = match &state.route {
        Route::Overview => overview(&store),
        Route::Question { .. } => match state.current() {
            Some((index, _)) => question_card(&store, index),
            None => not_found(&store),
        },
        Route::Review => review_view(&store),
        Route::Mock => mock_view(&store),
        Route::Summary => round_summary(&store),
        Route::About => html! {
            <>
                { about(&store) }
                <ProgressPanel store={store.clone()} />
            </>
        },
        Route::Import { code } => html! {
            <section aria-labelledby="view-title">
                <h1 id="view-title" tabindex="-1">{ "Import progress" }</h1>
                <ProgressPanel store={store.clone()} code={AttrValue::from(code.clone())} />
            </section>
        },
        Route::NotFound { .. } => not_found(&store),
    };

    html! {
            <div class="rehearse">
                if !page.compact {
                    <header class="site-header">
                        if !page.embed { <a class="brand" href="#/">{ "Rehearse" }</a> }
                        <nav aria-label="Sections">
                            <a href="#/">{ "Questions" }</a>
                            <a href="#/review">{ "Review" }</a>
                            <a href="#/mock">{ "Mock" }</a>
                            <a href="#/about">{ "About" }</a>
                        </nav>
                    </header>
                }
                { notice(&store) }
                <main id="main">{ view }</main>
                if page.embed {
                    <footer class="embed-footer">{ full_page_link(&store, "Open full page") }</footer>
                }
                <div class="visually-hidden" role="status" aria-live="polite">{ state.announcement.clone() }</div>
            </div>
    }
}

/// Applies what the reader did on the prerendered page before the app took over: the
/// stage revealed, the ticks and the draft (after any stored draft, never instead of
/// it), and the overview's search. Only onto the question that page showed.
fn carry_over(state: &mut State, early: &Early, now: i64) {
    if let (Some(slug), Some(text)) = (&early.slug, &early.text) {
        let (slug, text) = (slug.clone(), text.clone());
        state.apply(now, Action::Text { slug, text });
    }
    let on_card = state
        .current()
        .is_some_and(|(_, q)| early.slug.as_deref() == Some(q.id));
    if on_card {
        for _ in (state.stage as u8)..early.stage.min(3) {
            state.apply(now, Action::Reveal);
        }
        let ticked: Vec<u8> = state
            .current()
            .and_then(|(_, q)| state.progress.record(q))
            .map(|r| r.ticked.clone())
            .unwrap_or_default();
        for &point in early.ticks.iter().filter(|p| !ticked.contains(p)) {
            state.apply(now, Action::Tick { point, on: true });
        }
        let typed = early.draft.trim();
        if !typed.is_empty() {
            let stored = state
                .current()
                .and_then(|(_, q)| state.progress.record(q))
                .map(|r| r.draft.clone())
                .unwrap_or_default();
            if !stored.contains(typed) {
                let draft = match stored.trim() {
                    "" => early.draft.clone(),
                    _ => format!("{stored}\n\n{}", early.draft),
                };
                state.apply(now, Action::Draft(draft));
            }
        }
    }
    if matches!(state.route, Route::Overview) && !early.query.is_empty() {
        let filter = crate::core::state::Filter {
            query: early.query.clone(),
            ..state.filter.clone()
        };
        state.apply(now, Action::SetFilter(filter));
    }
}

/// Views that are "the same page" share a key, so focus moves only when the page changes.
fn view_key(route: &Route) -> String {
    match route {
        Route::Question { slug, .. } => format!("q/{slug}"),
        other => other.to_hash(),
    }
}

/// A plain click on one of the app's own links (`#/…`) moves the view in the same task
/// and adds the history entry itself, rather than waiting for the browser's `hashchange`
/// task. A modified click (a new tab or window) is the browser's, as is any link a handler
/// already took.
fn follow_links(latest: super::persist::Latest) -> Option<EventListener> {
    let active = gloo::events::EventListenerOptions::enable_prevent_default();
    browser::document().map(|d| {
        EventListener::new_with_options(&d, "click", active, move |event| {
            use wasm_bindgen::JsCast;
            let Some(click) = event.dyn_ref::<web_sys::MouseEvent>() else {
                return;
            };
            if click.default_prevented()
                || click.button() != 0
                || click.ctrl_key()
                || click.meta_key()
                || click.shift_key()
                || click.alt_key()
            {
                return;
            }
            let Some(hash) = click
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("a[href^='#/']:not([target])").ok()?)
                .and_then(|a| a.get_attribute("href"))
            else {
                return;
            };
            event.prevent_default();
            // A handle of its own: the render this starts writes `latest`.
            let store = latest.borrow().clone();
            super::go(&store, &hash);
        })
    })
}
