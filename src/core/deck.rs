//! The static deck: the shape of the data that `build.rs` compiles `content/` into, and
//! of a question's text as the app holds it. Plain data only; it must never parse
//! anything at run time.

use std::rc::Rc;

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

#[derive(Debug, Clone, PartialEq)]
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
    /// The target band of an answer given out loud, in minutes: the question's own
    /// `speak_minutes`, else the deck's, else 1 to 3.
    pub speak_minutes: (u8, u8),
    /// 16 lowercase hex digits: a hash of prompt, sections, key points and choices.
    pub hash: &'static str,
    /// The question's text, where it is compiled in: natively (the prerenderer, tests)
    /// and in the test fixture. The shipped wasm has `None` and reads the text from the
    /// question's page (`Text`), so its size does not grow with the deck.
    pub text: Option<&'static StaticText>,
}

/// A question's text as compiled in: the body sections in the order of `SectionKind`,
/// HTML rendered at build time from Markdown that had no raw HTML and no unsafe links.
#[derive(Debug, PartialEq)]
pub struct StaticText {
    pub sections: &'static [Section],
    pub key_points: &'static [&'static str],
    /// One per key point: its cues, joined by `cues::SEPARATOR`.
    pub cues: &'static [&'static str],
    pub choices: &'static [&'static str],
}

/// A question's text as the app holds it: compiled in, or read from the question's
/// page, which the build wrote from the same checked Markdown.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Text {
    pub sections: Vec<(SectionKind, Rc<str>)>,
    pub key_points: Vec<Rc<str>>,
    /// One per key point: the phrases whose presence in a draft suggests it was
    /// mentioned, joined by `cues::SEPARATOR` (as the page's `data-cues` holds them).
    pub cues: Vec<Rc<str>>,
    pub choices: Vec<Rc<str>>,
}

impl Text {
    pub fn of(text: &StaticText) -> Text {
        Text {
            sections: text
                .sections
                .iter()
                .map(|s| (s.kind, Rc::from(s.html)))
                .collect(),
            key_points: text.key_points.iter().map(|&k| Rc::from(k)).collect(),
            cues: text.cues.iter().map(|&c| Rc::from(c)).collect(),
            choices: text.choices.iter().map(|&c| Rc::from(c)).collect(),
        }
    }

    pub fn section(&self, kind: SectionKind) -> Option<&Rc<str>> {
        self.sections
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, html)| html)
    }
}

impl Deck {
    /// The same deck holding only the questions at `picked` (indices, in that order),
    /// for a page that shows a selection. Made once per page load and kept for its life.
    pub fn subset(&'static self, picked: &[usize]) -> &'static Deck {
        let questions: Vec<Question> = picked.iter().map(|&i| self.questions[i].clone()).collect();
        Box::leak(Box::new(Deck {
            questions: Box::leak(questions.into_boxed_slice()),
            ..*self
        }))
    }
}

impl Question {
    /// Plain text of the prompt and, where known, key points, choices and sections,
    /// ASCII-lowercased (the Unicode case tables would cost more wasm than an English
    /// deck gains), for search.
    pub fn search_text(&self, text: Option<&Text>) -> String {
        let mut out = self.prompt.to_ascii_lowercase();
        let Some(text) = text else { return out };
        for item in text.key_points.iter().chain(&text.choices) {
            out.push(' ');
            out.push_str(&item.to_ascii_lowercase());
        }
        for (_, html) in &text.sections {
            out.push(' ');
            out.push_str(&plain_text(html).to_ascii_lowercase());
        }
        out
    }

    /// How many key points (open) or choices (choice questions) it has.
    pub fn n_items(&self) -> usize {
        match self.kind {
            Kind::Open { points } => usize::from(points),
            Kind::Single { choices, .. } | Kind::Multiple { choices, .. } => usize::from(choices),
        }
    }
}

/// The text of build-time HTML: tags dropped, the entities pulldown-cmark writes decoded.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// An open question with this many key points a strong answer covers (3 to 8).
    Open { points: u8 },
    /// One correct choice of `choices`; `correct` holds zero-based indices.
    Single { choices: u8, correct: &'static [u8] },
    /// One or more correct choices of `choices`; zero-based indices.
    Multiple { choices: u8, correct: &'static [u8] },
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
    /// Its name in a page's markup (`data-section`), where the app reads it back.
    pub fn name(self) -> &'static str {
        match self {
            SectionKind::Why => "why",
            SectionKind::How => "how",
            SectionKind::Model => "model",
            SectionKind::FollowUps => "follow-ups",
            SectionKind::Pitfalls => "pitfalls",
            SectionKind::Explanation => "explanation",
        }
    }

    pub fn named(name: &str) -> Option<SectionKind> {
        Some(match name {
            "why" => SectionKind::Why,
            "how" => SectionKind::How,
            "model" => SectionKind::Model,
            "follow-ups" => SectionKind::FollowUps,
            "pitfalls" => SectionKind::Pitfalls,
            "explanation" => SectionKind::Explanation,
            _ => return None,
        })
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_names_read_back_as_their_kind() {
        use SectionKind::*;
        for kind in [Why, How, Model, FollowUps, Pitfalls, Explanation] {
            assert_eq!(SectionKind::named(kind.name()), Some(kind));
        }
        assert_eq!(SectionKind::named("Why"), None);
    }

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        assert_eq!(
            plain_text("<p>Use <code>a &lt; b</code> &amp; <em>then</em>\n retry.</p>"),
            "Use a < b & then retry."
        );
        assert_eq!(plain_text("no markup"), "no markup");
    }

    #[test]
    fn every_shipped_question_is_searchable_by_its_sections() {
        let q = DECK
            .questions
            .iter()
            .find(|q| q.id == "rate-limiting")
            .expect("in the deck");
        let text = q.search_text(q.text.map(Text::of).as_ref());
        assert!(text.contains("token bucket"), "{text}");
        assert!(!text.contains('<'));
    }
}

// The deck compiled by build.rs from content/ (or $REHEARSE_CONTENT).
include!(concat!(env!("OUT_DIR"), "/deck.rs"));

// `BASE_URL`: the site's absolute base URL (`REHEARSE_BASE_URL` at build time), if set.
include!(concat!(env!("OUT_DIR"), "/site.rs"));

/// A small deck with single- and multiple-choice questions, compiled from
/// tests/fixtures/choice-deck by the same compiler; tests mount the app with it.
#[doc(hidden)]
pub mod fixture {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/choice_deck.rs"));
}
