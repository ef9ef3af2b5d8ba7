//! The app's state and the actions that change it: every rule of the practice loop
//! in one reducer. It must not import the UI or the browser; the shell wraps it in
//! a Yew `Reducible`, passes `now` with every action and does the side effects.

use super::deck::{Deck, Question};
use super::fsrs::Grade;
use super::progress::{suggested_grade, Prefs, Progress, Status};
use super::route::Route;
use super::session::{self, Mock, Mode, Stage};

/// The practice round in progress: its order and what was graded in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    pub mode: Mode,
    pub order: Vec<usize>,
    /// (question index, grade) in the order given; a regrade replaces the entry.
    pub graded: Vec<(usize, Grade)>,
}

/// The overview's filters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filter {
    pub tag: Option<&'static str>,
    pub status: Option<Status>,
    pub query: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub deck: &'static Deck,
    pub progress: Progress,
    /// The view shown; question routes always carry the current slug, never an alias.
    pub route: Route,
    /// How far the current card's answer is revealed.
    pub stage: Stage,
    pub round: Round,
    pub mock: Option<Mock>,
    pub filter: Filter,
    /// The time of the last action (ms), for status and timers.
    pub now: i64,
    /// Text for the screen-reader live region.
    pub announcement: String,
    /// Bumped whenever `progress` changes, so the shell knows to save.
    pub revision: u64,
    /// What the user must know about where their progress lives, if anything.
    pub storage: Option<StorageNotice>,
}

/// Plain-words notices about storage; the shell detects, the view explains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageNotice {
    /// localStorage is blocked or throws: progress lives in memory only.
    Unavailable,
    /// A write failed for lack of space; everything is still in memory.
    Full,
    /// The stored value could not be read; it was kept under `backup_key`.
    Recovered { backup_key: String, reason: String },
    /// A newer Rehearse wrote the value; we do not touch it.
    ReadOnly { schema: u64 },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The URL changed (hashchange, first load).
    Navigate(Route),
    /// Show the next stage of the answer.
    Reveal,
    /// Show everything at once.
    RevealAll,
    Tick {
        point: u8,
        on: bool,
    },
    Draft(String),
    Grade(Grade),
    /// Toggle a choice of a choice question before submitting.
    Choose {
        choice: u8,
        on: bool,
    },
    /// Submit the selection of a choice question.
    Submit,
    /// Start a round in a mode; `seed` orders a shuffled round.
    StartRound {
        mode: Mode,
        seed: u64,
    },
    SetFilter(Filter),
    StartMock {
        seed: u64,
    },
    MockNext,
    MockPause,
    MockResume,
    MockGrade {
        position: usize,
        grade: Grade,
    },
    MockDiscard,
    /// Time passed (the mock timer); only `now` changes.
    Clock,
    /// Progress saved by another tab: merge it per question.
    Merge(Progress),
    /// Replace progress wholesale (import "replace", reset, undo).
    Replace(Progress),
    /// The storage situation changed (or was resolved, with `None`).
    Storage(Option<StorageNotice>),
    SetPrefs(Prefs),
}

impl State {
    pub fn new(deck: &'static Deck, progress: Progress, now: i64) -> State {
        State {
            deck,
            progress,
            route: Route::Overview,
            stage: Stage::Prompt,
            round: Round {
                mode: Mode::InOrder,
                order: (0..deck.questions.len()).collect(),
                graded: Vec::new(),
            },
            mock: None,
            filter: Filter::default(),
            now,
            announcement: String::new(),
            revision: 0,
            storage: None,
        }
    }

    /// Finds a question by its slug or one of its aliases.
    pub fn find(&self, slug: &str) -> Option<usize> {
        self.deck
            .questions
            .iter()
            .position(|q| q.id == slug)
            .or_else(|| {
                self.deck
                    .questions
                    .iter()
                    .position(|q| q.aliases.contains(&slug))
            })
    }

    /// The question the route shows, if any.
    pub fn current(&self) -> Option<(usize, &'static Question)> {
        match &self.route {
            Route::Question { slug, .. } => self.find(slug).map(|i| (i, &self.deck.questions[i])),
            _ => None,
        }
    }

    /// Position in the round ("5 of 23"), 1-based, and the round's length.
    pub fn position(&self, index: usize) -> (usize, usize) {
        match self.round.order.iter().position(|&i| i == index) {
            Some(at) => (at + 1, self.round.order.len()),
            None => (index + 1, self.deck.questions.len()),
        }
    }

    /// The neighbour in the round: `step` -1 for previous, +1 for next.
    pub fn neighbour(&self, index: usize, step: isize) -> Option<usize> {
        let at = self.round.order.iter().position(|&i| i == index)?;
        let to = at.checked_add_signed(step)?;
        self.round.order.get(to).copied()
    }

