//! The user's progress: one record per question slug, and preferences beside them.
//! Domain rules live here (grading, status, merging two copies); it must not touch
//! storage or the clock: callers pass `now` in milliseconds since the epoch.

use super::deck::{Deck, Kind, Question};
use super::fsrs::{self, Grade, Memory, Params};
use std::collections::BTreeMap;

/// A day in milliseconds.
pub const DAY: i64 = 86_400_000;
/// Stability (days) from which a question counts as mastered.
const MASTERED_DAYS: f64 = 21.0;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Progress {
    /// Records keyed by question slug, never by position.
    pub questions: BTreeMap<String, Record>,
    pub prefs: Prefs,
}

/// What we know about one question for this user.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    /// The content hash of the question when it was last practised.
    pub hash: String,
    /// Every self-grade, oldest first.
    pub grades: Vec<GradeEntry>,
    /// Scheduler state; `None` until the first grade (or after the question changed).
    pub memory: Option<Memory>,
    /// When the question is due again (ms).
    pub due: Option<i64>,
    /// Zero-based indices of the key points the user ticked.
    pub ticked: Vec<u8>,
    /// The private scratchpad draft.
    pub draft: String,
    /// For choice questions: the submitted selection, zero-based.
    pub chosen: Vec<u8>,
    /// Last change of this record (ms); two copies merge by it.
    pub updated_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradeEntry {
    pub at: i64,
    pub grade: Grade,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prefs {
    pub theme: Theme,
    pub swipe: bool,
    pub mock_questions: u8,
    pub mock_seconds: u32,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            theme: Theme::Auto,
            swipe: true,
            mock_questions: 5,
            mock_seconds: 180,
        }
    }
}

/// Rounds to six decimals. Storage keeps such a value as an integer count of millionths,
/// which reads back bit for bit, so no float is ever formatted or parsed as text.
pub fn micro(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The scheduler's state at the precision progress keeps (a microday is 0.09 s).
fn storable(memory: Memory) -> Memory {
    Memory {
        stability: micro(memory.stability),
        difficulty: micro(memory.difficulty),
        ..memory
    }
}

/// Where the user stands with one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    New,
    Learning,
    Due,
    Mastered,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::New => "New",
            Status::Learning => "Learning",
            Status::Due => "Due",
            Status::Mastered => "Mastered",
        }
    }
}

impl Record {
    /// The question changed since it was practised: keep the history, restart the schedule.
    pub fn is_stale(&self, question: &Question) -> bool {
        !self.grades.is_empty() && self.hash != question.hash
    }

    pub fn last_grade(&self) -> Option<Grade> {
        self.grades.last().map(|g| g.grade)
    }

    pub fn status(&self, question: &Question, now: i64) -> Status {
        match (&self.memory, self.due) {
            _ if self.grades.is_empty() || self.is_stale(question) => Status::New,
            (_, Some(due)) if due <= now => Status::Due,
            (Some(m), _) if m.stability >= MASTERED_DAYS => Status::Mastered,
            _ => Status::Learning,
        }
    }
}

impl Progress {
    /// The question's record, found by its slug or, for progress made before the
    /// question was renamed, by one of its aliases (the old slugs).
    pub fn record(&self, question: &Question) -> Option<&Record> {
        self.questions.get(question.id).or_else(|| {
            question
                .aliases
                .iter()
                .find_map(|alias| self.questions.get(*alias))
        })
    }

    pub fn status(&self, question: &Question, now: i64) -> Status {
        self.record(question)
            .map_or(Status::New, |r| r.status(question, now))
    }

    fn entry(&mut self, question: &Question, now: i64) -> &mut Record {
        // The first change after a rename moves the record from the old slug to the new.
        if !self.questions.contains_key(question.id) {
            let old = question
                .aliases
                .iter()
                .find_map(|a| self.questions.remove(*a));
            if let Some(old) = old {
                self.questions.insert(question.id.to_string(), old);
            }
        }
        let record = self.questions.entry(question.id.to_string()).or_default();
        record.updated_at = record.updated_at.max(now);
        record
    }

    /// Records a self-grade and schedules the next review.
    pub fn grade(&mut self, question: &Question, grade: Grade, now: i64) {
        let record = self.entry(question, now);
        if record.is_stale(question) {
            record.memory = None;
        }
        let (memory, due) = fsrs::review(&Params::default(), record.memory.as_ref(), grade, now);
        record.memory = Some(storable(memory));
        record.due = Some(due);
        record.hash = question.hash.to_string();
        record.grades.push(GradeEntry { at: now, grade });
    }

