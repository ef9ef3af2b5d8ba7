//! Stage 3: checks a question's Markdown body and renders its sections to HTML.
//! Rendering is safe only because raw HTML and unsafe links are rejected here;
//! it must never let HTML from the content through.

use pulldown_cmark::{
    html, Alignment, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use pulldown_cmark_escape::{escape_href, escape_html};

use crate::diag::{did_you_mean, Diagnostic, SourceFile};
use crate::question::KindName;

/// The body sections, in canonical order (the order of the app's `SectionKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SectionKind {
    Why,
    How,
    Model,
    FollowUps,
    Pitfalls,
    Explanation,
}

impl SectionKind {
    const ALL: [SectionKind; 6] = [
        SectionKind::Why,
        SectionKind::How,
        SectionKind::Model,
        SectionKind::FollowUps,
        SectionKind::Pitfalls,
        SectionKind::Explanation,
    ];

    pub fn title(self) -> &'static str {
        match self {
            SectionKind::Why => "Why interviewers ask",
            SectionKind::How => "How to answer",
            SectionKind::Model => "Model answer",
            SectionKind::FollowUps => "Follow-ups",
            SectionKind::Pitfalls => "Pitfalls",
            SectionKind::Explanation => "Explanation",
        }
    }

    /// The variant's name in the app's `SectionKind`.
    pub fn rust_name(self) -> &'static str {
        match self {
            SectionKind::Why => "Why",
            SectionKind::How => "How",
            SectionKind::Model => "Model",
            SectionKind::FollowUps => "FollowUps",
            SectionKind::Pitfalls => "Pitfalls",
            SectionKind::Explanation => "Explanation",
        }
    }

    /// Most characters of plain text the section may hold.
    fn budget(self) -> usize {
        match self {
            SectionKind::Why => 800,
            SectionKind::How => 1000,
            SectionKind::Model => 2600,
            SectionKind::FollowUps | SectionKind::Pitfalls => 900,
            SectionKind::Explanation => 1200,
        }
    }
}

/// The sections a kind of question has, in order, and whether each is required.
fn sections_of(kind: KindName) -> &'static [(SectionKind, bool)] {
    match kind {
        KindName::Open => &[
            (SectionKind::Why, true),
            (SectionKind::How, true),
            (SectionKind::Model, true),
            (SectionKind::FollowUps, false),
            (SectionKind::Pitfalls, false),
        ],
        KindName::Single | KindName::Multiple => &[(SectionKind::Explanation, true)],
    }
}

pub struct Section {
    pub kind: SectionKind,
    pub html: String,
    /// The section's Markdown source, trimmed, for the content hash.
    pub source: String,
    /// Its text without markup, whitespace collapsed (for link-preview descriptions).
    pub plain: String,
}

/// A `##` section as found, before it is checked against the kind's rules.
struct Found<'a> {
    title: String,
    /// Offset of the `##` heading in the file.
    at: usize,
    /// Byte range of the section's content in the body, after its heading.
    content: std::ops::Range<usize>,
    events: Vec<Event<'a>>,
    plain: String,
}

