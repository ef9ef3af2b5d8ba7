//! Stage 2a: parses and checks `deck.toml`, the deck's identity, tag vocabulary and order.
//! It checks the manifest on its own; it must not look at question files (see `deck.rs`).

use crate::diag::{Diagnostic, SourceFile};
use crate::fields::{check_duplicates, check_plain_text, is_slug, Field, Fields};
use crate::toml_tree::{self, NodeValue, Span};

pub const FORMAT_VERSION: i64 = 1;

const FIELDS: &[Field] = &[
    Field {
        name: "id",
        example: "id = \"backend-engineer\"",
    },
    Field {
        name: "title",
        example: "title = \"Backend interview questions\"",
    },
    Field {
        name: "description",
        example: "description = \"What the deck covers, in a sentence or two.\"",
    },
    Field {
        name: "format_version",
        example: "format_version = 1",
    },
    Field {
        name: "order",
        example: "order = [\"rate-limiting\", \"caching-strategies\"]",
    },
    Field {
        name: "speak_minutes",
        example: "speak_minutes = [1, 3]",
    },
    Field {
        name: "tags",
        example: "[tags]",
    },
];

/// What `deck.toml` says; a field is `None` when it was missing or wrong (and reported).
pub struct Manifest {
    pub id: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// Question ids in deck order, with their spans in deck.toml.
    pub order: Option<Vec<(String, Span)>>,
    /// The tag vocabulary in declaration order: (id, label).
    pub tags: Option<Vec<(String, String)>>,
    /// The target band of an answer given out loud, in minutes, if the deck sets one.
    pub speak_minutes: Option<(u8, u8)>,
}

pub fn parse(file: &SourceFile, diags: &mut Vec<Diagnostic>) -> Manifest {
    let mut manifest = Manifest {
        id: None,
        title: None,
        description: None,
        order: None,
        tags: None,
        speak_minutes: None,
    };
    let entries = match toml_tree::parse(&file.text, 0) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(file.error(e.span.start, e.message, e.hint));
            return manifest;
        }
    };
    let fields = Fields {
        file,
        entries: &entries,
        allowed: FIELDS,
        place: "deck.toml",
        missing_at: 0,
        add_where: "to deck.toml, above the `[tags]` table",
    };
    fields.check_unknown(diags);
    manifest.speak_minutes = fields.speak_minutes(diags);

    if let Some(node) = fields.required("id", diags) {
        if let Some(id) = fields.string(node, "id", diags) {
            let n = id.chars().count();
            if !is_slug(id) || n > 40 {
                diags.push(file.error(
                    node.span.start,
                    format!("deck id `{id}` is not a slug of 1 to 40 characters"),
                    "use lowercase letters, digits and hyphens, like `backend-engineer`",
                ));
            } else {
                manifest.id = Some(id.to_string());
            }
        }
    }
    for (name, max) in [("title", 80), ("description", 300)] {
        let Some(node) = fields.required(name, diags) else {
            continue;
        };
        if let Some(text) = fields.string(node, name, diags) {
            let before = diags.len();
            check_plain_text(
                file,
                text,
                &node.span,
                &format!("`{name}`"),
                (1, max),
                diags,
            );
            if diags.len() == before {
                let value = Some(text.to_string());
                if name == "title" {
                    manifest.title = value;
                } else {
                    manifest.description = value;
                }
            }
        }
    }
    if let Some(node) = fields.required("format_version", diags) {
        if let Some(version) = fields.integer(node, "format_version", diags) {
            if version != FORMAT_VERSION {
                diags.push(file.error(
                    node.span.start,
                    format!("unsupported `format_version` {version}; this compiler reads version {FORMAT_VERSION}"),
                    "write the deck in format version 1 and set `format_version = 1`",
                ));
            }
        }
    }
    if let Some(node) = fields.required("order", diags) {
        if let Some(ids) = fields.strings(node, "order", diags) {
            if ids.is_empty() {
                diags.push(file.error(
                    node.span.start,
                    "`order` is empty",
                    "list the ids of the deck's questions, in the order they should be asked",
                ));
            }
            check_duplicates(
                file,
                &ids,
                "order",
                "list each question once; remove this one",
                diags,
            );
            manifest.order = Some(
                ids.into_iter()
                    .map(|(id, span)| (id.to_string(), span))
                    .collect(),
            );
        }
    }
    match fields.get("tags") {
        Some(entry) => manifest.tags = parse_tags(file, &entry.node, diags),
        None => diags.push(file.error(
            file.end(),
            "missing the `[tags]` table",
            "add a `[tags]` table at the end of deck.toml, with lines like `apis = \"APIs\"`",
        )),
    }
    manifest
}

fn parse_tags(
    file: &SourceFile,
    node: &toml_tree::Node,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<(String, String)>> {
    let NodeValue::Table(entries) = &node.value else {
        diags.push(file.error(
            node.span.start,
            format!("`tags` must be a table, found {}", node.type_name()),
            "declare the vocabulary as a `[tags]` table with lines like `apis = \"APIs\"`",
        ));
        return None;
    };
    if entries.is_empty() {
        diags.push(file.error(
            node.span.start,
            "the `[tags]` table is empty",
            "add the tags questions may use, one per line, like `apis = \"APIs\"`",
        ));
    }
    let mut tags = Vec::new();
    for entry in entries {
        if !is_slug(&entry.key) {
            diags.push(file.error(
                entry.key_span.start,
                format!("tag id `{}` is not a slug", entry.key),
                "use lowercase letters, digits and hyphens, like `distributed-systems`",
            ));
        }
        match &entry.node.value {
            NodeValue::String(label) => {
                check_plain_text(
                    file,
                    label,
                    &entry.node.span,
                    &format!("the label of tag `{}`", entry.key),
                    (1, 24),
                    diags,
                );
                tags.push((entry.key.clone(), label.clone()));
            }
            _ => diags.push(file.error(
                entry.node.span.start,
                format!(
                    "the label of tag `{}` must be a string, found {}",
                    entry.key,
                    entry.node.type_name()
                ),
                format!("write it like `{} = \"Label shown to users\"`", entry.key),
            )),
        }
    }
    Some(tags)
}
