//! Static link-preview pages, `q/<slug>/index.html`, one per question and one per alias.
//! Chat apps and social sites read them without JavaScript: the question is the title,
//! the "why interviewers ask" text the description, with Open Graph and Twitter tags.
//! Browsers are forwarded into the app at `#/q/<slug>` (`#answer` opens the answer).
//!
//! The site's absolute base URL is the build setting `REHEARSE_BASE_URL`; without it
//! the pages link relatively and omit `og:url`. Nothing here may come from a user: the
//! text is the checked deck, escaped, and its HTML was rendered from Markdown without raw HTML.

use deckc::{QuestionSummary, Summary};
use std::fs;
use std::path::Path;

pub fn write(staging: &Path) -> Result<(), String> {
    let root = crate::root();
    let content = std::env::var("REHEARSE_CONTENT").unwrap_or_else(|_| "content".into());
    let compiled = deckc::compile(&root.join(&content), &content, "DECK").map_err(|diags| {
        let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
        shown.join("\n")
    })?;
    let base = base_url()?;
    for (slug, question) in slugs(&compiled.summary) {
        let dir = staging.join("q").join(slug);
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let html = page(&compiled.summary, question, base.as_deref());
        fs::write(dir.join("index.html"), html)
            .map_err(|e| format!("cannot write a page in {}: {e}", dir.display()))?;
    }
    Ok(())
}

/// `REHEARSE_BASE_URL`, checked and ending in `/`; `None` when unset or empty.
pub fn base_url() -> Result<Option<String>, String> {
    match std::env::var("REHEARSE_BASE_URL") {
        Ok(url) if !url.trim().is_empty() => deckc::site_base_url(url.trim()).map(Some),
        _ => Ok(None),
    }
}

/// Every slug that gets a page: each id, then each alias, with its question.
fn slugs(summary: &Summary) -> impl Iterator<Item = (&str, &QuestionSummary)> {
    let ids = summary.questions.iter().map(|q| (q.id.as_str(), q));
    let aliases = summary
        .questions
        .iter()
        .flat_map(|q| q.aliases.iter().map(move |a| (a.as_str(), q)));
    ids.chain(aliases)
}

/// One preview page. Pages live two folders below the app (`q/<slug>/`).
fn page(deck: &Summary, q: &QuestionSummary, base: Option<&str>) -> String {
    let id = &q.id;
    let title = escape(&q.prompt);
    let description = escape(&shorten(&q.intro_text, 200));
    let site = escape(&deck.title);
    let canonical = match base {
        Some(base) => format!("{base}q/{id}/"),
        None => format!("../{id}/"),
    };
    // Open Graph wants absolute URLs: the page's own and an image (the app icon that
    // `offline::write` draws into the same build).
    let absolute = match base {
        Some(base) => format!(
            "\n<meta property=\"og:url\" content=\"{base}q/{id}/\">\n<meta property=\"og:image\" content=\"{base}icon-512.png\">"
        ),
        None => String::new(),
    };
    let app = format!("../../#/q/{id}");
    format!(
        r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{title}</title>
<meta name="description" content="{description}">
<link rel="canonical" href="{canonical}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta property="og:description" content="{description}">{absolute}
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="{title}">
<meta name="twitter:description" content="{description}">
<script>location.replace("{app}" + (location.hash === "#answer" ? "/answer" : ""));</script>
<style>
body {{ font: 1.125rem/1.6 system-ui, sans-serif; margin: 0 auto; max-width: 40rem; padding: 1.5rem 1rem; }}
a {{ color: LinkText; }}
.go {{ display: inline-block; margin-top: 1rem; padding: 0.75rem 1.25rem; min-height: 44px; box-sizing: border-box; border: 2px solid currentColor; border-radius: 0.5rem; font-weight: 600; }}
</style>
</head>
<body>
<main>
<p>{site}</p>
<h1>{title}</h1>
<h2>{intro_title}</h2>
{intro_html}
<p><a class="go" href="{app}">Practise this question in Rehearse</a></p>
</main>
</body>
</html>
"##,
        intro_title = q.intro_title,
        intro_html = q.intro_html.trim_end(),
    )
}

/// At most `max` characters, cut at a word with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', '.']))
}

/// Text for HTML text and double-quoted attributes.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary() -> Summary {
        Summary {
            title: "Deck <title>".into(),
            description: "d".into(),
            questions: vec![QuestionSummary {
                id: "rate-limiting".into(),
                aliases: vec!["throttling".into()],
                prompt: "How would you \"limit\" <requests>?".into(),
                intro_title: "Why interviewers ask",
                intro_html: "<p>Because.</p>\n".into(),
                intro_text: "Because.".into(),
            }],
        }
    }

    #[test]
    fn pages_escape_the_text_and_forward_into_the_app() {
        let deck = summary();
        let html = page(&deck, &deck.questions[0], None);
        assert!(html.contains("<title>How would you &quot;limit&quot; &lt;requests&gt;?</title>"));
        assert!(html.contains(r#"<meta property="og:site_name" content="Deck &lt;title&gt;">"#));
        assert!(html.contains(r##"location.replace("../../#/q/rate-limiting""##));
        assert!(html.contains(r#"<link rel="canonical" href="../rate-limiting/">"#));
        assert!(!html.contains("og:url"), "no og:url without a base URL");
        assert!(!html.contains("og:image"), "no og:image without a base URL");
    }

    #[test]
    fn a_base_url_gives_absolute_canonical_and_og_url() {
        let deck = summary();
        let base = deckc::site_base_url("https://example.com/rehearse").unwrap();
        let html = page(&deck, &deck.questions[0], Some(&base));
        assert!(html.contains(
            r#"<meta property="og:url" content="https://example.com/rehearse/q/rate-limiting/">"#
        ));
        assert!(html.contains(r#"href="https://example.com/rehearse/q/rate-limiting/""#));
        assert!(html.contains(
            r#"<meta property="og:image" content="https://example.com/rehearse/icon-512.png">"#
        ));
    }

    #[test]
    fn aliases_get_pages_of_their_question() {
        let deck = summary();
        let all: Vec<&str> = slugs(&deck).map(|(slug, _)| slug).collect();
        assert_eq!(all, ["rate-limiting", "throttling"]);
    }

    #[test]
    fn descriptions_are_cut_at_a_word() {
        assert_eq!(shorten("one two three", 9), "one two…");
        assert_eq!(shorten("short", 9), "short");
    }
}
