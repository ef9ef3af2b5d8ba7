//! The user's progress: one record per question slug, and preferences beside them.
//! Domain rules live here (grading, status, merging two copies); it must not touch
//! storage or the clock: callers pass `now` in milliseconds since the epoch.

use super::deck::{Deck, Kind, Question};
use super::fsrs::{self, Grade, Memory, Params};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A day in milliseconds.
pub const DAY: i64 = 86_400_000;
/// Stability (days) from which a question counts as mastered.
const MASTERED_DAYS: f64 = 21.0;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    /// Records keyed by question slug, never by position.
    pub questions: BTreeMap<String, Record>,
    pub prefs: Prefs,
}

/// What we know about one question for this user.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
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

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GradeEntry {
    pub at: i64,
    pub grade: Grade,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
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
    pub fn record(&self, question: &Question) -> Option<&Record> {
        self.questions.get(question.id)
    }

    pub fn status(&self, question: &Question, now: i64) -> Status {
        self.record(question)
            .map_or(Status::New, |r| r.status(question, now))
    }

    fn entry(&mut self, question: &Question, now: i64) -> &mut Record {
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
        record.memory = Some(memory);
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub n_practised: usize,
    pub n_due: usize,
    pub n_mastered: usize,
    /// The earliest review still in the future.
    pub next_due: Option<i64>,
}

/// The grade the ticked key points suggest; the user may always pick another.
pub fn suggested_grade(question: &Question, n_ticked: usize) -> Option<Grade> {
    let Kind::Open { key_points } = question.kind else {
        return None;
    };
    let total = key_points.len().max(1);
    let share = n_ticked.min(total) * 100 / total;
    Some(match share {
        100 => Grade::Easy,
        60..=99 => Grade::Good,
        30..=59 => Grade::Hard,
        _ => Grade::Again,
    })
}
