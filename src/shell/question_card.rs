//! One question: prompt, scratchpad, staged reveal, key-point checklist, grading and
//! navigation. Deck HTML was rendered and checked at build time; nothing from the URL
//! or the user is ever rendered as markup.

use super::choice_list::choice_list;
use super::grade_bar::grade_bar;
use super::share_panel::SharePanel;
use super::speak_panel::speak_panel;
use super::{act, browser, draft_typed, flush_pending, go, reveal_now, StoreHandle};
use crate::core::cues::mentions;
use crate::core::deck::{Kind, SectionKind, Text};
use crate::core::route::Route;
use crate::core::session::{swipe_step, Stage};
use crate::core::speech::Owner;
use crate::core::state::Action;
use std::cell::Cell;
use wasm_bindgen::JsCast;

/// The scratchpad holds at most as much as progress keeps (`limits::DRAFT_BYTES`, three
/// bytes for each of these UTF-16 units): nothing typed is cut off silently.
pub const DRAFT_MAX: &str = "20000";
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// The card for the question at `index` in the deck.
pub fn question_card(store: &StoreHandle, index: usize) -> Html {
    let state = &store.0;
    let question = &state.deck.questions[index];
    let record = state.progress.record(question);
    let (position, total) = state.position(index);
    let status = state.status_of(index);
    let stage = state.stage;

    let slug = matches!(state.route, Route::Question { .. }).then_some(question.id);
    let reveal = |all: bool, to: Stage| {
        let store = store.clone();
        Callback::from(move |e: MouseEvent| {
            blur_target(&e);
            reveal_now(&store, all, to, slug)
        })
    };
    // Typing renders nothing: the text reaches the store after a pause (`draft_typed`),
    // or at once when the field loses focus with a change. `change`, not `blur`: Yew
    // listens for an event kind on the whole page, and every focus move (each reveal
    // moves it) would pay for a blur listener.
    let on_draft = {
        let store = store.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            draft_typed(&store, text);
        })
    };
    let on_draft_done = {
        let store = store.clone();
        Callback::from(move |_: Event| {
            flush_pending(&store);
        })
    };
    let link = |to: Option<usize>| {
        to.map(|i| Route::question(state.deck.questions[i].id, false).to_hash())
    };
    let previous = link(state.neighbour(index, -1));
    let next = link(state.neighbour(index, 1)).unwrap_or_else(|| Route::Summary.to_hash());
    let (on_touch_start, on_touch_end) = swipe(
        store.clone(),
        state.progress.prefs.swipe,
        previous.clone(),
        Some(next.clone()),
    );
    let tags = question
        .tags
        .iter()
        .filter_map(|id| state.deck.tags.iter().find(|t| t.id == *id));

    let text = state.text(question).cloned();
    let failed = state.text_failed == Some(question.id);
    let section = |kind: SectionKind, id: &'static str, hidden: bool| {
        section(store, text.as_deref(), failed, kind, id, hidden)
    };
    let body = match question.kind {
        Kind::Open { points } => {
            let ticked = record.map(|r| r.ticked.clone()).unwrap_or_default();
            let draft = record.map_or("", |r| r.draft.as_str());
            let next_label = match stage {
                Stage::Prompt => "Show why interviewers ask",
                Stage::Why => "Show how to answer",
                _ => "Show the model answer",
            };
            html! {
                <>
                    <label class="field scratchpad">
                        <span>{ "Your answer (private: it stays in this browser)" }</span>
                        <textarea id="draft" rows="6" maxlength={DRAFT_MAX} value={record.map(|r| r.draft.clone()).unwrap_or_default()} oninput={on_draft} onchange={on_draft_done}
                            placeholder="Draft your answer as you would say it in the interview." />
                    </label>
                    { speak_panel(store, Owner::Question(question.id), question.speak_minutes) }
                    // Every section is in the document from the start, hidden until its stage:
                    // revealing is then an attribute, and a page the build prerendered can
                    // be read (and revealed by its boot script) before the app has loaded.
                    { section(SectionKind::Why, "section-why", stage < Stage::Why) }
                    { section(SectionKind::How, "section-how", stage < Stage::How) }
                    { key_points_list(store, text.as_deref(), points, &ticked, draft, stage < Stage::How) }
                    { section(SectionKind::Model, "section-answer", stage < Stage::Answer) }
                    { section(SectionKind::FollowUps, "section-follow-ups", stage < Stage::Answer) }
                    { section(SectionKind::Pitfalls, "section-pitfalls", stage < Stage::Answer) }
                    <div class="action-bar">
                        if stage < Stage::Answer {
                            <button type="button" class="button primary" onclick={reveal(false, stage.next(question))}>{ next_label }</button>
                            <button type="button" class="button" onclick={reveal(true, Stage::Answer)}>{ "Reveal all" }</button>
                        } else {
                            { grade_bar(store) }
                        }
                    </div>
                </>
            }
        }
        Kind::Single { .. } | Kind::Multiple { .. } => html! {
            <>
                { choice_list(store, index) }
                { section(SectionKind::Explanation, "section-answer", stage < Stage::Answer) }
            </>
        },
    };

    html! {
        <article class="card" data-swipe={state.progress.prefs.swipe.then_some("")} data-slug={question.id} aria-labelledby="view-title" ontouchstart={on_touch_start} ontouchend={on_touch_end}>
            <p class="card-meta">
                <span class="position">{ format!("{position} of {total}") }</span>
                <span class="status" data-status={status.label()}>{ status.label() }</span>
                <span class="difficulty">{ difficulty(question.difficulty) }</span>
                if record.is_some_and(|r| r.is_stale(question)) {
                    <span class="updated">{ "Updated since you practised" }</span>
                }
            </p>
            <h1 id="view-title" tabindex="-1">{ question.prompt }</h1>
            <ul class="tags" aria-label="Tags">
                { for tags.map(|t| html! { <li>{ t.label }</li> }) }
            </ul>
            { body }
            <nav class="pager" aria-label="Questions">
                if let Some(previous) = previous {
                    <a class="button" href={previous} rel="prev">{ "Previous" }</a>
                }
                <a class="button" href={next} rel="next">{ "Next" }</a>
            </nav>
            <SharePanel deck={state.deck} index={index} boot={store.1.clone()} />
        </article>
    }
}

