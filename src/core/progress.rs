//! The user's progress: one record per question slug, and preferences beside them.
//! Domain rules live here (grading, status, merging two copies); it must not touch
//! storage or the clock: callers pass `now` in milliseconds since the epoch.

use super::deck::{Deck, Kind, Question};
use super::fsrs::{self, Grade, Memory, Params};

/// Records by question slug, in slug order: a sorted list (a copy holds at most
/// [`limits::RECORDS`]), which costs the wasm far less code than a `BTreeMap`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Records(Vec<(String, Record)>);

impl Records {
    fn find(&self, slug: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(s, _)| s.as_str().cmp(slug))
    }

    pub fn get(&self, slug: &str) -> Option<&Record> {
        self.find(slug).ok().map(|i| &self.0[i].1)
    }

    pub fn get_mut(&mut self, slug: &str) -> Option<&mut Record> {
        self.find(slug).ok().map(|i| &mut self.0[i].1)
    }

    pub fn contains_key(&self, slug: &str) -> bool {
        self.find(slug).is_ok()
    }

    /// Puts the record in, returning the one it replaces.
    pub fn insert(&mut self, slug: String, record: Record) -> Option<Record> {
        match self.find(&slug) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, record)),
            Err(i) => {
                self.0.insert(i, (slug, record));
                None
            }
        }
    }

    pub fn remove(&mut self, slug: &str) -> Option<Record> {
        self.find(slug).ok().map(|i| self.0.remove(i).1)
    }

    /// The slug's record, made empty if it has none.
    pub fn or_default(&mut self, slug: &str) -> &mut Record {
        let i = match self.find(slug) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (slug.to_string(), Record::default()));
                i
            }
        };
        &mut self.0[i].1
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut Record) -> bool) {
        self.0.retain_mut(|(slug, record)| keep(slug, record));
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Record)> {
        self.into_iter()
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(slug, _)| slug)
    }

    pub fn values(&self) -> impl Iterator<Item = &Record> {
        self.0.iter().map(|(_, record)| record)
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Record> {
        self.0.iter_mut().map(|(_, record)| record)
    }
}

impl std::ops::Index<&str> for Records {
    type Output = Record;

    fn index(&self, slug: &str) -> &Record {
        self.get(slug).expect("a record for this slug")
    }
}

/// The last record of a slug wins, as when inserting one after another.
impl FromIterator<(String, Record)> for Records {
    fn from_iter<I: IntoIterator<Item = (String, Record)>>(items: I) -> Self {
        let mut records = Records::default();
        for (slug, record) in items {
            records.insert(slug, record);
        }
        records
    }
}

impl<'a> IntoIterator for &'a Records {
    type Item = (&'a String, &'a Record);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Record)>,
        fn(&'a (String, Record)) -> (&'a String, &'a Record),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(slug, record)| (slug, record))
    }
}

/// A day in milliseconds.
pub const DAY: i64 = 86_400_000;
/// Stability (days) from which a question counts as mastered.
const MASTERED_DAYS: f64 = 21.0;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Progress {
    /// Records keyed by question slug, never by position.
    pub questions: Records,
    pub prefs: Prefs,
    /// The deletion record: when progress was last reset or replaced (ms; 0 for never).
    /// Every record last changed before it is gone, in this copy and in every copy it
    /// is merged with, so that an older copy (another tab, an import) cannot bring
    /// deleted records back.
    pub cleared_at: i64,
}

