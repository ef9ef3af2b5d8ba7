//! A TOML document as a tree of values that know their byte span in the file.
//! It only parses TOML; it must not know anything about decks or questions.
//!
//! `toml::Spanned` gives spans for the keys and values of one table. For the items
//! of an array or the entries of a nested table, the value's own source text is
//! parsed again (as `x = <value>`), which yields their spans too.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::{Spanned, Value};

pub type Span = Range<usize>;

pub struct Node {
    /// Byte range of the value in the whole file.
    pub span: Span,
    pub value: NodeValue,
}

pub enum NodeValue {
    String(String),
    Integer(i64),
    Other(&'static str),
    Array(Vec<Node>),
    Table(Vec<Entry>),
}

pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub node: Node,
}

/// Why a TOML text cannot be read, with its span in the whole file.
pub struct TomlError {
    pub span: Span,
    pub message: String,
    pub hint: &'static str,
}

type SpannedTable = BTreeMap<Spanned<String>, Spanned<Value>>;

/// Parses `text`, which starts at byte `offset` of its file, into entries in document order.
pub fn parse(text: &str, offset: usize) -> Result<Vec<Entry>, TomlError> {
    let spanned_error = match toml::from_str::<SpannedTable>(text) {
        Ok(table) => return Ok(entries(text, table, 0, offset)),
        Err(e) => e,
    };
    let span = |e: &toml::de::Error| {
        e.span()
            .map_or(offset..offset, |s| s.start + offset..s.end + offset)
    };
    // `Spanned` keys cannot be read from dotted keys (`a.b = 1`), so valid TOML can
    // fail here; the deck format has no use for them.
    Err(match toml::from_str::<toml::Table>(text) {
        Err(e) => TomlError {
            span: span(&e),
            message: format!("invalid TOML: {}", e.message().lines().collect::<Vec<_>>().join("; ")),
            hint: "fix the TOML syntax here: strings in double quotes, arrays in [ ], one `key = value` per line",
        },
        Ok(_) => TomlError {
            span: span(&spanned_error),
            message: "dotted keys and nested tables are not part of the deck format".to_string(),
            hint: "write each field as a plain `key = value` line",
        },
    })
}

impl Node {
    /// "a string", "an integer", ...: for messages about a wrong type.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            NodeValue::String(_) => "a string",
            NodeValue::Integer(_) => "an integer",
            NodeValue::Other(name) => name,
            NodeValue::Array(_) => "an array",
            NodeValue::Table(_) => "a table",
        }
    }
}

/// Converts one parsed table whose spans are relative to `text[shift..]`.
/// `text` is the source the spans index into and `base` its offset in the file.
fn entries(text: &str, table: SpannedTable, shift: usize, base: usize) -> Vec<Entry> {
    let mut entries: Vec<Entry> = table
        .into_iter()
        .map(|(key, value)| {
            let key_span = key.span();
            let span = value.span();
            Entry {
                key: key.into_inner(),
                key_span: key_span.start - shift + base..key_span.end - shift + base,
                node: node(text, span, value.into_inner(), shift, base),
            }
        })
        .collect();
    entries.sort_by_key(|e| e.key_span.start);
    entries
}

fn node(text: &str, span: Span, value: Value, shift: usize, base: usize) -> Node {
    let file_span = span.start - shift + base..span.end - shift + base;
    let source = &text[span.clone()];
    let value = match value {
        Value::String(s) => NodeValue::String(s),
        Value::Integer(i) => NodeValue::Integer(i),
        Value::Float(_) => NodeValue::Other("a float"),
        Value::Boolean(_) => NodeValue::Other("a boolean"),
        Value::Datetime(_) => NodeValue::Other("a date"),
        Value::Array(items) => {
            let wrapped = format!("x = {source}");
            match toml::from_str::<BTreeMap<String, Vec<Spanned<Value>>>>(&wrapped) {
                Ok(mut map) => {
                    let items = map.remove("x").unwrap_or_default();
                    let base = file_span.start;
                    NodeValue::Array(
                        items
                            .into_iter()
                            .map(|item| node(&wrapped, item.span(), item.into_inner(), 4, base))
                            .collect(),
                    )
                }
                Err(_) => unspanned_array(items, &file_span),
            }
        }
        Value::Table(table) => {
            // An inline table is `{ ... }`; a standard table is `[name]` and its body.
            let (wrapped, shift) = if source.starts_with('{') {
                (format!("x = {source}"), 4)
            } else {
                (source.to_string(), 0)
            };
            match toml::from_str::<BTreeMap<String, SpannedTable>>(&wrapped) {
                Ok(map) if map.len() == 1 => {
                    let inner = map.into_values().next().unwrap_or_default();
                    NodeValue::Table(entries(&wrapped, inner, shift, file_span.start))
                }
                _ => unspanned_table(table, &file_span),
            }
        }
    };
    Node {
        span: file_span,
        value,
    }
}