/// Checks and renders the body. `kind` is `None` when the front matter could not say;
/// then every known section title is accepted and only kind-free rules are checked.
pub fn render(
    file: &SourceFile,
    body: &str,
    body_offset: usize,
    kind: Option<KindName>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Section> {
    let mut found: Vec<Found<'_>> = Vec::new();
    let mut heading_title: Option<String> = None;
    let mut in_h1 = false;
    let mut reported_preamble = false;
    let mut in_html_block = false;
    let mut alt: Option<(usize, String)> = None;

    for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        let at = body_offset + range.start;
        check_event(file, &event, at, &mut in_html_block, &mut alt, diags);
        match &event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => {
                in_h1 = true;
                diags.push(file.error(
                    at,
                    "level-1 headings are not allowed",
                    "the app shows the prompt as the title; start sections with `## ` and use `###` inside them",
                ));
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => in_h1 = false,
            _ if in_h1 => {}
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                if let Some(last) = found.last_mut() {
                    last.content.end = range.start;
                }
                heading_title = Some(String::new());
                found.push(Found {
                    title: String::new(),
                    at,
                    content: range.end..body.len(),
                    events: Vec::new(),
                    plain: String::new(),
                });
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                if let (Some(title), Some(last)) = (heading_title.take(), found.last_mut()) {
                    last.title = title.split_whitespace().collect::<Vec<_>>().join(" ");
                }
            }
            Event::Text(text) | Event::Code(text) if heading_title.is_some() => {
                if let Some(title) = heading_title.as_mut() {
                    title.push_str(text);
                }
            }
            _ if heading_title.is_some() => {}
            _ => match found.last_mut() {
                Some(section) => {
                    add_plain_text(&mut section.plain, &event);
                    section.events.push(for_html(event));
                }
                None if !reported_preamble => {
                    reported_preamble = true;
                    diags.push(file.error(
                        at,
                        "text before the first section",
                        "start the body with a `## ` section heading, or move this text into a section",
                    ));
                }
                None => {}
            },
        }
    }
    check_sections(file, kind, &found, diags);

    let mut sections: Vec<Section> = found
        .into_iter()
        .filter_map(|f| {
            let kind = SectionKind::ALL
                .into_iter()
                .find(|k| k.title() == f.title)?;
            let mut html = String::new();
            html::push_html(&mut html, cells_with_classes(f.events).into_iter());
            Some(Section {
                kind,
                html,
                source: body[f.content].trim().replace("\r\n", "\n"),
                plain: collapse_whitespace(&f.plain),
            })
        })
        .collect();
    sections.sort_by_key(|s| s.kind);
    sections
}

/// Rules for every event, wherever it is: no raw HTML, safe link and image targets, alt text.
fn check_event(
    file: &SourceFile,
    event: &Event<'_>,
    at: usize,
    in_html_block: &mut bool,
    alt: &mut Option<(usize, String)>,
    diags: &mut Vec<Diagnostic>,
) {
    let raw_html = || {
        file.error(
            at,
            "raw HTML is not allowed",
            "write it in Markdown; to show a tag as text, put it in backticks, like `<div>`",
        )
    };
    match event {
        Event::Start(Tag::HtmlBlock) => {
            *in_html_block = true;
            diags.push(raw_html());
        }
        Event::End(TagEnd::HtmlBlock) => *in_html_block = false,
        Event::Html(_) if !*in_html_block => diags.push(raw_html()),
        Event::InlineHtml(_) => diags.push(raw_html()),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        }) => {
            let url = dest_url.as_ref();
            let problem = match target(url) {
                Target::Relative if *link_type == LinkType::Email => None,
                Target::Scheme(s) if ["http", "https", "mailto"].contains(&s.as_str()) => None,
                Target::Relative => None,
                Target::Scheme(s) => Some(format!("uses the scheme `{s}:`, which is not allowed")),
                Target::ProtocolRelative => Some("has no scheme".to_string()),
            };
            if let Some(problem) = problem {
                diags.push(file.error(
                    at,
                    format!("link to `{}` {problem}", shorten(url)),
                    "link only to http(s) or mailto addresses, relative paths or #fragments, like `https://example.com`",
                ));
            }
        }
        Event::Start(Tag::Image { dest_url, .. }) => {
            // https keeps the page free of mixed content; a relative path is the site's
            // own. Both are what the pages' Content Security Policy lets images load from.
            let url = dest_url.as_ref();
            if !matches!(target(url), Target::Relative)
                && !matches!(target(url), Target::Scheme(s) if s == "https")
            {
                diags.push(file.error(
                    at,
                    format!("image `{}` is neither an https address nor a relative path", shorten(url)),
                    "use an https address, like `https://example.com/diagram.png`, or a path relative to the site, like `images/diagram.png`",
                ));
            }
            *alt = Some((at, String::new()));
        }
        Event::Text(text) | Event::Code(text) => {
            if let Some((_, alt)) = alt.as_mut() {
                alt.push_str(text);
            }
        }
        Event::End(TagEnd::Image) => {
            if let Some((at, text)) = alt.take() {
                if text.trim().is_empty() {
                    diags.push(file.error(
                        at,
                        "image has no alt text",
                        "describe the image between the brackets, like `![Sequence diagram of the login flow](https://...)`",
                    ));
                }
            }
        }
        _ => {}
    }
}

