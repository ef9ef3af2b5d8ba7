//! A practice round and a mock interview: which questions, in which order, and
//! what happened. The shell passes `now` and random seeds in; nothing here reads
//! a clock or draws randomness of its own, so every round is reproducible.

use super::deck::{Deck, Kind, Question};
use super::fsrs::Grade;
use super::progress::{self, Progress, Status};

/// How a round picks and orders its questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    InOrder,
    Shuffled,
    Due,
    Weak,
}

impl Mode {
    pub const ALL: [Mode; 4] = [Mode::InOrder, Mode::Shuffled, Mode::Due, Mode::Weak];

    pub fn label(self) -> &'static str {
        match self {
            Mode::InOrder => "In order",
            Mode::Shuffled => "Shuffled",
            Mode::Due => "Due for review",
            Mode::Weak => "Weak only",
        }
    }
}

/// Shortest horizontal travel, in CSS pixels, that counts as a swipe.
pub const SWIPE_MIN: i32 = 60;

/// A finished one-finger gesture as a move between questions: 1 (next, a swipe to the
/// left), -1 (previous) or 0. It must travel `SWIPE_MIN` and at least twice as far
/// across as up or down, so scrolling the page is never taken for a swipe.
pub fn swipe_step(dx: i32, dy: i32) -> isize {
    if dx.abs() < SWIPE_MIN || dx.abs() < 2 * dy.abs() {
        0
    } else if dx < 0 {
        1
    } else {
        -1
    }
}

/// Question indices (into `deck.questions`) for a round in `mode`.
pub fn queue(deck: &Deck, progress: &Progress, mode: Mode, seed: u64, now: i64) -> Vec<usize> {
    let all = 0..deck.questions.len();
    match mode {
        Mode::InOrder => all.collect(),
        Mode::Shuffled => shuffled(all.collect(), seed),
        Mode::Due => {
            // The most overdue first, then deck order: each put in its place as it comes
            // (a binary search), so the wasm carries no sort routine.
            let mut due: Vec<(i64, usize)> = Vec::new();
            for i in all.filter(|&i| progress.status(&deck.questions[i], now) == Status::Due) {
                let key = (
                    progress
                        .record(&deck.questions[i])
                        .and_then(|r| r.due)
                        .unwrap_or(now),
                    i,
                );
                due.insert(due.partition_point(|&k| k < key), key);
            }
            due.into_iter().map(|(_, i)| i).collect()
        }
        Mode::Weak => all
            .filter(|&i| {
                let question = &deck.questions[i];
                progress
                    .record(question)
                    .filter(|r| !r.is_stale(question))
                    .and_then(|r| r.last_grade())
                    .is_some_and(|g| matches!(g, Grade::Again | Grade::Hard))
            })
            .collect(),
    }
}

/// Fisher–Yates with a small deterministic generator: the same seed, the same order.
pub fn shuffled(mut items: Vec<usize>, seed: u64) -> Vec<usize> {
    let mut rng = SplitMix64(seed);
    for i in (1..items.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
    items
}

/// SplitMix64: tiny, fast and good enough to shuffle a deck.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// How far the answer of the current card is revealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Only the prompt (and the scratchpad).
    Prompt,
    /// Why interviewers ask.
    Why,
    /// How to answer, with the key-point checklist.
    How,
    /// Everything: model answer, follow-ups, pitfalls.
    Answer,
}

impl Stage {
    /// The next stage; choice questions have one step, their explanation.
    pub fn next(self, question: &Question) -> Stage {
        if !matches!(question.kind, Kind::Open { .. }) {
            return Stage::Answer;
        }
        match self {
            Stage::Prompt => Stage::Why,
            Stage::Why => Stage::How,
            Stage::How | Stage::Answer => Stage::Answer,
        }
    }
}

/// Whether a submitted selection of a choice question is right.
pub fn is_correct(question: &Question, chosen: &[u8]) -> Option<bool> {
    match question.kind {
        Kind::Single { correct, .. } | Kind::Multiple { correct, .. } => {
            Some(progress::items(chosen, None) == correct)
        }
        Kind::Open { .. } => None,
    }
}

