//! Stage 2b: parses and checks one question's front matter.
//! It judges one file on its own; it must not compare questions with each other (see `deck.rs`).

use crate::diag::{suggestion, Diagnostic, SourceFile};
use crate::fields::{check_duplicates, check_plain_text, count, is_slug, Field, Fields};
use crate::frontmatter::Split;
use crate::toml_tree::{self, NodeValue, Span};

const FIELDS: &[Field] = &[
    Field {
        name: "id",
        example: "id = \"rate-limiting\"",
    },
    Field {
        name: "prompt",
        example: "prompt = \"How would you implement rate limiting in a REST service?\"",
    },
    Field {
        name: "kind",
        example: "kind = \"open\"",
    },
    Field {
        name: "tags",
        example: "tags = [\"apis\"]",
    },
    Field {
        name: "difficulty",
        example: "difficulty = 2",
    },
    Field {
        name: "aliases",
        example: "aliases = [\"old-slug\"]",
    },
    Field {
        name: "key_points",
        example: "key_points = [\"...\", \"...\", \"...\"]",
    },
    Field {
        name: "cues",
        example: "cues = [[\"token bucket\", \"sliding window\"], [\"429\", \"Retry-After\"]]",
    },
    Field {
        name: "choices",
        example: "choices = [\"...\", \"...\"]",
    },
    Field {
        name: "correct",
        example: "correct = [1]",
    },
    Field {
        name: "speak_minutes",
        example: "speak_minutes = [2, 4]",
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindName {
    Open,
    Single,
    Multiple,
}

impl KindName {
    pub fn name(self) -> &'static str {
        match self {
            KindName::Open => "open",
            KindName::Single => "single",
            KindName::Multiple => "multiple",
        }
    }

    /// "an `open` question", "a `single` question": for messages.
    pub fn question(self) -> String {
        let article = if self == KindName::Open { "an" } else { "a" };
        format!("{article} `{}` question", self.name())
    }
}

/// What the front matter says; a field is `None` or empty when it was missing or wrong (and reported).
#[derive(Default)]
pub struct Meta {
    pub id: Option<(String, Span)>,
    pub aliases: Vec<(String, Span)>,
    pub prompt: Option<String>,
    pub kind: Option<KindName>,
    pub tags: Vec<String>,
    pub difficulty: Option<u8>,
    pub key_points: Vec<String>,
    /// One list per key point: short phrases whose presence in a draft suggests it.
    pub cues: Vec<Vec<String>>,
    pub choices: Vec<String>,
    /// Zero-based indices into `choices`.
    pub correct: Vec<u8>,
    /// The target band of an answer given out loud, in minutes, if this question sets one.
    pub speak_minutes: Option<(u8, u8)>,
}

/// The deck's facts a question is checked against.
pub struct Vocabulary<'a> {
    /// Tag ids in declaration order; `None` if deck.toml could not say.
    pub tags: Option<Vec<&'a str>>,
    pub manifest_path: &'a str,
}

