//! The numbers behind the review's two pictures: questions due per day ahead, and
//! mastery per tag. Plain counts from progress and `now`; drawing is the shell's.

use super::deck::Deck;
use super::progress::{Progress, Status, DAY};

/// Days the due picture looks ahead, today included.
pub const DAYS_AHEAD: usize = 14;

/// Questions due in each 24-hour window from `now`: index 0 is today (what is overdue
/// or due within a day), 1 tomorrow, and so on. Questions never graded, or changed
/// since, have no due date and are not counted.
pub fn due_per_day(deck: &Deck, progress: &Progress, now: i64) -> [u32; DAYS_AHEAD] {
    let mut days = [0; DAYS_AHEAD];
    for question in deck.questions {
        let Some(due) = progress
            .record(question)
            .filter(|r| !r.grades.is_empty() && !r.is_stale(question))
            .and_then(|r| r.due)
        else {
            continue;
        };
        let day = (due.saturating_sub(now).max(0) / DAY) as usize;
        if let Some(n) = days.get_mut(day) {
            *n += 1;
        }
    }
    days
}

/// The due picture in words, for screen readers and as its caption: each day with
/// reviews, by name ("today", "tomorrow", "in 5 days").
pub fn due_text(days: &[u32; DAYS_AHEAD]) -> String {
    let mut busy = String::new();
    for (day, &n) in days.iter().enumerate().filter(|(_, &n)| n > 0) {
        let sep = if busy.is_empty() { "" } else { ", " };
        busy = match day {
            0 => format!("{busy}{sep}today {n}"),
            1 => format!("{busy}{sep}tomorrow {n}"),
            _ => format!("{busy}{sep}in {day} days {n}"),
        };
    }
    if busy.is_empty() {
        "Nothing is due in the next 14 days.".into()
    } else {
        format!("Questions due: {busy}; none on the other days.")
    }
}

/// How many questions of one tag are new, learning (due ones included) and mastered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mastery {
    pub tag: &'static str,
    pub new: u32,
    pub learning: u32,
    pub mastered: u32,
}

impl Mastery {
    pub fn total(&self) -> u32 {
        self.new + self.learning + self.mastered
    }
}

/// Mastery per tag, in the deck's tag order, for the tags that have questions; a
/// question with several tags counts under each.
pub fn mastery_by_tag(deck: &Deck, progress: &Progress, now: i64) -> Vec<Mastery> {
    deck.tags
        .iter()
        .map(|tag| {
            let mut m = Mastery {
                tag: tag.label,
                ..Mastery::default()
            };
            for q in deck.questions.iter().filter(|q| q.tags.contains(&tag.id)) {
                match progress.status(q, now) {
                    Status::New => m.new += 1,
                    Status::Learning | Status::Due => m.learning += 1,
                    Status::Mastered => m.mastered += 1,
                }
            }
            m
        })
        .filter(|m| m.total() > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::deck::DECK;
    use crate::core::fsrs::Grade;

    const T0: i64 = 1_700_000_000_000;

    fn q(slug: &str) -> &'static crate::core::deck::Question {
        DECK.questions
            .iter()
            .find(|q| q.id == slug)
            .expect("in the deck")
    }

    #[test]
    fn nothing_is_due_and_everything_is_new_without_progress() {
        let p = Progress::default();
        assert_eq!(due_per_day(&DECK, &p, T0), [0; DAYS_AHEAD]);
        let tags = mastery_by_tag(&DECK, &p, T0);
        assert!(!tags.is_empty());
        assert!(tags
            .iter()
            .all(|m| m.learning == 0 && m.mastered == 0 && m.new > 0));
        let n: u32 = tags.iter().map(|m| m.new).sum();
        let tagged: usize = DECK.questions.iter().map(|q| q.tags.len()).sum();
        assert_eq!(
            n as usize, tagged,
            "a question counts under each of its tags"
        );
    }

    #[test]
    fn due_dates_fall_into_24_hour_windows_and_overdue_counts_as_today() {
        let mut p = Progress::default();
        // Missed: due a day later; graded two days ago, so overdue now.
        p.grade(q("rate-limiting"), Grade::Again, T0 - 2 * DAY);
        // Missed just now: due in exactly one day, tomorrow's window.
        p.grade(q("containers"), Grade::Again, T0);
        p.grade(q("caching-strategies"), Grade::Again, T0 - DAY + 1);
        let days = due_per_day(&DECK, &p, T0);
        assert_eq!(days[0], 2, "overdue and due within a day");
        assert_eq!(days[1], 1);
        assert_eq!(days.iter().sum::<u32>(), 3);
        // Far in the future: beyond the picture.
        let mut far = Progress::default();
        far.grade(q("containers"), Grade::Easy, T0);
        let due = far
            .record(q("containers"))
            .and_then(|r| r.due)
            .expect("due");
        let later = due_per_day(&DECK, &far, T0);
        let day = ((due - T0) / DAY) as usize;
        assert_eq!(later.iter().sum::<u32>(), u32::from(day < DAYS_AHEAD));
    }

    #[test]
    fn the_due_picture_in_words_names_each_busy_day() {
        let mut days = [0; DAYS_AHEAD];
        assert_eq!(due_text(&days), "Nothing is due in the next 14 days.");
        days[0] = 2;
        days[1] = 1;
        days[13] = 4;
        assert_eq!(
            due_text(&days),
            "Questions due: today 2, tomorrow 1, in 13 days 4; none on the other days."
        );
    }

    #[test]
    fn mastery_counts_learning_and_due_together_per_tag() {
        let mut p = Progress::default();
        let rl = q("rate-limiting");
        p.grade(rl, Grade::Again, T0 - 2 * DAY); // due now: learning
        let apis = DECK.tags.iter().find(|t| t.id == "apis").expect("apis tag");
        let before = mastery_by_tag(&DECK, &Progress::default(), T0);
        let after = mastery_by_tag(&DECK, &p, T0);
        let find = |v: &[Mastery]| *v.iter().find(|m| m.tag == apis.label).expect("row");
        let (b, a) = (find(&before), find(&after));
        assert_eq!((a.new, a.learning, a.mastered), (b.new - 1, 1, 0));
        assert_eq!(a.total(), b.total());
    }
}
