//! The app's state and the actions that change it: every rule of the practice loop
//! in one reducer. It must not import the UI or the browser; the shell wraps it in
//! a Yew `Reducible`, passes `now` with every action and does the side effects.

use super::deck::{Deck, Kind, Question, Text};
use super::fsrs::Grade;
use super::options::Page;
use super::progress::{self, suggested_grade, Prefs, Progress, Status};
use super::route::Route;
use super::session::{self, Mock, Mode, Stage};
use super::speech::{Owner, Speech, SpeechEvent};
use std::rc::Rc;

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
    /// Shared: an action that changes no progress (reveal, next, a filter) copies
    /// none of it, and an action that does copies it once (`progress_mut`).
    pub progress: Rc<Progress>,
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
    /// Bumped when the state moved the route by itself (a round started, an alias was
    /// resolved, an answer revealed), so the shell writes `route` into the URL. Routes
    /// that came from the URL never bump it: the URL is already right.
    pub url_seq: u64,
    /// Whether that URL change rewrites the current history entry instead of adding one.
    pub url_replace: bool,
    /// The progress before a reset or an import, while the user may still undo it.
    pub undo: Option<Rc<Progress>>,
    /// How the page presents itself (embedded or not, compact), from the URL.
    pub page: Page,
    /// The last grade recorded, as (question index, grade), and how many there were;
    /// the shell tells an embedding page when it asked to know.
    pub last_grade: Option<(usize, Grade)>,
    pub n_grades: u64,
    /// Each question's text read so far (compiled in, or read from its page), by slug;
    /// shared, so cloning the state is cheap.
    /// A list, not a map: it holds a few entries (the card and its neighbours), and one
    /// map type fewer keeps the wasm smaller.
    pub texts: Rc<Vec<(&'static str, Rc<Text>)>>,
    /// The question whose text could not be read from its page, if any.
    pub text_failed: Option<&'static str>,
    /// Answering out loud: the recorder, for the open question or the mock's.
    pub speech: Speech,
    /// Each question's searchable text: the prompt and, where known, the rest; shared,
    /// so cloning the state is cheap.
    search: Rc<[String]>,
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
    /// Another tab (or program) stored a value this page cannot read, after it loaded:
    /// it is left untouched and nothing more is saved from here.
    Foreign { reason: String },
}

#[derive(Debug, PartialEq)]
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
        /// Each answer is given out loud and recorded.
        out_loud: bool,
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
    /// Replace progress wholesale (tests and fixtures; users go through Import or Reset).
    Replace(Progress),
    /// Bring in exported progress: merged per question, or replacing everything.
    Import {
        progress: Progress,
        replace: bool,
    },
    /// Forget all progress (preferences stay); undoable for a while.
    Reset,
    /// Put back what the last reset or replacing import took away.
    Undo,
    /// The undo window closed.
    DropUndo,
    /// The storage situation changed (or was resolved, with `None`).
    Storage(Option<StorageNotice>),
    SetPrefs(Prefs),
    /// A question's text, read from its page.
    Text {
        slug: String,
        text: Text,
    },
    /// A question's text could not be read (offline, say).
    TextFailed {
        slug: String,
    },
    /// Try reading the text that failed again.
    RetryText,
    /// The searchable text of every question, as (slug, lowercased text).
    SearchText(Vec<(String, String)>),
    /// Something happened to the recorder of an answer given out loud.
    Speak(SpeechEvent),
}

impl State {
    /// The progress to change: a copy of its own if another state shares it.
    fn progress_mut(&mut self) -> &mut Progress {
        Rc::make_mut(&mut self.progress)
    }

    pub fn new(deck: &'static Deck, progress: Progress, now: i64) -> State {
        State {
            deck,
            progress: Rc::new(progress),
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
            url_seq: 0,
            url_replace: false,
            undo: None,
            page: Page::default(),
            last_grade: None,
            n_grades: 0,
            texts: Rc::new(
                deck.questions
                    .iter()
                    .filter_map(|q| Some((q.id, Rc::new(Text::of(q.text?)))))
                    .collect(),
            ),
            search: deck
                .questions
                .iter()
                .map(|q| q.search_text(q.text.map(Text::of).as_ref()))
                .collect(),
            text_failed: None,
            speech: Speech::Idle,
        }
    }

    /// The question's text, once compiled in or read from its page.
    pub fn text(&self, question: &Question) -> Option<&Rc<Text>> {
        self.texts
            .iter()
            .find(|(id, _)| *id == question.id)
            .map(|(_, text)| text)
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
        let n_points = match question.kind {
            Kind::Open { points } => usize::from(points),
            _ => 0,
        };
        // Ticks of key points the question no longer has (its content changed) do not count.
        let n_ticked = self.progress.record(question).map_or(0, |r| {
            r.ticked
                .iter()
                .filter(|&&p| usize::from(p) < n_points)
                .count()
        });
        suggested_grade(question, n_ticked)
    }

    /// Indices of the questions the overview's filter lets through, in deck order.
    pub fn filtered(&self) -> Vec<usize> {
        let query = self.filter.query.trim().to_ascii_lowercase();
        let words: Vec<&str> = query.split_whitespace().collect();
        (0..self.deck.questions.len())
            .filter(|&i| {
                let q = &self.deck.questions[i];
                self.filter.tag.is_none_or(|t| q.tags.contains(&t))
                    && self
                        .filter
                        .status
                        .is_none_or(|s| self.progress.status(q, self.now) == s)
                    && words.iter().all(|w| self.search[i].contains(w))
            })
            .collect()
    }

