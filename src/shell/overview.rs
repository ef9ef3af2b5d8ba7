//! The overview: summary, ways to start a round, filters and every question with its
//! status. It renders from the store only; filtering rules live in the core.

use super::texts::load_search;
use super::{act, browser, escape_into, StoreHandle};
use crate::core::progress::{due_in_words, Status};
use crate::core::route::Route;
use crate::core::session::Mode;
use crate::core::state::{grade_label, Action, Filter};
use std::fmt::Write;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const STATUSES: [Status; 4] = [Status::New, Status::Learning, Status::Due, Status::Mastered];

pub fn overview(store: &StoreHandle) -> Html {
    let state = &store.0;
    let deck = state.deck;
    let summary = state.progress.summary(deck, state.now);
    let shown = state.filtered();
    let n_shown = shown.len();

    let on_search_focus = {
        let store = store.clone();
        Callback::from(move |_: FocusEvent| load_search(&store))
    };
    let on_query = {
        let store = store.clone();
        Callback::from(move |e: InputEvent| {
            load_search(&store);
            let query = e.target_unchecked_into::<HtmlInputElement>().value();
            act(
                &store,
                Action::SetFilter(Filter {
                    query,
                    ..store.0.filter.clone()
                }),
            );
        })
    };
    let on_tag = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let tag = store
                .0
                .deck
                .tags
                .iter()
                .find(|t| t.id == value)
                .map(|t| t.id);
            act(
                &store,
                Action::SetFilter(Filter {
                    tag,
                    ..store.0.filter.clone()
                }),
            );
        })
    };
    let on_status = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let status = STATUSES.into_iter().find(|s| s.label() == value);
            act(
                &store,
                Action::SetFilter(Filter {
                    status,
                    ..store.0.filter.clone()
                }),
            );
        })
    };
    let start = |mode: Mode| {
        let store = store.clone();
        Callback::from(move |_| {
            act(
                &store,
                Action::StartRound {
                    mode,
                    seed: browser::session_seed(),
                },
            )
        })
    };

    // The list as one block of markup: it has no listeners, and a few hundred nodes made
    // one by one through wasm-bindgen were most of the first render's time.
    let mut list = String::new();
    for i in shown.iter().copied() {
        let q = &deck.questions[i];
        let record = state.progress.record(q);
        let status = state.status_of(i).label();
        let _ = write!(
            list,
            "<li class=\"question-item\"><a href=\"{}\"><span class=\"item-number\">{}.</span>\
             <span class=\"item-prompt\">",
            Route::question(q.id, false).to_hash(),
            i + 1
        );
        escape_into(&mut list, q.prompt);
        let _ = write!(
            list,
            "</span></a><span class=\"item-meta\"><span class=\"status\" data-status=\"{status}\">{status}</span>"
        );
        if let Some(last) = record.and_then(|r| r.last_grade()).map(grade_label) {
            let _ = write!(list, "<span>Last: {last}</span>");
        }
        if record.is_some_and(|r| r.is_stale(q)) {
            list.push_str("<span class=\"updated\">Updated since you practised</span>");
        }
        list.push_str("</span></li>");
    }
    let list = Html::from_html_unchecked(AttrValue::from(list));

    let next_due = summary
        .next_due
        .map(|due| format!(" Next review {}.", due_in_words(due, state.now)));
    html! {
        <section class="overview" aria-labelledby="view-title">
            <h1 id="view-title" tabindex="-1">{ deck.title }</h1>
            if !state.page.compact { <p class="lede">{ deck.description }</p> }
            <p class="summary" id="summary">
                { format!("Practised {} of {} · {} due today · {} mastered.", summary.n_practised, deck.questions.len(), summary.n_due, summary.n_mastered) }
                { next_due.unwrap_or_default() }
            </p>
            <div class="modes" role="group" aria-label="Practise">
                { for Mode::ALL.into_iter().map(|mode| html! {
                    <button type="button" class="button" onclick={start(mode)}>{ mode.label() }</button>
                }) }
            </div>
            <div class="filters">
                <label class="field">
                    <span>{ "Search" }</span>
                    <input id="search" type="search" value={state.filter.query.clone()} oninput={on_query} onfocus={on_search_focus} autocomplete="off" />
                </label>
                <label class="field">
                    <span>{ "Tag" }</span>
                    <select onchange={on_tag}>
                        <option value="" selected={state.filter.tag.is_none()}>{ "All tags" }</option>
                        { for deck.tags.iter().map(|t| html! {
                            <option value={t.id} selected={state.filter.tag == Some(t.id)}>{ t.label }</option>
                        }) }
                    </select>
                </label>
                <label class="field">
                    <span>{ "Status" }</span>
                    <select onchange={on_status}>
                        <option value="" selected={state.filter.status.is_none()}>{ "Any status" }</option>
                        { for STATUSES.into_iter().map(|s| html! {
                            <option value={s.label()} selected={state.filter.status == Some(s)}>{ s.label() }</option>
                        }) }
                    </select>
                </label>
            </div>
            <p class="count" aria-live="polite">{ format!("Showing {} of {} questions", n_shown, deck.questions.len()) }</p>
            <ol class="question-list">{ list }</ol>
        </section>
    }
}
