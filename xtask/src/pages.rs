//! The pages the build writes, each showing its first view as HTML before any wasm has
//! arrived: `index.html` gets the overview, and `q/<slug>/index.html` (one per question
//! and one per alias) the question's card, with every answer section in the document.
//! Beside each, `q/<slug>/view.html` holds the card alone (a third of the page, without
//! the stylesheet and scripts): what a deep link's boot script and the app fetch.
//! The views are the app's own components rendered at build time (`src/bin/prerender.rs`);
//! this file only splices them into Trunk's `index.html`. A question page is also a link
//! preview: the question is the title, the "why interviewers ask" text the description,
//! with Open Graph and Twitter tags, readable without JavaScript. Its `<base>` points at
//! the app, so the same assets, links and service worker serve it; its boot script then
//! shows the app's own address, `#/q/<slug>` (`#answer` opens the answer).
//!
//! The site's absolute base URL is the build setting `REHEARSE_BASE_URL`; without it
//! the pages link relatively and omit `og:url`. Nothing here may come from a user: the
//! text is the checked deck, escaped, and its HTML was rendered from Markdown without raw HTML.

use deckc::{QuestionSummary, Summary};
use std::fs;
use std::path::Path;
use std::process::Command;

/// Where the prerendered view goes in `index.html`: between these two comments, so that
/// running the hook again on a built folder replaces the view instead of adding one.
pub const VIEW_START: &str = "<!-- prerendered view -->";
pub const VIEW_END: &str = "<!-- end of prerendered view -->";

/// The slugs (ids and aliases) that have a page, for the boot script of `index.html`:
/// it fetches a deep link's page only when there is one.
const PAGES_META: &str = "<meta name=\"rehearse-pages\"";

pub fn write(staging: &Path) -> Result<(), String> {
    let root = crate::root();
    let content = std::env::var("REHEARSE_CONTENT").unwrap_or_else(|_| "content".into());
    let compiled = deckc::compile(&root.join(&content), &content, "DECK").map_err(|diags| {
        let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
        shown.join("\n")
    })?;
    let base = base_url()?;
    let views = prerender()?;
    let view = |name: String| {
        fs::read_to_string(views.join(&name)).map_err(|e| format!("prerendered {name}: {e}"))
    };
    let index_path = staging.join("index.html");
    let template =
        fs::read_to_string(&index_path).map_err(|e| format!("{}: {e}", index_path.display()))?;
    if !(template.contains(VIEW_START) && template.contains(VIEW_END)) {
        return Err(format!(
            "index.html has no `{VIEW_START}{VIEW_END}` in its #app"
        ));
    }
    // Without the list a rebuilt folder would carry the last one along.
    let template = replace_element(&template, PAGES_META, ">\n", "");
    let all: Vec<&str> = slugs(&compiled.summary).map(|(slug, _)| slug).collect();
    // Before the boot script, which reads it; after the charset, which must come first.
    let charset = "<meta charset=\"utf-8\" />";
    if !template.contains(charset) {
        return Err(format!("index.html has no `{charset}`"));
    }
    let index = with_view(&template, &view("overview.html".into())?).replacen(
        charset,
        &format!("{charset}\n{PAGES_META} content=\"{}\">\n", all.join(" ")),
        1,
    );
    fs::write(&index_path, index).map_err(|e| format!("{}: {e}", index_path.display()))?;
    for (slug, question) in slugs(&compiled.summary) {
        let dir = staging.join("q").join(slug);
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let card = view(format!("q-{}.html", question.id))?;
        let html = page(
            &template,
            &compiled.summary,
            question,
            base.as_deref(),
            &card,
        );
        fs::write(dir.join("index.html"), html)
            .and_then(|()| fs::write(dir.join("view.html"), fragment(question, &card)))
            .map_err(|e| format!("cannot write a page in {}: {e}", dir.display()))?;
    }
    let _ = fs::remove_dir_all(&views);
    // What the app's search looks through, read on first use of the search field.
    let search: String = compiled
        .summary
        .questions
        .iter()
        .map(|q| format!("{}\t{}\n", q.id, q.search_text))
        .collect();
    fs::write(staging.join("search.txt"), search).map_err(|e| format!("search.txt: {e}"))
}