    pub fn set_ticked(&mut self, question: &Question, point: u8, on: bool, now: i64) {
        let record = self.entry(question, now);
        record.ticked.retain(|&p| p != point);
        if on {
            record.ticked.push(point);
            record.ticked.sort_unstable();
        }
    }

    pub fn set_draft(&mut self, question: &Question, draft: &str, now: i64) {
        let record = self.entry(question, now);
        if record.draft != draft {
            record.draft = draft.to_string();
        }
    }

    pub fn set_chosen(&mut self, question: &Question, chosen: Vec<u8>, now: i64) {
        self.entry(question, now).chosen = chosen;
    }

    /// Counts for the overview's summary line.
    pub fn summary(&self, deck: &Deck, now: i64) -> Summary {
        let mut summary = Summary::default();
        for question in deck.questions {
            let Some(record) = self.record(question) else {
                continue;
            };
            if !record.grades.is_empty() {
                summary.n_practised += 1;
            }
            match record.status(question, now) {
                Status::Due => summary.n_due += 1,
                Status::Mastered => summary.n_mastered += 1,
                _ => {}
            }
            if let Some(due) = record
                .due
                .filter(|&d| d > now && !record.is_stale(question))
            {
                summary.next_due = Some(summary.next_due.map_or(due, |n: i64| n.min(due)));
            }
        }
        summary
    }

    /// Merges another copy (another tab, an import): per question, the record changed
    /// last wins; records only one side has are kept. Preferences stay ours.
    pub fn merge(&mut self, other: &Progress) {
        for (slug, theirs) in &other.questions {
            match self.questions.get(slug) {
                Some(ours) if ours.updated_at >= theirs.updated_at => {}
                _ => {
                    self.questions.insert(slug.clone(), theirs.clone());
                }
            }
        }
    }
}

/// What importing another copy would do, question by question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportPreview {
    /// Questions only the import has.
    pub added: usize,
    /// Questions the import has a newer record of.
    pub newer: usize,
    /// Questions the import has an older record of (a merge keeps ours).
    pub older: usize,
    /// Questions with the same record on both sides.
    pub same: usize,
}

