//! The storage format: the key, the versioned envelope, and its migrations.
//! Decoding is total: any string gives an outcome, never a panic, and nothing here
//! decides to delete data — the shell keeps unreadable values aside.

use super::progress::Progress;
use serde::{Deserialize, Serialize};

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

/// What every schema's envelope shares: enough to tell whose value it is and which
/// schema to read it with. Other fields are ignored at this stage.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    app: Option<String>,
    #[serde(default)]
    schema: Option<u64>,
}

pub fn decode(raw: Option<&str>) -> Decoded {
    let Some(raw) = raw else {
        return Decoded::Empty;
    };
    let header: Header = match serde_json::from_str(raw) {
        Ok(header) => header,
        Err(e) if e.is_data() => return unreadable("it was not written by Rehearse".into()),
        Err(e) => return unreadable(format!("it is not valid JSON{}", at(&e))),
    };
    if header.app.as_deref() != Some(APP) {
        return unreadable("it was not written by Rehearse".into());
    }
    let Some(schema) = header.schema else {
        return unreadable("it has no schema number".into());
    };
    if schema > u64::from(SCHEMA) {
        return Decoded::Newer { schema };
    }
    match migrate(schema, raw) {
        Ok(envelope) => Decoded::Progress(envelope.progress),
        Err(reason) => unreadable(reason),
    }
}

/// Where the parser stopped. (serde_json's own messages would pull its error texts and
/// float formatting into the wasm; a position is what helps a person look at the file.)
fn at(e: &serde_json::Error) -> String {
    format!(" at line {}, column {}", e.line(), e.column())
}

fn unreadable(reason: String) -> Decoded {
    Decoded::Unreadable { reason }
}

