//! What an embedding page hears, only when it asked (`events=1`): route, graded and
//! completed, posted to the parent window (`ready` goes out with the app's once-effect,
//! in app.rs). What each message holds is the core's `HostEvent`; this file only decides
//! when to send one.

use super::browser;
use crate::core::options::HostEvent;
use crate::core::route::Route;
use crate::core::state::State;
use yew::prelude::*;

#[hook]
pub fn use_host_events(state: &State) {
    let events = state.page.events;
    {
        let round = (state.round.graded.len(), state.round.order.len());
        use_effect_with(state.route.clone(), move |route| {
            if events {
                browser::post_to_parent(&HostEvent::Route(route));
                if *route == Route::Summary {
                    let (graded, questions) = round;
                    let done = HostEvent::Completed { graded, questions };
                    browser::post_to_parent(&done);
                }
            }
        });
    }
    let last = state
        .last_grade
        .map(|(i, grade)| (state.deck.questions[i].id, grade));
    use_effect_with(state.n_grades, move |_| {
        if let (true, Some((id, grade))) = (events, last) {
            browser::post_to_parent(&HostEvent::Graded { id, grade });
        }
    });
}