pub fn parse(
    file: &SourceFile,
    split: &Split<'_>,
    stem: &str,
    vocabulary: &Vocabulary<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Meta {
    let mut meta = Meta::default();
    let entries = match toml_tree::parse(split.front_matter, split.front_matter_offset) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(file.error(e.span.start, e.message, e.hint));
            return meta;
        }
    };
    let fields = Fields {
        file,
        entries: &entries,
        allowed: FIELDS,
        place: "the front matter",
        missing_at: split.closing_offset,
        add_where: "before the closing `+++`",
    };
    fields.check_unknown(diags);
    meta.speak_minutes = fields.speak_minutes(diags);

    if let Some(node) = fields.required("id", diags) {
        if let Some(id) = fields.string(node, "id", diags) {
            if !is_question_slug(id) {
                diags.push(bad_slug(file, node.span.start, "id", id));
            } else if id != stem {
                diags.push(file.error(
                    node.span.start,
                    format!("id `{id}` does not match the file name `{stem}.md`"),
                    format!("rename the file to `{id}.md`, or set `id = \"{stem}\"`"),
                ));
            }
            meta.id = Some((id.to_string(), node.span.clone()));
        }
    }
    if let Some(node) = fields.get("aliases").map(|e| &e.node) {
        if let Some(aliases) = fields.strings(node, "aliases", diags) {
            for (alias, span) in &aliases {
                if !is_question_slug(alias) {
                    diags.push(bad_slug(file, span.start, "alias", alias));
                }
            }
            check_duplicates(
                file,
                &aliases,
                "aliases",
                "list each alias once; remove this one",
                diags,
            );
            meta.aliases = aliases
                .into_iter()
                .map(|(a, s)| (a.to_string(), s))
                .collect();
        }
    }
    if let Some(node) = fields.required("prompt", diags) {
        if let Some(prompt) = fields.string(node, "prompt", diags) {
            check_plain_text(file, prompt, &node.span, "`prompt`", (20, 220), diags);
            meta.prompt = Some(prompt.to_string());
        }
    }
    if let Some(node) = fields.required("kind", diags) {
        if let Some(kind) = fields.string(node, "kind", diags) {
            meta.kind = match kind {
                "open" => Some(KindName::Open),
                "single" => Some(KindName::Single),
                "multiple" => Some(KindName::Multiple),
                _ => {
                    diags.push(file.error(
                        node.span.start,
                        format!("unknown kind `{kind}`"),
                        format!(
                            "{}`kind` is \"open\", \"single\" or \"multiple\"",
                            suggestion(kind, ["open", "single", "multiple"])
                        ),
                    ));
                    None
                }
            };
        }
    }
    if let Some(node) = fields.required("tags", diags) {
        if let Some(tags) = fields.strings(node, "tags", diags) {
            check_count(
                file,
                node.span.start,
                "tags",
                "tag",
                tags.len(),
                (1, 4),
                diags,
            );
            check_duplicates(
                file,
                &tags,
                "tags",
                "list each tag once; remove this one",
                diags,
            );
            if let Some(known) = &vocabulary.tags {
                for (tag, span) in &tags {
                    if !known.contains(tag) {
                        diags.push(file.error(
                            span.start,
                            format!("unknown tag `{tag}`"),
                            format!(
                                "{}tags declared in {}: {}",
                                suggestion(tag, known.iter().copied()),
                                vocabulary.manifest_path,
                                known.join(", ")
                            ),
                        ));
                    }
                }
            }
            meta.tags = tags.into_iter().map(|(t, _)| t.to_string()).collect();
        }
    }
    if let Some(node) = fields.required("difficulty", diags) {
        if let Some(difficulty) = fields.integer(node, "difficulty", diags) {
            match u8::try_from(difficulty) {
                Ok(d @ 1..=3) => meta.difficulty = Some(d),
                _ => diags.push(file.error(
                    node.span.start,
                    format!("`difficulty` is {difficulty}; it must be 1, 2 or 3"),
                    "1 is a warm-up, 2 a typical interview question, 3 a hard one",
                )),
            }
        }
    }

    let Some(kind) = meta.kind else {
        return meta;
    };
    let (wanted, forbidden): (&[&str], &[&str]) = match kind {
        KindName::Open => (&["key_points", "cues"], &["choices", "correct"]),
        KindName::Single | KindName::Multiple => (&["choices", "correct"], &["key_points", "cues"]),
    };
    for name in forbidden {
        if let Some(entry) = fields.get(name) {
            let hint = match kind {
                KindName::Open => "remove it, or change `kind` to \"single\" or \"multiple\"",
                _ => "remove it; explain the answer in the `## Explanation` section",
            };
            diags.push(file.error(
                entry.key_span.start,
                format!("`{name}` is not allowed in {}", kind.question()),
                hint,
            ));
        }
    }
    let mut nodes = wanted.iter().map(|name| fields.required(name, diags));
    if kind == KindName::Open {
        let (key_points, cues) = (nodes.next().flatten(), nodes.next().flatten());
        if let Some(node) = key_points {
            meta.key_points = text_list(
                &fields,
                node,
                "key_points",
                "key point",
                (3, 8),
                (10, 110),
                diags,
            );
        }
        if let Some(node) = cues {
            let n_points = key_points.is_some().then_some(meta.key_points.len());
            meta.cues = parse_cues(&fields, node, n_points, diags);
        }
        return meta;
    }
    let (choices, correct) = (nodes.next().flatten(), nodes.next().flatten());
    if let Some(node) = choices {
        meta.choices = text_list(&fields, node, "choices", "choice", (2, 6), (1, 160), diags);
    }
    if let Some(node) = correct {
        meta.correct = parse_correct(
            &fields,
            node,
            kind,
            choices.is_some().then_some(meta.choices.len()),
            diags,
        );
    }
    meta
}