    /// The grade the ticked key points suggest for the current card.
    pub fn suggestion(&self) -> Option<Grade> {
        let (_, question) = self.current()?;
        let n_ticked = self.progress.record(question).map_or(0, |r| r.ticked.len());
        suggested_grade(question, n_ticked)
    }

    /// Indices of the questions the overview's filter lets through, in deck order.
    pub fn filtered(&self) -> Vec<usize> {
        let query = self.filter.query.trim().to_lowercase();
        let words: Vec<&str> = query.split_whitespace().collect();
        (0..self.deck.questions.len())
            .filter(|&i| {
                let q = &self.deck.questions[i];
                self.filter.tag.is_none_or(|t| q.tags.contains(&t))
                    && self
                        .filter
                        .status
                        .is_none_or(|s| self.progress.status(q, self.now) == s)
                    && words.iter().all(|w| q.search_text.contains(w))
            })
            .collect()
    }

    pub fn apply(&mut self, now: i64, action: Action) {
        self.now = now;
        let before = self.revision;
        match action {
            Action::Navigate(route) => self.navigate(route),
            Action::Reveal => {
                if let Some((_, q)) = self.current() {
                    self.stage = self.stage.next(q);
                    self.announce_stage();
                    self.sync_answer_route();
                }
            }
            Action::RevealAll => {
                if self.current().is_some() {
                    self.stage = Stage::Answer;
                    self.announce_stage();
                    self.sync_answer_route();
                }
            }
            Action::Tick { point, on } => {
                if let Some((_, q)) = self.current() {
                    self.progress.set_ticked(q, point, on, now);
                    self.revision += 1;
                }
            }
            Action::Draft(text) => {
                if let Some(q) = self.draft_target() {
                    self.progress.set_draft(q, &text, now);
                    self.revision += 1;
                }
            }
            Action::Grade(grade) => {
                if let Some((i, q)) = self.current() {
                    self.progress.grade(q, grade, now);
                    self.round.graded.retain(|&(j, _)| j != i);
                    self.round.graded.push((i, grade));
                    self.revision += 1;
                    self.announcement = format!("Graded: {}.", grade_label(grade));
                }
            }
            Action::Choose { choice, on } => {
                if let Some((_, q)) = self.current() {
                    let mut chosen = self
                        .progress
                        .record(q)
                        .map(|r| r.chosen.clone())
                        .unwrap_or_default();
                    if matches!(q.kind, super::deck::Kind::Single { .. }) {
                        chosen.clear();
                    }
                    chosen.retain(|&c| c != choice);
                    if on {
                        chosen.push(choice);
                        chosen.sort_unstable();
                    }
                    self.progress.set_chosen(q, chosen, now);
                    self.stage = Stage::Prompt;
                    self.revision += 1;
                }
            }
            Action::Submit => {
                if let Some((i, q)) = self.current() {
                    let chosen = self.progress.record(q).map(|r| r.chosen.clone());
                    if let Some(right) = chosen.and_then(|c| session::is_correct(q, &c)) {
                        let grade = if right { Grade::Good } else { Grade::Again };
                        self.progress.grade(q, grade, now);
                        self.round.graded.retain(|&(j, _)| j != i);
                        self.round.graded.push((i, grade));
                        self.stage = Stage::Answer;
                        self.revision += 1;
                        self.announcement = if right {
                            "Correct."
                        } else {
                            "Not quite: see the explanation."
                        }
                        .into();
                        self.sync_answer_route();
                    }
                }
            }
            Action::StartRound { mode, seed } => {
                self.round = Round {
                    mode,
                    order: session::queue(self.deck, &self.progress, mode, seed, now),
                    graded: Vec::new(),
                };
                self.route = match self.round.order.first() {
                    Some(&i) => Route::question(self.deck.questions[i].id, false),
                    None => Route::Overview,
                };
                self.stage = Stage::Prompt;
                self.announcement = if self.round.order.is_empty() {
                    format!(
                        "No questions for \u{201c}{}\u{201d} right now.",
                        mode.label()
                    )
                } else {
                    String::new()
                };
            }
            Action::SetFilter(filter) => self.filter = filter,
            Action::StartMock { seed } => {
                let prefs = &self.progress.prefs;
                self.mock = Some(Mock::start(
                    self.deck,
                    usize::from(prefs.mock_questions),
                    prefs.mock_seconds,
                    seed,
                    now,
                ));
                self.route = Route::Mock;
            }
            Action::MockNext => {
                if let Some(mock) = &mut self.mock {
                    mock.next(now);
                    self.announcement = if mock.is_done() {
                        "Mock interview finished. Grade your answers.".into()
                    } else {
                        format!("Question {} of {}.", mock.current + 1, mock.questions.len())
                    };
                }
            }
            Action::MockPause => {
                if let Some(mock) = &mut self.mock {
                    mock.pause(now);
                    self.announcement = "Timer paused.".into();
                }
            }
            Action::MockResume => {
                if let Some(mock) = &mut self.mock {
                    mock.resume(now);
                    self.announcement = "Timer running.".into();
                }
            }
            Action::MockGrade { position, grade } => {
                if let Some(mock) = &mut self.mock {
                    if let Some(&i) = mock.questions.get(position) {
                        mock.set_grade(position, grade);
                        self.progress.grade(&self.deck.questions[i], grade, now);
                        self.revision += 1;
                    }
                }
            }
            Action::MockDiscard => self.mock = None,
            Action::Clock => {}
            Action::Merge(other) => {
                let merged = {
                    let mut merged = self.progress.clone();
                    merged.merge(&other);
                    merged
                };
                if merged != self.progress {
                    self.progress = merged;
                    // Another tab's change is already stored; no need to save it back.
                }
            }
            Action::Replace(progress) => {
                self.progress = progress;
                self.revision += 1;
            }
            Action::SetPrefs(prefs) => {
                if prefs != self.progress.prefs {
                    self.progress.prefs = prefs;
                    self.revision += 1;
                }
            }
            Action::Storage(notice) => {
                if let Some(notice) = &notice {
                    self.announcement = storage_message(notice);
                }
                self.storage = notice;
            }
        }
        debug_assert!(self.revision >= before);
    }

