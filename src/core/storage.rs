//! The storage format: the key, the versioned envelope, and its migrations.
//! Decoding is total: any string gives an outcome, never a panic, and nothing here
//! decides to delete data — the shell keeps unreadable values aside.

use super::deck::Deck;
use super::fsrs::{Grade, Memory};
use super::json::{self, Reader, Writer};
use super::progress::{limits, GradeEntry, Prefs, Progress, Record, Spoken, Theme};
use super::transfer;

/// The schema this build writes. Every earlier schema has a migration below.
/// Schema 2 added the deletion record, `progress.cleared_at`: a build that cannot
/// honour it must not write over it, and schema 1 builds treat schema 2 as read-only.
/// Schema 3 added the lengths of answers given out loud (`spoken`), which a schema 2
/// build would drop on its next save.
pub const SCHEMA: u32 = 3;
/// Marks a value as ours, so another app's data under a colliding key is never taken for it.
const APP: &str = "rehearse";

/// How grades and themes are spelled in storage, in the order of `Grade::ALL` and `THEMES`.
pub const GRADE_NAMES: [&str; 4] = ["again", "hard", "good", "easy"];
const THEMES: [Theme; 3] = [Theme::Auto, Theme::Light, Theme::Dark];
const THEME_NAMES: [&str; 3] = ["auto", "light", "dark"];

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

/// Reads what a user brings to import: a transfer code, a link holding one, or an
/// exported file's text. Its size is checked before anything is decoded, and what it
/// holds is [`Progress::imported`]: only the deck's questions, within the limits, with
/// no time later than `now`. The error is a sentence for the user.
pub fn read_import(text: &str, deck: &Deck, now: i64) -> Result<Progress, String> {
    if text.len() > limits::IMPORT_BYTES {
        return Err(format!(
            "That is too large to be Rehearse progress ({} KB; exports are far smaller). Nothing was changed.",
            text.len() / 1024
        ));
    }
    let text = text.trim();
    if text.is_empty() {
        return Err("Paste a transfer code or choose an exported file first.".into());
    }
    let json = if text.starts_with('{') {
        text.to_string()
    } else {
        transfer::decode(text).map_err(|e| format!("That code cannot be read: {e}."))?
    };
    match decode(Some(&json)) {
        Decoded::Progress(progress) => Ok(progress.imported(deck, now)),
        Decoded::Newer { .. } => Err(
            "That progress comes from a newer version of Rehearse; update this page first.".into(),
        ),
        Decoded::Unreadable { reason } => Err(format!(
            "That is not Rehearse progress: {reason}. Nothing was changed."
        )),
        // `decode` is given text, so it is never empty.
        Decoded::Empty => Err("There is nothing to import.".into()),
    }
}