/// Reads an envelope of an earlier schema and brings it up to [`SCHEMA`]. Schema 1 is
/// the first; the next schema adds a typed reader of the old shape and a conversion
/// here, with a fixture of the old blob and a test. (Typed readers rather than a
/// generic JSON tree keep the wasm small.)
fn migrate(schema: u64, raw: &str) -> Result<Envelope, String> {
    let wrong_shape = |e: serde_json::Error| format!("a field has the wrong shape{}", at(&e));
    match schema {
        1 => serde_json::from_str::<Envelope>(raw).map_err(wrong_shape),
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

/// Property tests: decoding is total, and what we write we read back.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use crate::core::fsrs::{Grade, Memory};
    use crate::core::progress::{GradeEntry, Prefs, Record, Theme};
    use proptest::prelude::*;

    fn grade() -> impl Strategy<Value = Grade> {
        prop::sample::select(Grade::ALL.to_vec())
    }

    fn memory() -> impl Strategy<Value = Memory> {
        // The scheduler keeps stability within 0.01..=36500 days and difficulty within
        // 1..=10 (a little either side, as an import may carry), and progress stores both
        // at micro precision (`progress::storable`).
        let stability = prop_oneof![0.0..40_000.0f64, Just(0.01), Just(36_500.0)]
            .prop_map(crate::core::progress::micro);
        let difficulty =
            prop_oneof![0.0..11.0f64, Just(1.0), Just(10.0)].prop_map(crate::core::progress::micro);
        (
            stability,
            difficulty,
            any::<i64>(),
            any::<u32>(),
            any::<u32>(),
        )
            .prop_map(
                |(stability, difficulty, last_review, reps, lapses)| Memory {
                    stability,
                    difficulty,
                    last_review,
                    reps,
                    lapses,
                },
            )
    }

    fn record() -> impl Strategy<Value = Record> {
        (
            any::<String>(),
            prop::collection::vec(
                (any::<i64>(), grade()).prop_map(|(at, grade)| GradeEntry { at, grade }),
                0..6,
            ),
            prop::option::of(memory()),
            prop::option::of(any::<i64>()),
            prop::collection::vec(any::<u8>(), 0..10),
            any::<String>(),
            prop::collection::vec(any::<u8>(), 0..6),
            any::<i64>(),
        )
            .prop_map(
                |(hash, grades, memory, due, ticked, draft, chosen, updated_at)| Record {
                    hash,
                    grades,
                    memory,
                    due,
                    ticked,
                    draft,
                    chosen,
                    updated_at,
                },
            )
    }

    fn prefs() -> impl Strategy<Value = Prefs> {
        (
            prop::sample::select(vec![Theme::Auto, Theme::Light, Theme::Dark]),
            any::<bool>(),
            any::<u8>(),
            any::<u32>(),
        )
            .prop_map(|(theme, swipe, mock_questions, mock_seconds)| Prefs {
                theme,
                swipe,
                mock_questions,
                mock_seconds,
            })
    }

    fn progress() -> impl Strategy<Value = Progress> {
        (
            prop::collection::btree_map(
                prop_oneof![any::<String>(), "[a-z0-9-]{1,80}"],
                record(),
                0..5,
            ),
            prefs(),
        )
            .prop_map(|(questions, prefs)| Progress { questions, prefs })
    }

    /// A change to an encoded value, applied at a character boundary.
    #[derive(Debug, Clone)]
    enum Mutation {
        Truncate(prop::sample::Index),
        Delete(prop::sample::Index),
        Insert(prop::sample::Index, char),
        Replace(prop::sample::Index, char),
    }

    fn mutation() -> impl Strategy<Value = Mutation> {
        // JSON's own punctuation is the likeliest to turn one valid shape into another.
        let c = prop_oneof![
            prop::sample::select(vec![
                '{', '}', '[', ']', '"', ',', ':', '\\', '0', '9', '-', 'e', '.', ' '
            ]),
            any::<char>(),
        ];
        prop_oneof![
            any::<prop::sample::Index>().prop_map(Mutation::Truncate),
            any::<prop::sample::Index>().prop_map(Mutation::Delete),
            (any::<prop::sample::Index>(), c.clone()).prop_map(|(i, c)| Mutation::Insert(i, c)),
            (any::<prop::sample::Index>(), c).prop_map(|(i, c)| Mutation::Replace(i, c)),
        ]
    }

    fn mutate(raw: &str, mutation: &Mutation) -> String {
        let mut chars: Vec<char> = raw.chars().collect();
        match mutation {
            Mutation::Truncate(i) => chars.truncate(i.index(chars.len())),
            Mutation::Delete(i) => {
                chars.remove(i.index(chars.len()));
            }
            Mutation::Insert(i, c) => chars.insert(i.index(chars.len() + 1), *c),
            Mutation::Replace(i, c) => {
                let at = i.index(chars.len());
                chars[at] = *c;
            }
        }
        chars.into_iter().collect()
    }

    /// Whether `mutated` really says it was written by a newer schema.
    use serde_json::Value;

    fn claims_schema(mutated: &str, schema: u64) -> bool {
        serde_json::from_str::<Value>(mutated).is_ok_and(|v| {
            v.get("app").and_then(Value::as_str) == Some(APP)
                && v.get("schema").and_then(Value::as_u64) == Some(schema)
                && schema > u64::from(SCHEMA)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 256,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn decoding_any_string_never_panics(raw in any::<String>()) {
            prop_assert!(!matches!(decode(Some(&raw)), Decoded::Empty));
        }

        #[test]
        fn decoding_json_shaped_text_never_panics(
            raw in r#"[\{\}\[\]":,0-9a-z\\. -]{0,64}"#,
        ) {
            prop_assert!(!matches!(decode(Some(&raw)), Decoded::Empty));
            let wrapped = format!(r#"{{"app":"rehearse","schema":1,"deck":"d","progress":{raw}}}"#);
            prop_assert!(!matches!(decode(Some(&wrapped)), Decoded::Empty));
        }

        #[test]
        fn any_progress_round_trips_exactly(progress in progress(), deck in any::<String>()) {
            let raw = encode(&deck, &progress);
            match decode(Some(&raw)) {
                Decoded::Progress(decoded) => prop_assert_eq!(decoded, progress),
                other => prop_assert!(false, "{:?} from {:?}", other, raw),
            }
        }

        #[test]
        fn a_damaged_value_is_read_or_reported_never_a_panic(
            progress in progress(),
            mutations in prop::collection::vec(mutation(), 1..4),
        ) {
            let mut raw = encode("backend-engineer", &progress);
            for m in &mutations {
                if raw.is_empty() {
                    break;
                }
                raw = mutate(&raw, m);
            }
            match decode(Some(&raw)) {
                Decoded::Progress(_) | Decoded::Unreadable { .. } => {}
                Decoded::Newer { schema } => prop_assert!(
                    claims_schema(&raw, schema),
                    "Newer {{ schema: {} }} from {:?}", schema, raw
                ),
                Decoded::Empty => prop_assert!(false, "Empty from {:?}", raw),
            }
        }
    }
}