impl Progress {
    pub fn preview_import(&self, incoming: &Progress) -> ImportPreview {
        let mut preview = ImportPreview::default();
        for (slug, theirs) in &incoming.questions {
            match self.questions.get(slug) {
                None => preview.added += 1,
                Some(ours) if ours == theirs => preview.same += 1,
                Some(ours) if theirs.updated_at > ours.updated_at => preview.newer += 1,
                Some(_) => preview.older += 1,
            }
        }
        preview
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub n_practised: usize,
    pub n_due: usize,
    pub n_mastered: usize,
    /// The earliest review still in the future.
    pub next_due: Option<i64>,
}

/// A due time in words relative to `now`: "now", "within a day", "tomorrow", "in 3 days".
pub fn due_in_words(due: i64, now: i64) -> String {
    // Saturating: the scheduler saturates due times at the ends of the i64 range.
    let days = due.saturating_sub(now) as f64 / DAY as f64;
    match days {
        d if d <= 0.0 => "now".into(),
        d if d < 1.0 => "within a day".into(),
        d if d < 1.5 => "tomorrow".into(),
        d => format!("in {} days", d.round() as i64),
    }
}

/// The grade the ticked key points suggest; the user may always pick another.
pub fn suggested_grade(question: &Question, n_ticked: usize) -> Option<Grade> {
    let Kind::Open { points } = question.kind else {
        return None;
    };
    let total = usize::from(points).max(1);
    let share = n_ticked.min(total) * 100 / total;
    Some(match share {
        100 => Grade::Easy,
        60..=99 => Grade::Good,
        30..=59 => Grade::Hard,
        _ => Grade::Again,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::deck::DECK;

    /// 2023-11-14T22:13:20Z: an arbitrary, fixed "now".
    const T0: i64 = 1_700_000_000_000;
    const HOUR: i64 = 3_600_000;

    fn question(slug: &str) -> &'static Question {
        DECK.questions
            .iter()
            .find(|q| q.id == slug)
            .unwrap_or_else(|| panic!("{slug} is not in the deck"))
    }

    /// Marks the record as practised against an earlier version of the question.
    fn make_stale(progress: &mut Progress, slug: &str) {
        progress.questions.get_mut(slug).expect("a record").hash = "0000000000000000".into();
    }

    #[test]
    fn progress_under_an_old_slug_follows_the_question_to_its_new_slug() {
        // rate-limiting was once called throttling (its alias).
        let q = question("rate-limiting");
        assert_eq!(q.aliases, ["throttling"]);
        let mut p = Progress::default();
        p.questions.insert(
            "throttling".into(),
            Record {
                draft: "old draft".into(),
                grades: vec![GradeEntry {
                    at: T0,
                    grade: Grade::Hard,
                }],
                hash: q.hash.into(),
                ..Record::default()
            },
        );
        assert_eq!(p.record(q).map(|r| r.draft.as_str()), Some("old draft"));
        p.set_draft(q, "new draft", T0 + HOUR);
        assert!(!p.questions.contains_key("throttling"), "moved, not copied");
        let record = &p.questions["rate-limiting"];
        assert_eq!(record.draft, "new draft");
        assert_eq!(record.grades.len(), 1, "the history came along");
    }

    #[test]
    fn a_missed_question_is_due_the_next_day() {
        let q = question("rate-limiting");
        let mut p = Progress::default();
        assert_eq!(p.status(q, T0), Status::New);

        p.grade(q, Grade::Again, T0);
        assert_eq!(p.record(q).and_then(|r| r.due), Some(T0 + DAY));
        assert_eq!(p.status(q, T0), Status::Learning);
        assert_eq!(p.status(q, T0 + DAY - 1), Status::Learning);
        assert_eq!(p.status(q, T0 + DAY), Status::Due);
        assert_eq!(p.status(q, T0 + 30 * DAY), Status::Due);

        // Reviewed when due, it is learning again, and comes back later than a day.
        p.grade(q, Grade::Good, T0 + DAY);
        assert_eq!(p.status(q, T0 + DAY), Status::Learning);
        let due = p.record(q).and_then(|r| r.due).expect("scheduled");
        assert!(due > T0 + 2 * DAY, "{due}");
        assert_eq!(p.status(q, due), Status::Due);
    }

    #[test]
    fn easy_answers_reach_mastered_once_stability_passes_21_days() {
        let q = question("containers");
        let mut p = Progress::default();
        p.grade(q, Grade::Easy, T0);
        let first = p.record(q).expect("graded").clone();
        let memory = first.memory.expect("scheduled");
        assert!(memory.stability < MASTERED_DAYS, "{}", memory.stability);
        let due = first.due.expect("scheduled");
        assert_eq!(p.status(q, due - 1), Status::Learning);
        assert_eq!(p.status(q, due), Status::Due);

        p.grade(q, Grade::Easy, due);
        let memory = p.record(q).and_then(|r| r.memory).expect("scheduled");
        assert!(memory.stability >= MASTERED_DAYS, "{}", memory.stability);
        assert_eq!(p.status(q, due), Status::Mastered);
        let next = p.record(q).and_then(|r| r.due).expect("scheduled");
        assert_eq!(p.status(q, next - 1), Status::Mastered);
        // A mastered question still comes back for review.
        assert_eq!(p.status(q, next), Status::Due);
    }

    #[test]
    fn mastered_starts_at_a_stability_of_21_days() {
        let q = question("containers");
        let status = |stability| {
            let record = Record {
                hash: q.hash.into(),
                grades: vec![GradeEntry {
                    at: T0,
                    grade: Grade::Good,
                }],
                memory: Some(Memory {
                    stability,
                    difficulty: 5.0,
                    last_review: T0,
                    reps: 3,
                    lapses: 0,
                }),
                due: Some(T0 + 30 * DAY),
                ..Record::default()
            };
            record.status(q, T0 + DAY)
        };
        assert_eq!(status(20.999), Status::Learning);
        assert_eq!(status(21.0), Status::Mastered);
        assert_eq!(status(400.0), Status::Mastered);
    }

    #[test]
    fn a_record_without_grades_is_new() {
        let q = question("containers");
        let mut p = Progress::default();
        p.set_ticked(q, 0, true, T0);
        p.set_draft(q, "notes", T0);
        assert_eq!(p.status(q, T0), Status::New);
        assert_eq!(p.status(q, T0 + 400 * DAY), Status::New);
    }

    #[test]
    fn a_changed_question_shows_new_and_keeps_its_history() {
        let q = question("rate-limiting");
        let mut p = Progress::default();
        p.grade(q, Grade::Good, T0);
        p.grade(q, Grade::Hard, T0 + 3 * DAY);
        make_stale(&mut p, "rate-limiting");
        let record = p.record(q).expect("graded").clone();
        assert!(record.is_stale(q));
        assert_eq!(p.status(q, T0 + 3 * DAY), Status::New);
        assert_eq!(p.status(q, T0 + 300 * DAY), Status::New);
        assert_eq!(record.grades.len(), 2);

        // The next grade schedules from scratch, as for a first review.
        let now = T0 + 10 * DAY;
        p.grade(q, Grade::Again, now);
        let after = p.record(q).expect("graded");
        let (fresh, due) = fsrs::review(&Params::default(), None, Grade::Again, now);
        assert_eq!(after.memory, Some(fresh));
        assert_eq!(fresh.reps, 1);
        assert_eq!(fresh.lapses, 0);
        assert_eq!(after.due, Some(due));
        assert_eq!(after.hash, q.hash);
        assert!(!after.is_stale(q));
        assert_eq!(
            after.grades,
            vec![
                GradeEntry {
                    at: T0,
                    grade: Grade::Good
                },
                GradeEntry {
                    at: T0 + 3 * DAY,
                    grade: Grade::Hard
                },
                GradeEntry {
                    at: now,
                    grade: Grade::Again
                },
            ]
        );
        assert_eq!(p.status(q, now), Status::Learning);

        // Without the change, the same grade would have been a lapse of a known question.
        let mut unchanged = Progress::default();
        unchanged.grade(q, Grade::Good, T0);
        unchanged.grade(q, Grade::Hard, T0 + 3 * DAY);
        unchanged.grade(q, Grade::Again, now);
        let memory = unchanged.record(q).and_then(|r| r.memory).expect("graded");
        assert_eq!((memory.reps, memory.lapses), (3, 1));
    }

    #[test]
    fn the_summary_counts_practised_due_and_mastered_and_the_next_review() {
        let mut p = Progress::default();
        p.grade(question("rate-limiting"), Grade::Again, T0); // due T0 + 1 day
        p.grade(question("containers"), Grade::Good, T0); // due T0 + 3 days
        p.grade(question("refactoring"), Grade::Easy, T0);
        let due = p
            .record(question("refactoring"))
            .and_then(|r| r.due)
            .expect("due");
        p.grade(question("refactoring"), Grade::Easy, due - 2 * DAY); // mastered
        p.grade(question("scalability"), Grade::Again, T0 + 12 * HOUR);
        make_stale(&mut p, "scalability"); // its due date no longer counts
        p.set_draft(question("load-testing"), "only a draft", T0);
        p.questions.insert(
            "no-longer-in-the-deck".into(),
            Record {
                grades: vec![GradeEntry {
                    at: T0,
                    grade: Grade::Again,
                }],
                due: Some(T0),
                ..Record::default()
            },
        );

        let now = T0 + DAY + HOUR;
        assert_eq!(
            p.summary(&DECK, now),
            Summary {
                n_practised: 4,
                n_due: 1,
                n_mastered: 1,
                next_due: Some(T0 + 3 * DAY),
            }
        );
        assert_eq!(
            Progress::default().summary(&DECK, now),
            Summary {
                n_practised: 0,
                n_due: 0,
                n_mastered: 0,
                next_due: None,
            }
        );
        // Once containers is due too, nothing is left in the future but refactoring.
        let later = T0 + 3 * DAY;
        let summary = p.summary(&DECK, later);
        assert_eq!(summary.n_due, 2);
        assert_eq!(
            summary.next_due,
            p.record(question("refactoring")).and_then(|r| r.due)
        );
    }

    #[test]
    fn changes_never_move_updated_at_backwards() {
        let q = question("containers");
        let mut p = Progress::default();
        p.set_draft(q, "first", T0 + 200);
        p.set_ticked(q, 2, true, T0 + 100);
        p.set_chosen(q, vec![1], T0 + 50);
        let r = p.record(q).expect("a record");
        assert_eq!(r.updated_at, T0 + 200);
        assert_eq!(r.draft, "first");
        assert_eq!(r.ticked, vec![2]);
        assert_eq!(r.chosen, vec![1]);
        p.grade(q, Grade::Good, T0 + 300);
        assert_eq!(p.record(q).map(|r| r.updated_at), Some(T0 + 300));
    }

    #[test]
    fn merging_takes_the_newer_record_and_keeps_what_only_one_side_has() {
        let rec = |hash: &str, updated_at| Record {
            hash: hash.into(),
            updated_at,
            ..Record::default()
        };
        let mut ours = Progress::default();
        ours.questions.insert("a".into(), rec("ours", 10));
        ours.questions.insert("b".into(), rec("ours", 30));
        ours.questions.insert("tie".into(), rec("ours", 20));
        ours.questions.insert("x".into(), rec("ours", 1));
        ours.prefs.swipe = false;
        let mut theirs = Progress::default();
        theirs.questions.insert("a".into(), rec("theirs", 11));
        theirs.questions.insert("b".into(), rec("theirs", 29));
        theirs.questions.insert("tie".into(), rec("theirs", 20));
        theirs.questions.insert("y".into(), rec("theirs", 1));
        theirs.prefs.mock_seconds = 30;

        let mut merged = ours.clone();
        merged.merge(&theirs);
        let winners: Vec<(&str, &str)> = merged
            .questions
            .iter()
            .map(|(slug, r)| (slug.as_str(), r.hash.as_str()))
            .collect();
        assert_eq!(
            winners,
            vec![
                ("a", "theirs"),
                ("b", "ours"),
                ("tie", "ours"),
                ("x", "ours"),
                ("y", "theirs"),
            ]
        );
        assert_eq!(merged.prefs, ours.prefs);

        // Merging is idempotent.
        let again = {
            let mut m = merged.clone();
            m.merge(&theirs);
            m
        };
        assert_eq!(again, merged);
    }

    #[test]
    fn the_rubric_suggests_a_grade_from_the_share_ticked() {
        // Six key points, as rate-limiting has.
        let q = question("rate-limiting");
        let expected = [
            Grade::Again,
            Grade::Again,
            Grade::Hard,
            Grade::Hard,
            Grade::Good,
            Grade::Good,
            Grade::Easy,
            Grade::Easy,
        ];
        for (n, grade) in expected.into_iter().enumerate() {
            assert_eq!(suggested_grade(q, n), Some(grade), "{n} of 6");
        }

        // Ten key points show the exact thresholds: 30% Hard, 60% Good, 100% Easy.
        static TEN: Question = Question {
            id: "ten",
            aliases: &[],
            prompt: "Ten points",
            kind: Kind::Open { points: 10 },
            tags: &[],
            difficulty: 1,
            hash: "0123456789abcdef",
            text: None,
        };
        let thresholds = [
            (2, Grade::Again),
            (3, Grade::Hard),
            (5, Grade::Hard),
            (6, Grade::Good),
            (9, Grade::Good),
            (10, Grade::Easy),
        ];
        for (n, grade) in thresholds {
            assert_eq!(suggested_grade(&TEN, n), Some(grade), "{n} of 10");
        }

        static CHOICE: Question = Question {
            id: "choice",
            aliases: &[],
            prompt: "Pick one",
            kind: Kind::Single {
                choices: 2,
                correct: &[0],
            },
            tags: &[],
            difficulty: 1,
            hash: "0123456789abcdef",
            text: None,
        };
        assert_eq!(suggested_grade(&CHOICE, 1), None);
    }

    #[test]
    fn due_times_in_words() {
        let cases = [
            (T0 - 5 * DAY, "now"),
            (T0 - 1, "now"),
            (T0, "now"),
            (T0 + 1, "within a day"),
            (T0 + DAY - 1, "within a day"),
            (T0 + DAY, "tomorrow"),
            (T0 + DAY + DAY / 2 - 1, "tomorrow"),
            (T0 + DAY + DAY / 2, "in 2 days"),
            (T0 + 2 * DAY + DAY / 2 - 1, "in 2 days"),
            (T0 + 2 * DAY + DAY / 2, "in 3 days"),
            (T0 + 3 * DAY, "in 3 days"),
            (T0 + 150 * DAY, "in 150 days"),
        ];
        for (due, words) in cases {
            assert_eq!(due_in_words(due, T0), words, "{}", due - T0);
        }
        // The scheduler saturates far-off due times at the ends of the i64 range.
        assert_eq!(due_in_words(i64::MIN, T0), "now");
        assert_eq!(due_in_words(i64::MIN, i64::MAX), "now");
        assert_eq!(due_in_words(i64::MAX, i64::MIN), "in 106751991167 days");
    }
}
