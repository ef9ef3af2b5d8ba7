//! Valid decks: the shipped deck and the choice fixture compile, and the generated
//! Rust has the rendered HTML, zero-based answers, and hashes the app needs.

mod support;

use std::path::Path;

use deckc::Compiled;
use support::{base_deck, deck_with, errors, errors_in};

fn compile(root: &Path) -> Compiled {
    match deckc::compile(root, "content", "DECK") {
        Ok(compiled) => compiled,
        Err(diagnostics) => {
            let report: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            panic!("{} should compile:\n{}", root.display(), report.join("\n"));
        }
    }
}

/// The generated line of one question that starts with `start`, e.g. `hash: `.
fn field<'a>(source: &'a str, question: &str, start: &str) -> &'a str {
    let from = source
        .find(&format!("id: {question:?},"))
        .unwrap_or_else(|| panic!("no question `{question}`"));
    let rest = &source[from..];
    let at = rest.find(start).unwrap();
    rest[at..].lines().next().unwrap()
}

#[test]
fn the_shipped_deck_compiles_with_all_23_questions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    assert_eq!(compile(&root).n_questions, 23);
}

#[test]
fn the_choice_fixture_deck_compiles_with_every_kind() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/choice-deck");
    let compiled = match deckc::compile(&root, "tests/fixtures/choice-deck", "CHOICE_DECK") {
        Ok(compiled) => compiled,
        Err(diagnostics) => panic!("{}", diagnostics[0]),
    };
    assert_eq!(compiled.n_questions, 4);
    let source = &compiled.rust_source;
    assert!(source.contains("pub static CHOICE_DECK: Deck = Deck {"));
    assert_eq!(source.matches("kind: Kind::Single {").count(), 2);
    assert_eq!(source.matches("kind: Kind::Multiple {").count(), 1);
    assert_eq!(source.matches("kind: Kind::Open {").count(), 1);
    assert_eq!(
        source
            .matches("Section { kind: SectionKind::Explanation,")
            .count(),
        3
    );
}

#[test]
fn the_static_is_named_by_the_caller() {
    let compiled = deckc::compile(&deck_with("rendering", false), "content", "OTHER_DECK").unwrap();
    assert!(compiled
        .rust_source
        .contains("pub static OTHER_DECK: Deck = Deck {"));
}

#[test]
fn correct_positions_are_one_based_in_the_file_and_zero_based_in_the_deck() {
    let source = compile(&deck_with("rendering", false)).rust_source;
    assert_eq!(
        field(&source, "multiple-choice", "kind: "),
        r#"kind: Kind::Multiple { choices: 4, correct: &[0, 2, 3] },"#
    );
    assert_eq!(
        field(&source, "multiple-choice", "choices: &"),
        r#"choices: &["GET", "POST", "PUT", "DELETE"],"#
    );
    assert_eq!(
        field(&source, "single-choice", "kind: "),
        r#"kind: Kind::Single { choices: 3, correct: &[1] },"#
    );
}