/// Fallbacks for shapes the re-parse cannot handle (arrays of tables):
/// the children get their parent's span, which is still the right neighbourhood.
fn unspanned_array(items: Vec<Value>, span: &Span) -> NodeValue {
    NodeValue::Array(items.into_iter().map(|v| unspanned(v, span)).collect())
}

fn unspanned_table(table: toml::Table, span: &Span) -> NodeValue {
    NodeValue::Table(
        table
            .into_iter()
            .map(|(key, v)| Entry {
                key,
                key_span: span.clone(),
                node: unspanned(v, span),
            })
            .collect(),
    )
}

fn unspanned(value: Value, span: &Span) -> Node {
    let value = match value {
        Value::String(s) => NodeValue::String(s),
        Value::Integer(i) => NodeValue::Integer(i),
        Value::Float(_) => NodeValue::Other("a float"),
        Value::Boolean(_) => NodeValue::Other("a boolean"),
        Value::Datetime(_) => NodeValue::Other("a date"),
        Value::Array(items) => unspanned_array(items, span),
        Value::Table(table) => unspanned_table(table, span),
    };
    Node {
        span: span.clone(),
        value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'a>(text: &'a str, span: &Span) -> &'a str {
        &text[span.clone()]
    }

    #[test]
    fn keys_and_values_have_file_spans_in_document_order() {
        let file = "+++\nzeta = \"z\"\nalpha = 2\n+++\n";
        let fm = &file[4..file.len() - 4];
        let entries = parse(fm, 4).ok().unwrap();
        assert_eq!(entries[0].key, "zeta");
        assert_eq!(at(file, &entries[0].key_span), "zeta");
        assert_eq!(at(file, &entries[1].node.span), "2");
    }

    #[test]
    fn array_items_and_table_entries_have_spans() {
        let file = "order = [\n  \"a\", # note\n  \"b\",\n]\ninline = { k = 1 }\n\n[tags]\nfoo = \"Foo\"\n";
        let entries = parse(file, 0).ok().unwrap();
        let NodeValue::Array(items) = &entries[0].node.value else {
            panic!("order is an array")
        };
        assert_eq!(at(file, &items[1].span), "\"b\"");
        let NodeValue::Table(inline) = &entries[1].node.value else {
            panic!("inline is a table")
        };
        assert_eq!(at(file, &inline[0].node.span), "1");
        let NodeValue::Table(tags) = &entries[2].node.value else {
            panic!("tags is a table")
        };
        assert_eq!(at(file, &tags[0].key_span), "foo");
        assert_eq!(at(file, &tags[0].node.span), "\"Foo\"");
    }

    #[test]
    fn syntax_errors_have_file_spans() {
        let file = "+++\nid = \"x\"\nkind = \n+++\n";
        let fm = &file[4..file.len() - 4];
        let e = parse(fm, 4).err().unwrap();
        assert_eq!(e.span.start, file.find("kind = ").unwrap() + 7);
        assert_eq!(
            e.message,
            "invalid TOML: invalid string; expected `\"`, `'`"
        );
    }

    #[test]
    fn dotted_keys_are_reported_not_misread() {
        let file = "x = 1\na.b = 1\n";
        let e = parse(file, 0).err().unwrap();
        assert_eq!(e.span.start, 8);
        assert_eq!(
            e.message,
            "dotted keys and nested tables are not part of the deck format"
        );
    }
}
