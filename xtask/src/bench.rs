//! `cargo xtask bench`: how fast the first question shows, against a static page.
//! It builds the release, a release of a deck ten times as large (`big_deck`), and the
//! "floor" (the same questions as plain HTML `<details>`), then `tools/bench.mjs`
//! measures all three side by side in headless Chromium on a throttled phone profile.
//! A report, never a test: numbers on a shared machine are noisy.

use crate::pages::escape;
use crate::root;
use crate::setup::{self, Tools};
use deckc::Summary;
use std::fs;
use std::path::{Path, PathBuf};

pub fn run() -> Result<(), String> {
    let tools = setup::run()?;
    let bench = root().join("target").join("bench");
    fs::create_dir_all(&bench).map_err(|e| format!("{}: {e}", bench.display()))?;

    // The large deck first, into its own folder; the ordinary release last, so that
    // dist/ is the ordinary one afterwards.
    let big = bench.join("deck-10x");
    big_deck(&root().join("content"), &big, 10)?;
    let big_dist = bench.join("dist-10x");
    build(&tools, Some(&big), &big_dist)?;
    build(&tools, None, &root().join("dist"))?;

    let summary = compile(&root().join("content"))?;
    let floor = bench.join("floor");
    fs::create_dir_all(&floor).map_err(|e| format!("{}: {e}", floor.display()))?;
    fs::write(floor.join("index.html"), floor_page(&summary))
        .map_err(|e| format!("floor page: {e}"))?;

    let second = |s: &Summary| s.questions.get(1).map(|q| q.id.clone()).unwrap_or_default();
    let big_summary = compile(&big)?;
    let mut cmd = tools.command("node");
    cmd.arg("tools/bench.mjs")
        .arg(&floor)
        .arg(root().join("dist"))
        .arg(&big_dist)
        .arg(second(&summary))
        .arg(second(&big_summary))
        .arg(root().join("target").join("bench.md"));
    crate::run(&mut cmd)
}

fn build(tools: &Tools, content: Option<&Path>, dist: &Path) -> Result<(), String> {
    let mut cmd = tools.release_build();
    cmd.arg("--dist").arg(dist);
    match content {
        Some(content) => cmd.env("REHEARSE_CONTENT", content),
        None => cmd.env_remove("REHEARSE_CONTENT"),
    };
    crate::run(&mut cmd)
}

fn compile(content: &Path) -> Result<Summary, String> {
    deckc::compile(content, &content.display().to_string(), "DECK")
        .map(|c| c.summary)
        .map_err(|diags| {
            let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
            shown.join("\n")
        })
}

/// Writes a deck `copies` times as large as the one in `content` into `out`: every
/// question again under the id `<id>-<k>`, its prompt, key points and prose enciphered
/// with a letter substitution of its own. The text is distinct (compression finds no
/// copies) yet keeps its length, words, markup and the compiler's rules.
pub fn big_deck(content: &Path, out: &Path, copies: usize) -> Result<(), String> {
    let questions_out = out.join("questions");
    let _ = fs::remove_dir_all(out);
    fs::create_dir_all(&questions_out).map_err(|e| format!("{}: {e}", out.display()))?;
    let manifest =
        fs::read_to_string(content.join("deck.toml")).map_err(|e| format!("deck.toml: {e}"))?;
    let mut files: Vec<PathBuf> = fs::read_dir(content.join("questions"))
        .map_err(|e| format!("questions: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let mut ids = Vec::new();
    for copy in 0..copies {
        for file in &files {
            let text = fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
            let (id, question) = variant(&text, copy);
            fs::write(questions_out.join(format!("{id}.md")), question)
                .map_err(|e| format!("{id}: {e}"))?;
            ids.push(id);
        }
    }
    // The same deck.toml with the order listing every id.
    let start = manifest.find("order = [").ok_or("deck.toml has no order")?;
    let end = start
        + manifest[start..]
            .find(']')
            .ok_or("deck.toml: unclosed order")?
        + 1;
    let order: Vec<String> = ids.iter().map(|id| format!("  \"{id}\",")).collect();
    let deck = format!(
        "{}order = [\n{}\n]{}",
        &manifest[..start],
        order.join("\n"),
        &manifest[end..]
    );
    fs::write(out.join("deck.toml"), deck).map_err(|e| format!("deck.toml: {e}"))
}

/// One question file as copy `copy`: the same for copy 0, else a new id (no aliases)
/// and enciphered text. Returns the id and the file.
fn variant(text: &str, copy: usize) -> (String, String) {
    let mut id = String::new();
    let mut out = String::new();
    let mut in_front = 0;
    let mut in_code = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed == "+++" {
            in_front += 1;
            out.push_str(line);
        } else if in_front == 1 {
            if let Some(rest) = trimmed.strip_prefix("id = \"") {
                let base = rest.trim_end_matches('"');
                id = if copy == 0 {
                    base.to_string()
                } else {
                    format!("{base}-{copy}")
                };
                out.push_str(&format!("id = \"{id}\""));
            } else if trimmed.starts_with("aliases") && copy > 0 {
                out.push_str("aliases = []");
            } else if trimmed.starts_with("prompt = ") || trimmed.starts_with('"') {
                out.push_str(&cipher_strings(line, copy));
            } else {
                out.push_str(line);
            }
        } else if trimmed.starts_with("```") {
            in_code = !in_code;
            out.push_str(line);
        } else if trimmed.starts_with('#') || in_code {
            out.push_str(line);
        } else {
            out.push_str(&cipher_prose(line, copy));
        }
        out.push('\n');
    }
    (id, out)
}

/// The letters of the double-quoted strings on a TOML line, enciphered.
fn cipher_strings(line: &str, copy: usize) -> String {
    let mut inside = false;
    let mut prev = ' ';
    line.chars()
        .map(|c| {
            let escaped = prev == '\\';
            prev = c;
            if c == '"' && !escaped {
                inside = !inside;
                c
            } else if inside {
                substitute(c, copy)
            } else {
                c
            }
        })
        .collect()
}

/// A Markdown line's letters enciphered, leaving code spans, link targets and the
/// list markers alone.
fn cipher_prose(line: &str, copy: usize) -> String {
    let mut code = false;
    let mut target = false;
    let mut prev = ' ';
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '`' => code = !code,
            '(' if prev == ']' => target = true,
            ')' if target => target = false,
            _ => {}
        }
        out.push(if code || target {
            c
        } else {
            substitute(c, copy)
        });
        prev = c;
    }
    out
}

