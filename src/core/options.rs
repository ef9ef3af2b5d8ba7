//! Page options: the query parameters of the page's URL, the embed contract a blogger
//! writes into an iframe's `src`. Parsing is total: an unknown or malformed parameter
//! is ignored with one warning (the shell logs it) and never becomes markup.

use super::deck::Deck;
use super::fsrs::Grade;
use super::progress::Theme;
use super::route::{is_slug, Route};
use super::session::Mode;
use super::storage::GRADE_NAMES;

/// What the URL asked for, checked against the deck.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// `ids=a,b`: only these questions, in this order (aliases resolve to their question).
    pub ids: Vec<&'static str>,
    /// `tags=x,y`: only questions with any of these tags (added to `ids`, if both).
    pub tags: Vec<&'static str>,
    /// `start=<slug>`: the question to open when the URL names no view.
    pub start: Option<&'static str>,
    /// `mode=in-order|shuffled|due|weak`: start a round in this mode.
    pub mode: Option<Mode>,
    /// `theme=auto|light|dark`: overrides the user's choice on this page.
    pub theme: Option<Theme>,
    /// `compact=1`: no navigation bar and no deck description.
    pub compact: bool,
    /// `ns=<name>`: progress kept apart from the deck's usual progress.
    pub ns: Option<String>,
    /// `embed=1|0`: force embed mode on or off (otherwise: on when framed).
    pub embed: Option<bool>,
    /// `bg=transparent`: let the host page's background show through.
    pub transparent: bool,
    /// `events=1`: post ready, route, graded and completed messages to the parent.
    pub events: bool,
}

/// How the page presents itself, from the options and the frame; small and `Copy`,
/// so it lives in the state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Page {
    /// Inside a host page: no site header; the full page opens in a new tab.
    pub embed: bool,
    pub compact: bool,
    pub transparent: bool,
    pub events: bool,
    pub theme: Option<Theme>,
}

const MAX_VALUE: usize = 400;

impl Options {
    /// Parses `location.search` (with or without `?`). Returns the options and one
    /// plain-words warning per parameter that was ignored.
    pub fn parse(search: &str, deck: &'static Deck) -> (Options, Vec<String>) {
        let mut options = Options::default();
        let mut warnings = Vec::new();
        let query = search.strip_prefix('?').unwrap_or(search);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = decode(raw_name).unwrap_or_default();
            let Some(value) = decode(raw_value).filter(|v| v.len() <= MAX_VALUE) else {
                warnings.push(format!(
                    "ignored the URL parameter `{}`: its value is not valid or too long",
                    shown(&name)
                ));
                continue;
            };
            if let Err(why) = options.set(&name, &value, deck) {
                warnings.push(format!(
                    "ignored the URL parameter `{}={}`: {why}",
                    shown(&name),
                    shown(&value)
                ));
            }
        }
        (options, warnings)
    }

    fn set(&mut self, name: &str, value: &str, deck: &'static Deck) -> Result<(), String> {
        match name {
            "ids" => {
                self.ids = list(value, "question", |slug| find(deck, slug))?;
            }
            "tags" => {
                self.tags = list(value, "tag", |tag| {
                    deck.tags.iter().find(|t| t.id == tag).map(|t| t.id)
                })?;
            }
            "start" => self.start = Some(find(deck, value).ok_or("no question has that id")?),
            "mode" => {
                self.mode = Some(match value {
                    "in-order" => Mode::InOrder,
                    "shuffled" => Mode::Shuffled,
                    "due" => Mode::Due,
                    "weak" => Mode::Weak,
                    _ => return Err("use in-order, shuffled, due or weak".into()),
                })
            }
            "theme" => {
                self.theme = Some(match value {
                    "auto" => Theme::Auto,
                    "light" => Theme::Light,
                    "dark" => Theme::Dark,
                    _ => return Err("use auto, light or dark".into()),
                })
            }
            "compact" => self.compact = flag(value)?,
            "embed" => self.embed = Some(flag(value)?),
            "events" => self.events = flag(value)?,
            "bg" if value == "transparent" => self.transparent = true,
            "bg" => return Err("the only value is transparent".into()),
            "ns" if is_slug(value) && value.len() <= 32 => self.ns = Some(value.to_string()),
            "ns" => return Err("use 1 to 32 lowercase letters, digits and hyphens".into()),
            _ => return Err(
                "unknown parameter; known: ids, tags, start, mode, theme, compact, ns, embed, bg, events"
                    .into(),
            ),
        }
        Ok(())
    }

    /// How the page presents itself; `framed` is whether it runs inside a frame.
    pub fn page(&self, framed: impl FnOnce() -> bool) -> Page {
        Page {
            embed: self.embed.unwrap_or_else(framed),
            compact: self.compact,
            transparent: self.transparent,
            events: self.events,
            theme: self.theme,
        }
    }

    /// The question to open when the URL names no view: `start` if `deck` (the page's
    /// selection) holds it, else the only question of a one-question page. A `start`
    /// outside the selection is ignored with a warning.
    pub fn first_question(&self, deck: &Deck) -> (Option<&'static str>, Option<String>) {
        let only = match deck.questions {
            [q] => Some(q.id),
            _ => None,
        };
        match self.start {
            Some(start) if deck.questions.iter().any(|q| q.id == start) => (Some(start), None),
            Some(start) => (
                only,
                Some(format!(
                    "ignored the URL parameter `start={start}`: ids and tags do not select that question"
                )),
            ),
            None => (only, None),
        }
    }

    /// The deck this page shows: the whole deck, or the questions `ids` and `tags` pick,
    /// `ids` first in their order, then the tagged ones in deck order. `None` for the
    /// whole deck (also when the selection is empty, which `parse` could not know).
    pub fn selection(&self, deck: &'static Deck) -> Option<Vec<usize>> {
        if self.ids.is_empty() && self.tags.is_empty() {
            return None;
        }
        let mut picked: Vec<usize> = self
            .ids
            .iter()
            .filter_map(|id| deck.questions.iter().position(|q| q.id == *id))
            .collect();
        for (i, q) in deck.questions.iter().enumerate() {
            if q.tags.iter().any(|t| self.tags.contains(t)) && !picked.contains(&i) {
                picked.push(i);
            }
        }
        Some(picked)
    }
}