enum Target {
    /// No scheme: a relative path or a `#fragment`.
    Relative,
    /// `//host/...`: absolute, but without saying how.
    ProtocolRelative,
    /// The lowercased scheme, without its colon.
    Scheme(String),
}

/// Classifies a link target the way a browser would read it: browsers ignore tabs
/// and line breaks inside URLs and leading control characters and spaces.
fn target(url: &str) -> Target {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_start_matches(|c: char| c <= ' ');
    if cleaned.starts_with("//") || cleaned.starts_with("\\\\") {
        return Target::ProtocolRelative;
    }
    let Some(end) = cleaned.find([':', '/', '?', '#']) else {
        return Target::Relative;
    };
    let scheme = &cleaned[..end];
    let is_scheme = cleaned[end..].starts_with(':')
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if is_scheme {
        Target::Scheme(scheme.to_ascii_lowercase())
    } else {
        Target::Relative
    }
}

fn shorten(url: &str) -> String {
    const MAX: usize = 40;
    if url.chars().count() <= MAX {
        url.to_string()
    } else {
        format!("{}…", url.chars().take(MAX).collect::<String>())
    }
}

/// Adapts an event for the app's page: `###` becomes `<h4>` (the app uses `<h2>` and
/// `<h3>` itself), and absolute http(s) links open in a new tab without an opener.
fn for_html(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            ..
        }) if link_type != LinkType::Email
            && matches!(target(&dest_url), Target::Scheme(s) if s == "http" || s == "https") =>
        {
            Event::InlineHtml(external_link(&dest_url, &title).into())
        }
        event => event,
    }
}

/// Table cells with their alignment as a class (`align-left`, `align-center`,
/// `align-right`, styled in style.css) instead of the `style` attribute pulldown-cmark
/// would write, which the pages' Content Security Policy does not allow.
fn cells_with_classes(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let (mut aligns, mut head, mut column) = (Vec::new(), false, 0);
    events
        .into_iter()
        .map(|event| match event {
            Event::Start(Tag::Table(alignments)) => {
                let none = vec![Alignment::None; alignments.len()];
                aligns = alignments;
                Event::Start(Tag::Table(none))
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                head = matches!(event, Event::Start(Tag::TableHead));
                column = 0;
                event
            }
            Event::Start(Tag::TableCell) => {
                let class = match aligns.get(column) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                column += 1;
                Event::InlineHtml(format!("<{}{class}>", if head { "th" } else { "td" }).into())
            }
            Event::End(TagEnd::TableCell) => {
                Event::InlineHtml(if head { "</th>" } else { "</td>" }.into())
            }
            event => event,
        })
        .collect()
}