/// Whether `candidate` is one of `key`'s backup copies (`<key>:backup:<time>`), and not
/// the key of another namespace that happens to start the same way.
pub fn is_backup_of(key: &str, candidate: &str) -> bool {
    candidate
        .strip_prefix(key)
        .and_then(|rest| rest.strip_prefix(":backup:"))
        .is_some_and(|time| !time.is_empty() && time.bytes().all(|b| b.is_ascii_digit()))
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

/// The envelope `{"app":"rehearse","schema":2,"deck":…,"progress":…}`.
pub fn encode(deck_id: &str, progress: &Progress) -> String {
    let mut w = Writer::default();
    w.open('{');
    w.key("app");
    w.string(APP);
    w.key("schema");
    w.int(SCHEMA.into());
    w.key("deck");
    w.string(deck_id);
    w.key("progress");
    write_progress(&mut w, progress);
    w.close('}');
    w.finish()
}

fn write_progress(w: &mut Writer, progress: &Progress) {
    w.open('{');
    w.key("questions");
    w.open('{');
    for (slug, record) in &progress.questions {
        w.key(slug);
        write_record(w, record);
    }
    w.close('}');
    w.key("prefs");
    write_prefs(w, &progress.prefs);
    w.key("cleared_at");
    w.int(progress.cleared_at);
    w.close('}');
}

fn write_record(w: &mut Writer, record: &Record) {
    w.open('{');
    w.key("hash");
    w.string(&record.hash);
    w.key("grades");
    w.open('[');
    for entry in &record.grades {
        w.open('{');
        w.key("at");
        w.int(entry.at);
        w.key("grade");
        w.string(GRADE_NAMES[entry.grade as usize - 1]);
        w.close('}');
    }
    w.close(']');
    w.key("memory");
    match &record.memory {
        Some(memory) => write_memory(w, memory),
        None => w.null(),
    }
    w.key("due");
    match record.due {
        Some(due) => w.int(due),
        None => w.null(),
    }
    w.key("ticked");
    write_small_ints(w, &record.ticked);
    w.key("draft");
    w.string(&record.draft);
    w.key("chosen");
    write_small_ints(w, &record.chosen);
    w.key("spoken");
    w.open('[');
    for entry in &record.spoken {
        w.open('{');
        w.key("at");
        w.int(entry.at);
        w.key("ms");
        w.int(entry.ms);
        w.close('}');
    }
    w.close(']');
    w.key("updated_at");
    w.int(record.updated_at);
    w.close('}');
}

/// Stability and difficulty are stored as integers in millionths, so that no float is
/// ever written or parsed as text (which would link float formatting into the wasm).
/// Progress keeps both rounded to millionths already (`progress::micro`), and such a
/// value survives the trip through an integer bit for bit (see the tests).
fn write_memory(w: &mut Writer, memory: &Memory) {
    w.open('{');
    w.key("stability_micro");
    w.int(to_micros(memory.stability));
    w.key("difficulty_micro");
    w.int(to_micros(memory.difficulty));
    w.key("last_review");
    w.int(memory.last_review);
    w.key("reps");
    w.int(memory.reps.into());
    w.key("lapses");
    w.int(memory.lapses.into());
    w.close('}');
}

fn write_small_ints(w: &mut Writer, list: &[u8]) {
    w.open('[');
    for &n in list {
        w.int(n.into());
    }
    w.close(']');
}

fn write_prefs(w: &mut Writer, prefs: &Prefs) {
    w.open('{');
    w.key("theme");
    w.string(THEME_NAMES[prefs.theme as usize]);
    w.key("swipe");
    w.boolean(prefs.swipe);
    w.key("mock_questions");
    w.int(prefs.mock_questions.into());
    w.key("mock_seconds");
    w.int(prefs.mock_seconds.into());
    w.close('}');
}

/// Millionths as an integer. `as` saturates, and NaN (which the scheduler never
/// produces) becomes 0.
fn to_micros(x: f64) -> i64 {
    (x * 1e6).round() as i64
}

fn from_micros(n: i64) -> f64 {
    n as f64 / 1e6
}

/// Reads a stored value in three passes over the text, each of which decides one
/// outcome: is it JSON at all, is it ours and of which schema (from the header fields
/// alone, so a newer schema is recognised whatever the rest holds), and is every field
/// of the shape its schema says.
pub fn decode(raw: Option<&str>) -> Decoded {
    let Some(raw) = raw else {
        return Decoded::Empty;
    };
    if let Err(e) = json::validate(raw) {
        return unreadable(format!("it is not valid JSON{}", at(raw, e)));
    }
    let Ok((ours, schema)) = read_header(raw) else {
        return unreadable("it was not written by Rehearse".into());
    };
    if !ours {
        return unreadable("it was not written by Rehearse".into());
    }
    let Some(schema) = schema else {
        return unreadable("it has no schema number".into());
    };
    if schema > u64::from(SCHEMA) {
        return Decoded::Newer { schema };
    }
    match migrate(schema, raw) {
        Ok(progress) => Decoded::Progress(progress),
        Err(reason) => unreadable(reason),
    }
}

/// What every schema's envelope shares: whether `app` says it is ours, and the schema
/// number (`null` counts as none). Other fields are skipped at this stage.
fn read_header(raw: &str) -> json::Result<(bool, Option<u64>)> {
    let (mut ours, mut schema) = (false, None);
    Reader::new(raw).object(&mut |r, key| {
        match key {
            "app" => ours = !r.null() && r.string()? == APP,
            "schema" => schema = if r.null() { None } else { Some(r.u64()?) },
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok((ours, schema))
}

/// Where reading stopped, for a person to look at the text.
fn at(raw: &str, e: json::Error) -> String {
    let (line, column) = e.line_col(raw);
    format!(" at line {line}, column {column}")
}

fn unreadable(reason: String) -> Decoded {
    Decoded::Unreadable { reason }
}

/// Reads an envelope of an earlier schema and brings it up to [`SCHEMA`], each schema
/// with a fixture of its blob and a test. Schema 2 is schema 1 plus the deletion record,
/// and schema 3 is schema 2 plus `spoken`, so one reader serves all three: schema 1 has
/// no deletion record, which is `cleared_at` 0 (never reset), and schemas 1 and 2 have no
/// spoken answers.
fn migrate(schema: u64, raw: &str) -> Result<Progress, String> {
    match schema {
        1..=3 => {
            read_envelope(raw).map_err(|e| format!("a field has the wrong shape{}", at(raw, e)))
        }
        other => Err(format!("schema {other} is not one Rehearse ever wrote")),
    }
}

/// The readers below follow what the format promises: unknown keys are skipped
/// (a later build may add some), a missing field of a record or of the preferences takes
/// its default, but the envelope, a grade entry and a memory must be whole, and a field
/// that is present must have its type.
fn read_envelope(raw: &str) -> json::Result<Progress> {
    let mut r = Reader::new(raw);
    let (mut deck, mut progress) = (false, None);
    r.object(&mut |r, key| {
        match key {
            // `app` and `schema` were read with the header.
            "deck" => {
                r.string()?;
                deck = true;
            }
            "progress" => progress = Some(read_progress(r)?),
            _ => r.skip()?,
        }
        Ok(())
    })?;
    let Some(progress) = progress.filter(|_| deck) else {
        return Err(r.missing());
    };
    r.finish()?;
    Ok(progress)
}

fn read_progress(r: &mut Reader) -> json::Result<Progress> {
    let mut progress = Progress::default();
    r.object(&mut |r, key| {
        match key {
            "questions" => r.object(&mut |r, slug| {
                let record = read_record(r)?;
                progress.questions.insert(slug.into(), record);
                Ok(())
            })?,
            "prefs" => progress.prefs = read_prefs(r)?,
            "cleared_at" => progress.cleared_at = r.i64()?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(progress)
}

fn read_record(r: &mut Reader) -> json::Result<Record> {
    let mut record = Record::default();
    r.object(&mut |r, key| {
        match key {
            "hash" => record.hash = r.string()?,
            "grades" => r.array(&mut |r| {
                record.grades.push(read_grade_entry(r)?);
                Ok(())
            })?,
            "memory" => {
                record.memory = if r.null() {
                    None
                } else {
                    Some(read_memory(r)?)
                }
            }
            "due" => record.due = if r.null() { None } else { Some(r.i64()?) },
            "ticked" => record.ticked = read_small_ints(r)?,
            "draft" => record.draft = r.string()?,
            "chosen" => record.chosen = read_small_ints(r)?,
            "spoken" => r.array(&mut |r| {
                record.spoken.push(read_spoken(r)?);
                Ok(())
            })?,
            "updated_at" => record.updated_at = r.i64()?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(record)
}

fn read_grade_entry(r: &mut Reader) -> json::Result<GradeEntry> {
    let (mut at, mut grade) = (None, None);
    r.object(&mut |r, key| {
        match key {
            "at" => at = Some(r.i64()?),
            "grade" => grade = Some(Grade::ALL[r.choice(&GRADE_NAMES)?]),
            _ => r.skip()?,
        }
        Ok(())
    })?;
    match (at, grade) {
        (Some(at), Some(grade)) => Ok(GradeEntry { at, grade }),
        _ => Err(r.missing()),
    }
}

fn read_spoken(r: &mut Reader) -> json::Result<Spoken> {
    let (mut at, mut ms) = (None, None);
    r.object(&mut |r, key| {
        match key {
            "at" => at = Some(r.i64()?),
            "ms" => ms = Some(r.i64()?),
            _ => r.skip()?,
        }
        Ok(())
    })?;
    match (at, ms) {
        (Some(at), Some(ms)) => Ok(Spoken { at, ms }),
        _ => Err(r.missing()),
    }
}

fn read_memory(r: &mut Reader) -> json::Result<Memory> {
    let mut memory = Memory {
        stability: 0.0,
        difficulty: 0.0,
        last_review: 0,
        reps: 0,
        lapses: 0,
    };
    // One bit per field read, because every field of a memory is required.
    let mut seen = 0u8;
    r.object(&mut |r, key| {
        let bit = match key {
            "stability_micro" => {
                memory.stability = from_micros(r.i64()?);
                1
            }
            "difficulty_micro" => {
                memory.difficulty = from_micros(r.i64()?);
                2
            }
            "last_review" => {
                memory.last_review = r.i64()?;
                4
            }
            "reps" => {
                memory.reps = r.u32()?;
                8
            }
            "lapses" => {
                memory.lapses = r.u32()?;
                16
            }
            _ => return r.skip(),
        };
        seen |= bit;
        Ok(())
    })?;
    match seen {
        31 => Ok(memory),
        _ => Err(r.missing()),
    }
}

fn read_small_ints(r: &mut Reader) -> json::Result<Vec<u8>> {
    let mut list = Vec::new();
    r.array(&mut |r| {
        list.push(r.u8()?);
        Ok(())
    })?;
    Ok(list)
}

fn read_prefs(r: &mut Reader) -> json::Result<Prefs> {
    let mut prefs = Prefs::default();
    r.object(&mut |r, key| {
        match key {
            "theme" => prefs.theme = THEMES[r.choice(&THEME_NAMES)?],
            "swipe" => prefs.swipe = r.boolean()?,
            "mock_questions" => prefs.mock_questions = r.u8()?,
            "mock_seconds" => prefs.mock_seconds = r.u32()?,
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(prefs)
}
#[cfg(test)]
mod tests {
    use super::*;

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
                spoken: vec![Spoken {
                    at: 1_700_000_000_000,
                    ms: 130_000,
                }],
                updated_at: 1_700_000_000_000,
                ..Record::default()
            },
        );
        progress.prefs.theme = Theme::Dark;
        progress
    }

    const NOW: i64 = 1_764_000_000_000;

    #[test]
    fn a_crafted_import_is_validated_before_it_can_merge() {
        let deck = &crate::core::deck::DECK;
        let wrap = |questions: &str| {
            format!(
                r#"{{"app":"rehearse","schema":2,"deck":"backend-engineer","progress":{{"questions":{{{questions}}},"cleared_at":9223372036854775807}}}}"#
            )
        };
        // A time far in the future, an unknown slug and a hostile one, a huge draft.
        let crafted = wrap(&format!(
            r#""containers":{{"updated_at":9223372036854775807,"draft":"{}","ticked":[0,255,0]}},"made-up":{{"draft":"x"}},"<img src=x onerror=alert(1)>":{{}}"#,
            "a".repeat(limits::DRAFT_BYTES + 1)
        ));
        for text in [crafted.clone(), transfer::encode(&crafted)] {
            let progress = read_import(&text, deck, NOW).expect("readable");
            assert_eq!(
                progress.questions.keys().collect::<Vec<_>>(),
                ["containers"]
            );
            let record = &progress.questions["containers"];
            assert_eq!(record.updated_at, NOW);
            assert_eq!(record.draft.len(), limits::DRAFT_BYTES);
            assert_eq!(record.ticked, [0]);
            assert_eq!(progress.cleared_at, NOW);
        }
        // Very many records: only the deck's questions are kept.
        let many: Vec<String> = (0..50_000).map(|i| format!(r#""q{i}":{{}}"#)).collect();
        let code = transfer::encode(&wrap(&many.join(",")));
        assert!(code.len() < limits::IMPORT_BYTES);
        assert_eq!(
            read_import(&code, deck, NOW).map(|p| p.questions.len()),
            Ok(0)
        );
        // Too large is refused before any decoding.
        let huge = format!("{{{}", " ".repeat(limits::IMPORT_BYTES));
        let refused = read_import(&huge, deck, NOW).unwrap_err();
        assert!(
            refused.starts_with("That is too large to be Rehearse progress (2048 KB"),
            "{refused}"
        );
        assert_eq!(
            read_import("  ", deck, NOW).unwrap_err(),
            "Paste a transfer code or choose an exported file first."
        );
        assert!(read_import("r1.AAAA", deck, NOW)
            .unwrap_err()
            .starts_with("That code cannot be read: "));
        assert!(read_import(r#"{"app":"rehearse","schema":4}"#, deck, NOW)
            .unwrap_err()
            .contains("newer version"));
        assert!(read_import(r#"{"hello":1}"#, deck, NOW)
            .unwrap_err()
            .starts_with("That is not Rehearse progress"));
        // A schema 1 transfer code, as builds before the deletion record wrote them.
        let old = include_str!("../../tests/fixtures/storage/schema-1.json");
        let progress = read_import(&transfer::encode(old), deck, NOW).expect("schema 1 imports");
        assert_eq!(
            progress.questions["rate-limiting"].draft,
            "Token bucket per API key"
        );
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
        let key = "rehearse:v1:deck";
        assert!(is_backup_of(key, &backup_key(key, 1_764_000_000_000)));
        for other in [
            "rehearse:v1:deck",
            "rehearse:v1:deck:backup",
            "rehearse:v1:deck:backup:",
            "rehearse:v1:deck:backup:backup:5",
            "rehearse:v1:deck:ns:backup:5",
            "rehearse:v1:deck2:backup:5",
        ] {
            assert!(!is_backup_of(key, other), "{other}");
        }
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
        assert_eq!(
            record.memory,
            Some(Memory {
                stability: 6.985016,
                difficulty: 6.473292,
                last_review: 1_764_300_000_000,
                reps: 2,
                lapses: 0,
            })
        );
        assert_eq!(progress.prefs.theme, Theme::Light);
        assert_eq!(progress.cleared_at, 0, "schema 1 was never reset");
        // Migrated, it is what this build writes with no deletion record.
        assert_eq!(
            encode("backend-engineer", &progress),
            schema_3_without_spoken().replace(r#""cleared_at":1763000000000"#, r#""cleared_at":0"#)
        );
    }

    /// The schema 3 fixture with its spoken answer taken out: what schemas 1 and 2 become.
    fn schema_3_without_spoken() -> String {
        include_str!("../../tests/fixtures/storage/schema-3.json")
            .trim_end()
            .replace(r#"[{"at":1764300000000,"ms":130000}]"#, "[]")
    }

    #[test]
    fn schema_2_fixture_decodes_with_its_deletion_record() {
        let raw = include_str!("../../tests/fixtures/storage/schema-2.json");
        let Decoded::Progress(progress) = decode(Some(raw)) else {
            panic!("the schema 2 fixture must decode");
        };
        assert_eq!(progress.cleared_at, 1_763_000_000_000);
        assert_eq!(progress.questions["rate-limiting"].grades.len(), 2);
        // Migrated, nothing is lost: it is schema 3 with no spoken answers.
        assert_eq!(
            encode("backend-engineer", &progress),
            schema_3_without_spoken()
        );
    }

    #[test]
    fn schema_3_fixture_decodes_with_its_spoken_answer() {
        let raw = include_str!("../../tests/fixtures/storage/schema-3.json");
        let Decoded::Progress(progress) = decode(Some(raw)) else {
            panic!("the schema 3 fixture must decode");
        };
        assert_eq!(
            progress.questions["rate-limiting"].spoken,
            [Spoken {
                at: 1_764_300_000_000,
                ms: 130_000
            }]
        );
        // What we read is what we would write, byte for byte.
        assert_eq!(encode("backend-engineer", &progress), raw.trim_end());
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
        // From the header alone: the rest may have any shape a later build chooses.
        let raw =
            r#"{"progress":[1.5e3,{"x":null}],"schema":18446744073709551615,"app":"rehearse"}"#;
        assert_eq!(decode(Some(raw)), Decoded::Newer { schema: u64::MAX });
    }

    fn reason(raw: &str) -> String {
        match decode(Some(raw)) {
            Decoded::Unreadable { reason } => reason,
            other => panic!("{other:?} from {raw}"),
        }
    }

    #[test]
    fn reasons_say_what_is_wrong_and_where() {
        assert_eq!(reason(""), "it is not valid JSON at line 1, column 1");
        assert_eq!(
            reason("garbage"),
            "it is not valid JSON at line 1, column 1"
        );
        assert_eq!(
            reason(r#"{"app":"rehearse","schema":1"#),
            "it is not valid JSON at line 1, column 29"
        );
        assert_eq!(
            reason("{\"app\":\"rehearse\",\n \"schema\":1,\n \"ü\": \"ö\" x}"),
            "it is not valid JSON at line 3, column 11"
        );
        for not_ours in [
            "[]",
            "null",
            "5",
            r#"{"todos":[]}"#,
            r#"{"app":"other","schema":1}"#,
            r#"{"app":5,"schema":1}"#,
            r#"{"app":"rehearse","schema":"1"}"#,
            r#"{"app":"rehearse","schema":1.0}"#,
            r#"{"app":"rehearse","schema":-1}"#,
        ] {
            assert_eq!(
                reason(not_ours),
                "it was not written by Rehearse",
                "{not_ours}"
            );
        }
        assert_eq!(reason(r#"{"app":"rehearse"}"#), "it has no schema number");
        assert_eq!(
            reason(r#"{"app":"rehearse","schema":null}"#),
            "it has no schema number"
        );
        assert_eq!(
            reason(r#"{"app":"rehearse","schema":0,"deck":"d","progress":{}}"#),
            "schema 0 is not one Rehearse ever wrote"
        );
        let wrong_type = r#"{"app":"rehearse","schema":1,"deck":"d","progress":{"questions":{"a":{"grades":"lots"}}}}"#;
        assert_eq!(
            reason(wrong_type),
            "a field has the wrong shape at line 1, column 80"
        );
        let multi_line = "{\"app\": \"rehearse\", \"schema\": 1, \"deck\": \"d\",\n  \"progress\": {\n    \"prefs\": {\"swipe\": 1}}}";
        assert_eq!(
            reason(multi_line),
            "a field has the wrong shape at line 3, column 24"
        );
    }

    #[test]
    fn every_field_must_have_its_type() {
        let wrap = |record: &str| {
            format!(
                r#"{{"app":"rehearse","schema":1,"deck":"d","progress":{{"questions":{{"q":{record}}}}}}}"#
            )
        };
        assert!(matches!(decode(Some(&wrap("{}"))), Decoded::Progress(_)));
        let memory =
            r#""stability_micro":1,"difficulty_micro":2,"last_review":3,"reps":4,"lapses":5"#;
        for bad in [
            r#"{"hash":1}"#.to_string(),
            r#"{"hash":null}"#.into(),
            r#"{"grades":[{"at":1}]}"#.into(),
            r#"{"grades":[{"grade":"good"}]}"#.into(),
            r#"{"grades":[{"at":1,"grade":"great"}]}"#.into(),
            r#"{"grades":[{"at":1.5,"grade":"good"}]}"#.into(),
            r#"{"grades":[null]}"#.into(),
            r#"{"due":"soon"}"#.into(),
            r#"{"due":9223372036854775808}"#.into(),
            r#"{"ticked":[256]}"#.into(),
            r#"{"ticked":[-1]}"#.into(),
            r#"{"chosen":[true]}"#.into(),
            r#"{"draft":["a"]}"#.into(),
            r#"{"updated_at":1e3}"#.into(),
            // Schema 1 stores stability and difficulty in millionths, never as floats.
            r#"{"memory":{"stability":3.173,"difficulty":5.28,"last_review":3,"reps":4,"lapses":5}}"#.into(),
            format!(r#"{{"memory":{{{memory},"reps":-1}}}}"#),
            format!(r#"{{"memory":{{{memory},"lapses":4294967296}}}}"#),
            format!(r#"{{"memory":{{{}}}}}"#, &memory[..memory.len() - 11]),
            r#"{"memory":{"stability_micro":0.5,"difficulty_micro":2,"last_review":3,"reps":4,"lapses":5}}"#.into(),
        ] {
            assert!(
                matches!(decode(Some(&wrap(&bad))), Decoded::Unreadable { reason } if reason.starts_with("a field has the wrong shape")),
                "{bad}"
            );
        }
        let prefs = |prefs: &str| {
            decode(Some(&format!(
                r#"{{"app":"rehearse","schema":1,"deck":"d","progress":{{"prefs":{prefs}}}}}"#
            )))
        };
        for bad in [
            r#"{"theme":"blue"}"#,
            r#"{"swipe":"yes"}"#,
            r#"{"mock_questions":300}"#,
        ] {
            assert!(matches!(prefs(bad), Decoded::Unreadable { .. }), "{bad}");
        }
        // The envelope must be whole.
        for bad in [
            r#"{"app":"rehearse","schema":1,"progress":{}}"#,
            r#"{"app":"rehearse","schema":1,"deck":"d"}"#,
            r#"{"app":"rehearse","schema":1,"deck":7,"progress":{}}"#,
            r#"{"app":"rehearse","schema":1,"deck":"d","progress":[]}"#,
        ] {
            assert!(
                matches!(decode(Some(bad)), Decoded::Unreadable { .. }),
                "{bad}"
            );
        }
    }

    #[test]
    fn unknown_keys_are_skipped_and_missing_fields_take_their_defaults() {
        let raw = r#"{"app":"rehearse","later":{"a":[1,2.5e-3,{"b":null}]},"schema":1,"deck":"d","progress":{"questions":{"q":{"hash":"h","new":[true],"memory":{"stability_micro":3173000,"difficulty_micro":5282434,"last_review":-4,"reps":1,"lapses":0,"w":1.5},"grades":[{"at":7,"grade":"easy","note":"x"}]}},"prefs":{"mock_seconds":60,"font":"large"},"extra":"x"}}"#;
        let Decoded::Progress(progress) = decode(Some(raw)) else {
            panic!("must decode");
        };
        let record = &progress.questions["q"];
        assert_eq!(
            *record,
            Record {
                hash: "h".into(),
                grades: vec![GradeEntry {
                    at: 7,
                    grade: Grade::Easy
                }],
                memory: Some(Memory {
                    stability: 3.173,
                    difficulty: 5.282434,
                    last_review: -4,
                    reps: 1,
                    lapses: 0
                }),
                ..Record::default()
            }
        );
        assert_eq!(
            progress.prefs,
            Prefs {
                mock_seconds: 60,
                ..Prefs::default()
            }
        );
        let empty = r#"{"app":"rehearse","schema":1,"deck":"d","progress":{}}"#;
        assert_eq!(decode(Some(empty)), Decoded::Progress(Progress::default()));
    }

    #[test]
    fn memory_is_written_in_millionths() {
        let mut progress = sample();
        let record = progress.questions.get_mut("rate-limiting").unwrap();
        record.memory = Some(Memory {
            stability: 3.173,
            difficulty: 5.282434,
            last_review: 1_700_000_000_000,
            reps: 1,
            lapses: 0,
        });
        record.due = Some(1_700_259_200_000);
        let raw = encode("deck", &progress);
        assert!(
            raw.contains(r#""memory":{"stability_micro":3173000,"difficulty_micro":5282434,"last_review":1700000000000,"reps":1,"lapses":0},"due":1700259200000,"ticked":[0,2]"#),
            "{raw}"
        );
        assert_eq!(decode(Some(&raw)), Decoded::Progress(progress));
    }

    /// `progress::micro` yields exactly the values k / 1e6 for whole k. Such a value times
    /// 1e6 is within |k| * 2^-52 of k, far less than the 0.5 that rounding tolerates while
    /// |k| < 2^51 (2.2e9 days), and k / 1e6 is then the very division `micro` made, so
    /// the trip through an integer is exact. Checked here for every difficulty the
    /// scheduler can give (1..=10, with a margin), the top of the stability range, and a
    /// stride through the rest of it; the property tests add random draws.
    #[test]
    fn micro_values_survive_the_trip_through_integers() {
        let check = |k: i64| {
            let x = crate::core::progress::micro(k as f64 / 1e6);
            assert_eq!(to_micros(x), k, "{k}");
            assert_eq!(from_micros(k).to_bits(), x.to_bits(), "{k}");
        };
        (0..=11_000_000).for_each(check);
        (36_499_000_000..=36_500_000_000).for_each(check);
        (0..=40_000_000_000).step_by(9_973).for_each(check);
        [-1, 10_000, i64::from(i32::MAX), 1 << 50]
            .into_iter()
            .for_each(check);
    }
}

/// Property tests: decoding is total, and what we write we read back.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
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
            (
                prop::collection::vec(
                    (any::<i64>(), any::<i64>()).prop_map(|(at, ms)| Spoken { at, ms }),
                    0..4,
                ),
                any::<i64>(),
            ),
        )
            .prop_map(
                |(hash, grades, memory, due, ticked, draft, chosen, (spoken, updated_at))| Record {
                    hash,
                    grades,
                    memory,
                    due,
                    ticked,
                    draft,
                    chosen,
                    spoken,
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
            any::<i64>(),
        )
            .prop_map(|(questions, prefs, cleared_at)| Progress {
                questions: questions.into_iter().collect(),
                prefs,
                cleared_at,
            })
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

    /// Whether `mutated` really says it was written by a newer schema. Read off the text
    /// by hand rather than with the decoder's reader, so that the two check each other.
    fn claims_schema(mutated: &str, schema: u64) -> bool {
        let value_of = |key: &'static str| {
            mutated.match_indices(key).filter_map(move |(i, _)| {
                let rest = mutated[i + key.len()..].trim_start().strip_prefix(':')?;
                Some(rest.trim_start())
            })
        };
        let claims_ours = value_of("\"app\"").any(|v| v.starts_with("\"rehearse\""));
        let claims_schema = value_of("\"schema\"").any(|v| {
            let digits = v.bytes().take_while(u8::is_ascii_digit).count();
            v[..digits].parse() == Ok(schema)
        });
        json::validate(mutated).is_ok() && claims_ours && claims_schema && schema > SCHEMA.into()
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            // The issue asks for at least 10,000 cases of random and mutated input.
            cases: 10_000,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn micro_values_survive_the_trip_through_integers(
            x in prop_oneof![-1.0..40_000.0f64, 0.0..11.0f64, 36_000.0..36_500.0f64],
        ) {
            let x = crate::core::progress::micro(x);
            prop_assert_eq!(from_micros(to_micros(x)).to_bits(), x.to_bits());
        }

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

    /// Progress as an export of this deck can hold it: any progress, imported.
    fn valid_export() -> impl Strategy<Value = Progress> {
        let slug = prop::sample::select(
            crate::core::deck::DECK
                .questions
                .iter()
                .flat_map(|q| std::iter::once(q.id).chain(q.aliases.iter().copied()))
                .collect::<Vec<_>>(),
        );
        (
            prop::collection::btree_map(slug.prop_map(String::from), record(), 0..6),
            prefs(),
            prop_oneof![Just(0), 0..NOW],
        )
            .prop_map(|(questions, prefs, cleared_at)| {
                Progress {
                    questions: questions.into_iter().collect(),
                    prefs,
                    cleared_at,
                }
                .imported(&crate::core::deck::DECK, NOW)
            })
    }

    const NOW: i64 = 1_764_000_000_000;

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 10_000,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Every valid export comes back exactly, as a transfer code, as a link holding
        /// one, and as the file's text.
        #[test]
        fn every_valid_export_round_trips_exactly(progress in valid_export()) {
            let deck = &crate::core::deck::DECK;
            let json = encode(deck.id, &progress);
            let code = transfer::encode(&json);
            prop_assert_eq!(read_import(&code, deck, NOW), Ok(progress.clone()));
            let link = format!("https://example.com/rehearse/#/import/{code}");
            prop_assert_eq!(read_import(&link, deck, NOW), Ok(progress.clone()));
            prop_assert_eq!(read_import(&json, deck, NOW), Ok(progress));
        }

        /// Whatever is pasted, the import reader answers with progress within the limits
        /// or a sentence; a damaged export too.
        #[test]
        fn any_pasted_text_is_imported_within_the_limits_or_refused(
            progress in progress(),
            mutations in prop::collection::vec(mutation(), 0..3),
            as_code in any::<bool>(),
        ) {
            let deck = &crate::core::deck::DECK;
            let mut text = encode(deck.id, &progress);
            if as_code {
                text = transfer::encode(&text);
            }
            for m in &mutations {
                if !text.is_empty() {
                    text = mutate(&text, m);
                }
            }
            if let Ok(imported) = read_import(&text, deck, NOW) {
                prop_assert!(imported.questions.keys().all(|slug| deck.questions.iter().any(|q| q.id == slug)));
                prop_assert!(imported.questions.values().all(|r| r.updated_at <= NOW));
                prop_assert_eq!(imported.clone().imported(deck, NOW), imported);
            }
        }
    }
}