thread_local! {
    /// Where the current one-finger touch began, if it may become a swipe.
    static TOUCH_START: Cell<Option<(i32, i32)>> = const { Cell::new(None) };
}

/// Touch handlers that move to `previous` or `next` (hashes) on a swipe, when the
/// setting allows. Never from the scratchpad or a field, never with several fingers,
/// and never while text is selected; the buttons do the same for everyone.
fn swipe(
    store: StoreHandle,
    enabled: bool,
    previous: Option<String>,
    next: Option<String>,
) -> (Callback<TouchEvent>, Callback<TouchEvent>) {
    let start = Callback::from(move |e: TouchEvent| {
        let in_field = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("textarea, input, select").ok().flatten())
            .is_some();
        let touch = e.touches().get(0).filter(|_| e.touches().length() == 1);
        TOUCH_START.set(match touch {
            Some(t) if enabled && !in_field => Some((t.client_x(), t.client_y())),
            _ => None,
        });
    });
    let end = Callback::from(move |e: TouchEvent| {
        let (Some((x, y)), Some(t)) = (TOUCH_START.take(), e.changed_touches().get(0)) else {
            return;
        };
        if browser::has_selection() {
            return;
        }
        let to = match swipe_step(t.client_x() - x, t.client_y() - y) {
            1 => next.as_ref(),
            -1 => previous.as_ref(),
            _ => None,
        };
        if let Some(hash) = to {
            go(&store, hash);
        }
    });
    (start, end)
}

/// Lets go of the focus on a reveal button, which the render may remove: a browser lays
/// the page out at once when the focused element goes. The focus then moves to what the
/// button opened, once it is painted (the App's focus effect).
fn blur_target(e: &MouseEvent) {
    if let Some(el) = e.target_dyn_into::<web_sys::HtmlElement>() {
        let _ = el.blur();
    }
}

fn difficulty(level: u8) -> &'static str {
    match level {
        1 => "Warm-up",
        2 => "Intermediate",
        _ => "Hard",
    }
}