/// The opening tag of an external link, written as pulldown-cmark's HTML writer writes
/// links (the same escaping), plus a new tab without an opener. Its `</a>` is the
/// writer's own, from the link's end event.
fn external_link(dest_url: &str, title: &str) -> String {
    let mut tag = String::from("<a href=\"");
    // Writing into a String cannot fail.
    let _ = escape_href(&mut tag, dest_url);
    if !title.is_empty() {
        tag.push_str("\" title=\"");
        let _ = escape_html(&mut tag, title);
    }
    tag.push_str("\" target=\"_blank\" rel=\"noopener noreferrer\">");
    tag
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

fn add_plain_text(plain: &mut String, event: &Event<'_>) {
    match event {
        Event::Text(text) | Event::Code(text) => plain.push_str(text),
        Event::SoftBreak | Event::HardBreak | Event::Rule => plain.push(' '),
        Event::End(end)
            if !matches!(
                end,
                TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Link
                    | TagEnd::Image
            ) =>
        {
            plain.push(' ')
        }
        _ => {}
    }
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Section rules: known titles for the kind, each once, in order, required ones present,
/// none empty, none over its length budget.
fn check_sections(
    file: &SourceFile,
    kind: Option<KindName>,
    found: &[Found<'_>],
    diags: &mut Vec<Diagnostic>,
) {
    let allowed: Vec<(SectionKind, bool)> = match kind {
        Some(kind) => sections_of(kind).to_vec(),
        None => SectionKind::ALL.iter().map(|&k| (k, false)).collect(),
    };
    let titles = || allowed.iter().map(|(k, _)| k.title());
    let listing = titles()
        .map(|t| format!("`## {t}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut seen: Vec<(SectionKind, &Found<'_>)> = Vec::new();
    // Sections whose misspelt heading was reported with a "did you mean", not as missing.
    let mut misspelt: Vec<&str> = Vec::new();
    for f in found {
        let Some(&(section, _)) = allowed.iter().find(|(k, _)| k.title() == f.title) else {
            let message = match (kind, SectionKind::ALL.iter().any(|k| k.title() == f.title)) {
                (Some(kind), true) => format!(
                    "section `## {}` is not allowed in {}",
                    f.title,
                    kind.question()
                ),
                _ => format!("unknown section `## {}`", f.title),
            };
            let which = kind.map_or(String::new(), |k| format!(" of {}", k.question()));
            let near = did_you_mean(&f.title, titles());
            misspelt.extend(near);
            let near = near.map_or(String::new(), |t| format!("did you mean `## {t}`? "));
            diags.push(file.error(
                f.at,
                message,
                format!("{near}the sections{which} are, in order: {listing}"),
            ));
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == section) {
            let (line, _) = file.line_col(first.at);
            diags.push(file.error(
                f.at,
                format!("duplicate section `## {}` (first on line {line})", f.title),
                "merge the two into one section",
            ));
            continue;
        }
        if let Some((later, _)) = seen.iter().find(|(k, _)| *k > section) {
            diags.push(file.error(
                f.at,
                format!(
                    "section `## {}` must come before `## {}`",
                    f.title,
                    later.title()
                ),
                format!("put the sections in this order: {listing}"),
            ));
        }
        let text = collapse_whitespace(&f.plain);
        let n = text.chars().count();
        if n == 0 {
            diags.push(file.error(
                f.at,
                format!("section `## {}` is empty", f.title),
                "write its text below the heading, or remove the heading if the section is optional",
            ));
        } else if n > section.budget() {
            diags.push(file.error(
                f.at,
                format!(
                    "section `## {}` has {n} characters of text; the limit is {}",
                    f.title,
                    section.budget()
                ),
                format!(
                    "shorten it by {} characters (markup does not count)",
                    n - section.budget()
                ),
            ));
        }
        seen.push((section, f));
    }
    if kind.is_none() {
        return;
    }
    for &(missing, required) in &allowed {
        let present = seen.iter().any(|(k, _)| *k == missing);
        if !required || present || misspelt.contains(&missing.title()) {
            continue;
        }
        let next = seen
            .iter()
            .filter(|(k, _)| *k > missing)
            .min_by_key(|(k, _)| *k);
        let (at, hint) = match next {
            Some((k, f)) => (
                f.at,
                format!(
                    "add a `## {}` section before `## {}`",
                    missing.title(),
                    k.title()
                ),
            ),
            None => (
                file.end(),
                format!(
                    "add a `## {}` section at the end of the file",
                    missing.title()
                ),
            ),
        };
        diags.push(file.error(
            at,
            format!("missing required section `## {}`", missing.title()),
            hint,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(markdown: &str) -> String {
        let mut html = String::new();
        html::push_html(&mut html, Parser::new(markdown).map(for_html));
        html
    }

    #[test]
    fn external_links_keep_their_escaped_title_and_open_in_a_new_tab() {
        assert_eq!(
            rendered(r#"[a "b"](https://x.example/?q="1"&r=<2> "say \"hi\" & <go>")"#),
            "<p><a href=\"https://x.example/?q=%221%22&amp;r=%3C2%3E\" title=\"say &quot;hi&quot; &amp; &lt;go&gt;\" \
             target=\"_blank\" rel=\"noopener noreferrer\">a \"b\"</a></p>\n"
        );
    }

    #[test]
    fn other_links_are_written_by_pulldown_cmark_alone() {
        assert_eq!(
            rendered("[notes](#notes \"t\") <me@example.com> [up](../x) [mail](MAILTO:a@b.c)"),
            "<p><a href=\"#notes\" title=\"t\">notes</a> <a href=\"mailto:me@example.com\">me@example.com</a> \
             <a href=\"../x\">up</a> <a href=\"MAILTO:a@b.c\">mail</a></p>\n"
        );
    }
}
