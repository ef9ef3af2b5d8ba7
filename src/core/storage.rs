//! The storage format: the key, the versioned envelope, and its migrations.
//! Decoding is total: any string gives an outcome, never a panic, and nothing here
//! decides to delete data — the shell keeps unreadable values aside.

use super::progress::Progress;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The schema this build writes. Every earlier schema has a migration below.
pub const SCHEMA: u32 = 1;
/// Marks a value as ours, so another app's data under a colliding key is never taken for it.
const APP: &str = "rehearse";

/// The localStorage key of a deck's progress, with an optional instance suffix for
/// embeds that keep separate progress.
pub fn key(deck_id: &str, instance: Option<&str>) -> String {
    match instance {
        Some(instance) => format!("rehearse:v1:{deck_id}:{instance}"),
        None => format!("rehearse:v1:{deck_id}"),
    }
}

/// Where an unreadable value is copied before the app starts fresh.
pub fn backup_key(key: &str, now: i64) -> String {
    format!("{key}:backup:{now}")
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    app: String,
    schema: u32,
    deck: String,
    progress: Progress,
}

/// What a stored value turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Decoded {
    /// Nothing stored yet.
    Empty,
    Progress(Progress),
    /// Written by a newer Rehearse: leave it untouched and run read-only.
    Newer {
        schema: u64,
    },
    /// Not ours or damaged: keep it aside, tell the user, start fresh.
    Unreadable {
        reason: String,
    },
}

pub fn encode(deck_id: &str, progress: &Progress) -> String {
    let envelope = Envelope {
        app: APP.into(),
        schema: SCHEMA,
        deck: deck_id.into(),
        progress: progress.clone(),
    };
    // Serialising plain structs with string keys cannot fail.
    serde_json::to_string(&envelope).unwrap_or_default()
}

pub fn decode(raw: Option<&str>) -> Decoded {
    let Some(raw) = raw else {
        return Decoded::Empty;
    };
    let value: Value = match serde_json::from_str(raw) {
        Ok(value) => value,
        Err(e) => return unreadable(format!("it is not valid JSON ({e})")),
    };
    if value.get("app").and_then(Value::as_str) != Some(APP) {
        return unreadable("it was not written by Rehearse".into());
    }
    let Some(schema) = value.get("schema").and_then(Value::as_u64) else {
        return unreadable("it has no schema number".into());
    };
    if schema > u64::from(SCHEMA) {
        return Decoded::Newer { schema };
    }
    match migrate(schema, value).and_then(|v| {
        serde_json::from_value::<Envelope>(v)
            .map_err(|e| format!("a field has the wrong shape ({e})"))
    }) {
        Ok(envelope) => Decoded::Progress(envelope.progress),
        Err(reason) => unreadable(reason),
    }
}

fn unreadable(reason: String) -> Decoded {
    Decoded::Unreadable { reason }
}

/// Brings an envelope of an earlier schema up to [`SCHEMA`], one step at a time.
/// Schema 1 is the first; the next schema adds its step here with a fixture test.
fn migrate(schema: u64, value: Value) -> Result<Value, String> {
    match schema {
        1 => Ok(value),
        other => Err(format!("schema {other} is not one Rehearse ever wrote")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fsrs::Grade;
    use crate::core::progress::{GradeEntry, Record, Theme};

    fn sample() -> Progress {
        let mut progress = Progress::default();
        progress.questions.insert(
            "rate-limiting".into(),
            Record {
                hash: "0123456789abcdef".into(),
                grades: vec![GradeEntry {
                    at: 1_700_000_000_000,
                    grade: Grade::Good,
                }],
                ticked: vec![0, 2],
                draft: "Token bucket, \"quoted\", ünïcödé, \u{1F600}".into(),
                updated_at: 1_700_000_000_000,
                ..Record::default()
            },
        );
        progress.prefs.theme = Theme::Dark;
        progress
    }

    #[test]
    fn keys_are_namespaced_and_versioned() {
        assert_eq!(
            key("backend-engineer", None),
            "rehearse:v1:backend-engineer"
        );
        assert_eq!(key("deck", Some("post-1")), "rehearse:v1:deck:post-1");
        assert_eq!(
            backup_key("rehearse:v1:deck", 5),
            "rehearse:v1:deck:backup:5"
        );
    }

    #[test]
    fn round_trips_exactly() {
        let progress = sample();
        let raw = encode("deck", &progress);
        assert_eq!(decode(Some(&raw)), Decoded::Progress(progress));
    }

    #[test]
    fn schema_1_fixture_decodes() {
        let raw = include_str!("../../tests/fixtures/storage/schema-1.json");
        let Decoded::Progress(progress) = decode(Some(raw)) else {
            panic!("the schema 1 fixture must decode");
        };
        let record = &progress.questions["rate-limiting"];
        assert_eq!(record.grades.len(), 2);
        assert_eq!(record.draft, "Token bucket per API key");
        assert_eq!(progress.prefs.theme, Theme::Light);
    }

    #[test]
    fn hostile_values_are_reported_not_taken() {
        assert_eq!(decode(None), Decoded::Empty);
        for raw in [
            "",
            "garbage",
            "{\"app\":\"rehearse\",\"schema\":1",
            "[]",
            "null",
            "{\"todos\":[]}",
        ] {
            assert!(
                matches!(decode(Some(raw)), Decoded::Unreadable { .. }),
                "{raw:?}"
            );
        }
        let wrong_type = r#"{"app":"rehearse","schema":1,"deck":"d","progress":{"questions":{"a":{"grades":"lots"}}}}"#;
        assert!(matches!(
            decode(Some(wrong_type)),
            Decoded::Unreadable { .. }
        ));
        let zero = r#"{"app":"rehearse","schema":0,"deck":"d","progress":{}}"#;
        assert!(matches!(decode(Some(zero)), Decoded::Unreadable { .. }));
    }

    #[test]
    fn a_newer_schema_is_recognised() {
        let raw = r#"{"app":"rehearse","schema":7,"deck":"d","whatever":true}"#;
        assert_eq!(decode(Some(raw)), Decoded::Newer { schema: 7 });
    }
}