/// "2:05" for milliseconds (whole seconds, rounded down); time past the limit reads
/// "0:12 over time".
pub fn clock_text(ms: i64) -> String {
    let secs = ms.saturating_abs() / 1000;
    let text = format!("{}:{:02}", secs / 60, secs % 60);
    if ms < 0 {
        format!("{text} over time")
    } else {
        text
    }
}

/// One mock interview: a fixed set of questions, a time box each, drafts only.
#[derive(Debug, Clone, PartialEq)]
pub struct Mock {
    pub questions: Vec<usize>,
    pub seconds_each: u32,
    /// Index into `questions` of the one being answered; `questions.len()` when done.
    pub current: usize,
    /// Milliseconds spent on each question so far.
    pub spent: Vec<i64>,
    /// Self-grades given in the summary.
    pub grades: Vec<Option<Grade>>,
    /// When the running stretch of the current question began; `None` while paused.
    pub running_since: Option<i64>,
    /// Answered out loud: each question is recorded in turn.
    pub out_loud: bool,
    /// For each question, the length of its recorded answer (ms) and, once the browser
    /// has handed it over, the recording's object URL (in memory only).
    pub spoken: Vec<Option<(i64, Option<std::rc::Rc<str>>)>>,
}

impl Mock {
    pub fn start(deck: &Deck, count: usize, seconds_each: u32, seed: u64, now: i64) -> Mock {
        let n = count.max(1).min(deck.questions.len());
        let questions: Vec<usize> = shuffled((0..deck.questions.len()).collect(), seed)
            .into_iter()
            .take(n)
            .collect();
        Mock {
            spent: vec![0; questions.len()],
            grades: vec![None; questions.len()],
            questions,
            seconds_each: seconds_each.max(10),
            current: 0,
            running_since: Some(now),
            out_loud: false,
            spoken: vec![None; n],
        }
    }

    pub fn is_done(&self) -> bool {
        self.current >= self.questions.len()
    }

    /// Milliseconds spent on the current question, including the running stretch.
    pub fn elapsed(&self, now: i64) -> i64 {
        let Some(spent) = self.spent.get(self.current) else {
            return 0;
        };
        spent + self.running_since.map_or(0, |since| (now - since).max(0))
    }

    /// Milliseconds left on the current question; negative once over time.
    pub fn remaining(&self, now: i64) -> i64 {
        i64::from(self.seconds_each) * 1000 - self.elapsed(now)
    }

    pub fn is_paused(&self) -> bool {
        self.running_since.is_none()
    }

    pub fn pause(&mut self, now: i64) {
        if let (Some(since), Some(spent)) = (self.running_since, self.spent.get_mut(self.current)) {
            *spent += (now - since).max(0);
        }
        self.running_since = None;
    }

    pub fn resume(&mut self, now: i64) {
        if !self.is_done() && self.running_since.is_none() {
            self.running_since = Some(now);
        }
    }

    /// Moves on to the next question; drafting of the one left is over.
    pub fn next(&mut self, now: i64) {
        if self.is_done() {
            return;
        }
        self.pause(now);
        self.current += 1;
        self.resume(now);
    }

    pub fn set_grade(&mut self, position: usize, grade: Grade) {
        if let Some(slot) = self.grades.get_mut(position) {
            *slot = Some(grade);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn a_swipe_is_long_and_mostly_sideways() {
        assert_eq!(swipe_step(-80, 10), 1, "to the left: next");
        assert_eq!(swipe_step(90, -20), -1, "to the right: previous");
        assert_eq!(swipe_step(-59, 0), 0, "too short");
        assert_eq!(swipe_step(-100, 60), 0, "too steep: a scroll");
        assert_eq!(swipe_step(0, 300), 0);
    }

    #[test]
    fn shuffle_is_a_permutation_and_reproducible() {
        let a = shuffled((0..23).collect(), 42);
        let b = shuffled((0..23).collect(), 42);
        let c = shuffled((0..23).collect(), 43);
        assert_eq!(a, b);
        assert_ne!(a, c);
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..23).collect::<Vec<_>>());
        assert_ne!(a, (0..23).collect::<Vec<_>>());
    }

    #[test]
    fn clock_text_counts_down_and_past_the_limit() {
        assert_eq!(clock_text(180_000), "3:00");
        assert_eq!(clock_text(174_001), "2:54");
        assert_eq!(clock_text(999), "0:00");
        assert_eq!(clock_text(0), "0:00");
        assert_eq!(clock_text(-20_000), "0:20 over time");
        assert_eq!(clock_text(-3_725_000), "62:05 over time");
        assert_eq!(clock_text(i64::MIN), "153722867280912:55 over time");
    }

