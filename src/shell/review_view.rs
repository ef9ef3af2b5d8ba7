//! The review queue: what the scheduler says is due now, and a way to start on it; and
//! where the user stands, in two pictures drawn as inline SVG from the core's numbers
//! (`core::stats`), each with the same numbers in words or in a table.

use super::{act, browser, StoreHandle};
use crate::core::progress::due_in_words;
use crate::core::route::Route;
use crate::core::session::{queue, Mode};
use crate::core::state::Action;
use crate::core::stats::{due_per_day, due_text, mastery_by_tag};
use yew::prelude::*;

pub fn review_view(store: &StoreHandle) -> Html {
    let state = &store.0;
    let due = queue(state.deck, &state.progress, Mode::Due, 0, state.now);
    let next = state.progress.summary(state.deck, state.now).next_due;
    let start = {
        let store = store.clone();
        Callback::from(move |_| {
            act(
                &store,
                Action::StartRound {
                    mode: Mode::Due,
                    seed: browser::seed(),
                },
            )
        })
    };
    html! {
        <section class="review" aria-labelledby="view-title">
            <h1 id="view-title" tabindex="-1">{ "Due for review" }</h1>
            if due.is_empty() {
                <p>{ "Nothing is due right now." }
                    { next.map(|n| format!(" The next review is {}.", due_in_words(n, state.now))).unwrap_or_else(|| " Grade a few questions and they will come back here when it is time.".into()) }
                </p>
                <p><a class="button" href="#/">{ "See all questions" }</a></p>
            } else {
                <p>{ format!("{} question{} due.", due.len(), if due.len() == 1 { " is" } else { "s are" }) }</p>
                <p><button type="button" class="button primary" onclick={start}>{ "Start review" }</button></p>
                <ol class="question-list">
                    { for due.iter().map(|&i| {
                        let q = &state.deck.questions[i];
                        html! { <li class="question-item"><a href={Route::question(q.id, false).to_hash()}>{ q.prompt }</a></li> }
                    }) }
                </ol>
            }
            { where_you_stand(store) }
        </section>
    }
}

/// Questions due per day over the next two weeks, and mastery per tag. The markup is
/// written here as text, which costs far less wasm than the same nodes built one by one:
/// it holds only integers, static text and the deck's tag labels (checked plain text at
/// build time, escaped here too), never anything from the user or the URL.
fn where_you_stand(store: &StoreHandle) -> Html {
    use std::fmt::Write;
    let state = &store.0;
    let days = due_per_day(state.deck, &state.progress, state.now);
    let busiest = days.iter().copied().max().unwrap_or(0).max(1);
    let mut out = String::from(
        "<div class=\"stand\"><h2>Due in the next 14 days</h2><figure class=\"chart\">\
         <svg viewBox=\"0 0 280 112\" aria-hidden=\"true\"><path class=\"due\" d=\"",
    );
    // 14 bars 20 units apart, 80 units for the busiest day; the caption says the counts.
    for (day, &count) in days.iter().enumerate() {
        let _ = write!(
            out,
            "M{} 92h14v-{}h-14z",
            day * 20 + 3,
            count * 80 / busiest
        );
    }
    out.push_str("\"/>");
    let _ = write!(
        out,
        "<line x1=\"0\" y1=\"92.5\" x2=\"280\" y2=\"92.5\"/><text x=\"0\" y=\"108\">Today</text>\
         <text x=\"280\" y=\"108\" text-anchor=\"end\">In 13 days</text></svg>\
         <figcaption>{}</figcaption></figure><h2 id=\"mastery-title\">Mastery by tag</h2>\
         <table class=\"mastery\" aria-labelledby=\"mastery-title\"><thead><tr><th scope=\"col\">Tag</th>\
         <th scope=\"col\" class=\"new\">New</th><th scope=\"col\" class=\"learning\">Learning</th>\
         <th scope=\"col\" class=\"mastered\">Mastered</th></tr></thead><tbody>",
        due_text(&days)
    );
    let tags = mastery_by_tag(state.deck, &state.progress, state.now);
    let largest = tags.iter().map(|m| m.total()).max().unwrap_or(0).max(1);
    for m in &tags {
        out.push_str("<tr><th scope=\"row\">");
        super::escape_into(&mut out, m.tag);
        out.push_str(
            "<svg viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\" aria-hidden=\"true\">",
        );
        // One stacked bar per tag, its length the tag's share of the largest.
        let mut x = 0;
        for (class, count) in [
            ("new", m.new),
            ("learning", m.learning),
            ("mastered", m.mastered),
        ] {
            let w = count * 100 / largest;
            let _ = write!(
                out,
                "<rect class=\"{class}\" x=\"{x}\" width=\"{w}\" height=\"8\"/>"
            );
            x += w;
        }
        let _ = write!(
            out,
            "</svg></th><td>{}</td><td>{}</td><td>{}</td></tr>",
            m.new, m.learning, m.mastered
        );
    }
    out.push_str("</tbody></table></div>");
    Html::from_html_unchecked(AttrValue::from(out))
}