/// A section of the answer, with a focusable heading for screen readers and keyboards.
/// `data-stage` names the stage that shows it, for the prerendered page's boot script;
/// `data-section` its kind, for the app reading a question's text from its page. Until
/// the text has arrived from the question's page, a line says so (or that it failed).
fn section(
    store: &StoreHandle,
    text: Option<&Text>,
    failed: bool,
    kind: SectionKind,
    id: &'static str,
    hidden: bool,
) -> Html {
    if hidden && super::lean() {
        return Html::default();
    }
    let body = match text {
        // Rendered from checked Markdown at build time (compiled in, or read back from
        // the page the build wrote): no raw HTML, no unsafe links.
        Some(text) => match text.section(kind) {
            Some(html) => Html::from_html_unchecked(AttrValue::Rc(html.clone())),
            None => return Html::default(),
        },
        None if failed => {
            let store = store.clone();
            let retry = Callback::from(move |_| act(&store, Action::RetryText));
            html! {
                <p class="loading">
                    { "This part could not be loaded; you may be offline. " }
                    <button type="button" class="button" onclick={retry}>{ "Try again" }</button>
                </p>
            }
        }
        None => html! { <p class="loading">{ "Loading…" }</p> },
    };
    html! {
        <section class="answer-section" aria-labelledby={id} data-stage={stage_name(kind)} data-section={kind.name()} {hidden}>
            <h2 id={id} tabindex="-1">{ kind.title() }</h2>
            <div class="prose">{ body }</div>
        </section>
    }
}

/// The stage that shows a section: why, how (with the key points) or answer.
fn stage_name(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Why => "why",
        SectionKind::How => "how",
        _ => "answer",
    }
}

/// The rubric: which key points the draft covered. Once it is shown (never before: the
/// cues would give the answer away), each point the draft mentions says so, quoting the
/// draft's own words, and one button ticks those; only the user's clicks tick anything.
/// Every line is there whatever the draft says, one line each, so that a draft handed
/// over when the scratchpad loses focus (a press on a checkbox) moves nothing.
fn key_points_list(
    store: &StoreHandle,
    text: Option<&Text>,
    points: u8,
    ticked: &[u8],
    draft: &str,
    hidden: bool,
) -> Html {
    if hidden && super::lean() {
        return Html::default();
    }
    let covered = ticked.len();
    let label = |i: usize| -> AttrValue {
        text.and_then(|t| t.key_points.get(i))
            .map_or(AttrValue::Static("…"), |p| AttrValue::Rc(p.clone()))
    };
    let cues = |i: usize| {
        text.and_then(|t| t.cues.get(i))
            .map(|c| AttrValue::Rc(c.clone()))
    };
    let found = match text {
        Some(text) if !hidden => mentions(draft, &text.cues),
        _ => Vec::new(),
    };
    let quote = |i: usize| found.get(i)?.as_ref().map(|m| &draft[m.at.clone()]);
    let n_found = found.iter().flatten().count();
    let to_tick: Vec<u8> = (0..points)
        .filter(|&p| quote(usize::from(p)).is_some() && !ticked.contains(&p))
        .collect();
    let tick_found = {
        let store = store.clone();
        Callback::from(move |_| {
            for &point in &to_tick {
                act(&store, Action::Tick { point, on: true });
            }
        })
    };
    html! {
        <fieldset class="key-points" data-stage="how" {hidden}>
            <legend>{ "Key points your answer covered" }</legend>
            { for (0..usize::from(points)).map(|i| {
                let point_index = i as u8;
                let on = ticked.contains(&point_index);
                let store = store.clone();
                let toggle = Callback::from(move |_| act(&store, Action::Tick { point: point_index, on: !on }));
                html! {
                    <label class="check" data-cues={cues(i)}>
                        <input type="checkbox" checked={on} onchange={toggle} />
                        <span>{ label(i) }</span>
                        <small class="in-draft">{ match quote(i) {
                            Some(words) => format!("In your draft: \u{201c}{words}\u{201d}"),
                            None => "Not in your draft".to_string(),
                        } }</small>
                    </label>
                }
            }) }
            <button type="button" class="button" onclick={tick_found} disabled={n_found == 0}>{ "Tick what my draft mentions" }</button>
            <p class="covered" aria-live="polite">{ format!("Covered {covered} of {points}") }</p>
            <p class="mentions" aria-live="polite">{ format!("Your draft mentions {n_found} of {points} key points") }</p>
        </fieldset>
    }
}