/// What a copy of progress may hold. Progress made here stays within these limits, and
/// a copy from outside (an import, or storage written by another tab or an older build)
/// is cut down to them by [`Progress::checked`] before it is merged.
pub mod limits {
    /// Records in one copy (questions that left the deck keep theirs).
    pub const RECORDS: usize = 1_000;
    /// Grades kept per record: the newest.
    pub const GRADES: usize = 1_000;
    /// Bytes of a draft: what the scratchpad's `maxlength` of 20,000 UTF-16 units can
    /// hold at most (three bytes each), so nothing typed there is ever cut.
    pub const DRAFT_BYTES: usize = 60_000;
    /// Ticked key points or chosen choices per record, each below this index too (a
    /// question has at most 8 key points or 6 choices).
    pub const ITEMS: u8 = 32;
    /// Spoken answers kept per record: the newest.
    pub const SPOKEN: usize = 100;
    /// The longest spoken answer counted, in milliseconds (a day).
    pub const SPOKEN_MS: i64 = 86_400_000;
    /// Bytes of pasted text or of a chosen file that an import reads at all.
    pub const IMPORT_BYTES: usize = 2 << 20;
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
    /// Every answer given out loud, oldest first: when it ended and how long it ran.
    /// The audio itself is never stored.
    pub spoken: Vec<Spoken>,
    /// Last change of this record (ms); two copies merge by it.
    pub updated_at: i64,
}

/// One answer given out loud.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spoken {
    pub at: i64,
    /// Its length in milliseconds.
    pub ms: i64,
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
                .find_map(|alias| self.questions.get(alias))
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
                .find_map(|a| self.questions.remove(a));
            if let Some(old) = old {
                self.questions.insert(question.id.to_string(), old);
            }
        }
        let cleared_at = self.cleared_at;
        let record = self.questions.or_default(question.id);
        // Never before the last reset either: a change made after it must outlive it.
        record.updated_at = record.updated_at.max(now).max(cleared_at);
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
        let extra = record.grades.len().saturating_sub(limits::GRADES);
        record.grades.drain(..extra);
    }

    pub fn set_ticked(&mut self, question: &Question, point: u8, on: bool, now: i64) {
        let record = self.entry(question, now);
        record.ticked = items(&record.ticked, Some((point, on)));
    }

    pub fn set_draft(&mut self, question: &Question, draft: &str, now: i64) {
        let draft = cut(draft, limits::DRAFT_BYTES);
        let record = self.entry(question, now);
        if record.draft != draft {
            record.draft = draft.to_string();
        }
    }

    /// Records the length of an answer given out loud (its audio is not kept).
    pub fn add_spoken(&mut self, question: &Question, ms: i64, now: i64) {
        let record = self.entry(question, now);
        record.spoken.push(Spoken {
            at: now,
            ms: ms.clamp(0, limits::SPOKEN_MS),
        });
        let extra = record.spoken.len().saturating_sub(limits::SPOKEN);
        record.spoken.drain(..extra);
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
    /// last wins; records only one side has are kept, unless either side was reset or
    /// replaced after the record's last change (the later deletion record holds for
    /// both). Preferences stay ours.
    pub fn merge(&mut self, other: &Progress) {
        self.cleared_at = self.cleared_at.max(other.cleared_at);
        for (slug, theirs) in &other.questions {
            match self.questions.get(slug) {
                Some(ours) if ours.updated_at >= theirs.updated_at => {}
                _ => {
                    self.questions.insert(slug.clone(), theirs.clone());
                }
            }
        }
        let cleared_at = self.cleared_at;
        self.questions.retain(|_, r| r.updated_at >= cleared_at);
    }

    /// Deletes every record, and records the deletion so that merges honour it.
    pub fn clear(&mut self, now: i64) -> Records {
        self.cleared_at = self.cleared_at.max(now);
        std::mem::take(&mut self.questions)
    }

    /// Deletes every record and puts `records` in their place, as changed now: they
    /// win over every older copy, and the copies they replace stay deleted everywhere.
    pub fn replace_records(&mut self, records: Records, now: i64) {
        self.clear(now);
        let cleared_at = self.cleared_at;
        self.questions = records;
        for record in self.questions.values_mut() {
            record.updated_at = record.updated_at.max(cleared_at);
        }
    }

    /// This copy within [`limits`], with no time later than `now` (nor before 1970):
    /// what every copy from outside goes through before it is merged or shown, so that
    /// a forged `updated_at` can never make a record win every later merge, and no
    /// number of records, grades or characters can exhaust memory when stored.
    pub fn checked(mut self, now: i64) -> Progress {
        let now = now.max(0);
        let clamp = |t: i64| t.clamp(0, now);
        self.cleared_at = clamp(self.cleared_at);
        // Only a copy no build of Rehearse wrote can be over: keep the first in slug order.
        let mut n = 0;
        self.questions.retain(|_, _| {
            n += 1;
            n <= limits::RECORDS
        });
        for record in self.questions.values_mut() {
            record.updated_at = clamp(record.updated_at);
            let extra = record.grades.len().saturating_sub(limits::GRADES);
            record.grades.drain(..extra);
            for entry in &mut record.grades {
                entry.at = clamp(entry.at);
            }
            if let Some(memory) = &mut record.memory {
                memory.last_review = clamp(memory.last_review);
            }
            let extra = record.spoken.len().saturating_sub(limits::SPOKEN);
            record.spoken.drain(..extra);
            for entry in &mut record.spoken {
                entry.at = clamp(entry.at);
                entry.ms = entry.ms.clamp(0, limits::SPOKEN_MS);
            }
            let kept = cut(&record.draft, limits::DRAFT_BYTES).len();
            record.draft.truncate(kept);
            for list in [&mut record.ticked, &mut record.chosen] {
                *list = items(list, None);
            }
        }
        let cleared_at = self.cleared_at;
        self.questions.retain(|_, r| r.updated_at >= cleared_at);
        self
    }

    /// An imported copy, [`checked`](Self::checked) and holding only records of
    /// questions the deck knows (by slug or alias); aliases become their slugs.
    pub fn imported(self, deck: &Deck, now: i64) -> Progress {
        let mut checked = self.checked(now);
        let questions = &mut checked.questions;
        questions.retain(|slug, _| {
            deck.questions
                .iter()
                .any(|q| q.id == slug || q.aliases.contains(&slug.as_str()))
        });
        // A record under the slug itself wins over one under an old alias.
        for question in deck.questions {
            for alias in question.aliases {
                if let Some(record) = questions.remove(alias) {
                    if !questions.contains_key(question.id) {
                        questions.insert(question.id.to_string(), record);
                    }
                }
            }
        }
        checked
    }
}

