//! deckc: compiles a Rehearse deck folder (`deck.toml` + `questions/*.md`) into static Rust data.
//! It reports every content mistake at once, with positions; it must never panic on content.
//!
//! The pipeline is staged: `frontmatter` splits each file, `manifest` and `question`
//! parse and check one file each, `markdown` checks and renders bodies, `deck` checks
//! what spans files, and `emit` writes Rust source only when nothing was wrong.

mod deck;
mod diag;
mod emit;
mod fields;
mod frontmatter;
mod manifest;
mod markdown;
mod question;
mod toml_tree;

use std::fs;
use std::path::Path;

pub use diag::Diagnostic;
use diag::{file_error, SourceFile};

/// A deck compiled to Rust source.
#[derive(Debug)]
pub struct Compiled {
    /// Defines `pub static <static_name>: Deck = Deck { .. };`, for `include!` where
    /// the app's deck types are in scope.
    pub rust_source: String,
    /// The same without the questions' text (`text: None`), for the wasm.
    pub rust_source_without_text: String,
    pub n_questions: usize,
    /// What the link-preview pages show, in deck order.
    pub summary: Summary,
}

/// The deck as plain data for pages written outside the app (link previews).
#[derive(Debug)]
pub struct Summary {
    pub title: String,
    pub description: String,
    pub questions: Vec<QuestionSummary>,
}

