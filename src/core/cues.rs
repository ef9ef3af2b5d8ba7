//! Checks a draft against a question's cues: for each key point, where (if anywhere) the
//! draft mentions one of its cue phrases. Pure and total: any string in, no panic, no
//! allocation per word. It must not decide anything for the user: the card shows what
//! it found, and only the user's click ticks a key point.
//!
//! Words are runs of letters and digits (a non-ASCII character counts as a letter, so
//! `cachÉ` is one word, unless it is a Unicode space, dash or quotation mark);
//! everything else, hyphens included, separates them.
//! Case is folded for ASCII (the Unicode case tables would cost more wasm than an
//! English deck gains), and each word is cut to a simple stem, so plurals (`s`, `es`,
//! `ies`) and `ing` and `ed` forms meet their base word: "caching" mentions "cache",
//! "rate-limited" mentions "rate limit", and "cachet" does not mention "cache". `s`
//! and `z` count as one letter, so "tokenization" mentions "tokenisation".

use std::ops::Range;

/// Where a draft mentions a key point: the first cue found, and the bytes of the draft
/// that matched it (the draft's own words, for quoting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention<'c> {
    /// The cue as the deck writes it.
    pub cue: &'c str,
    /// Byte range in the draft, from the first word's start to the last word's end.
    pub at: Range<usize>,
}

/// Separates the cues of one key point where a question's text carries them as one
/// string (`"429|Retry-After"`); `deckc` rejects a cue containing it.
pub const SEPARATOR: char = '|';

/// For each key point (its cues joined by `SEPARATOR`), the earliest place the draft
/// mentions one of them; at the same place, the cue listed first.
pub fn mentions<'c>(draft: &str, cues: &'c [impl AsRef<str>]) -> Vec<Option<Mention<'c>>> {
    let draft = words(draft);
    cues.iter()
        .map(|point| {
            // The best so far: its cue, its first word and its number of words.
            let mut best: Option<(&'c str, usize, usize)> = None;
            for cue in point.as_ref().split(SEPARATOR) {
                let wanted = words(cue);
                let before = best.map_or(usize::MAX, |(_, i, _)| i);
                if let Some(i) = find(&draft, &wanted, before) {
                    best = Some((cue, i, wanted.len()));
                }
            }
            best.map(|(cue, i, n)| Mention {
                cue,
                at: draft[i].start..draft[i + n - 1].end,
            })
        })
        .collect()
}

/// A word of a text: where it is, and a key of its stem, so that comparing two words
/// is comparing two numbers.
struct Word {
    start: usize,
    end: usize,
    key: u64,
}

/// The first index before `before` where the words `wanted` start in `text`.
fn find(text: &[Word], wanted: &[Word], before: usize) -> Option<usize> {
    let n = wanted.len();
    let starts = (text.len() + 1).checked_sub(n)?.min(before);
    (0..starts).find(|&i| {
        n > 0
            && text[i..i + n]
                .iter()
                .zip(wanted)
                .all(|(a, b)| a.key == b.key)
    })
}