/// Copy 0 keeps its letters; copy k maps each lowercase letter through a fixed
/// permutation k times (a different alphabet per copy, vowels kept as vowels so the
/// words stay pronounceable and the same length).
fn substitute(c: char, copy: usize) -> char {
    const VOWELS: &[u8] = b"aeiou";
    const CONSONANTS: &[u8] = b"bcdfghjklmnpqrstvwxyz";
    if copy == 0 || !c.is_ascii_lowercase() {
        return c;
    }
    let b = c as u8;
    let shift = |set: &[u8]| {
        let at = set.iter().position(|&x| x == b).unwrap_or(0);
        set[(at + copy * 7) % set.len()] as char
    };
    if VOWELS.contains(&b) {
        shift(VOWELS)
    } else {
        shift(CONSONANTS)
    }
}

/// The floor: the same questions as a plain static page with no framework, one
/// question shown at a time, each answer in a `<details>`, and a line of script for Next.
fn floor_page(deck: &Summary) -> String {
    let mut body = String::new();
    for (i, q) in deck.questions.iter().enumerate() {
        let hidden = if i == 0 { "" } else { " hidden" };
        body.push_str(&format!(
            "<section class=\"q\"{hidden}>\n<h1>{}</h1>\n<label>Your answer<textarea rows=\"6\"></textarea></label>\n<details><summary>Reveal all</summary>\n",
            escape(&q.prompt)
        ));
        for (title, html) in &q.sections {
            let class = if *title == "Model answer" {
                " class=\"model\""
            } else {
                ""
            };
            body.push_str(&format!("<h2{class}>{title}</h2>\n{html}"));
        }
        body.push_str(
            "</details>\n<button type=\"button\" class=\"next\">Next</button>\n</section>\n",
        );
    }
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font:1.125rem/1.6 system-ui,sans-serif;margin:0 auto;max-width:40rem;padding:1rem}}textarea{{display:block;width:100%;font:inherit}}summary,button{{min-height:44px;font:inherit}}</style>
</head>
<body>
<main>
{body}</main>
<script>
document.addEventListener("click", (e) => {{
  if (!e.target.matches(".next")) return;
  const q = e.target.closest(".q");
  const next = q.nextElementSibling;
  if (!next) return;
  q.hidden = true;
  next.hidden = false;
  next.querySelector("h1").scrollIntoView();
}});
</script>
</body>
</html>
"#,
        title = escape(&deck.title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_big_deck_compiles_with_distinct_text() {
        let out = std::env::temp_dir().join(format!("rehearse-big-deck-{}", std::process::id()));
        big_deck(&root().join("content"), &out, 3).unwrap();
        let small = compile(&root().join("content")).unwrap();
        let big = compile(&out).unwrap();
        assert_eq!(big.questions.len(), 3 * small.questions.len());
        let prompts: std::collections::HashSet<_> =
            big.questions.iter().map(|q| &q.prompt).collect();
        assert_eq!(prompts.len(), big.questions.len(), "every prompt differs");
        let first = &big.questions[0].sections[0].1;
        let copy = &big.questions[small.questions.len()].sections[0].1;
        assert_eq!(first.len(), copy.len(), "the same length of text");
        assert_ne!(first, copy);
        fs::remove_dir_all(out).unwrap();
    }

    #[test]
    fn the_floor_holds_every_question_in_details() {
        let deck = compile(&root().join("content")).unwrap();
        let page = floor_page(&deck);
        assert_eq!(page.matches("<details>").count(), deck.questions.len());
        assert_eq!(
            page.matches("class=\"model\"").count(),
            deck.questions.len()
        );
    }
}