    pub fn apply(&mut self, now: i64, action: Action) {
        self.now = now;
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
                let has_point = |q: &Question| match q.kind {
                    Kind::Open { points } => point < points,
                    _ => false,
                };
                if let Some((_, q)) = self.current().filter(|&(_, q)| has_point(q)) {
                    self.progress_mut().set_ticked(q, point, on, now);
                    self.revision += 1;
                }
            }
            Action::Draft(text) => {
                if let Some(q) = self.draft_target() {
                    self.progress_mut().set_draft(q, &text, now);
                    self.revision += 1;
                }
            }
            Action::Grade(grade) => {
                if let Some((i, _)) = self.current() {
                    self.record_grade(i, grade, now);
                    self.announcement = format!("Graded: {}.", grade_label(grade));
                }
            }
            Action::Choose { choice, on } => {
                if let Some((_, q)) = self.current() {
                    let before = match q.kind {
                        Kind::Single { .. } => None,
                        _ => self.progress.record(q).map(|r| r.chosen.as_slice()),
                    };
                    let chosen = progress::items(before.unwrap_or_default(), Some((choice, on)));
                    self.progress_mut().set_chosen(q, chosen, now);
                    self.stage = Stage::Prompt;
                    self.sync_answer_route();
                    self.revision += 1;
                }
            }
            Action::Submit => {
                if let Some((i, q)) = self.current() {
                    // Nothing chosen is nothing submitted, not a wrong answer.
                    let chosen = self
                        .progress
                        .record(q)
                        .map(|r| r.chosen.clone())
                        .filter(|c| !c.is_empty());
                    if let Some(right) = chosen.and_then(|c| session::is_correct(q, &c)) {
                        let grade = if right { Grade::Good } else { Grade::Again };
                        self.record_grade(i, grade, now);
                        self.stage = Stage::Answer;
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
                self.move_url(false);
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
            Action::StartMock { seed, out_loud } => {
                let prefs = &self.progress.prefs;
                let mut mock = Mock::start(
                    self.deck,
                    usize::from(prefs.mock_questions),
                    prefs.mock_seconds,
                    seed,
                    now,
                );
                mock.out_loud = out_loud;
                self.mock = Some(mock);
                self.speech = Speech::Idle;
                self.route = Route::Mock;
                self.move_url(false);
            }
            Action::MockNext => {
                // Moving on ends the answer being recorded; its audio arrives later.
                if matches!(self.speech.owner(), Some(Owner::Mock(_))) {
                    self.speak(now, SpeechEvent::Stop);
                }
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
                        let deck = self.deck;
                        self.progress_mut().grade(&deck.questions[i], grade, now);
                        self.revision += 1;
                        self.last_grade = Some((i, grade));
                        self.n_grades += 1;
                    }
                }
            }
            Action::MockDiscard => {
                self.mock = None;
                self.forget_mock_speech();
            }
            Action::Speak(event) => self.speak(now, event),
            Action::Clock => {}
            Action::Merge(theirs) => {
                let theirs = theirs.checked(now);
                self.progress_mut().merge(&theirs);
                // What the other tab stored lacks something only we have: store the union,
                // or our records would be missing from storage until our next edit.
                if self.progress.questions != theirs.questions
                    || self.progress.cleared_at != theirs.cleared_at
                {
                    self.revision += 1;
                }
            }
            Action::Import { progress, replace } => {
                // The shell has kept only the deck's questions; the limits hold here too.
                let incoming = progress.checked(now);
                self.undo = Some(self.progress.clone());
                if replace {
                    self.progress_mut().replace_records(incoming.questions, now);
                    self.announcement = "Progress replaced. You can undo this for a moment.".into();
                } else {
                    self.progress_mut().merge(&incoming);
                    self.announcement = "Progress merged. You can undo this for a moment.".into();
                }
                self.revision += 1;
            }
            Action::Reset => {
                self.undo = Some(self.progress.clone());
                self.progress_mut().clear(now);
                self.round.graded.clear();
                self.mock = None;
                self.forget_mock_speech();
                self.revision += 1;
                self.announcement = "Progress reset. You can undo this for a moment.".into();
            }
            Action::Undo => {
                if let Some(previous) = self.undo.take() {
                    // Put back as a change made now, so that it reaches the other tabs
                    // (which heard the reset) and the records it removes stay removed.
                    let previous = Rc::unwrap_or_clone(previous);
                    self.progress_mut().replace_records(previous.questions, now);
                    self.revision += 1;
                    self.announcement = "Progress restored.".into();
                }
            }
            Action::DropUndo => self.undo = None,
            Action::Replace(progress) => {
                self.progress = Rc::new(progress);
                self.revision += 1;
            }
            Action::Text { slug, text } => {
                if let Some(i) = self.find(&slug) {
                    let id = self.deck.questions[i].id;
                    let texts = Rc::make_mut(&mut self.texts);
                    texts.retain(|(known, _)| *known != id);
                    texts.push((id, Rc::new(text)));
                    if self.text_failed == Some(id) {
                        self.text_failed = None;
                    }
                }
            }
            Action::TextFailed { slug } => {
                self.text_failed = self.find(&slug).map(|i| self.deck.questions[i].id);
            }
            Action::RetryText => self.text_failed = None,
            Action::SearchText(texts) => {
                let search: Vec<String> = self
                    .deck
                    .questions
                    .iter()
                    .zip(self.search.iter())
                    .map(|(q, old)| {
                        texts
                            .iter()
                            .find(|(slug, _)| slug == q.id)
                            .map_or_else(|| old.clone(), |(_, text)| text.clone())
                    })
                    .collect();
                self.search = search.into();
            }
            Action::SetPrefs(prefs) => {
                if prefs != self.progress.prefs {
                    self.progress_mut().prefs = prefs;
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
    }

    fn navigate(&mut self, route: Route) {
        let previous = self.current().map(|(i, _)| i);
        self.route = match route {
            Route::Question { slug, answer } => match self.find(&slug) {
                Some(i) if self.deck.questions[i].id != slug => {
                    // An old slug: show the question and rewrite the link to its current slug.
                    self.move_url(true);
                    Route::question(self.deck.questions[i].id, answer)
                }
                Some(_) => Route::Question { slug, answer },
                None => Route::NotFound {
                    path: format!("/q/{slug}{}", if answer { "/answer" } else { "" }),
                },
            },
            other => other,
        };
        let current = self.current().map(|(i, _)| i);
        // A recording belongs to its question or to the mock: leaving it drops the
        // recording (the shell stops the microphone and frees the audio).
        let keep = match self.speech.owner() {
            Some(Owner::Question(slug)) => self.current().is_some_and(|(_, q)| q.id == slug),
            Some(Owner::Mock(_)) => matches!(self.route, Route::Mock) || !self.speech.is_live(),
            None => true,
        };
        if !keep {
            self.speech = Speech::Idle;
        }
        let answer = matches!(self.route, Route::Question { answer: true, .. });
        if answer {
            self.stage = Stage::Answer;
        } else if current != previous || self.stage == Stage::Answer {
            // A new card starts hidden; so does the same card when the URL drops `/answer`.
            self.stage = Stage::Prompt;
        }
        self.announcement.clear();
    }

    /// Applies a recorder event. When an answer stops, its length is saved with
    /// progress (once; the audio never is); when a mock answer's audio arrives, it goes
    /// into the mock's list.
    fn speak(&mut self, now: i64, event: SpeechEvent) {
        let Some((owner, ms, url)) = self.speech.apply(now, event) else {
            return;
        };
        if let Some(url) = url {
            if let (Owner::Mock(position), Some(mock)) = (owner, &mut self.mock) {
                if let Some(slot) = mock.spoken.get_mut(position) {
                    *slot = Some((ms, Some(url)));
                }
            }
            return;
        }
        let index = match owner {
            Owner::Question(slug) => self.find(slug),
            Owner::Mock(position) => self.mock.as_mut().and_then(|mock| {
                *mock.spoken.get_mut(position)? = Some((ms, None));
                mock.questions.get(position).copied()
            }),
        };
        if let Some(i) = index {
            let question = &self.deck.questions[i];
            self.progress_mut().add_spoken(question, ms, now);
            self.revision += 1;
            self.announcement = format!("Recorded: you spoke for {}.", session::clock_text(ms));
        }
    }

    /// The recorder of a mock interview that is gone is reset; its audio is dropped.
    fn forget_mock_speech(&mut self) {
        if matches!(self.speech.owner(), Some(Owner::Mock(_))) {
            self.speech = Speech::Idle;
        }
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
            let shown = self.stage == Stage::Answer;
            if *answer != shown {
                *answer = shown;
                self.move_url(true);
            }
        }
    }

    /// Grades question `index`, schedules it and lists it once in the round's results.
    fn record_grade(&mut self, index: usize, grade: Grade, now: i64) {
        let deck = self.deck;
        self.progress_mut()
            .grade(&deck.questions[index], grade, now);
        self.round.graded.retain(|&(j, _)| j != index);
        self.round.graded.push((index, grade));
        self.revision += 1;
        self.last_grade = Some((index, grade));
        self.n_grades += 1;
    }

    /// Asks the shell to put `route` into the URL.
    fn move_url(&mut self, replace: bool) {
        self.url_seq += 1;
        self.url_replace = replace;
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
        StorageNotice::Foreign { reason } => format!(
            "Another tab saved progress that this page cannot read ({reason}). It is left untouched; changes made here will not be saved. Reload to continue."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::deck::fixture::CHOICE_DECK;
    use crate::core::deck::DECK;
    use crate::core::fsrs::{self, Params};
    use crate::core::progress::{GradeEntry, Record, Theme, DAY};

    /// 2023-11-14T22:13:20Z: an arbitrary, fixed "now".
    const T0: i64 = 1_700_000_000_000;
    const HOUR: i64 = 3_600_000;

    fn fresh(deck: &'static Deck) -> State {
        State::new(deck, Progress::default(), T0)
    }

    fn at(deck: &Deck, slug: &str) -> usize {
        deck.questions
            .iter()
            .position(|q| q.id == slug)
            .unwrap_or_else(|| panic!("{slug} is not in the deck"))
    }

    fn open(state: &mut State, slug: &str) {
        state.apply(state.now, Action::Navigate(Route::question(slug, false)));
    }

    fn slugs(deck: &Deck, indices: &[usize]) -> Vec<&'static str> {
        indices.iter().map(|&i| deck.questions[i].id).collect()
    }

    #[test]
    fn only_routes_the_state_moved_itself_go_back_into_the_url() {
        let mut s = fresh(&DECK);
        open(&mut s, "sql-vs-nosql");
        s.apply(T0, Action::Navigate(Route::Overview));
        assert_eq!(s.url_seq, 0, "the URL said so already");

        open(&mut s, "throttling");
        assert_eq!(s.route, Route::question("rate-limiting", false));
        assert_eq!(
            (s.url_seq, s.url_replace),
            (1, true),
            "an alias is rewritten in place"
        );

        s.apply(T0, Action::Reveal);
        assert_eq!(s.url_seq, 1, "a partial reveal has no URL of its own");
        s.apply(T0, Action::RevealAll);
        assert_eq!(s.route, Route::question("rate-limiting", true));
        assert_eq!((s.url_seq, s.url_replace), (2, true));

        s.apply(
            T0,
            Action::StartRound {
                mode: Mode::InOrder,
                seed: 1,
            },
        );
        assert_eq!(
            (s.url_seq, s.url_replace),
            (3, false),
            "a new round is a new page"
        );
    }

    fn record<'a>(state: &'a State, slug: &str) -> &'a Record {
        &state.progress.questions[slug]
    }

