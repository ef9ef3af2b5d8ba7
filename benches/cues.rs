//! `cargo bench --bench cues`: a report, not a test. Times `core::cues::mentions` on a
//! 2,000-word draft against the question with the most cues, natively, and lists how
//! many key points each question's own model answer mentions. It asserts nothing. On a
//! machine shared with other work the median and slowest runs include waiting for a
//! core; the fastest run is the closest to the check's own cost.

use rehearse::core::cues::mentions;
use rehearse::core::deck::{plain_text, SectionKind, Text, DECK};
use std::hint::black_box;
use std::time::{Duration, Instant};

const WORDS: usize = 2_000;
const RUNS: usize = 2_000;

fn main() {
    let texts: Vec<(&str, Text)> = DECK
        .questions
        .iter()
        .filter_map(|q| Some((q.id, Text::of(q.text?))))
        .collect();
    println!("Each question's model answer against its own cues:");
    for (id, text) in &texts {
        let model = plain_text(text.section(SectionKind::Model).map_or("", |h| h));
        let found = mentions(&model, &text.cues).iter().flatten().count();
        println!("  {id}: mentions {found} of {} key points", text.cues.len());
    }
    let cue_count = |t: &Text| t.cues.iter().map(|c| c.split('|').count()).sum::<usize>();
    let (id, text) = texts
        .iter()
        .max_by_key(|(_, t)| cue_count(t))
        .expect("the deck has questions");
    let model = plain_text(text.section(SectionKind::Model).map_or("", |h| h));
    let drafts = [
        (
            "its model answer repeated",
            repeat(model.split_whitespace()),
        ),
        (
            "words that mention nothing",
            repeat("we talked about the weather and lunch".split_whitespace()),
        ),
    ];
    println!(
        "\nLargest question: {id} ({} key points, {} cues)",
        text.cues.len(),
        cue_count(text)
    );
    for (name, draft) in drafts {
        let mut times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                black_box(mentions(black_box(&draft), &text.cues));
                start.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "  {WORDS}-word draft, {name} ({} bytes): fastest {:.1} µs, median {:.1} µs, slowest {:.1} µs over {RUNS} runs",
            draft.len(),
            times[0].as_secs_f64() * 1e6,
            times[RUNS / 2].as_secs_f64() * 1e6,
            times[RUNS - 1].as_secs_f64() * 1e6,
        );
    }
}

/// `WORDS` words, cycling through `words`.
fn repeat<'a>(words: impl Iterator<Item = &'a str> + Clone) -> String {
    words.cycle().take(WORDS).collect::<Vec<_>>().join(" ")
}