/// A list of ticks or choices as it is kept: each item once, in order, below
/// `limits::ITEMS` (a deck has at most 8 key points and 6 choices), with `toggle`'s item
/// put in or taken out.
pub fn items(list: &[u8], toggle: Option<(u8, bool)>) -> Vec<u8> {
    (0..limits::ITEMS)
        .filter(|&i| match toggle {
            Some((item, on)) if item == i => on,
            _ => list.contains(&i),
        })
        .collect()
}

/// `text` cut to at most `max` bytes, at a character boundary.
fn cut(text: &str, max: usize) -> &str {
    let mut at = max.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    &text[..at]
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
    /// Records that a merge leaves deleted: the import's that are older than a reset
    /// here, and ours that are older than a reset in the import.
    pub deleted: usize,
}

impl Progress {
    pub fn preview_import(&self, incoming: &Progress) -> ImportPreview {
        let mut preview = ImportPreview::default();
        let cleared_at = self.cleared_at.max(incoming.cleared_at);
        for (slug, theirs) in &incoming.questions {
            match self.questions.get(slug) {
                _ if theirs.updated_at < cleared_at => preview.deleted += 1,
                None => preview.added += 1,
                Some(ours) if ours == theirs => preview.same += 1,
                Some(ours) if theirs.updated_at > ours.updated_at => preview.newer += 1,
                Some(_) => preview.older += 1,
            }
        }
        preview.deleted += self
            .questions
            .iter()
            .filter(|(slug, ours)| {
                ours.updated_at < cleared_at && !incoming.questions.contains_key(slug)
            })
            .count();
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
    fn ticks_and_choices_are_kept_once_each_in_order() {
        assert_eq!(items(&[5, 1, 5, 3], None), [1, 3, 5]);
        assert_eq!(
            items(&[1, 200, 31, 32], None),
            [1, 31],
            "none past the limit"
        );
        assert_eq!(items(&[4, 1], Some((2, true))), [1, 2, 4]);
        assert_eq!(items(&[4, 1], Some((4, false))), [1]);
        assert_eq!(
            items(&[4, 1], Some((1, true))),
            [1, 4],
            "ticked twice is once"
        );
        let q = question("containers");
        let mut p = Progress::default();
        for point in [3, 0, 2] {
            p.set_ticked(q, point, true, T0);
        }
        p.set_ticked(q, 2, false, T0);
        assert_eq!(p.record(q).unwrap().ticked, [0, 3]);
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
            speak_minutes: (1, 3),
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
            speak_minutes: (1, 3),
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

    fn rec(draft: &str, updated_at: i64) -> Record {
        Record {
            draft: draft.into(),
            updated_at,
            ..Record::default()
        }
    }

    #[test]
    fn a_reset_is_never_undone_by_an_older_copy_and_later_edits_survive_it() {
        let mut old = Progress::default();
        old.questions.insert("a".into(), rec("old a", T0 - HOUR));
        old.questions.insert("b".into(), rec("old b", T0 - 1));
        let mut ours = old.clone();
        assert_eq!(ours.clear(T0).len(), 2);
        assert_eq!(ours.cleared_at, T0);
        ours.merge(&old);
        assert!(ours.questions.is_empty(), "{ours:?}");
        // A record changed at the reset's very millisecond or later is newer than it.
        let mut later = old.clone();
        later.questions.insert("b".into(), rec("b after", T0));
        later.questions.insert("c".into(), rec("c after", T0 + 5));
        ours.merge(&later);
        let kept: Vec<&str> = ours.questions.values().map(|r| r.draft.as_str()).collect();
        assert_eq!(kept, ["b after", "c after"]);
        // The other side learns of the reset by merging ours.
        later.merge(&ours);
        assert_eq!(later, ours);
        // An edit made here after the reset, even with a clock that went back, survives.
        let q = question("containers");
        let mut edited = Progress::default();
        edited.clear(T0);
        edited.set_draft(q, "typed after", T0 - DAY);
        assert_eq!(edited.questions["containers"].updated_at, T0);
        edited.merge(&old);
        assert_eq!(edited.questions.len(), 1);
    }

    #[test]
    fn replacing_stamps_the_new_records_as_changed_then() {
        let mut ours = Progress::default();
        ours.questions.insert("a".into(), rec("ours", T0 - HOUR));
        let mut records = Records::default();
        records.insert("b".to_string(), rec("imported", T0 - 30 * DAY));
        ours.replace_records(records, T0);
        assert_eq!(ours.cleared_at, T0);
        assert_eq!(ours.questions.keys().collect::<Vec<_>>(), ["b"]);
        assert_eq!(ours.questions["b"].updated_at, T0);
        let mut stale = Progress::default();
        stale.questions.insert("a".into(), rec("ours", T0 - HOUR));
        stale
            .questions
            .insert("b".into(), rec("older b", T0 - HOUR));
        ours.merge(&stale);
        assert_eq!(ours.questions["b"].draft, "imported");
        assert_eq!(ours.questions.len(), 1);
    }

    #[test]
    fn a_forged_future_time_is_clamped_so_later_edits_still_win() {
        let q = question("containers");
        let mut forged = Progress::default();
        let mut record = rec("forged", i64::MAX);
        record.grades.push(GradeEntry {
            at: i64::MAX,
            grade: Grade::Easy,
        });
        record.memory = Some(Memory {
            stability: 1.0,
            difficulty: 5.0,
            last_review: i64::MAX,
            reps: 1,
            lapses: 0,
        });
        forged.questions.insert("containers".into(), record);
        forged.cleared_at = i64::MAX;
        let checked = forged.imported(&DECK, T0);
        let record = &checked.questions["containers"];
        assert_eq!(record.updated_at, T0);
        assert_eq!(record.grades[0].at, T0);
        assert_eq!(record.memory.unwrap().last_review, T0);
        assert_eq!(checked.cleared_at, T0);
        let mut ours = Progress::default();
        ours.merge(&checked);
        ours.set_draft(q, "mine, later", T0 + 1);
        ours.merge(&checked);
        assert_eq!(ours.questions["containers"].draft, "mine, later");
        // Times before 1970 are clamped too.
        let mut past = Progress::default();
        past.questions
            .insert("containers".into(), rec("x", i64::MIN));
        assert_eq!(past.checked(T0).questions["containers"].updated_at, 0);
    }

    #[test]
    fn an_import_keeps_only_the_decks_questions_and_moves_aliases_to_their_slugs() {
        let mut incoming = Progress::default();
        incoming
            .questions
            .insert("containers".into(), rec("known", T0));
        incoming
            .questions
            .insert("throttling".into(), rec("by alias", T0));
        incoming
            .questions
            .insert("not-in-the-deck".into(), rec("unknown", T0));
        incoming
            .questions
            .insert("<script>".into(), rec("hostile", T0));
        let imported = incoming.clone().imported(&DECK, T0);
        let kept: Vec<(&str, &str)> = imported
            .questions
            .iter()
            .map(|(s, r)| (s.as_str(), r.draft.as_str()))
            .collect();
        assert_eq!(
            kept,
            [("containers", "known"), ("rate-limiting", "by alias")]
        );
        // The slug's own record wins over one under an alias.
        incoming
            .questions
            .insert("rate-limiting".into(), rec("by slug", T0 - 1));
        let imported = incoming.imported(&DECK, T0);
        assert_eq!(imported.questions["rate-limiting"].draft, "by slug");
    }

    #[test]
    fn an_import_is_cut_to_the_limits() {
        let mut record = rec(&"é".repeat(limits::DRAFT_BYTES / 2 + 10), T0);
        record.grades = (0..limits::GRADES as i64 + 500)
            .map(|at| GradeEntry {
                at,
                grade: Grade::Good,
            })
            .collect();
        record.ticked = vec![255, 3, 3, 40, 1, 31, 32];
        record.chosen = vec![7, 200, 7];
        let mut incoming = Progress::default();
        incoming.questions.insert("containers".into(), record);
        let checked = incoming.imported(&DECK, T0);
        let record = &checked.questions["containers"];
        assert_eq!(
            record.draft.len(),
            limits::DRAFT_BYTES,
            "cut between characters"
        );
        assert_eq!(record.grades.len(), limits::GRADES);
        assert_eq!(record.grades[0].at, 500, "the newest grades are kept");
        assert_eq!(record.ticked, [1, 3, 31]);
        assert_eq!(record.chosen, [7]);
        // Stored copies (records of questions that left the deck are kept) are capped too.
        let mut many = Progress::default();
        for i in 0..limits::RECORDS as i64 + 50 {
            many.questions.insert(format!("q{i:04}"), rec("", i));
        }
        let checked = many.checked(T0);
        assert_eq!(checked.questions.len(), limits::RECORDS);
        assert!(
            checked.questions.contains_key("q0999") && !checked.questions.contains_key("q1000")
        );
    }

    #[test]
    fn progress_made_here_stays_within_the_limits() {
        // The scratchpad's `maxlength` is a third of the limit (src/shell/question_card.rs).
        let card = include_str!("../shell/question_card.rs");
        assert!(card.contains(&format!(
            "DRAFT_MAX: &str = \"{}\"",
            limits::DRAFT_BYTES / 3
        )));
        let q = question("containers");
        let mut p = Progress::default();
        p.set_draft(q, &"x".repeat(limits::DRAFT_BYTES * 2), T0);
        assert_eq!(p.questions["containers"].draft.len(), limits::DRAFT_BYTES);
        // What the scratchpad's maxlength lets through, in the widest characters, fits.
        let widest = "\u{FFFD}".repeat(20_000);
        p.set_draft(q, &widest, T0);
        assert_eq!(p.questions["containers"].draft, widest);
        for i in 0..limits::GRADES as i64 + 3 {
            p.grade(q, Grade::Good, T0 + i);
        }
        let grades = &p.questions["containers"].grades;
        assert_eq!(grades.len(), limits::GRADES);
        assert_eq!(grades[0].at, T0 + 3);
        assert_eq!(p.clone().checked(T0 + 5_000), p, "nothing to cut");
    }

    #[test]
    fn the_preview_counts_what_a_reset_on_either_side_removes() {
        let mut ours = Progress::default();
        ours.questions.insert("a".into(), rec("a", T0 - 2 * HOUR));
        ours.questions.insert("b".into(), rec("b", T0 + HOUR));
        let mut theirs = Progress {
            cleared_at: T0,
            ..Progress::default()
        };
        theirs.questions.insert("c".into(), rec("c", T0 + 1));
        assert_eq!(
            ours.preview_import(&theirs),
            ImportPreview {
                added: 1,
                deleted: 1,
                ..ImportPreview::default()
            }
        );
        let mut after = ours.clone();
        after.merge(&theirs);
        assert_eq!(after.questions.keys().collect::<Vec<_>>(), ["b", "c"]);
    }
}

/// Property tests of the merge and of the limits: deletions hold, newer edits survive,
/// and a checked copy is within the limits whatever it was.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use crate::core::deck::DECK;
    use proptest::prelude::*;

    const NOW: i64 = 1_700_000_000_000;

    fn record() -> impl Strategy<Value = Record> {
        (
            prop::collection::vec(any::<u8>(), 0..6),
            ".{0,8}",
            prop_oneof![any::<i64>(), NOW - 1_000..NOW + 1_000],
        )
            .prop_map(|(ticked, draft, updated_at)| Record {
                ticked,
                draft,
                updated_at,
                ..Record::default()
            })
    }

    fn progress() -> impl Strategy<Value = Progress> {
        (
            prop::collection::btree_map("[a-e]", record(), 0..6),
            prop_oneof![Just(0), any::<i64>(), NOW - 1_000..NOW + 1_000],
        )
            .prop_map(|(questions, cleared_at)| Progress {
                questions: questions.into_iter().collect(),
                cleared_at,
                ..Progress::default()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 2_000,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// After any merge nothing older than either side's deletion record is left,
        /// and every record left is the newest of its question on either side.
        #[test]
        fn a_merge_honours_both_deletion_records(a in progress(), b in progress()) {
            let (a, b) = (a.checked(NOW), b.checked(NOW));
            let mut merged = a.clone();
            merged.merge(&b);
            let cleared = a.cleared_at.max(b.cleared_at);
            prop_assert_eq!(merged.cleared_at, cleared);
            for (slug, r) in &merged.questions {
                prop_assert!(r.updated_at >= cleared);
                let newest = [a.questions.get(slug), b.questions.get(slug)]
                    .into_iter()
                    .flatten()
                    .map(|r| r.updated_at)
                    .max();
                prop_assert_eq!(Some(r.updated_at), newest);
            }
            // Whatever either side had that is newer than both deletions is kept.
            for (slug, r) in a.questions.iter().chain(&b.questions) {
                if r.updated_at >= cleared {
                    prop_assert!(merged.questions.contains_key(slug));
                }
            }
            // Merging again changes nothing.
            let mut again = merged.clone();
            again.merge(&b);
            again.merge(&a);
            prop_assert_eq!(again, merged);
        }

        /// A reset, then any copy from before it (every change older than the reset),
        /// merged in either order: nothing comes back, and edits after the reset stay.
        #[test]
        fn a_deletion_is_never_undone_by_an_older_copy(
            before in progress(),
            older in progress(),
            edits in prop::collection::vec(("[a-e]", ".{0,8}"), 0..4),
            at in 1_000i64..10_000,
        ) {
            let reset = NOW + at;
            let (mut ours, older) = (before.checked(NOW), older.checked(NOW));
            ours.clear(reset);
            let q = DECK.questions[0].clone();
            for (i, (slug, draft)) in edits.iter().enumerate() {
                let question = Question { id: Box::leak(slug.clone().into_boxed_str()), aliases: &[], ..q.clone() };
                ours.set_draft(&question, draft, reset + i as i64);
            }
            let edited = ours.clone();
            let mut other = older.clone();
            ours.merge(&older);
            other.merge(&edited);
            prop_assert_eq!(&ours.questions, &edited.questions);
            prop_assert_eq!(&other.questions, &edited.questions);
        }

        /// A checked copy is within the limits and has no time after now; checking it
        /// again changes nothing.
        #[test]
        fn a_checked_copy_is_within_the_limits(p in progress(), now in prop_oneof![Just(NOW), any::<i64>()]) {
            let checked = p.checked(now);
            let now = now.max(0);
            prop_assert!(checked.cleared_at <= now && checked.cleared_at >= 0);
            prop_assert!(checked.questions.len() <= limits::RECORDS);
            for r in checked.questions.values() {
                prop_assert!(r.updated_at <= now && r.updated_at >= checked.cleared_at);
                prop_assert!(r.ticked.iter().all(|&t| t < limits::ITEMS));
            }
            prop_assert_eq!(checked.clone().checked(now), checked);
        }

        /// The records list answers every operation as a `BTreeMap` would, and keeps
        /// slug order.
        #[test]
        fn records_behave_as_a_sorted_map(ops in prop::collection::vec((0..4u8, "[a-d]{1,2}", ".{0,3}"), 0..40)) {
            let mut records = Records::default();
            let mut model = std::collections::BTreeMap::new();
            let with = |draft: &str| Record { draft: draft.into(), ..Record::default() };
            for (op, slug, draft) in ops {
                match op {
                    0 => prop_assert_eq!(records.insert(slug.clone(), with(&draft)), model.insert(slug, with(&draft))),
                    1 => prop_assert_eq!(records.remove(&slug), model.remove(&slug)),
                    2 => {
                        records.or_default(&slug).draft.push_str(&draft);
                        model.entry(slug).or_default().draft.push_str(&draft);
                    }
                    _ => {
                        records.retain(|slug, r| slug.len() + r.draft.len() != draft.len());
                        model.retain(|slug, r| slug.len() + r.draft.len() != draft.len());
                    }
                }
                prop_assert!(records.iter().eq(model.iter()));
                prop_assert_eq!(records.len(), model.len());
            }
            for (slug, record) in &model {
                prop_assert_eq!(records.get(slug), Some(record));
                prop_assert!(records.contains_key(slug));
            }
            prop_assert_eq!(records, model.into_iter().collect::<Records>());
        }

        /// Collected, the last record of a slug wins, as in a `BTreeMap`.
        #[test]
        fn collected_records_keep_the_last_of_each_slug(pairs in prop::collection::vec(("[a-c]", ".{0,3}"), 0..10)) {
            let with = |(slug, draft): &(String, String)| (slug.clone(), Record { draft: draft.clone(), ..Record::default() });
            let records: Records = pairs.iter().map(with).collect();
            let model: std::collections::BTreeMap<_, _> = pairs.iter().map(with).collect();
            prop_assert!(records.iter().eq(model.iter()));
        }
    }
}
