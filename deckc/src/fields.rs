//! Reads typed fields out of a TOML table, reporting unknown, missing and mistyped ones.
//! It checks shapes only (string, integer, array of strings); it must not judge values.

use crate::diag::{suggestion, Diagnostic, SourceFile};
use crate::toml_tree::{Entry, Node, NodeValue, Span};

/// A field the table may hold, with an example line for hints.
pub struct Field {
    pub name: &'static str,
    pub example: &'static str,
}

/// One TOML table being read, with what the format allows in it.
pub struct Fields<'a> {
    pub file: &'a SourceFile,
    pub entries: &'a [Entry],
    pub allowed: &'static [Field],
    /// "the front matter" or "deck.toml": for messages.
    pub place: &'static str,
    /// Where to point when a required field is missing, and where to tell the author to add it.
    pub missing_at: usize,
    pub add_where: &'static str,
}

impl<'a> Fields<'a> {
    /// Reports every key the format does not know.
    pub fn check_unknown(&self, diags: &mut Vec<Diagnostic>) {
        let names = || self.allowed.iter().map(|f| f.name);
        for entry in self.entries {
            if names().any(|n| n == entry.key) {
                continue;
            }
            let valid = names().collect::<Vec<_>>().join(", ");
            diags.push(self.file.error(
                entry.key_span.start,
                format!("unknown field `{}` in {}", entry.key, self.place),
                format!(
                    "{}valid fields are: {valid}",
                    suggestion(&entry.key, names())
                ),
            ));
        }
    }

    pub fn get(&self, name: &str) -> Option<&'a Entry> {
        self.entries.iter().find(|e| e.key == name)
    }

    fn example(&self, name: &str) -> &'static str {
        self.allowed
            .iter()
            .find(|f| f.name == name)
            .map_or("", |f| f.example)
    }

    /// The field's value, or a "missing required field" diagnostic.
    pub fn required(&self, name: &str, diags: &mut Vec<Diagnostic>) -> Option<&'a Node> {
        let entry = self.get(name);
        if entry.is_none() {
            diags.push(self.file.error(
                self.missing_at,
                format!("missing required field `{name}`"),
                format!("add `{}` {}", self.example(name), self.add_where),
            ));
        }
        entry.map(|e| &e.node)
    }

    fn wrong_type(&self, node: &Node, name: &str, expected: &str) -> Diagnostic {
        self.file.error(
            node.span.start,
            format!("`{name}` must be {expected}, found {}", node.type_name()),
            format!("write it like `{}`", self.example(name)),
        )
    }

    pub fn string(
        &self,
        node: &'a Node,
        name: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<&'a str> {
        match &node.value {
            NodeValue::String(s) => Some(s),
            _ => {
                diags.push(self.wrong_type(node, name, "a string"));
                None
            }
        }
    }

    pub fn integer(&self, node: &Node, name: &str, diags: &mut Vec<Diagnostic>) -> Option<i64> {
        match node.value {
            NodeValue::Integer(i) => Some(i),
            _ => {
                diags.push(self.wrong_type(node, name, "an integer"));
                None
            }
        }
    }

    /// The items of an array; `None` (and a diagnostic) if it is not an array.
    pub fn array(
        &self,
        node: &'a Node,
        name: &str,
        of: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<&'a [Node]> {
        match &node.value {
            NodeValue::Array(items) => Some(items),
            _ => {
                diags.push(self.wrong_type(node, name, &format!("an array of {of}")));
                None
            }
        }
    }

    /// `speak_minutes = [min, max]`, the target band of an answer given out loud, if
    /// present and valid: whole minutes, 1 ≤ min < max ≤ 30.
    pub fn speak_minutes(&self, diags: &mut Vec<Diagnostic>) -> Option<(u8, u8)> {
        let node = &self.get("speak_minutes")?.node;
        let items = self.array(node, "speak_minutes", "two integers", diags)?;
        let band = match items {
            [a, b] => match (&a.value, &b.value) {
                (NodeValue::Integer(a), NodeValue::Integer(b)) => Some((*a, *b)),
                _ => None,
            },
            _ => None,
        };
        match band {
            Some((min, max)) if 1 <= min && min < max && max <= 30 => Some((min as u8, max as u8)),
            _ => {
                diags.push(self.file.error(
                    node.span.start,
                    "`speak_minutes` must be two whole minutes, the shortest and the longest answer, from 1 to 30",
                    "write it like `speak_minutes = [1, 3]`: at least 1, the second larger than the first, at most 30",
                ));
                None
            }
        }
    }

    /// An array of strings; items of another type are reported and left out.
    pub fn strings(
        &self,
        node: &'a Node,
        name: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Vec<(&'a str, Span)>> {
        let items = self.array(node, name, "strings", diags)?;
        let mut strings = Vec::new();
        for item in items {
            match &item.value {
                NodeValue::String(s) => strings.push((s.as_str(), item.span.clone())),
                _ => diags.push(self.file.error(
                    item.span.start,
                    format!("`{name}` items must be strings, found {}", item.type_name()),
                    format!("write it like `{}`", self.example(name)),
                )),
            }
        }
        Some(strings)
    }
}

/// Is `s` a slug: lowercase ASCII letters, digits and hyphens, and not empty?
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Reports the second and later occurrences of each value in the array `field`.
pub fn check_duplicates(
    file: &SourceFile,
    items: &[(&str, Span)],
    field: &str,
    hint: &str,
    diags: &mut Vec<Diagnostic>,
) {
    for (i, (value, span)) in items.iter().enumerate() {
        if let Some((_, first)) = items[..i].iter().find(|(v, _)| v == value) {
            let (line, _) = file.line_col(first.start);
            diags.push(file.error(
                span.start,
                format!("`{value}` is listed twice in `{field}` (first on line {line})"),
                hint,
            ));
        }
    }
}

/// "1 tag", "2 tags".
pub fn count(n: usize, singular: &str) -> String {
    if n == 1 {
        format!("{n} {singular}")
    } else {
        format!("{n} {singular}s")
    }
}

/// Reports text that breaks the "plain text, one line" rule, or is outside `min..=max` characters.
pub fn check_plain_text(
    file: &SourceFile,
    text: &str,
    span: &Span,
    what: &str,
    (min, max): (usize, usize),
    diags: &mut Vec<Diagnostic>,
) {
    let at = span.start;
    let n = text.chars().count();
    if n == 0 {
        diags.push(file.error(
            at,
            format!("{what} is empty"),
            format!("write at least {}", count(min, "character")),
        ));
    } else if n < min || n > max {
        diags.push(file.error(
            at,
            format!(
                "{what} is {} long; it must be {min} to {max}",
                count(n, "character")
            ),
            if n < min {
                format!("write at least {}", count(min, "character"))
            } else {
                format!("shorten it to at most {}", count(max, "character"))
            },
        ));
    }
    if text.contains(['\n', '\r']) {
        diags.push(file.error(
            at,
            format!("{what} must be one line"),
            "remove the line breaks",
        ));
    } else if text.trim() != text {
        diags.push(file.error(
            at,
            format!("{what} starts or ends with spaces"),
            "remove the spaces inside the quotes",
        ));
    }
    if text.contains('`') || text.contains("**") {
        diags.push(file.error(
            at,
            format!("{what} contains Markdown markup, but it is plain text"),
            "remove the backticks or asterisks; they would be shown as they are",
        ));
    }
}