#[derive(Debug)]
pub struct QuestionSummary {
    pub id: String,
    pub aliases: Vec<String>,
    pub prompt: String,
    /// The plain text of the first section: "Why interviewers ask" (open) or
    /// "Explanation" (choice).
    pub intro_text: String,
    /// Every section as (title, HTML), the HTML rendered at build time from checked
    /// Markdown (no raw HTML).
    pub sections: Vec<(&'static str, String)>,
    /// Prompt, key points, choices and the sections' plain text, lowercased (ASCII),
    /// on one line: what the app's search looks through.
    pub search_text: String,
}

/// Compiles the deck in `root` (the folder holding `deck.toml` and `questions/`).
///
/// `display_prefix` is how `root` is shown in diagnostics (e.g. `content`), and
/// `static_name` names the generated static (e.g. `DECK`). On failure, returns every
/// problem found, sorted by file and position.
pub fn compile(
    root: &Path,
    display_prefix: &str,
    static_name: &str,
) -> Result<Compiled, Vec<Diagnostic>> {
    let shown = |relative: &str| match display_prefix.trim_end_matches('/') {
        "" => relative.to_string(),
        prefix => format!("{prefix}/{relative}"),
    };
    let mut diags = Vec::new();

    let manifest_file = read(&root.join("deck.toml"), shown("deck.toml"), &mut diags);
    let manifest = manifest_file
        .as_ref()
        .map(|file| manifest::parse(file, &mut diags));
    let tags = manifest.as_ref().and_then(|m| m.tags.as_ref());
    let vocabulary = question::Vocabulary {
        tags: tags.map(|tags| tags.iter().map(|(id, _)| id.as_str()).collect()),
        manifest_path: &shown("deck.toml"),
    };

    let mut parsed = Vec::new();
    for (stem, path) in question_files(root, &shown("questions"), &mut diags) {
        let Some(file) = read(&path, shown(&format!("questions/{stem}.md")), &mut diags) else {
            continue;
        };
        let (meta, sections) = match frontmatter::split(&file) {
            Ok(split) => {
                let meta = question::parse(&file, &split, &stem, &vocabulary, &mut diags);
                let sections =
                    markdown::render(&file, split.body, split.body_offset, meta.kind, &mut diags);
                (meta, sections)
            }
            // Kept, empty, so that the deck checks still know the file exists.
            Err(diagnostic) => {
                diags.push(diagnostic);
                (question::Meta::default(), Vec::new())
            }
        };
        parsed.push((file, stem, meta, sections));
    }

    if let (Some(file), Some(manifest)) = (&manifest_file, &manifest) {
        let questions: Vec<_> = parsed
            .iter()
            .map(|(file, stem, meta, _)| (file, stem.as_str(), meta))
            .collect();
        deck::check(file, manifest, &questions, &mut diags);
    }
    if !diags.is_empty() {
        diags.sort();
        diags.dedup();
        return Err(diags);
    }

    let deck = manifest.as_ref().and_then(|m| {
        let questions = m.order.as_ref()?.iter().map(|(id, _)| {
            let (_, _, meta, sections) = parsed.iter().find(|(_, stem, _, _)| stem == id)?;
            Some(emit::Question { meta, sections })
        });
        Some(emit::Deck {
            id: m.id.as_deref()?,
            title: m.title.as_deref()?,
            description: m.description.as_deref()?,
            tags: m.tags.as_deref()?,
            speak_minutes: m.speak_minutes,
            questions: questions.collect::<Option<Vec<_>>>()?,
        })
    });
    let compiled = deck.and_then(|deck| {
        Some(Compiled {
            rust_source: emit::rust_source(&deck, static_name, &shown(""), true)?,
            rust_source_without_text: emit::rust_source(&deck, static_name, &shown(""), false)?,
            n_questions: parsed.len(),
            summary: summary(&deck)?,
        })
    });
    match compiled {
        Some(compiled) => Ok(compiled),
        // The checks above report everything that stops emission; this is a deckc bug.
        None => Err(vec![file_error(
            &shown("deck.toml"),
            "internal error: the deck passed every check but could not be emitted",
            "please report this as a deckc bug, with the content that triggers it",
        )]),
    }
}

/// The plain data of a checked deck, for pages written outside the app.
fn summary(deck: &emit::Deck<'_>) -> Option<Summary> {
    let questions = deck.questions.iter().map(|q| {
        let intro = q.sections.first()?;
        Some(QuestionSummary {
            id: q.meta.id.as_ref()?.0.clone(),
            aliases: q.meta.aliases.iter().map(|(a, _)| a.clone()).collect(),
            prompt: q.meta.prompt.clone()?,
            intro_text: intro.plain.clone(),
            sections: q
                .sections
                .iter()
                .map(|s| (s.kind.title(), s.html.clone()))
                .collect(),
            search_text: {
                let meta = q.meta;
                let parts = meta
                    .prompt
                    .iter()
                    .chain(&meta.key_points)
                    .chain(&meta.choices);
                let all: Vec<&str> = parts
                    .map(String::as_str)
                    .chain(q.sections.iter().map(|s| s.plain.as_str()))
                    .flat_map(str::split_whitespace)
                    .collect();
                all.join(" ").to_ascii_lowercase()
            },
        })
    });
    Some(Summary {
        title: deck.title.to_string(),
        description: deck.description.to_string(),
        questions: questions.collect::<Option<Vec<_>>>()?,
    })
}

/// Reads a file as UTF-8, or reports why it cannot.
fn read(path: &Path, shown: String, diags: &mut Vec<Diagnostic>) -> Option<SourceFile> {
    match fs::read(path).map(String::from_utf8) {
        Ok(Ok(text)) => Some(SourceFile::new(shown, text)),
        Ok(Err(_)) => {
            diags.push(file_error(
                &shown,
                "the file is not valid UTF-8",
                "save it with UTF-8 encoding",
            ));
            None
        }
        Err(e) => {
            diags.push(file_error(
                &shown,
                format!("cannot read the file: {e}"),
                "check that it exists and is readable",
            ));
            None
        }
    }
}

/// The `questions/*.md` files as (stem, path), sorted by file name.
fn question_files(
    root: &Path,
    shown: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, std::path::PathBuf)> {
    let entries = match fs::read_dir(root.join("questions")) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(file_error(
                shown,
                format!("cannot read the questions folder: {e}"),
                "create a `questions` folder next to deck.toml, with one `<id>.md` file per question",
            ));
            return Vec::new();
        }
    };
    let mut files: Vec<(String, std::path::PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "md"))
        .filter_map(|path| Some((path.file_stem()?.to_str()?.to_string(), path)))
        .collect();
    files.sort();
    files
}

/// Checks the site's absolute base URL (the build setting `REHEARSE_BASE_URL`) and
/// returns it ending in `/`. It is written into pages and the app, so it must be a
/// plain http(s) URL with nothing that could break out of an attribute or a string.
pub fn site_base_url(url: &str) -> Result<String, String> {
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    let safe = url
        .chars()
        .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '\'' | '\\' | '`'));
    if !scheme_ok || !safe || url.contains(['?', '#']) {
        return Err(format!(
            "REHEARSE_BASE_URL must be an absolute http(s) URL of the site's folder without query or fragment, like https://example.com/rehearse/ (got {url:?})"
        ));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

#[cfg(test)]
mod tests {
    use super::site_base_url;

    #[test]
    fn a_base_url_must_be_a_plain_absolute_url() {
        for bad in [
            "example.com",
            "javascript:alert(1)",
            "https://x/\"><script>",
            "https://x/?a=1",
            "https://x/#y",
        ] {
            assert!(site_base_url(bad).is_err(), "{bad} accepted");
        }
        assert_eq!(
            site_base_url("http://127.0.0.1:4174").unwrap(),
            "http://127.0.0.1:4174/"
        );
    }
}