    #[test]
    fn navigation_resolves_aliases_and_keeps_unknown_paths_as_text() {
        let mut s = fresh(&DECK);
        assert_eq!(s.route, Route::Overview);

        s.apply(T0, Action::Navigate(Route::question("throttling", false)));
        assert_eq!(s.route, Route::question("rate-limiting", false));
        assert_eq!(
            s.current().map(|(i, _)| i),
            Some(at(&DECK, "rate-limiting"))
        );
        assert_eq!(s.stage, Stage::Prompt);

        s.apply(T0, Action::Navigate(Route::question("throttling", true)));
        assert_eq!(s.route, Route::question("rate-limiting", true));
        assert_eq!(s.stage, Stage::Answer);

        s.apply(
            T0,
            Action::Navigate(Route::question("no-such-thing", false)),
        );
        assert_eq!(
            s.route,
            Route::NotFound {
                path: "/q/no-such-thing".into()
            }
        );
        assert_eq!(s.current(), None);
        s.apply(T0, Action::Navigate(Route::question("no-such-thing", true)));
        assert_eq!(
            s.route,
            Route::NotFound {
                path: "/q/no-such-thing/answer".into()
            }
        );

        for route in [Route::Overview, Route::Review, Route::About, Route::Summary] {
            s.apply(T0, Action::Navigate(route.clone()));
            assert_eq!(s.route, route);
            assert_eq!(s.current(), None);
        }
        assert_eq!(s.revision, 0);
    }

    #[test]
    fn the_stage_follows_the_card_and_the_answer_in_the_url() {
        let mut s = fresh(&DECK);
        open(&mut s, "rate-limiting");
        s.apply(T0, Action::Reveal);
        s.apply(T0, Action::Reveal);
        assert_eq!(s.stage, Stage::How);

        // The same card, even under an old slug, keeps its stage.
        open(&mut s, "rate-limiting");
        assert_eq!(s.stage, Stage::How);
        open(&mut s, "throttling");
        assert_eq!(s.stage, Stage::How);
        assert_eq!(s.route, Route::question("rate-limiting", false));

        // Another card starts hidden.
        open(&mut s, "sql-vs-nosql");
        assert_eq!(s.stage, Stage::Prompt);

        // `/answer` reveals everything; dropping it hides the answer again.
        s.apply(T0, Action::Navigate(Route::question("sql-vs-nosql", true)));
        assert_eq!(s.stage, Stage::Answer);
        open(&mut s, "sql-vs-nosql");
        assert_eq!(s.stage, Stage::Prompt);
        assert_eq!(s.route, Route::question("sql-vs-nosql", false));

        // Leaving a card for the overview and coming back starts it hidden.
        s.apply(T0, Action::Reveal);
        s.apply(T0, Action::Navigate(Route::Overview));
        open(&mut s, "sql-vs-nosql");
        assert_eq!(s.stage, Stage::Prompt);

        // An answer link to another card opens it revealed.
        s.apply(T0, Action::Navigate(Route::question("containers", true)));
        assert_eq!(s.stage, Stage::Answer);
        s.apply(T0, Action::Navigate(Route::question("refactoring", false)));
        assert_eq!(s.stage, Stage::Prompt);
    }

    #[test]
    fn reveal_goes_prompt_why_how_answer_and_only_the_answer_is_in_the_url() {
        let mut s = fresh(&DECK);
        open(&mut s, "rate-limiting");
        s.announcement = "stale".into();
        let steps = [
            (Stage::Why, false, "Revealed: why interviewers ask."),
            (
                Stage::How,
                false,
                "Revealed: how to answer, with the key points.",
            ),
            (Stage::Answer, true, "Revealed: the full answer."),
            (Stage::Answer, true, "Revealed: the full answer."),
        ];
        for (stage, answer, announcement) in steps {
            s.apply(T0, Action::Reveal);
            assert_eq!(s.stage, stage);
            assert_eq!(s.route, Route::question("rate-limiting", answer));
            assert_eq!(s.announcement, announcement);
        }
        assert_eq!(s.revision, 0, "revealing changes no progress");
    }