    #[test]
    fn shuffle_of_tiny_lists() {
        assert_eq!(shuffled(vec![], 1), Vec::<usize>::new());
        assert_eq!(shuffled(vec![7], 1), vec![7]);
    }

    fn question(deck: &'static Deck, slug: &str) -> &'static Question {
        deck.questions
            .iter()
            .find(|q| q.id == slug)
            .unwrap_or_else(|| panic!("{slug} is not in the deck"))
    }

    #[test]
    fn a_selection_is_right_whatever_its_order_and_only_when_complete() {
        use crate::core::deck::fixture::CHOICE_DECK;
        // idempotent-methods: GET, PUT and DELETE (0, 2, 3).
        let q = question(&CHOICE_DECK, "idempotent-methods");
        assert_eq!(is_correct(q, &[3, 0, 2]), Some(true));
        assert_eq!(is_correct(q, &[2, 2, 0, 3]), Some(true));
        assert_eq!(is_correct(q, &[0, 2]), Some(false));
        assert_eq!(is_correct(q, &[0, 1, 2, 3]), Some(false));
        assert_eq!(is_correct(q, &[]), Some(false));
        let single = question(&CHOICE_DECK, "status-code-created");
        assert_eq!(is_correct(single, &[1]), Some(true));
        assert_eq!(is_correct(single, &[0]), Some(false));
        assert_eq!(
            is_correct(question(&CHOICE_DECK, "put-vs-patch"), &[0]),
            None
        );
    }

    #[test]
    fn open_questions_reveal_in_three_steps_and_choice_questions_in_one() {
        use crate::core::deck::fixture::CHOICE_DECK;
        let open = question(&CHOICE_DECK, "put-vs-patch");
        assert_eq!(Stage::Prompt.next(open), Stage::Why);
        assert_eq!(Stage::Why.next(open), Stage::How);
        assert_eq!(Stage::How.next(open), Stage::Answer);
        assert_eq!(Stage::Answer.next(open), Stage::Answer);
        let single = question(&CHOICE_DECK, "cache-control-no-store");
        assert_eq!(Stage::Prompt.next(single), Stage::Answer);
    }

    #[test]
    fn the_mock_clock_never_runs_backwards() {
        use crate::core::deck::DECK;
        let mut mock = Mock::start(&DECK, 2, 60, 5, 10_000);
        // A clock set back (the shell's, not ours) counts as no time, never as negative.
        assert_eq!(mock.elapsed(4_000), 0);
        mock.pause(4_000);
        assert_eq!(mock.spent, vec![0, 0]);
        mock.resume(20_000);
        mock.next(21_000);
        assert_eq!(mock.spent, vec![1_000, 0]);
        assert_eq!(mock.running_since, Some(21_000));
        assert_eq!(mock.remaining(81_000), 0);
    }
}

/// Properties over random progress, natively (proptest does not build for wasm).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use crate::core::deck::DECK;
    use proptest::prelude::*;

    const HOUR: i64 = 3_600_000;

    proptest! {
        /// A due round holds exactly the due questions, the most overdue first and, at
        /// the same time, in deck order.
        #[test]
        fn a_due_round_is_every_due_question_most_overdue_first(
            grades in prop::collection::vec((0..23usize, 0..4u8, 0..72i64), 0..30),
        ) {
            let mut progress = Progress::default();
            for &(i, grade, hours) in &grades {
                let grade = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy][grade as usize];
                // Whole days apart, so that some come due at the same time.
                progress.grade(&DECK.questions[i], grade, (hours / 24) * 24 * HOUR);
            }
            let now = 5 * 24 * HOUR;
            let round = queue(&DECK, &progress, Mode::Due, 0, now);
            let mut model: Vec<(i64, usize)> = (0..DECK.questions.len())
                .filter(|&i| progress.status(&DECK.questions[i], now) == Status::Due)
                .map(|i| (progress.record(&DECK.questions[i]).and_then(|r| r.due).unwrap_or(now), i))
                .collect();
            model.sort();
            prop_assert_eq!(round, model.into_iter().map(|(_, i)| i).collect::<Vec<_>>());
        }
    }
}