/// `id` and `aliases`: 3-60 characters, `[a-z0-9-]`, no hyphen at either end or twice in a row.
fn is_question_slug(s: &str) -> bool {
    (3..=60).contains(&s.len())
        && is_slug(s)
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

fn bad_slug(file: &SourceFile, at: usize, what: &str, value: &str) -> Diagnostic {
    file.error(
        at,
        format!("{what} `{value}` is not a valid slug"),
        "use 3 to 60 lowercase letters, digits and single hyphens, not at the start or end, like `rate-limiting`",
    )
}

fn check_count(
    file: &SourceFile,
    at: usize,
    name: &str,
    item: &str,
    n: usize,
    (min, max): (usize, usize),
    diags: &mut Vec<Diagnostic>,
) {
    if n < min || n > max {
        diags.push(file.error(
            at,
            format!(
                "`{name}` has {}; it must have {min} to {max}",
                count(n, item)
            ),
            if n < min {
                format!("add {} more", min - n)
            } else {
                format!("keep the {max} that matter most")
            },
        ));
    }
}

/// `key_points` or `choices`: a list of one-line plain-text items.
fn text_list(
    fields: &Fields<'_>,
    node: &toml_tree::Node,
    name: &str,
    item: &str,
    count: (usize, usize),
    length: (usize, usize),
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let Some(items) = fields.strings(node, name, diags) else {
        return Vec::new();
    };
    let file = fields.file;
    check_count(file, node.span.start, name, item, items.len(), count, diags);
    for (i, (text, span)) in items.iter().enumerate() {
        check_plain_text(
            file,
            text,
            span,
            &format!("{item} {}", i + 1),
            length,
            diags,
        );
    }
    check_duplicates(
        file,
        &items,
        name,
        "list each one once; remove or reword this one",
        diags,
    );
    items.into_iter().map(|(t, _)| t.to_string()).collect()
}

/// The most words a cue may have, and the cues a key point may have.
const CUE_WORDS: usize = 4;
const CUES_PER_POINT: (usize, usize) = (2, 6);

/// `cues`: one array of short phrases per key point, in the order of `key_points`.
fn parse_cues(
    fields: &Fields<'_>,
    node: &toml_tree::Node,
    n_points: Option<usize>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Vec<String>> {
    let file = fields.file;
    let Some(lists) = fields.array(node, "cues", "arrays of strings", diags) else {
        return Vec::new();
    };
    if let Some(n) = n_points.filter(|&n| n != lists.len()) {
        diags.push(file.error(
            node.span.start,
            format!(
                "`cues` has {}, but there are {}",
                count(lists.len(), "list"),
                count(n, "key point")
            ),
            "write one list of cues per key point, in the order of `key_points`",
        ));
    }
    // Every cue of the question so far, as matched (case and punctuation aside).
    let mut seen: Vec<(String, String, usize)> = Vec::new();
    let mut out = Vec::new();
    for (i, list) in lists.iter().enumerate() {
        let point = i + 1;
        let NodeValue::Array(items) = &list.value else {
            diags.push(file.error(
                list.span.start,
                format!(
                    "`cues` items must be arrays of strings, found {}",
                    list.type_name()
                ),
                "write the cues of each key point as a list, like `[\"429\", \"Retry-After\"]`",
            ));
            continue;
        };
        let (min, max) = CUES_PER_POINT;
        if items.len() < min || items.len() > max {
            diags.push(file.error(
                list.span.start,
                format!(
                    "key point {point} has {}; it must have {min} to {max}",
                    count(items.len(), "cue")
                ),
                if items.len() < min {
                    "add short phrases that a good answer to this point would contain"
                } else {
                    "keep the most telling ones"
                },
            ));
        }
        let mut cues = Vec::new();
        for (j, item) in items.iter().enumerate() {
            let NodeValue::String(cue) = &item.value else {
                diags.push(file.error(
                    item.span.start,
                    format!("cues must be strings, found {}", item.type_name()),
                    "write each cue in double quotes, like `\"token bucket\"`",
                ));
                continue;
            };
            let what = format!("cue {} of key point {point}", j + 1);
            check_plain_text(file, cue, &item.span, &what, (1, 40), diags);
            let n_words = cue.split_whitespace().count();
            if n_words > CUE_WORDS {
                diags.push(file.error(
                    item.span.start,
                    format!("{what} has {n_words} words; a cue has 1 to {CUE_WORDS}"),
                    "keep the words a good answer would really contain, like `token bucket`",
                ));
            }
            if cue.contains('|') {
                diags.push(file.error(
                    item.span.start,
                    format!("{what} contains `|`, which separates cues"),
                    "remove the `|`; list each phrase as a cue of its own",
                ));
            } else if !cue.is_empty() && !cue.chars().any(char::is_alphanumeric) {
                diags.push(file.error(
                    item.span.start,
                    format!("{what} has no letters or digits, so no draft can mention it"),
                    "write a word or a number, like `429`",
                ));
            }
            let key = matched_form(cue);
            if let Some((_, first, at)) = seen.iter().find(|(k, ..)| !k.is_empty() && *k == key) {
                let (line, _) = file.line_col(*at);
                diags.push(file.error(
                    item.span.start,
                    format!("cue `{cue}` repeats `{first}` (line {line}) in this question"),
                    "list each cue once per question; remove this one or make it more specific",
                ));
            }
            seen.push((key, cue.clone(), item.span.start));
            cues.push(cue.clone());
        }
        out.push(cues);
    }
    out
}

/// A cue as the app matches it, case and punctuation aside: `Retry-After` and
/// `retry after` are one cue.
fn matched_form(cue: &str) -> String {
    let spaced: String = cue
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `correct`: 1-based positions in the file, returned zero-based.
fn parse_correct(
    fields: &Fields<'_>,
    node: &toml_tree::Node,
    kind: KindName,
    n_choices: Option<usize>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<u8> {
    let file = fields.file;
    let Some(items) = fields.array(node, "correct", "integers", diags) else {
        return Vec::new();
    };
    let mut seen: Vec<(i64, Span)> = Vec::new();
    for item in items {
        let NodeValue::Integer(position) = item.value else {
            diags.push(file.error(
                item.span.start,
                format!(
                    "`correct` items must be integers, found {}",
                    item.type_name()
                ),
                "list choice positions as numbers, counting from 1, like `correct = [2]`",
            ));
            continue;
        };
        if let Some(n) = n_choices {
            if position < 1 || position > n as i64 {
                diags.push(file.error(
                    item.span.start,
                    format!("`correct` position {position} is out of range: there are {n} choices"),
                    format!("positions count from 1 to {n}, in the order of `choices`"),
                ));
            }
        }
        if let Some((_, first)) = seen.iter().find(|(p, _)| *p == position) {
            let (line, _) = file.line_col(first.start);
            diags.push(file.error(
                item.span.start,
                format!(
                    "duplicate position `{position}` in `correct` (first listed on line {line})"
                ),
                "list each correct choice once; remove this one",
            ));
        }
        seen.push((position, item.span.clone()));
    }
    match (kind, items.len()) {
        (KindName::Single, 1) | (KindName::Multiple, 1..) => {}
        (_, 0) => diags.push(file.error(
            node.span.start,
            "`correct` is empty",
            "list the positions of the correct choices, counting from 1, like `correct = [2]`",
        )),
        (_, n) => diags.push(file.error(
            node.span.start,
            format!("`correct` lists {n} positions, but a `single` question has exactly one correct choice"),
            "keep one position, or change `kind` to \"multiple\"",
        )),
    }
    seen.iter()
        .filter_map(|(p, _)| u8::try_from(p - 1).ok())
        .collect()
}