    #[test]
    fn reveal_all_jumps_to_the_answer_and_choice_cards_have_one_step() {
        let mut s = fresh(&DECK);
        open(&mut s, "containers");
        s.apply(T0, Action::RevealAll);
        assert_eq!(s.stage, Stage::Answer);
        assert_eq!(s.route, Route::question("containers", true));
        assert_eq!(s.announcement, "Revealed: the full answer.");

        // Nothing to reveal without a card.
        s.apply(T0, Action::Navigate(Route::Overview));
        s.apply(T0, Action::Reveal);
        s.apply(T0, Action::RevealAll);
        assert_eq!(s.route, Route::Overview);
        assert_eq!(s.stage, Stage::Prompt);
        assert_eq!(s.announcement, "");

        let mut c = fresh(&CHOICE_DECK);
        open(&mut c, "status-code-created");
        c.apply(T0, Action::Reveal);
        assert_eq!(c.stage, Stage::Answer);
        assert_eq!(c.route, Route::question("status-code-created", true));
    }

    #[test]
    fn ticks_and_drafts_change_the_record_and_the_revision() {
        let mut s = fresh(&DECK);
        open(&mut s, "throttling");
        s.apply(T0 + 1, Action::Tick { point: 3, on: true });
        s.apply(T0 + 2, Action::Tick { point: 0, on: true });
        s.apply(T0 + 3, Action::Tick { point: 5, on: true });
        s.apply(
            T0 + 4,
            Action::Tick {
                point: 3,
                on: false,
            },
        );
        assert_eq!(s.revision, 4);
        assert_eq!(record(&s, "rate-limiting").ticked, vec![0, 5]);
        assert_eq!(record(&s, "rate-limiting").updated_at, T0 + 4);

        // rate-limiting has six key points: a seventh cannot be ticked.
        s.apply(T0 + 5, Action::Tick { point: 6, on: true });
        assert_eq!(record(&s, "rate-limiting").ticked, vec![0, 5]);
        assert_eq!(s.revision, 4);

        let draft = "Token bucket per key — \"burst\" ✓ 🚦\nline two";
        s.apply(T0 + 6, Action::Draft(draft.into()));
        assert_eq!(s.revision, 5);
        assert_eq!(record(&s, "rate-limiting").draft, draft);
        assert_eq!(record(&s, "rate-limiting").updated_at, T0 + 6);
        assert!(record(&s, "rate-limiting").grades.is_empty());

        // Without a card there is nothing to tick or draft for.
        s.apply(T0 + 7, Action::Navigate(Route::Overview));
        s.apply(T0 + 7, Action::Tick { point: 1, on: true });
        s.apply(T0 + 7, Action::Draft("lost".into()));
        assert_eq!(s.revision, 5);
        assert_eq!(s.progress.questions.len(), 1);
        assert_eq!(record(&s, "rate-limiting").draft, draft);
    }

    #[test]
    fn grading_records_schedules_and_lists_the_card_once_per_round() {
        let mut s = fresh(&DECK);
        open(&mut s, "rate-limiting");
        s.apply(T0, Action::Grade(Grade::Good));
        let r = record(&s, "rate-limiting");
        assert_eq!(
            r.grades,
            vec![GradeEntry {
                at: T0,
                grade: Grade::Good
            }]
        );
        let (memory, due) = fsrs::review(&Params::default(), None, Grade::Good, T0);
        // Kept at micro precision, so that storage round-trips exactly.
        let stored = r.memory.expect("a schedule");
        assert_eq!(
            stored.stability,
            crate::core::progress::micro(memory.stability)
        );
        assert_eq!(stored.difficulty, 5.282434);
        assert_eq!((stored.reps, stored.lapses, stored.last_review), (1, 0, T0));
        assert_eq!(r.due, Some(due));
        assert!(due > T0);
        assert_eq!(r.hash, DECK.questions[at(&DECK, "rate-limiting")].hash);
        assert_eq!(r.updated_at, T0);
        assert_eq!(s.revision, 1);
        assert_eq!(s.announcement, "Graded: Got it.");
        assert_eq!(
            s.round.graded,
            vec![(at(&DECK, "rate-limiting"), Grade::Good)]
        );

        open(&mut s, "containers");
        s.apply(T0 + HOUR, Action::Grade(Grade::Again));
        assert_eq!(s.announcement, "Graded: Missed it.");
        open(&mut s, "rate-limiting");
        s.apply(T0 + 2 * HOUR, Action::Grade(Grade::Hard));
        assert_eq!(s.announcement, "Graded: Got it with effort.");
        assert_eq!(
            s.round.graded,
            vec![
                (at(&DECK, "containers"), Grade::Again),
                (at(&DECK, "rate-limiting"), Grade::Hard),
            ]
        );
        assert_eq!(record(&s, "rate-limiting").grades.len(), 2);
        assert_eq!(record(&s, "rate-limiting").last_grade(), Some(Grade::Hard));
        assert_eq!(s.revision, 3);

        // Grading needs a card.
        s.apply(T0, Action::Navigate(Route::Overview));
        s.apply(T0 + 3 * HOUR, Action::Grade(Grade::Easy));
        assert_eq!(s.revision, 3);
        assert_eq!(s.round.graded.len(), 2);
    }

    #[test]
    fn the_suggestion_follows_the_share_of_key_points_ticked() {
        let mut s = fresh(&DECK);
        assert_eq!(s.suggestion(), None, "no card, no suggestion");
        open(&mut s, "rate-limiting");
        assert_eq!(s.suggestion(), Some(Grade::Again));
        // Six key points: 30% and 60% are the thresholds.
        let expected = [
            Grade::Again,
            Grade::Hard,
            Grade::Hard,
            Grade::Good,
            Grade::Good,
            Grade::Easy,
        ];
        for (point, grade) in expected.into_iter().enumerate() {
            s.apply(
                T0,
                Action::Tick {
                    point: point as u8,
                    on: true,
                },
            );
            assert_eq!(s.suggestion(), Some(grade), "{} of 6 ticked", point + 1);
        }

        // Ticks left over from a longer version of the question do not count.
        let mut stored = (*s.progress).clone();
        stored
            .questions
            .get_mut("rate-limiting")
            .expect("ticked")
            .ticked = vec![0, 1, 6, 7, 8];
        s.apply(T0, Action::Replace(stored));
        assert_eq!(s.suggestion(), Some(Grade::Hard), "2 of 6, not 5 of 6");

        let mut c = fresh(&CHOICE_DECK);
        open(&mut c, "status-code-created");
        assert_eq!(
            c.suggestion(),
            None,
            "choice questions are scored, not suggested"
        );
    }

