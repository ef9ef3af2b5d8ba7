//! A TOML document as a tree of values that know their byte span in the file.
//! It only parses TOML; it must not know anything about decks or questions.
//!
//! `toml::de::DeTable` gives every key and value, at every depth, its span in the
//! parsed text; this module shifts those spans to the whole file and keeps
//! entries in document order.

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

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

const SYNTAX_HINT: &str =
    "fix the TOML syntax here: strings in double quotes, arrays in [ ], one `key = value` per line";

/// An array left open runs into the next line, which the parser then reads as one more
/// element: it reports a missing comma where the fix is usually a missing `]`.
const ARRAY_HINT: &str =
    "is an array above left open? close it with `]`; otherwise separate its items with commas";

/// Parses `text`, which starts at byte `offset` of its file, into entries in document order.
pub fn parse(text: &str, offset: usize) -> Result<Vec<Entry>, TomlError> {
    let at = |span: Span| span.start + offset..span.end + offset;
    let table = DeTable::parse(text).map_err(|e| TomlError {
        span: e.span().map_or(offset..offset, at),
        message: format!(
            "invalid TOML: {}",
            e.message().lines().collect::<Vec<_>>().join("; ")
        ),
        hint: if e.message().contains("between array elements") {
            ARRAY_HINT
        } else {
            SYNTAX_HINT
        },
    })?;
    entries(table.into_inner(), offset)
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

/// The entries of one table, in document order, with spans shifted by `offset`.
fn entries(table: DeTable<'_>, offset: usize) -> Result<Vec<Entry>, TomlError> {
    let mut entries = table
        .into_iter()
        .map(|(key, value)| {
            let key_span = key.span();
            Ok(Entry {
                key: key.into_inner().into_owned(),
                key_span: key_span.start + offset..key_span.end + offset,
                node: node(value, offset)?,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(|e| e.key_span.start);
    Ok(entries)
}

fn node(value: Spanned<DeValue<'_>>, offset: usize) -> Result<Node, TomlError> {
    let span = value.span();
    let span = span.start + offset..span.end + offset;
    let value = match value.into_inner() {
        DeValue::String(s) => NodeValue::String(s.into_owned()),
        // The parser keeps the digits; whether they fit is the reader's question.
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(i) => NodeValue::Integer(i),
            Err(_) => {
                return Err(TomlError {
                    span,
                    message: format!("invalid TOML: the integer {i} does not fit in 64 bits"),
                    hint: SYNTAX_HINT,
                })
            }
        },
        DeValue::Float(_) => NodeValue::Other("a float"),
        DeValue::Boolean(_) => NodeValue::Other("a boolean"),
        DeValue::Datetime(_) => NodeValue::Other("a date"),
        DeValue::Array(items) => NodeValue::Array(
            items
                .into_iter()
                .map(|item| node(item, offset))
                .collect::<Result<_, _>>()?,
        ),
        DeValue::Table(table) => NodeValue::Table(entries(table, offset)?),
    };
    Ok(Node { span, value })
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
    fn dotted_keys_and_arrays_of_tables_have_spans_at_every_depth() {
        let file = "x = 1\na.b = \"deep\"\n[[list]]\nk = [[1, 2], [3]]\n[[list]]\nk = 4\n";
        let entries = parse(file, 0).ok().unwrap();
        assert_eq!(entries[1].key, "a");
        assert_eq!(at(file, &entries[1].key_span), "a");
        let NodeValue::Table(a) = &entries[1].node.value else {
            panic!("a dotted key is a table")
        };
        assert_eq!(at(file, &a[0].key_span), "b");
        assert_eq!(at(file, &a[0].node.span), "\"deep\"");
        let NodeValue::Array(list) = &entries[2].node.value else {
            panic!("list is an array of tables")
        };
        let NodeValue::Table(second) = &list[1].value else {
            panic!("each item is a table")
        };
        assert_eq!(at(file, &second[0].node.span), "4");
        let NodeValue::Table(first) = &list[0].value else {
            panic!("each item is a table")
        };
        let NodeValue::Array(k) = &first[0].node.value else {
            panic!("k is an array")
        };
        let NodeValue::Array(inner) = &k[1].value else {
            panic!("nested arrays")
        };
        assert_eq!(at(file, &inner[0].span), "3");
    }

    #[test]
    fn syntax_errors_have_file_spans() {
        let file = "+++\nid = \"x\"\nkind = \n+++\n";
        let fm = &file[4..file.len() - 4];
        let e = parse(fm, 4).err().unwrap();
        assert_eq!(e.span.start, file.find("kind = ").unwrap() + 7);
        assert_eq!(
            e.message,
            "invalid TOML: string values must be quoted, expected literal string"
        );
    }

    #[test]
    fn integers_in_every_radix_and_too_large_ones() {
        let entries = parse("a = 0x1f\nb = -1_000\n", 0).ok().unwrap();
        assert!(matches!(entries[0].node.value, NodeValue::Integer(31)));
        assert!(matches!(entries[1].node.value, NodeValue::Integer(-1000)));
        let file = "big = 99999999999999999999\n";
        let e = parse(file, 0).err().unwrap();
        assert_eq!(at(file, &e.span), "99999999999999999999");
        assert_eq!(
            e.message,
            "invalid TOML: the integer 99999999999999999999 does not fit in 64 bits"
        );
    }
}