/// What an embedding page hears when it asked (`events=1`): what happened, never what
/// the user wrote. Each is one plain object `{source: "rehearse", version: 1, type, …}`,
/// whose fields `fields` lists (the shell builds the object from them).
#[derive(Debug)]
pub enum HostEvent<'a> {
    /// The widget is up: `deck` (its id) and `questions` (how many this page shows).
    Ready(&'a Deck),
    /// The view changed: `view` (overview, question, review, mock, summary, about,
    /// import, not-found), and for a question `id` and `answer` (whether it is open).
    Route(&'a Route),
    /// A self-grade was recorded: `id` and `grade` (again, hard, good, easy).
    Graded { id: &'a str, grade: Grade },
    /// The round summary was reached: `graded` of `questions` in the round.
    Completed { graded: usize, questions: usize },
}

/// A value in a host message: text or a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field<'a> {
    Text(&'a str),
    Number(usize),
}

impl<'a> HostEvent<'a> {
    /// Hands `field` the message's fields in order: `source`, `version`, `type`, then
    /// the event's own.
    pub fn fields(&self, mut field: impl FnMut(&'static str, Field<'a>)) {
        use Field::{Number, Text};
        field("source", Text("rehearse"));
        field("version", Number(1));
        match *self {
            HostEvent::Ready(deck) => {
                field("type", Text("ready"));
                field("deck", Text(deck.id));
                field("questions", Number(deck.questions.len()));
            }
            HostEvent::Route(route) => {
                field("type", Text("route"));
                let view = match route {
                    Route::Overview => "overview",
                    Route::Question { .. } => "question",
                    Route::Review => "review",
                    Route::Mock => "mock",
                    Route::Summary => "summary",
                    Route::About => "about",
                    Route::Import { .. } => "import",
                    Route::NotFound { .. } => "not-found",
                };
                field("view", Text(view));
                if let Route::Question { slug, answer } = route {
                    field("id", Text(slug));
                    field("answer", Text(if *answer { "open" } else { "closed" }));
                }
            }
            HostEvent::Graded { id, grade } => {
                field("type", Text("graded"));
                field("id", Text(id));
                field("grade", Text(GRADE_NAMES[grade as usize - 1]));
            }
            HostEvent::Completed { graded, questions } => {
                field("type", Text("completed"));
                field("graded", Number(graded));
                field("questions", Number(questions));
            }
        }
    }
}

/// The link that shares one question: the preview page `q/<slug>/` when the site's
/// base URL is known (link previews show the question), else the app's own route.
/// `answer` asks for the answer open (`#answer` on a preview page, `/answer` in the app).
pub fn share_link(base_url: Option<&str>, app_url: &str, slug: &str, answer: bool) -> String {
    match base_url {
        Some(base) => format!("{base}q/{slug}/{}", if answer { "#answer" } else { "" }),
        None => format!("{app_url}#/q/{slug}{}", if answer { "/answer" } else { "" }),
    }
}

/// What an embed shows, for the embed code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick<'a> {
    Deck,
    Question(&'a str),
    Tag(&'a str),
}

/// The Subresource Integrity hash of `embed-v1.js`, a file that never changes (a test
/// in `tests/tidy.rs` computes it from the file), so a host page runs exactly the
/// script it reviewed.
pub const EMBED_V1_INTEGRITY: &str =
    "sha384-/UsBJIH/4OS6ZcCMAYlGBQdoHNpzIszLZ7cIjd0a4zvvl/fa2aQffyyC9QJIJvWk";

/// The HTML a blogger pastes: an iframe of the app at `app_url` (its page address,
/// without query or hash) showing `pick` in `theme`, and the auto-height helper from
/// the same folder, pinned by its integrity hash (`crossorigin`: the browser checks a
/// script from another origin only when it is fetched with CORS). `title` names the
/// frame for screen readers; it is escaped. With `microphone`, the frame may use the
/// microphone (answering out loud); without it, the widget offers the full page for that.
pub fn embed_code(
    app_url: &str,
    pick: Pick<'_>,
    theme: Theme,
    title: &str,
    microphone: bool,
) -> String {
    let mut params = Vec::new();
    match pick {
        Pick::Deck => {}
        Pick::Question(id) => params.push(format!("ids={id}")),
        Pick::Tag(tag) => params.push(format!("tags={tag}")),
    }
    match theme {
        Theme::Auto => {}
        Theme::Light => params.push("theme=light".into()),
        Theme::Dark => params.push("theme=dark".into()),
    }
    let query = if params.is_empty() {
        String::new()
    } else {
        format!("?{}", params.join("&amp;"))
    };
    let folder = &app_url[..app_url.rfind('/').map_or(0, |i| i + 1)];
    let title = title
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    let microphone = if microphone { "; microphone" } else { "" };
    format!(
        "<iframe src=\"{app_url}{query}\" title=\"{title}\" data-rehearse loading=\"lazy\" allow=\"clipboard-write; web-share{microphone}\" style=\"width:100%;height:640px;border:0\"></iframe>\n<script src=\"{folder}embed-v1.js\" integrity=\"{EMBED_V1_INTEGRITY}\" crossorigin=\"anonymous\" async></script>"
    )
}

/// `1|true|yes` or `0|false|no`; an empty value (`?compact`) means on.
fn flag(value: &str) -> Result<bool, String> {
    match value {
        "" | "1" | "true" | "yes" => Ok(true),
        "0" | "false" | "no" => Ok(false),
        _ => Err("use 1 or 0".into()),
    }
}

/// A comma-separated list, each item looked up; unknown items make the whole list
/// ignored, so a typo never silently shows a different selection.
fn list(
    value: &str,
    what: &str,
    lookup: impl Fn(&str) -> Option<&'static str>,
) -> Result<Vec<&'static str>, String> {
    let mut found = Vec::new();
    for item in value.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let id = lookup(item).ok_or_else(|| format!("there is no {what} `{}`", shown(item)))?;
        if !found.contains(&id) {
            found.push(id);
        }
    }
    if found.is_empty() {
        return Err(format!("name at least one {what}"));
    }
    Ok(found)
}

/// A question's id from its id or an alias.
fn find(deck: &'static Deck, slug: &str) -> Option<&'static str> {
    deck.questions
        .iter()
        .find(|q| q.id == slug || q.aliases.contains(&slug))
        .map(|q| q.id)
}

/// Percent-decoding of a query component (`+` is a space); `None` if malformed.
fn decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = raw.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A value as it may appear in a warning: at most 40 characters.
fn shown(text: &str) -> String {
    let mut cut: String = text.chars().take(40).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::deck::DECK;

    fn parse(search: &str) -> (Options, Vec<String>) {
        Options::parse(search, &DECK)
    }

    #[test]
    fn host_events_have_the_documented_shape_and_nothing_personal() {
        use Field::{Number, Text};
        let head = [("source", Text("rehearse")), ("version", Number(1))];
        let cases = [
            (
                HostEvent::Ready(&DECK),
                vec![
                    ("type", Text("ready")),
                    ("deck", Text("backend-engineer")),
                    ("questions", Number(23)),
                ],
            ),
            (
                HostEvent::Route(&Route::question("sql-vs-nosql", true)),
                vec![
                    ("type", Text("route")),
                    ("view", Text("question")),
                    ("id", Text("sql-vs-nosql")),
                    ("answer", Text("open")),
                ],
            ),
            (
                HostEvent::Route(&Route::Import {
                    code: "r1.secret".into(),
                }),
                vec![("type", Text("route")), ("view", Text("import"))],
            ),
            (
                HostEvent::Graded {
                    id: "containers",
                    grade: Grade::Hard,
                },
                vec![
                    ("type", Text("graded")),
                    ("id", Text("containers")),
                    ("grade", Text("hard")),
                ],
            ),
            (
                HostEvent::Completed {
                    graded: 3,
                    questions: 5,
                },
                vec![
                    ("type", Text("completed")),
                    ("graded", Number(3)),
                    ("questions", Number(5)),
                ],
            ),
        ];
        for (event, tail) in cases {
            let expected: Vec<_> = head.iter().copied().chain(tail).collect();
            let mut fields = Vec::new();
            event.fields(|name, value| fields.push((name, value)));
            assert_eq!(fields, expected, "{event:?}");
        }
    }

    #[test]
    fn share_links_use_the_preview_pages_when_the_site_is_known() {
        let app = "http://127.0.0.1:4173/";
        assert_eq!(
            share_link(None, app, "containers", false),
            "http://127.0.0.1:4173/#/q/containers"
        );
        assert_eq!(
            share_link(None, app, "containers", true),
            "http://127.0.0.1:4173/#/q/containers/answer"
        );
        let base = Some("https://ex.com/r/");
        assert_eq!(
            share_link(base, app, "containers", false),
            "https://ex.com/r/q/containers/"
        );
        assert_eq!(
            share_link(base, app, "containers", true),
            "https://ex.com/r/q/containers/#answer"
        );
    }

    #[test]
    fn embed_code_names_the_pick_and_theme_and_escapes_the_title() {
        let code = embed_code(
            "https://blog.example/rehearse/index.html",
            Pick::Question("sql-vs-nosql"),
            Theme::Dark,
            "SQL \"or\" <NoSQL> & you",
            false,
        );
        assert_eq!(
            code,
            "<iframe src=\"https://blog.example/rehearse/index.html?ids=sql-vs-nosql&amp;theme=dark\" title=\"SQL &quot;or&quot; &lt;NoSQL> &amp; you\" data-rehearse loading=\"lazy\" allow=\"clipboard-write; web-share\" style=\"width:100%;height:640px;border:0\"></iframe>\n<script src=\"https://blog.example/rehearse/embed-v1.js\" integrity=\"sha384-/UsBJIH/4OS6ZcCMAYlGBQdoHNpzIszLZ7cIjd0a4zvvl/fa2aQffyyC9QJIJvWk\" crossorigin=\"anonymous\" async></script>"
        );
        let deck = embed_code(
            "http://127.0.0.1:4173/",
            Pick::Deck,
            Theme::Auto,
            "t",
            false,
        );
        assert!(deck.starts_with("<iframe src=\"http://127.0.0.1:4173/\" title"));
        let tag = embed_code("http://h/", Pick::Tag("apis"), Theme::Light, "t", false);
        assert!(tag.contains("src=\"http://h/?tags=apis&amp;theme=light\""));
        // Answering out loud in the frame needs the host page to allow the microphone.
        let speak = embed_code("http://h/", Pick::Deck, Theme::Auto, "t", true);
        assert!(speak.contains(" allow=\"clipboard-write; web-share; microphone\" "));
    }

    #[test]
    fn the_first_question_is_start_if_shown_else_the_only_one() {
        let pick = |search: &str| {
            let (o, _) = parse(search);
            let deck = match o.selection(&DECK) {
                Some(picked) => DECK.subset(&picked),
                None => &DECK,
            };
            o.first_question(deck)
        };
        assert_eq!(pick("start=containers"), (Some("containers"), None));
        assert_eq!(pick("ids=sql-vs-nosql"), (Some("sql-vs-nosql"), None));
        assert_eq!(pick(""), (None, None));
        let (first, warning) = pick("ids=sql-vs-nosql&start=containers");
        assert_eq!(first, Some("sql-vs-nosql"));
        assert!(warning.unwrap().contains("`start=containers`"));
    }

    #[test]
    fn every_parameter_is_read() {
        let (o, warnings) = parse(
            "?ids=sql-vs-nosql,throttling&tags=security&start=caching-strategies&mode=due&theme=dark&compact=1&ns=post-7&embed=0&bg=transparent&events=true",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            o.ids,
            ["sql-vs-nosql", "rate-limiting"],
            "an alias resolves"
        );
        assert_eq!(o.tags, ["security"]);
        assert_eq!(o.start, Some("caching-strategies"));
        assert_eq!(o.mode, Some(Mode::Due));
        assert_eq!(o.theme, Some(Theme::Dark));
        assert!(o.compact && o.transparent && o.events);
        assert_eq!(o.ns.as_deref(), Some("post-7"));
        assert_eq!(o.embed, Some(false));
    }

    #[test]
    fn bad_values_are_ignored_one_warning_each_and_the_rest_still_applies() {
        let (o, warnings) = parse(
            "theme=purple&ids=nope&mode=&compact=maybe&ns=Has%20Space&bg=red&utm_source=x&start=%zz&tags=apis",
        );
        assert_eq!(warnings.len(), 8, "{warnings:#?}");
        assert_eq!(o.tags, ["apis"]);
        assert_eq!(
            o,
            Options {
                tags: vec!["apis"],
                ..Options::default()
            }
        );
        assert!(
            warnings[0].contains("`theme=purple`") && warnings[0].contains("auto, light or dark")
        );
        assert!(warnings[1].contains("there is no question `nope`"));
    }

    #[test]
    fn hostile_values_are_cut_short_in_warnings_and_never_accepted() {
        let long = "a".repeat(5000);
        let (o, warnings) = parse(&format!(
            "start=%3Cscript%3Ealert(1)%3C/script%3E&ids=\"'><img>&ns={long}"
        ));
        assert_eq!(o, Options::default());
        assert_eq!(warnings.len(), 3);
        assert!(
            warnings.iter().all(|w| w.chars().count() < 200),
            "{warnings:#?}"
        );
    }

    #[test]
    fn encoded_commas_and_plus_signs_decode() {
        let (o, warnings) = parse("ids=sql-vs-nosql%2Ccontainers&tags=apis,+security");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(o.ids, ["sql-vs-nosql", "containers"]);
        assert_eq!(o.tags, ["apis", "security"]);
    }

    #[test]
    fn the_selection_is_ids_in_their_order_then_tagged_questions_in_deck_order() {
        let (o, _) = parse("ids=refactoring,sql-vs-nosql&tags=security");
        let picked = o.selection(&DECK).unwrap();
        let ids: Vec<&str> = picked.iter().map(|&i| DECK.questions[i].id).collect();
        assert_eq!(&ids[..2], ["refactoring", "sql-vs-nosql"]);
        assert!(ids[2..].iter().all(|id| DECK
            .questions
            .iter()
            .any(|q| q.id == *id && q.tags.contains(&"security"))));
        assert!(ids.len() > 3);
        assert_eq!(parse("").0.selection(&DECK), None);
    }
}