    fn navigate(&mut self, route: Route) {
        let previous = self.current().map(|(i, _)| i);
        self.route = match route {
            Route::Question { slug, answer } => match self.find(&slug) {
                Some(i) => Route::question(self.deck.questions[i].id, answer),
                None => Route::NotFound {
                    path: format!("/q/{slug}"),
                },
            },
            other => other,
        };
        let current = self.current().map(|(i, _)| i);
        let answer = matches!(self.route, Route::Question { answer: true, .. });
        if answer {
            self.stage = Stage::Answer;
        } else if current != previous || self.stage == Stage::Answer {
            // A new card starts hidden; so does the same card when the URL drops `/answer`.
            self.stage = Stage::Prompt;
        }
        self.announcement.clear();
    }

    /// The scratchpad belongs to the open question, or to the mock question being answered.
    fn draft_target(&self) -> Option<&'static Question> {
        if let Some((_, q)) = self.current() {
            return Some(q);
        }
        match (&self.route, &self.mock) {
            (Route::Mock, Some(mock)) => mock
                .questions
                .get(mock.current)
                .map(|&i| &self.deck.questions[i]),
            _ => None,
        }
    }

    /// The answer's visibility is part of the URL, so a revealed card can be shared.
    fn sync_answer_route(&mut self) {
        if let Route::Question { answer, .. } = &mut self.route {
            *answer = self.stage == Stage::Answer;
        }
    }

    fn announce_stage(&mut self) {
        self.announcement = match self.stage {
            Stage::Prompt => String::new(),
            Stage::Why => "Revealed: why interviewers ask.".into(),
            Stage::How => "Revealed: how to answer, with the key points.".into(),
            Stage::Answer => "Revealed: the full answer.".into(),
        };
    }

    pub fn status_of(&self, index: usize) -> Status {
        self.progress.status(&self.deck.questions[index], self.now)
    }
}

/// Plain-language labels for the four grades.
pub fn grade_label(grade: Grade) -> &'static str {
    match grade {
        Grade::Again => "Missed it",
        Grade::Hard => "Got it with effort",
        Grade::Good => "Got it",
        Grade::Easy => "Easy",
    }
}

/// The plain-words explanation of a storage notice.
pub fn storage_message(notice: &StorageNotice) -> String {
    match notice {
        StorageNotice::Unavailable => {
            "This browser is not letting Rehearse store anything here, so progress will not be saved here. Export it before you leave.".into()
        }
        StorageNotice::Full => {
            "Storage is full, so your latest changes are not saved yet. Nothing is lost while this page stays open: export your progress to keep it.".into()
        }
        StorageNotice::Recovered { reason, .. } => format!(
            "Saved progress could not be read ({reason}). It was kept aside untouched, and you are starting fresh."
        ),
        StorageNotice::ReadOnly { schema } => format!(
            "Your progress was saved by a newer version of Rehearse (format {schema}). It is left untouched; changes made here will not be saved."
        ),
    }
}
