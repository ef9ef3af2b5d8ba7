//! The static deck: the shape of the data that `build.rs` compiles `content/` into.
//! Plain `&'static` data only; it must never parse anything at run time.

/// A whole deck as compiled from `content/deck.toml` and `content/questions/*.md`.
#[derive(Debug, PartialEq)]
pub struct Deck {
    /// Stable slug of the deck; part of the storage key.
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// The tag vocabulary, in the order the deck declares it.
    pub tags: &'static [Tag],
    /// Questions in deck order.
    pub questions: &'static [Question],
}

#[derive(Debug, PartialEq)]
pub struct Tag {
    pub id: &'static str,
    pub label: &'static str,
}

#[derive(Debug, PartialEq)]
pub struct Question {
    /// Stable slug used in links and storage; never a position.
    pub id: &'static str,
    /// Old slugs that keep working as links.
    pub aliases: &'static [&'static str],
    /// The interview prompt, plain text.
    pub prompt: &'static str,
    pub kind: Kind,
    /// Tag ids, each one from `Deck::tags`.
    pub tags: &'static [&'static str],
    /// 1 (warm-up) to 3 (hard).
    pub difficulty: u8,
    /// Body sections in the order of `SectionKind`, HTML rendered at build time
    /// from Markdown that had no raw HTML and no unsafe links.
    pub sections: &'static [Section],
    /// 16 lowercase hex digits: a hash of prompt, sections, key points and choices.
    pub hash: &'static str,
    /// Lowercased plain text of prompt, key points and sections, for search.
    pub search_text: &'static str,
}

#[derive(Debug, PartialEq)]
pub enum Kind {
    /// An open question with the key points a strong answer covers (3 to 8).
    Open { key_points: &'static [&'static str] },
    /// One correct choice; `correct` holds zero-based indices into `choices`.
    Single {
        choices: &'static [&'static str],
        correct: &'static [u8],
    },
    /// One or more correct choices; zero-based indices into `choices`.
    Multiple {
        choices: &'static [&'static str],
        correct: &'static [u8],
    },
}

#[derive(Debug, PartialEq)]
pub struct Section {
    pub kind: SectionKind,
    pub html: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    Why,
    How,
    Model,
    FollowUps,
    Pitfalls,
    Explanation,
}

impl SectionKind {
    pub fn title(self) -> &'static str {
        match self {
            SectionKind::Why => "Why interviewers ask",
            SectionKind::How => "How to answer",
            SectionKind::Model => "Model answer",
            SectionKind::FollowUps => "Follow-ups",
            SectionKind::Pitfalls => "Pitfalls",
            SectionKind::Explanation => "Explanation",
        }
    }
}

// The deck compiled by build.rs from content/ (or $REHEARSE_CONTENT).
include!(concat!(env!("OUT_DIR"), "/deck.rs"));

/// A small deck with single- and multiple-choice questions, compiled from
/// tests/fixtures/choice-deck by the same compiler; tests mount the app with it.
#[doc(hidden)]
pub mod fixture {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/choice_deck.rs"));
}