/// Runs the prerenderer natively on the same content and base URL as the wasm build
/// (it inherits the environment) and returns the folder it wrote the views into.
fn prerender() -> Result<std::path::PathBuf, String> {
    // A folder of this process's own: builds may run side by side (the e2e tests make
    // several at once), and one must never read or delete another's views.
    let out = crate::root()
        .join("target")
        .join(format!("prerendered-{}", std::process::id()));
    let _ = fs::remove_dir_all(&out);
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args([
        "run",
        "--quiet",
        "--locked",
        "-p",
        "rehearse",
        "--bin",
        "prerender",
        "--",
    ])
    .arg(&out)
    .current_dir(crate::root())
    // Trunk's hook environment targets wasm32; the prerenderer is a native program.
    .env_remove("CARGO_BUILD_TARGET");
    crate::run(&mut cmd)?;
    Ok(out)
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

/// One question's page: `index.html` (`template`) with the question as its title and
/// description, link-preview tags, a `<base>` two folders up, and its card as the view.
fn page(
    template: &str,
    deck: &Summary,
    q: &QuestionSummary,
    base: Option<&str>,
    card: &str,
) -> String {
    let id = &q.id;
    let title = escape(&q.prompt);
    let description = escape(&shorten(&q.intro_text, 200));
    let site = escape(&deck.title);
    // Relative URLs resolve against `<base>`, the app's folder.
    let canonical = match base {
        Some(base) => format!("{base}q/{id}/"),
        None => format!("q/{id}/"),
    };
    // Open Graph wants absolute URLs: the page's own and an image (the app icon that
    // `offline::write` draws into the same build).
    let absolute = match base {
        Some(base) => format!(
            "\n<meta property=\"og:url\" content=\"{base}q/{id}/\">\n<meta property=\"og:image\" content=\"{base}icon-512.png\">"
        ),
        None => String::new(),
    };
    let tags = format!(
        r#"<link rel="canonical" href="{canonical}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta property="og:description" content="{description}">{absolute}
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="{title}">
<meta name="twitter:description" content="{description}">
</head>"#
    );
    let mut html = replace_element(
        template,
        "<title>",
        "</title>",
        &format!("<title>{title}</title>"),
    );
    html = replace_element(
        &html,
        "<meta name=\"description\"",
        ">",
        &format!("<meta name=\"description\" content=\"{description}\">"),
    );
    let html = html
        .replacen(
            "<html lang=\"en\">",
            &format!("<html lang=\"en\" data-page=\"{id}\">"),
            1,
        )
        .replacen("<head>", "<head>\n<base href=\"../../\">", 1)
        .replacen("</head>", &tags, 1);
    with_view(&html, card)
}

/// A question's view on its own, as the `#app` that its page holds: a document of its
/// own (the build gives it the strict policy too), kept out of search results.
fn fragment(q: &QuestionSummary, card: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"robots\" content=\"noindex\">\n<title>{}</title>\n</head>\n<body><div id=\"app\">{card}</div></body>\n</html>\n",
        escape(&q.prompt)
    )
}

/// The page with `view` between the view markers, in place of what was there.
fn with_view(page: &str, view: &str) -> String {
    match (page.find(VIEW_START), page.find(VIEW_END)) {
        (Some(start), Some(end)) if start < end => {
            format!("{}{VIEW_START}{view}{}", &page[..start], &page[end..])
        }
        _ => page.to_string(),
    }
}

/// `text` with the first element from `open` to the next `close` replaced by `with`.
fn replace_element(text: &str, open: &str, close: &str, with: &str) -> String {
    match text.find(open) {
        Some(at) => match text[at..].find(close) {
            Some(len) => format!("{}{with}{}", &text[..at], &text[at + len + close.len()..]),
            None => text.to_string(),
        },
        None => text.to_string(),
    }
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
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"description\" content=\"The deck.\" />\n<title>Rehearse</title>\n<link rel=\"modulepreload\" href=\"./rehearse.js\">\n</head>\n<body><div id=\"app\"><!-- prerendered view -->old<!-- end of prerendered view --></div></body>\n</html>\n";

    fn summary() -> Summary {
        Summary {
            title: "Deck <title>".into(),
            description: "d".into(),
            questions: vec![QuestionSummary {
                id: "rate-limiting".into(),
                aliases: vec!["throttling".into()],
                prompt: "How would you \"limit\" <requests>?".into(),
                intro_text: "Because.".into(),
                sections: vec![("Why interviewers ask", "<p>Because.</p>\n".into())],
                search_text: "how would you \"limit\" <requests>? because.".into(),
            }],
        }
    }

    #[test]
    fn pages_escape_the_text_and_are_the_app_with_the_card_prerendered() {
        let deck = summary();
        let html = page(
            TEMPLATE,
            &deck,
            &deck.questions[0],
            None,
            "<article>card</article>",
        );
        assert!(html.contains("<title>How would you &quot;limit&quot; &lt;requests&gt;?</title>"));
        assert_eq!(html.matches("<title>").count(), 1);
        assert!(html.contains(r#"<meta name="description" content="Because.">"#));
        assert!(!html.contains("The deck."));
        assert!(html.contains(r#"<meta property="og:site_name" content="Deck &lt;title&gt;">"#));
        assert!(html.contains("<html lang=\"en\" data-page=\"rate-limiting\">"));
        assert!(html.contains("<head>\n<base href=\"../../\">\n<meta charset"));
        assert!(html.contains(r#"<div id="app"><!-- prerendered view --><article>card</article><!-- end of prerendered view --></div>"#));
        assert!(html.contains(r#"<link rel="canonical" href="q/rate-limiting/">"#));
        assert!(
            html.contains(r#"href="./rehearse.js""#),
            "the app's own assets"
        );
        assert!(!html.contains("og:url"), "no og:url without a base URL");
        assert!(!html.contains("og:image"), "no og:image without a base URL");
    }

    #[test]
    fn a_view_is_the_card_alone_as_an_app_element() {
        let deck = summary();
        let html = fragment(&deck.questions[0], "<article>card</article>");
        assert!(html.contains(r#"<body><div id="app"><article>card</article></div></body>"#));
        assert!(html.contains("<title>How would you &quot;limit&quot; &lt;requests&gt;?</title>"));
        assert!(
            html.contains("<head>\n<meta charset=\"utf-8\">"),
            "a head for the policy"
        );
        assert!(html.contains(r#"<meta name="robots" content="noindex">"#));
        assert!(!html.contains("<script") && !html.contains("<style"));
    }

    #[test]
    fn a_base_url_gives_absolute_canonical_and_og_url() {
        let deck = summary();
        let base = deckc::site_base_url("https://example.com/rehearse").unwrap();
        let html = page(TEMPLATE, &deck, &deck.questions[0], Some(&base), "");
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