/// `text`'s words: runs of ASCII letters and digits and of other letters, split by
/// ASCII punctuation and spaces, and by Unicode's (no-break and other spaces, dashes,
/// curly quotes, guillemets), which phones type for you.
fn words(text: &str) -> Vec<Word> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut start = None;
    // A space after the end closes the last word.
    for (i, c) in lower.char_indices().chain([(lower.len(), ' ')]) {
        let is_word = c.is_ascii_alphanumeric()
            || (c > '\u{bf}' && !matches!(c, '\u{2000}'..='\u{206f}' | '\u{3000}' | '\u{feff}'));
        match (is_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let word = &lower.as_bytes()[s..i];
                out.push(Word {
                    start: s,
                    end: i,
                    key: key(&word[..stem(word)]),
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// A stem as a number (64-bit FNV-1a), `s` and `z` alike so that American spellings
/// meet the deck's British ones (`normalize` mentions `normalise`). Two different
/// stems of one draft share a key about once in 10^14 drafts.
fn key(stem: &[u8]) -> u64 {
    stem.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        let b = if b == b'z' { b's' } else { b };
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The length of a lowercase word's simple stem: one suffix off (`ing`, `ied`, `ed`,
/// `ies`, `es`, `s`), a doubled final consonant undone after `ing` and `ed` (`logging`
/// → `log`), then a final `e` or `y` off (`cache`, `caches`, `cached` and `caching` →
/// `cach`). Only ASCII letters are cut, so the stem ends on a character boundary.
pub fn stem(word: &[u8]) -> usize {
    let n = word.len();
    // A suffix that leaves at least two letters.
    let ends = |suffix: &[u8]| n >= suffix.len() + 2 && word.ends_with(suffix);
    let mut cut = if ends(b"ing") || ends(b"ied") {
        n - 3
    } else if ends(b"ed") && word[n - 3] != b'e' {
        n - 2
    } else {
        n
    };
    let has_vowel = word[..cut].iter().any(|b| b"aeiouy".contains(b));
    if cut < n && has_vowel {
        // `logg` → `log`, `stopp` → `stop`; not `ll`, `ss` or `zz` (`polling` → `poll`),
        // and not in a three-letter stem (`added` → `add`).
        let last = word[cut - 1];
        if cut >= 4
            && last == word[cut - 2]
            && last.is_ascii_alphabetic()
            && !b"aeioulsz".contains(&last)
        {
            cut -= 1;
        }
    } else {
        cut = if ends(b"ies") {
            n - 3
        } else if ends(b"es") {
            n - 2
        } else if ends(b"s") && !matches!(word[n - 2], b's' | b'u') {
            n - 1
        } else {
            n
        };
    }
    if cut >= 3 && matches!(word[cut - 1], b'e' | b'y') {
        cut - 1
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which cue of the one key point `cues` the draft mentions, and the words quoted.
    fn found(draft: &str, cues: &str) -> Option<(String, String)> {
        mentions(draft, &[cues])[0]
            .clone()
            .map(|m| (m.cue.to_string(), draft[m.at].to_string()))
    }

    #[test]
    fn words_meet_their_plurals_and_verb_forms() {
        let same = [
            ("cache", &["caches", "cached", "caching", "Cache"][..]),
            ("queue", &["queues", "queued", "queuing", "queueing"]),
            ("retry", &["retries", "retried", "retrying"]),
            ("log", &["logs", "logged", "logging"]),
            ("index", &["indexes", "indexed", "indexing"]),
            ("process", &["processes", "processed", "processing"]),
            ("key", &["keys", "keyed"]),
            ("limit", &["limits", "limited", "limiting"]),
            ("API", &["APIs"]),
            ("JWT", &["JWTs"]),
            ("add", &["added", "adding"]),
            ("poll", &["polls", "polled", "polling"]),
            ("status", &["statuses"]),
        ];
        let stemmed = |w: &str| {
            let w = w.to_ascii_lowercase();
            w[..stem(w.as_bytes())].to_string()
        };
        for (word, forms) in same {
            for form in forms {
                assert_eq!(stemmed(form), stemmed(word), "{form} ~ {word}");
            }
        }
        let different = [
            ("cache", "cachet"),
            ("string", "str"),
            ("thing", "th"),
            ("need", "ne"),
        ];
        for (a, b) in different {
            assert_ne!(stemmed(a), stemmed(b), "{a} vs {b}");
        }
    }

    #[test]
    fn matching_cases() {
        // (draft, cues of one key point, expected (cue, the draft's words) or None)
        type Case<'a> = (&'a str, &'a str, Option<(&'a str, &'a str)>);
        let cases: &[Case] = &[
            (
                "We used a Token Bucket.",
                "token bucket",
                Some(("token bucket", "Token Bucket")),
            ),
            (
                "token buckets in Redis",
                "token bucket",
                Some(("token bucket", "token buckets")),
            ),
            (
                "a rate-limit per key",
                "rate limit",
                Some(("rate limit", "rate-limit")),
            ),
            ("the rate limiter", "rate limit", None),
            (
                "rate limited clients",
                "rate limit",
                Some(("rate limit", "rate limited")),
            ),
            (
                "Send a 429, then Retry-After.",
                "Retry-After|429",
                Some(("429", "429")),
            ),
            (
                "retry after a while",
                "Retry-After",
                Some(("Retry-After", "retry after")),
            ),
            ("a cachet of quality", "cache", None),
            ("precache the files", "cache", None),
            ("cache", "cache", Some(("cache", "cache"))),
            ("CACHING", "cache", Some(("cache", "CACHING"))),
            ("token and bucket", "token bucket", None),
            ("bucket token", "token bucket", None),
            ("", "token bucket", None),
            ("token bucket", "", None),
            ("anything", "!!", None),
            ("HTTP 4290", "429", None),
            (
                "sliding—window",
                "sliding window",
                Some(("sliding window", "sliding—window")),
            ),
            ("p99 went up", "p99|latency", Some(("p99", "p99"))),
            (
                "latency, then p99",
                "p99|latency",
                Some(("latency", "latency")),
            ),
            ("café cache", "cache", Some(("cache", "cache"))),
            (
                "we denormalized it",
                "denormalise",
                Some(("denormalise", "denormalized")),
            ),
            ("cachécache", "cache", None),
            (
                "a \u{201c}Cache\u{201d}\u{a0}layer",
                "cache layer",
                Some(("cache layer", "Cache\u{201d}\u{a0}layer")),
            ),
        ];
        for (draft, cues, expected) in cases {
            let expected = expected.map(|(c, w)| (c.to_string(), w.to_string()));
            assert_eq!(found(draft, cues), expected, "{draft:?} against {cues:?}");
        }
    }

    #[test]
    fn the_earliest_mention_wins_and_positions_are_bytes_of_the_draft() {
        let draft = "First a sliding window, later a token bucket.";
        let all = mentions(draft, &["token bucket|sliding window", "Lua|atomic", "429"]);
        let first = all[0].clone().expect("mentioned");
        assert_eq!(first.cue, "sliding window");
        assert_eq!(first.at, 8..22);
        assert_eq!(&draft[first.at], "sliding window");
        assert_eq!(all[1], None);
        assert_eq!(all[2], None);
        // Non-ASCII before the match: positions are bytes, still on character boundaries.
        let draft = "Ünïcödé — token bucket";
        let m = mentions(draft, &["token bucket"])[0]
            .clone()
            .expect("mentioned");
        assert_eq!(&draft[m.at], "token bucket");
    }

    #[test]
    fn every_shipped_open_question_has_cues_that_its_own_model_answer_mostly_mentions() {
        use crate::core::deck::{plain_text, SectionKind, Text, DECK};
        for q in DECK.questions {
            let text = Text::of(q.text.expect("native builds compile the text in"));
            assert_eq!(text.cues.len(), q.n_items(), "{}", q.id);
            let model = plain_text(text.section(SectionKind::Model).expect("model answer"));
            let found = mentions(&model, &text.cues).iter().flatten().count();
            assert!(
                found * 2 >= text.cues.len(),
                "{}: its model answer mentions {found}",
                q.id
            );
        }
    }
}

/// Property tests: any string in, no panic; the same answer whatever the case.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    const CUES: [&str; 4] = [
        "token bucket|sliding window|fixed window",
        "429|Retry-After",
        "Redis|Lua script|atomic",
        "fail open|fail closed",
    ];

    fn quotes<'c>(draft: &str, cues: &'c [impl AsRef<str>]) -> Vec<Option<(&'c str, String)>> {
        mentions(draft, cues)
            .into_iter()
            .map(|m| m.map(|m| (m.cue, draft.get(m.at).expect("on boundaries").to_string())))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 2_000,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Any draft and any cues: no panic, and every position is a range of the draft.
        #[test]
        fn never_panics_and_always_points_into_the_draft(draft in any::<String>(), cues in prop::collection::vec(any::<String>(), 0..5)) {
            for m in mentions(&draft, &cues).into_iter().flatten() {
                prop_assert!(draft.get(m.at.clone()).is_some());
                prop_assert!(!m.at.is_empty());
            }
            quotes(&draft, &CUES);
        }

        /// Changing the case of any draft changes nothing but the quoted words' case.
        #[test]
        fn case_does_not_matter(draft in any::<String>()) {
            let plain = mentions(&draft, &CUES);
            prop_assert_eq!(&plain, &mentions(&draft.to_ascii_uppercase(), &CUES));
            prop_assert_eq!(&plain, &mentions(&draft.to_ascii_lowercase(), &CUES));
        }

        /// English text in any case, Unicode's own case mapping included.
        #[test]
        fn case_does_not_matter_in_english_text(draft in "[A-Za-z0-9 ,.\\-]{0,80}") {
            let plain = mentions(&draft, &CUES);
            prop_assert_eq!(&plain, &mentions(&draft.to_uppercase(), &CUES));
            prop_assert_eq!(&plain, &mentions(&draft.to_lowercase(), &CUES));
        }

        /// A cue written into any draft, between spaces, is found there or earlier.
        #[test]
        fn a_cue_written_into_a_draft_is_found(before in ".{0,40}", after in ".{0,40}", point in 0..CUES.len(), pick in 0usize..3) {
            let cues: Vec<&str> = CUES[point].split(SEPARATOR).collect();
            let cue = cues[pick % cues.len()];
            let draft = format!("{before} {cue} {after}");
            let m = mentions(&draft, &CUES)[point].clone();
            prop_assert!(m.is_some_and(|m| m.at.start <= before.len() + 1));
        }
    }
}