    #[test]
    fn a_single_choice_keeps_one_answer_and_submitting_scores_it() {
        let mut s = fresh(&CHOICE_DECK);
        open(&mut s, "status-code-created");
        let i = at(&CHOICE_DECK, "status-code-created");

        // Submitting nothing does nothing.
        s.apply(T0, Action::Submit);
        assert_eq!(s.revision, 0);
        assert!(s.progress.questions.is_empty());

        s.apply(
            T0,
            Action::Choose {
                choice: 0,
                on: true,
            },
        );
        s.apply(
            T0,
            Action::Choose {
                choice: 2,
                on: true,
            },
        );
        assert_eq!(record(&s, "status-code-created").chosen, vec![2]);
        assert_eq!(s.revision, 2);

        s.apply(T0 + 1, Action::Submit);
        assert_eq!(
            record(&s, "status-code-created").grades,
            vec![GradeEntry {
                at: T0 + 1,
                grade: Grade::Again
            }]
        );
        assert_eq!(s.stage, Stage::Answer);
        assert_eq!(s.route, Route::question("status-code-created", true));
        assert_eq!(s.announcement, "Not quite: see the explanation.");
        assert_eq!(s.round.graded, vec![(i, Grade::Again)]);
        assert_eq!(s.revision, 3);

        // Choosing again starts the card over, and the URL no longer shows the answer.
        s.apply(
            T0 + 2,
            Action::Choose {
                choice: 1,
                on: true,
            },
        );
        assert_eq!(record(&s, "status-code-created").chosen, vec![1]);
        assert_eq!(s.stage, Stage::Prompt);
        assert_eq!(s.route, Route::question("status-code-created", false));

        s.apply(T0 + 3, Action::Submit);
        assert_eq!(
            record(&s, "status-code-created").last_grade(),
            Some(Grade::Good)
        );
        assert_eq!(s.announcement, "Correct.");
        assert_eq!(s.stage, Stage::Answer);
        assert_eq!(s.round.graded, vec![(i, Grade::Good)]);

        // Unchoosing the only choice leaves nothing to submit.
        s.apply(
            T0 + 4,
            Action::Choose {
                choice: 1,
                on: false,
            },
        );
        assert_eq!(record(&s, "status-code-created").chosen, Vec::<u8>::new());
        let revision = s.revision;
        s.apply(T0 + 5, Action::Submit);
        assert_eq!(s.revision, revision);
        assert_eq!(record(&s, "status-code-created").grades.len(), 2);
        assert_eq!(s.stage, Stage::Prompt);
    }

    #[test]
    fn a_multiple_choice_is_right_only_with_every_right_answer() {
        let mut s = fresh(&CHOICE_DECK);
        open(&mut s, "idempotent-methods");
        for choice in [3, 0, 1] {
            s.apply(T0, Action::Choose { choice, on: true });
        }
        assert_eq!(record(&s, "idempotent-methods").chosen, vec![0, 1, 3]);
        s.apply(
            T0,
            Action::Choose {
                choice: 1,
                on: false,
            },
        );
        assert_eq!(record(&s, "idempotent-methods").chosen, vec![0, 3]);
        s.apply(T0, Action::Submit);
        assert_eq!(
            record(&s, "idempotent-methods").last_grade(),
            Some(Grade::Again)
        );

        s.apply(
            T0 + 1,
            Action::Choose {
                choice: 2,
                on: true,
            },
        );
        assert_eq!(record(&s, "idempotent-methods").chosen, vec![0, 2, 3]);
        s.apply(T0 + 1, Action::Submit);
        assert_eq!(
            record(&s, "idempotent-methods").last_grade(),
            Some(Grade::Good)
        );
        assert_eq!(s.stage, Stage::Answer);
        assert_eq!(
            s.round.graded,
            vec![(at(&CHOICE_DECK, "idempotent-methods"), Grade::Good)]
        );
    }

    #[test]
    fn an_in_order_round_starts_at_the_first_question() {
        let mut s = fresh(&DECK);
        open(&mut s, "containers");
        s.apply(T0, Action::Reveal);
        s.apply(T0, Action::Grade(Grade::Good));
        s.apply(
            T0,
            Action::StartRound {
                mode: Mode::InOrder,
                seed: 9,
            },
        );
        assert_eq!(s.round.mode, Mode::InOrder);
        assert_eq!(s.round.order, (0..23).collect::<Vec<_>>());
        assert_eq!(s.round.graded, vec![]);
        assert_eq!(s.route, Route::question(DECK.questions[0].id, false));
        assert_eq!(s.stage, Stage::Prompt);
        assert_eq!(s.announcement, "");

        assert_eq!(s.position(0), (1, 23));
        assert_eq!(s.position(22), (23, 23));
        assert_eq!(s.neighbour(0, -1), None);
        assert_eq!(s.neighbour(0, 1), Some(1));
        assert_eq!(s.neighbour(5, -1), Some(4));
        assert_eq!(s.neighbour(22, 1), None);
    }