#[test]
fn external_links_open_in_a_new_tab_and_other_links_do_not() {
    let source = compile(&deck_with("rendering", false)).rust_source;
    let html = field(
        &source,
        "open-question",
        "Section { kind: SectionKind::Model",
    );
    assert!(html.contains(
        r#"<a href=\"https://www.rfc-editor.org/rfc/rfc9111\" target=\"_blank\" rel=\"noopener noreferrer\">RFC 9111</a>"#
    ));
    assert!(html.contains(r##"<a href=\"#notes\">the notes</a>"##));
    assert!(html.contains(r#"<a href=\"mailto:team@example.com\">team@example.com</a>"#));
}

#[test]
fn markdown_is_rendered_escaped_with_headings_one_level_down() {
    let source = compile(&deck_with("rendering", false)).rust_source;
    let html = field(
        &source,
        "single-choice",
        "Section { kind: SectionKind::Explanation",
    );
    assert!(html.contains(r#"<h4>Reading the table</h4>"#));
    assert!(html.contains(r#"<table><thead><tr><th>Code</th><th>Meaning</th></tr></thead>"#));
    // Alignment is a class, never a `style` attribute, which the pages' CSP forbids.
    assert!(html.contains(r#"<tr><th class=\"align-left\">Left</th><th class=\"align-center\">Centre</th><th class=\"align-right\">Right</th><th>style=\"text-align: left\"</th></tr>"#), "{html}");
    assert!(html.contains(r#"<td class=\"align-left\">a</td><td class=\"align-center\">b</td><td class=\"align-right\">c</td><td>d</td>"#), "{html}");
    assert!(
        !html.contains("<th style") && !html.contains("<td style"),
        "{html}"
    );
    assert!(html.contains(r#"<code>a &lt; b</code> with 1 &lt; 2 &amp; 3 &gt; 2"#));
    assert!(html.contains(
        r#"<a href=\"http://example.com/?a=1&amp;b=%222%22\" target=\"_blank\" rel=\"noopener noreferrer\">the spec</a>"#
    ));
    assert!(html.contains(r#"&lt;script&gt;alert(\"not run\")&lt;/script&gt;"#));
    assert!(!html.contains("<script"));
}

#[test]
fn sections_are_emitted_in_canonical_order() {
    let source = compile(&deck_with("rendering", false)).rust_source;
    let start = source.find(r#"id: "open-question","#).unwrap();
    let question = &source[start..source[start..].find("choices:").unwrap() + start];
    let kinds: Vec<&str> = question
        .match_indices("SectionKind::")
        .map(|(i, _)| question[i..].split(',').next().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "SectionKind::Why",
            "SectionKind::How",
            "SectionKind::Model",
            "SectionKind::Pitfalls"
        ]
    );
}

#[test]
fn the_hash_is_16_hex_digits_and_changes_only_with_the_question() {
    let hash = |root: &Path, question: &str| {
        let source = compile(root).rust_source;
        let line = field(&source, question, "hash: ").to_string();
        line.trim_start_matches("hash: \"")
            .trim_end_matches("\",")
            .to_string()
    };
    let (base, changed) = (base_deck(), deck_with("changed-model-answer", false));
    let before = hash(&base, "open-question");
    assert_eq!(before.len(), 16);
    assert!(before
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    assert_eq!(hash(&base, "open-question"), before);
    assert_ne!(hash(&changed, "open-question"), before);
    assert_eq!(
        hash(&changed, "single-choice"),
        hash(&base, "single-choice")
    );
    // Line endings are not content: a CRLF checkout keeps the learner's progress.
    assert_eq!(
        hash(&deck_with("changed-model-answer", true), "open-question"),
        hash(&changed, "open-question")
    );
}

#[test]
fn several_problems_in_several_files_are_all_reported_sorted_by_file_and_position() {
    assert_eq!(
        errors("many-problems"),
        r#"content/deck.toml:5:18: error: unsupported `format_version` 3; this compiler reads version 1
  hint: write the deck in format version 1 and set `format_version = 1`
content/questions/open-question.md:5:17: error: unknown tag `cache`
  hint: did you mean `caching`? tags declared in content/deck.toml: http, caching, security, apis, performance
content/questions/single-choice.md:6:14: error: `difficulty` is 0; it must be 1, 2 or 3
  hint: 1 is a warm-up, 2 a typical interview question, 3 a hard one
content/questions/single-choice.md:11:1: error: unknown section `## Explanations`
  hint: did you mean `## Explanation`? the sections of a `single` question are, in order: `## Explanation`"#
    );
}

#[test]
fn crlf_files_get_the_same_positions_as_lf_files() {
    for case in [
        "toml-syntax-error",
        "unknown-tag",
        "raw-html",
        "missing-sections",
        "many-problems",
    ] {
        assert_eq!(errors_in(case, true), errors(case), "case `{case}`");
    }
}

#[test]
fn a_crlf_deck_compiles_to_the_same_rust() {
    let lf = compile(&deck_with("rendering", false)).rust_source;
    let crlf = compile(&deck_with("rendering", true)).rust_source;
    assert_eq!(crlf, lf);
}

/// The text of one `## ` section of a question file, up to the next section.
fn section<'a>(text: &'a str, title: &str) -> &'a str {
    let heading = format!("\n## {title}\n");
    let Some(start) = text.find(&heading) else {
        return "";
    };
    let rest = &text[start + heading.len()..];
    rest.find("\n## ").map_or(rest, |end| &rest[..end])
}

#[test]
fn every_shipped_model_answer_is_150_to_300_words_and_has_three_pitfalls() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/questions");
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("\r\n", "\n");
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        // Words as the README counts them: anything with a letter or digit in it.
        let words = section(&text, "Model answer")
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        if !(150..=300).contains(&words) {
            problems.push(format!("{name}: the model answer has {words} words"));
        }
        let pitfalls = section(&text, "Pitfalls")
            .lines()
            .filter(|l| l.starts_with("- "))
            .count();
        if pitfalls < 3 {
            problems.push(format!("{name}: {pitfalls} pitfalls"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_wasm_source_leaves_the_text_out_and_keeps_the_counts() {
    let compiled = compile(&deck_with("rendering", false));
    let source = &compiled.rust_source_without_text;
    assert!(
        !source.contains("SectionKind::"),
        "no section in the wasm's deck"
    );
    assert!(!source.contains("GET"), "no choice text");
    assert_eq!(
        field(source, "multiple-choice", "kind: "),
        r#"kind: Kind::Multiple { choices: 4, correct: &[0, 2, 3] },"#
    );
    assert_eq!(field(source, "multiple-choice", "text: "), "text: None,");
    // The content hash is the same either way: it covers the text.
    assert_eq!(
        field(source, "multiple-choice", "hash: "),
        field(&compiled.rust_source, "multiple-choice", "hash: ")
    );
}