    #[test]
    fn a_shuffled_round_is_a_reproducible_permutation() {
        let order = |seed| {
            let mut s = fresh(&DECK);
            s.apply(
                T0,
                Action::StartRound {
                    mode: Mode::Shuffled,
                    seed,
                },
            );
            assert_eq!(
                s.route,
                Route::question(DECK.questions[s.round.order[0]].id, false)
            );
            s.round.order
        };
        let a = order(2024);
        assert_eq!(a, order(2024));
        assert_ne!(a, order(2025));
        assert_ne!(a, (0..23).collect::<Vec<_>>());
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..23).collect::<Vec<_>>());

        let mut s = fresh(&DECK);
        s.apply(
            T0,
            Action::StartRound {
                mode: Mode::Shuffled,
                seed: 2024,
            },
        );
        assert_eq!(s.position(a[0]), (1, 23));
        assert_eq!(s.position(a[10]), (11, 23));
        assert_eq!(s.neighbour(a[10], 1), Some(a[11]));
        assert_eq!(s.neighbour(a[10], -1), Some(a[9]));
        assert_eq!(s.neighbour(a[0], -1), None);
        assert_eq!(s.neighbour(a[22], 1), None);
    }

    #[test]
    fn a_due_round_takes_only_due_questions_most_overdue_first() {
        let mut progress = Progress::default();
        let q = |slug| &DECK.questions[at(&DECK, slug)];
        // Again is due a day later, Good three days later.
        progress.grade(q("scalability"), Grade::Again, T0);
        progress.grade(q("containers"), Grade::Again, T0 + 2 * HOUR);
        progress.grade(q("refactoring"), Grade::Again, T0 - HOUR);
        progress.grade(q("load-testing"), Grade::Good, T0);
        progress.grade(q("sql-vs-nosql"), Grade::Again, T0 - 2 * HOUR);
        // sql-vs-nosql changed since: it is new again, not due.
        progress.questions.get_mut("sql-vs-nosql").unwrap().hash = "0000000000000000".into();

        let mut s = State::new(&DECK, progress, T0);
        let now = T0 + DAY + 3 * HOUR;
        s.apply(
            now,
            Action::StartRound {
                mode: Mode::Due,
                seed: 1,
            },
        );
        assert_eq!(
            slugs(&DECK, &s.round.order),
            vec!["refactoring", "scalability", "containers"]
        );
        assert_eq!(s.route, Route::question("refactoring", false));
        assert_eq!(s.position(at(&DECK, "containers")), (3, 3));
        // A question outside the round counts in the deck.
        assert_eq!(
            s.position(at(&DECK, "load-testing")),
            (at(&DECK, "load-testing") + 1, 23)
        );
        assert_eq!(s.neighbour(at(&DECK, "load-testing"), 1), None);
        assert_eq!(
            s.neighbour(at(&DECK, "refactoring"), 1),
            Some(at(&DECK, "scalability"))
        );
    }

    #[test]
    fn a_weak_round_takes_questions_last_graded_again_or_hard() {
        let mut progress = Progress::default();
        let q = |slug| &DECK.questions[at(&DECK, slug)];
        progress.grade(q("scalability"), Grade::Again, T0);
        progress.grade(q("containers"), Grade::Hard, T0);
        progress.grade(q("load-testing"), Grade::Good, T0);
        progress.grade(q("refactoring"), Grade::Hard, T0);
        progress.grade(q("refactoring"), Grade::Good, T0 + DAY);
        progress.grade(q("sql-vs-nosql"), Grade::Easy, T0);
        progress.grade(q("sql-vs-nosql"), Grade::Again, T0 + DAY);
        progress.grade(q("network-latency"), Grade::Hard, T0);
        progress.questions.get_mut("network-latency").unwrap().hash = "0000000000000000".into();

        let mut s = State::new(&DECK, progress, T0);
        s.apply(
            T0 + 2 * DAY,
            Action::StartRound {
                mode: Mode::Weak,
                seed: 1,
            },
        );
        // Deck order.
        assert_eq!(
            slugs(&DECK, &s.round.order),
            vec!["sql-vs-nosql", "containers", "scalability"]
        );
        assert_eq!(s.route, Route::question("sql-vs-nosql", false));
    }

    #[test]
    fn an_empty_round_stays_on_the_overview_and_says_so() {
        for (mode, label) in [(Mode::Due, "Due for review"), (Mode::Weak, "Weak only")] {
            let mut s = fresh(&DECK);
            s.apply(T0, Action::StartRound { mode, seed: 1 });
            assert_eq!(s.round.order, Vec::<usize>::new());
            assert_eq!(s.route, Route::Overview);
            assert_eq!(s.stage, Stage::Prompt);
            assert_eq!(
                s.announcement,
                format!("No questions for \u{201c}{label}\u{201d} right now.")
            );
            assert_eq!(s.neighbour(0, 1), None);
            assert_eq!(s.position(3), (4, 23));
        }
    }

    #[test]
    fn the_filter_combines_tag_status_and_every_search_word() {
        let mut s = fresh(&DECK);
        let filter = |s: &mut State, tag, status, query: &str| {
            s.apply(
                s.now,
                Action::SetFilter(Filter {
                    tag,
                    status,
                    query: query.into(),
                }),
            );
            slugs(&DECK, &s.filtered())
        };
        assert_eq!(filter(&mut s, None, None, "").len(), 23);
        assert_eq!(filter(&mut s, None, None, "   ").len(), 23);
        assert_eq!(
            filter(&mut s, Some("security"), None, ""),
            vec![
                "data-in-transit-and-at-rest",
                "authentication-design",
                "data-protection-compliance"
            ]
        );
        assert_eq!(
            filter(&mut s, None, None, "bucket"),
            vec!["sql-vs-nosql", "rate-limiting", "feature-toggles"]
        );
        assert_eq!(
            filter(&mut s, None, None, "token bucket"),
            vec!["rate-limiting"]
        );
        assert_eq!(
            filter(&mut s, None, None, "  BUCKET\tToken "),
            vec!["rate-limiting"]
        );
        assert_eq!(
            filter(&mut s, None, None, "kubernetes redis"),
            Vec::<&str>::new()
        );
        assert_eq!(
            filter(&mut s, Some("security"), None, "token"),
            vec!["data-in-transit-and-at-rest", "authentication-design"]
        );
        assert_eq!(
            filter(&mut s, Some("databases"), None, "429"),
            Vec::<&str>::new()
        );

        open(&mut s, "rate-limiting");
        s.apply(T0, Action::Grade(Grade::Again));
        open(&mut s, "containers");
        s.apply(T0, Action::Grade(Grade::Good));
        s.now = T0 + DAY;
        assert_eq!(
            filter(&mut s, None, Some(Status::Due), ""),
            vec!["rate-limiting"]
        );
        assert_eq!(
            filter(&mut s, None, Some(Status::Learning), ""),
            vec!["containers"]
        );
        assert_eq!(filter(&mut s, None, Some(Status::New), "").len(), 21);
        assert_eq!(
            filter(&mut s, None, Some(Status::Mastered), ""),
            Vec::<&str>::new()
        );
        assert_eq!(
            filter(&mut s, Some("operations"), Some(Status::Due), ""),
            Vec::<&str>::new()
        );
        assert_eq!(
            filter(&mut s, Some("apis"), Some(Status::Due), "retry-after"),
            vec!["rate-limiting"]
        );
    }

    #[test]
    fn a_mock_interview_uses_the_prefs_and_times_each_question() {
        let mut s = fresh(&DECK);
        s.apply(
            T0,
            Action::SetPrefs(Prefs {
                mock_questions: 3,
                mock_seconds: 60,
                ..Prefs::default()
            }),
        );
        s.apply(
            T0,
            Action::StartMock {
                seed: 77,
                out_loud: false,
            },
        );
        assert_eq!(s.route, Route::Mock);
        let mock = s.mock.clone().expect("a mock");
        assert_eq!(
            mock.questions,
            session::shuffled((0..23).collect(), 77)[..3]
        );
        assert_eq!(mock.seconds_each, 60);
        assert_eq!(mock.current, 0);
        assert_eq!(mock.grades, vec![None, None, None]);

        let m = |s: &State| s.mock.clone().expect("a mock");
        assert_eq!(m(&s).elapsed(T0 + 5_000), 5_000);
        assert_eq!(m(&s).remaining(T0 + 5_000), 55_000);

        s.apply(T0 + 5_000, Action::MockPause);
        assert!(m(&s).is_paused());
        assert_eq!(s.announcement, "Timer paused.");
        assert_eq!(m(&s).elapsed(T0 + 20_000), 5_000);
        // Pausing twice loses no time and counts none.
        s.apply(T0 + 20_000, Action::MockPause);
        s.apply(T0 + 20_000, Action::MockResume);
        assert_eq!(s.announcement, "Timer running.");
        assert_eq!(m(&s).elapsed(T0 + 21_500), 6_500);
        assert_eq!(m(&s).remaining(T0 + 21_500), 53_500);
        // Past the time box the remainder goes negative.
        assert_eq!(m(&s).remaining(T0 + 20_000 + 56_000), -1_000);

        // Drafts go to the question being answered.
        s.apply(T0 + 21_000, Action::Draft("first answer".into()));
        let first = DECK.questions[mock.questions[0]].id;
        assert_eq!(record(&s, first).draft, "first answer");

        s.apply(T0 + 21_500, Action::MockNext);
        assert_eq!(s.announcement, "Question 2 of 3.");
        assert_eq!(m(&s).current, 1);
        assert_eq!(m(&s).spent, vec![6_500, 0, 0]);
        assert_eq!(m(&s).elapsed(T0 + 22_000), 500);

        s.apply(T0 + 30_000, Action::MockNext);
        assert_eq!(s.announcement, "Question 3 of 3.");
        s.apply(T0 + 31_000, Action::MockNext);
        assert_eq!(
            s.announcement,
            "Mock interview finished. Grade your answers."
        );
        assert!(m(&s).is_done());
        assert_eq!(m(&s).spent, vec![6_500, 8_500, 1_000]);
        assert_eq!(m(&s).elapsed(T0 + 99_000), 0);
        s.apply(T0 + 32_000, Action::MockResume);
        assert!(m(&s).is_paused(), "a finished mock has no clock");
        s.apply(T0 + 33_000, Action::MockNext);
        assert_eq!(m(&s).current, 3);
        assert_eq!(m(&s).spent, vec![6_500, 8_500, 1_000]);

        // No question is being answered once it is over.
        let revision = s.revision;
        s.apply(T0 + 34_000, Action::Draft("after the end".into()));
        assert_eq!(s.revision, revision);

        s.apply(T0 + 40_000, Action::MockDiscard);
        assert_eq!(s.mock, None);
    }

    #[test]
    fn mock_grades_land_in_progress_even_mid_interview() {
        let mut s = fresh(&DECK);
        s.apply(
            T0,
            Action::StartMock {
                seed: 3,
                out_loud: false,
            },
        );
        let mock = s.mock.clone().expect("a mock");
        assert_eq!(
            mock.questions.len(),
            5,
            "the default prefs ask five questions"
        );
        assert_eq!(mock.seconds_each, 180);

        s.apply(
            T0 + 1_000,
            Action::MockGrade {
                position: 0,
                grade: Grade::Hard,
            },
        );
        let m = s.mock.clone().expect("a mock");
        assert_eq!(m.current, 0, "grading does not move on");
        assert_eq!(m.grades, vec![Some(Grade::Hard), None, None, None, None]);
        let first = DECK.questions[mock.questions[0]].id;
        assert_eq!(
            record(&s, first).grades,
            vec![GradeEntry {
                at: T0 + 1_000,
                grade: Grade::Hard
            }]
        );
        assert_eq!(s.revision, 1);

        s.apply(
            T0 + 2_000,
            Action::MockGrade {
                position: 4,
                grade: Grade::Easy,
            },
        );
        let last = DECK.questions[mock.questions[4]].id;
        assert_eq!(record(&s, last).last_grade(), Some(Grade::Easy));
        assert_eq!(s.revision, 2);

        s.apply(
            T0 + 3_000,
            Action::MockGrade {
                position: 5,
                grade: Grade::Easy,
            },
        );
        assert_eq!(s.revision, 2);
        assert_eq!(s.progress.questions.len(), 2);
    }

    #[test]
    fn mock_prefs_are_clamped_to_the_deck_and_a_ten_second_minimum() {
        for (count, seconds, n, each) in [(0, 3, 1, 10), (200, 10, 23, 10), (23, 600, 23, 600)] {
            let mut s = fresh(&DECK);
            s.apply(
                T0,
                Action::SetPrefs(Prefs {
                    mock_questions: count,
                    mock_seconds: seconds,
                    ..Prefs::default()
                }),
            );
            s.apply(
                T0,
                Action::StartMock {
                    seed: 1,
                    out_loud: false,
                },
            );
            let mock = s.mock.expect("a mock");
            assert_eq!(mock.questions.len(), n);
            assert_eq!(mock.seconds_each, each);
        }
    }

    #[test]
    fn merge_keeps_the_newest_record_of_each_question_and_our_prefs() {
        let rec = |draft: &str, updated_at| Record {
            draft: draft.into(),
            updated_at,
            ..Record::default()
        };
        let mut ours = Progress::default();
        ours.questions.insert("a".into(), rec("ours a", 100));
        ours.questions.insert("b".into(), rec("ours b", 300));
        ours.questions.insert("c".into(), rec("ours c", 200));
        ours.questions.insert("only-ours".into(), rec("mine", 1));
        ours.prefs.theme = Theme::Dark;
        let mut theirs = Progress::default();
        theirs.questions.insert("a".into(), rec("their a", 200));
        theirs.questions.insert("b".into(), rec("their b", 250));
        theirs.questions.insert("c".into(), rec("their c", 200));
        theirs
            .questions
            .insert("only-theirs".into(), rec("yours", 2));
        theirs.prefs.theme = Theme::Light;
        theirs.prefs.mock_questions = 9;

        let mut s = State::new(&DECK, ours, T0);
        open(&mut s, "containers");
        s.apply(T0, Action::Merge(theirs));
        let drafts: Vec<(&str, &str)> = s
            .progress
            .questions
            .iter()
            .map(|(slug, r)| (slug.as_str(), r.draft.as_str()))
            .collect();
        assert_eq!(
            drafts,
            vec![
                ("a", "their a"),
                ("b", "ours b"),
                ("c", "ours c"),
                ("only-ours", "mine"),
                ("only-theirs", "yours"),
            ]
        );
        assert_eq!(s.progress.prefs.theme, Theme::Dark);
        assert_eq!(s.progress.prefs.mock_questions, 5);
        assert_eq!(s.route, Route::question("containers", false));
        assert_eq!(
            s.revision, 1,
            "ours has records the other tab's copy lacks: store the union"
        );
        // The other tab now stores the union; hearing it back changes nothing and saves nothing.
        let stored = (*s.progress).clone();
        s.apply(T0, Action::Merge(stored));
        assert_eq!(s.revision, 1);
    }

    /// (slug, draft) of every record, to compare copies whose times were restamped.
    fn drafts(progress: &Progress) -> Vec<(&str, &str)> {
        progress
            .questions
            .iter()
            .map(|(slug, r)| (slug.as_str(), r.draft.as_str()))
            .collect()
    }

    #[test]
    fn import_merges_or_replaces_and_each_can_be_undone() {
        let rec = |draft: &str, updated_at| Record {
            draft: draft.into(),
            updated_at,
            ..Record::default()
        };
        let mut ours = Progress::default();
        ours.questions.insert("a".into(), rec("ours a", 100));
        ours.questions.insert("b".into(), rec("ours b", 300));
        let mut incoming = Progress::default();
        incoming.questions.insert("a".into(), rec("new a", 200));
        incoming.questions.insert("b".into(), rec("old b", 100));
        incoming.questions.insert("c".into(), rec("c", 50));
        let preview = ours.preview_import(&incoming);
        assert_eq!(
            (preview.added, preview.newer, preview.older, preview.same),
            (1, 1, 1, 0)
        );

        let mut s = State::new(&DECK, ours.clone(), T0);
        s.apply(
            T0,
            Action::Import {
                progress: incoming.clone(),
                replace: false,
            },
        );
        assert_eq!(
            drafts(&s.progress),
            [("a", "new a"), ("b", "ours b"), ("c", "c")]
        );
        assert_eq!(
            s.announcement,
            "Progress merged. You can undo this for a moment."
        );
        s.apply(T0 + 1, Action::Undo);
        assert_eq!(drafts(&s.progress), drafts(&ours), "a merge can be undone");
        assert_eq!(
            s.progress.cleared_at,
            T0 + 1,
            "and the undo holds in other tabs"
        );

        let mut s = State::new(&DECK, ours.clone(), T0);
        Rc::make_mut(&mut s.progress).prefs.theme = Theme::Dark;
        s.apply(
            T0,
            Action::Import {
                progress: incoming.clone(),
                replace: true,
            },
        );
        assert_eq!(drafts(&s.progress), drafts(&incoming));
        assert!(
            s.progress.questions.values().all(|r| r.updated_at == T0),
            "replaced records count as changed now, so no older copy wins over them"
        );
        assert_eq!(s.progress.cleared_at, T0);
        assert_eq!(s.progress.prefs.theme, Theme::Dark, "preferences stay");
        s.apply(T0, Action::Undo);
        assert_eq!(drafts(&s.progress), drafts(&ours));

        s.apply(T0, Action::Reset);
        assert!(s.progress.questions.is_empty());
        assert_eq!(s.revision, 3);
        s.apply(T0, Action::DropUndo);
        s.apply(T0, Action::Undo);
        assert!(
            s.progress.questions.is_empty(),
            "the undo window has closed"
        );
        s.apply(T0, Action::Reset);
        s.apply(T0, Action::Undo);
        assert!(
            s.progress.questions.is_empty(),
            "undoing a reset of nothing restores nothing"
        );
    }

    #[test]
    fn a_reset_holds_against_another_tab_and_an_import_of_an_older_copy() {
        let rec = |draft: &str, updated_at| Record {
            draft: draft.into(),
            updated_at,
            ..Record::default()
        };
        let mut before = Progress::default();
        before
            .questions
            .insert("a".into(), rec("private a", T0 - HOUR));
        before
            .questions
            .insert("b".into(), rec("private b", T0 - 2 * HOUR));
        let mut tab = State::new(&DECK, before.clone(), T0);
        let mut other = State::new(&DECK, before.clone(), T0);
        tab.apply(T0, Action::Reset);
        // The other tab saves its full, older copy before it hears of the reset.
        tab.apply(T0 + 1, Action::Merge((*other.progress).clone()));
        assert!(tab.progress.questions.is_empty(), "{:?}", tab.progress);
        // It hears the reset: its records go too, and what it stores is the reset.
        other.apply(T0 + 2, Action::Merge((*tab.progress).clone()));
        assert!(other.progress.questions.is_empty());
        assert_eq!(other.progress.cleared_at, T0);
        // A newer edit after the reset survives both ways.
        open(&mut other, "containers");
        other.apply(T0 + 3, Action::Draft("after the reset".into()));
        tab.apply(T0 + 4, Action::Merge((*other.progress).clone()));
        assert_eq!(drafts(&tab.progress), [("containers", "after the reset")]);
        // Merging an export made before the reset brings nothing back.
        tab.apply(
            T0 + 5,
            Action::Import {
                progress: before,
                replace: false,
            },
        );
        assert_eq!(drafts(&tab.progress), [("containers", "after the reset")]);
    }

    #[test]
    fn prefs_bump_the_revision_only_when_they_change() {
        let mut s = fresh(&DECK);
        s.apply(T0, Action::SetPrefs(Prefs::default()));
        assert_eq!(s.revision, 0);
        let dark = Prefs {
            theme: Theme::Dark,
            ..Prefs::default()
        };
        s.apply(T0, Action::SetPrefs(dark.clone()));
        assert_eq!(s.revision, 1);
        assert_eq!(s.progress.prefs, dark);
        s.apply(T0, Action::SetPrefs(dark));
        assert_eq!(s.revision, 1);
        s.apply(
            T0,
            Action::SetPrefs(Prefs {
                swipe: false,
                ..Prefs::default()
            }),
        );
        assert_eq!(s.revision, 2);
        assert_eq!(s.progress.prefs.theme, Theme::Auto);
        assert!(!s.progress.prefs.swipe);
    }

    #[test]
    fn replace_clock_and_storage_notices() {
        let mut s = fresh(&DECK);
        open(&mut s, "containers");
        s.apply(T0, Action::Grade(Grade::Good));
        s.apply(T0 + 5, Action::Clock);
        assert_eq!(s.now, T0 + 5);
        assert_eq!(s.revision, 1);

        s.apply(T0 + 6, Action::Replace(Progress::default()));
        assert_eq!(*s.progress, Progress::default());
        assert_eq!(s.revision, 2);

        let notice = StorageNotice::ReadOnly { schema: 4 };
        s.apply(T0, Action::Storage(Some(notice.clone())));
        assert_eq!(s.storage, Some(notice));
        assert_eq!(
            s.announcement,
            "Your progress was saved by a newer version of Rehearse (format 4). It is left untouched; changes made here will not be saved."
        );
        s.apply(T0, Action::Storage(None));
        assert_eq!(s.storage, None);
        assert_eq!(s.revision, 2);
    }

    #[test]
    fn an_answer_given_out_loud_saves_its_length_never_its_audio() {
        use crate::core::speech::{Failure, Owner, Speech, SpeechEvent as E};
        let mut s = fresh(&DECK);
        open(&mut s, "rate-limiting");
        let me = Owner::Question("rate-limiting");
        s.apply(T0, Action::Speak(E::Ask(me)));
        s.apply(T0 + 500, Action::Speak(E::Started));
        let revision = s.revision;
        s.apply(T0 + 130_500, Action::Speak(E::Stop));
        assert_eq!(s.revision, revision + 1, "saved when it stops");
        assert_eq!(s.announcement, "Recorded: you spoke for 2:10.");
        let url: std::rc::Rc<str> = "blob:x".into();
        let stopped = E::Stopped {
            url: url.clone(),
            mime: "audio/webm",
        };
        s.apply(T0 + 131_000, Action::Speak(stopped));
        assert!(matches!(&s.speech, Speech::Recorded { ms: 130_000, url: u, .. } if *u == url));
        let spoken = &record(&s, "rate-limiting").spoken;
        assert_eq!(spoken.len(), 1);
        assert_eq!((spoken[0].at, spoken[0].ms), (T0 + 130_500, 130_000));
        // Another question: the recording is dropped, the length stays.
        open(&mut s, "containers");
        assert_eq!(s.speech, Speech::Idle);
        assert_eq!(record(&s, "rate-limiting").spoken.len(), 1);
        // A refusal is shown on its question only.
        s.apply(T0, Action::Speak(E::Ask(Owner::Question("containers"))));
        s.apply(T0, Action::Speak(E::Failed(Failure::Refused)));
        assert_eq!(
            s.speech,
            Speech::Failed(Owner::Question("containers"), Failure::Refused)
        );
    }

    #[test]
    fn a_mock_interview_out_loud_records_each_answer_in_turn() {
        use crate::core::speech::{Owner, SpeechEvent as E};
        let mut s = fresh(&DECK);
        s.apply(
            T0,
            Action::StartMock {
                seed: 5,
                out_loud: true,
            },
        );
        let mock = s.mock.as_ref().expect("started");
        assert!(mock.out_loud);
        let first = DECK.questions[mock.questions[0]].id;
        s.apply(T0, Action::Speak(E::Ask(Owner::Mock(0))));
        s.apply(T0, Action::Speak(E::Started));
        // Moving on stops the recording; its audio arrives afterwards.
        s.apply(T0 + 75_000, Action::MockNext);
        assert_eq!(
            s.mock.as_ref().map(|m| m.spoken[0].clone()),
            Some(Some((75_000, None)))
        );
        s.apply(
            T0 + 75_100,
            Action::Speak(E::Stopped {
                url: "blob:m0".into(),
                mime: "audio/webm",
            }),
        );
        let mock = s.mock.as_ref().expect("running");
        assert_eq!(mock.spoken[0], Some((75_000, Some("blob:m0".into()))));
        assert_eq!(mock.spoken[1], None);
        assert_eq!(record(&s, first).spoken[0].ms, 75_000);
        s.apply(T0, Action::MockDiscard);
        assert_eq!(s.speech, crate::core::speech::Speech::Idle);
    }
}
