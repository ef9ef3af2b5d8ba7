//! The house style (British spelling, "ID", `40%` and `200 ms`), checked against the
//! list in content/house-style.toml: the deck's prose and the app's user-visible text.
//! It checks words only; it must not judge content, and it never reads code spans,
//! slugs, TOML keys, comments or Rust identifiers.

use std::fs;
use std::path::{Path, PathBuf};

/// The repository root: deckc lives one folder below it.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One rule: a forbidden variant and the preferred form, as written in the file.
#[derive(Debug, Clone)]
struct Rule {
    variant: Vec<char>,
    preferred: String,
}

/// Reads `[section] "variant" = "preferred"` pairs; sections only group rules.
fn parse_rules(text: &str) -> Vec<Rule> {
    use toml::de::{DeTable, DeValue};
    let table = DeTable::parse(text).expect("house-style.toml is valid TOML");
    let mut rules = Vec::new();
    for (section, value) in table.into_inner() {
        let DeValue::Table(entries) = value.into_inner() else {
            panic!(
                "`{}` must be a [table] of variant = preferred",
                section.get_ref()
            );
        };
        for (variant, preferred) in entries {
            let DeValue::String(preferred) = preferred.into_inner() else {
                panic!(
                    "the preferred form of `{}` must be a string",
                    variant.get_ref()
                );
            };
            rules.push(Rule {
                variant: variant.get_ref().chars().collect(),
                preferred: preferred.into_owned(),
            });
        }
    }
    // A variant written in lower case also matches with a capital first letter.
    let capitalised: Vec<Rule> = rules
        .iter()
        .filter(|r| r.variant.first().is_some_and(char::is_ascii_lowercase))
        .map(|r| Rule {
            variant: capitalise(&r.variant.iter().collect::<String>())
                .chars()
                .collect(),
            preferred: capitalise(&r.preferred),
        })
        .collect();
    rules.extend(capitalised);
    rules
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Characters that glue a word into an identifier, a path or a URL parameter:
/// a match next to one of them is code, not prose (`account_id`, `?ids=`).
fn glued_before(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '/' | '?' | '&' | '.' | '$' | '@' | '\\' | '{')
}

fn glued_after(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '=' | '(' | '/' | '}')
}

/// Matches `rule` at `at`; returns the end of the match and the preferred form with
/// its `#` and `*` filled in from the text.
fn match_at(rule: &Rule, line: &[char], at: usize) -> Option<(usize, String)> {
    let (mut i, mut number, mut rest) = (at, String::new(), String::new());
    let pattern = &rule.variant;
    for (k, &p) in pattern.iter().enumerate() {
        match p {
            '#' => {
                let start = i;
                while i < line.len()
                    && (line[i].is_ascii_digit()
                        || (matches!(line[i], '.' | ',')
                            && i > start
                            && line.get(i + 1).is_some_and(char::is_ascii_digit)))
                {
                    i += 1;
                }
                if i == start || (start > 0 && line[start - 1].is_ascii_digit()) {
                    return None;
                }
                number = line[start..i].iter().collect();
            }
            '*' if k + 1 == pattern.len() => {
                let start = i;
                while i < line.len() && line[i].is_alphabetic() {
                    i += 1;
                }
                rest = line[start..i].iter().collect();
            }
            c => {
                if line.get(i) != Some(&c) {
                    return None;
                }
                i += 1;
            }
        }
    }
    if at > 0 && glued_before(line[at - 1]) && pattern[0] != '#' {
        return None;
    }
    if at > 0 && pattern[0] == '#' && (line[at - 1].is_alphanumeric() || line[at - 1] == '.') {
        return None;
    }
    if line.get(i).is_some_and(|&c| glued_after(c)) {
        return None;
    }
    let preferred = rule.preferred.replace('#', &number).replace('*', &rest);
    Some((i, preferred))
}

/// Every variant in `text`, which has already been masked (unchecked parts turned into
/// spaces, so that lines and columns are those of the file), as `path:line:col: …`.
fn check_masked(path: &str, text: &str, rules: &[Rule]) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line: Vec<char> = line.chars().collect();
        let mut at = 0;
        while at < line.len() {
            let hit = rules.iter().find_map(|r| match_at(r, &line, at));
            match hit {
                Some((end, preferred)) => {
                    let variant: String = line[at..end].iter().collect();
                    found.push(format!(
                        "{path}:{}:{}: use \"{preferred}\" not \"{variant}\"",
                        n + 1,
                        at + 1
                    ));
                    at = end;
                }
                None => at += 1,
            }
        }
    }
    found
}

/// Turns the chars in `range` into spaces, keeping line breaks.
fn blank(chars: &mut [char], range: std::ops::Range<usize>) {
    for c in &mut chars[range] {
        if *c != '\n' {
            *c = ' ';
        }
    }
}

/// Keys whose values are slugs or numbers, not prose.
const NOT_PROSE: &[&str] = &[
    "id",
    "aliases",
    "tags",
    "kind",
    "order",
    "difficulty",
    "format_version",
    "correct",
];

/// TOML: keeps only the insides of the strings of prose fields (and of `[tags]` labels).
fn mask_toml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut skipping_array = 0usize;
    for line in text.split_inclusive('\n') {
        let chars: Vec<char> = line.chars().collect();
        let mut masked: Vec<char> = chars
            .iter()
            .map(|&c| if c == '\n' || c == '\r' { c } else { ' ' })
            .collect();
        // `key = value`: a bare key, not a string in an array that happens to hold `=`.
        let key = line.split('=').next().unwrap_or_default().trim();
        let is_entry = line.contains('=')
            && !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let skip_line = skipping_array > 0 || (is_entry && NOT_PROSE.contains(&key));
        let mut i = if is_entry && skipping_array == 0 {
            line.find('=').map_or(0, |b| line[..b].chars().count() + 1)
        } else {
            0
        };
        let mut depth_change: isize = 0;
        while i < chars.len() {
            match chars[i] {
                '#' => break,
                '[' => depth_change += 1,
                ']' => depth_change -= 1,
                '"' => {
                    let start = i + 1;
                    let mut j = start;
                    while j < chars.len() && chars[j] != '"' {
                        j += if chars[j] == '\\' { 2 } else { 1 };
                    }
                    if !skip_line && !line.trim_start().starts_with('[') {
                        let mut k = start;
                        while k < j.min(chars.len()) {
                            if chars[k] == '\\' {
                                k += 2;
                            } else {
                                masked[k] = chars[k];
                                k += 1;
                            }
                        }
                    }
                    i = j;
                }
                _ => {}
            }
            i += 1;
        }
        if skip_line {
            skipping_array = (skipping_array as isize + depth_change).max(0) as usize;
        }
        out.push_str(&mask_code_spans(&masked.iter().collect::<String>()));
    }
    out
}

/// Markdown: blanks code spans, fenced code blocks and link destinations.
fn mask_code_spans(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '`' {
            let open = (i..chars.len()).take_while(|&k| chars[k] == '`').count();
            let mut j = i + open;
            let mut close = None;
            while j < chars.len() {
                if chars[j] == '`' {
                    let run = (j..chars.len()).take_while(|&k| chars[k] == '`').count();
                    if run == open {
                        close = Some(j + run);
                        break;
                    }
                    j += run;
                } else {
                    j += 1;
                }
            }
            match close {
                Some(end) => {
                    blank(&mut chars, i..end);
                    i = end;
                }
                None => i += open,
            }
        } else if chars[i] == ']' && chars.get(i + 1) == Some(&'(') {
            let end = (i + 2..chars.len())
                .find(|&k| chars[k] == ')' || chars[k] == '\n')
                .unwrap_or(chars.len());
            blank(&mut chars, i + 1..end);
            i = end;
        } else {
            i += 1;
        }
    }
    chars.into_iter().collect()
}

/// A question file: the front matter as TOML, the body as Markdown without code.
fn mask_markdown(text: &str) -> String {
    let (mut fences, mut in_fence) = (0, false);
    let (mut front_matter, mut body) = (String::new(), String::new());
    for line in text.split_inclusive('\n') {
        if fences < 2 && line.trim_end() == "+++" {
            fences += 1;
            front_matter.push_str(&line.replace(|c: char| c != '\n', " "));
            continue;
        }
        if fences == 1 {
            front_matter.push_str(line);
            continue;
        }
        let fence = line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~");
        if fence || in_fence {
            in_fence ^= fence;
            body.push_str(&line.replace(|c: char| c != '\n', " "));
        } else {
            body.push_str(line);
        }
    }
    mask_toml(&front_matter) + &mask_code_spans(&body)
}

/// Rust: keeps only the insides of string literals (escapes blanked).
fn mask_rust(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = chars
        .iter()
        .map(|&c| if c == '\n' { c } else { ' ' })
        .collect();
    let mut i = 0;
    while i < chars.len() {
        let next = chars.get(i + 1).copied();
        match chars[i] {
            '/' if next == Some('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                i += 2;
                while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                    i += 1;
                }
                i += 2;
            }
            'r' if (next == Some('"') || next == Some('#'))
                && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')) =>
            {
                let hashes = (i + 1..chars.len())
                    .take_while(|&k| chars[k] == '#')
                    .count();
                let open = i + 1 + hashes;
                if chars.get(open) != Some(&'"') {
                    i += 1;
                    continue;
                }
                let closing: Vec<char> = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                let mut j = open + 1;
                while j < chars.len() && !chars[j..].starts_with(&closing) {
                    out[j] = chars[j];
                    j += 1;
                }
                i = j + closing.len();
            }
            '"' => {
                let mut j = i + 1;
                while j < chars.len() && chars[j] != '"' {
                    if chars[j] == '\\' {
                        j += 2;
                    } else {
                        out[j] = chars[j];
                        j += 1;
                    }
                }
                i = j + 1;
            }
            // A char literal ('"', '\'', 'x'), not a lifetime ('a).
            '\'' if next == Some('\\') => {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            }
            '\'' if chars.get(i + 2) == Some(&'\'') => i += 3,
            _ => i += 1,
        }
    }
    out.into_iter().collect()
}

/// HTML: keeps text between tags and the values of attributes people read; drops
/// comments, scripts and styles.
fn mask_html(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = chars.clone();
    let lower: String = text.to_ascii_lowercase();
    let lower: Vec<char> = lower.chars().collect();
    let starts = |at: usize, s: &str| lower[at..].iter().take(s.len()).copied().eq(s.chars());
    let find = |from: usize, s: &str| {
        (from..chars.len())
            .find(|&k| starts(k, s))
            .map_or(chars.len(), |k| k + s.len())
    };
    let mut i = 0;
    while i < chars.len() {
        if starts(i, "<!--") {
            let end = find(i, "-->");
            blank(&mut out, i..end);
            i = end;
        } else if starts(i, "<script") || starts(i, "<style") {
            let close = if starts(i, "<script") {
                "</script>"
            } else {
                "</style>"
            };
            let end = find(i, close);
            blank(&mut out, i..end);
            i = end;
        } else if chars[i] == '<' {
            let end = find(i, ">");
            let tag: String = chars[i..end].iter().collect();
            blank(&mut out, i..end);
            for name in ["content", "title", "alt", "aria-label", "placeholder"] {
                let needle = format!(" {name}=\"");
                if let Some(b) = tag.to_ascii_lowercase().find(&needle) {
                    let from = i + tag[..b].chars().count() + needle.chars().count();
                    let to = (from..end).find(|&k| chars[k] == '"').unwrap_or(end);
                    out[from..to].copy_from_slice(&chars[from..to]);
                }
            }
            i = end;
        } else {
            i += 1;
        }
    }
    out.into_iter().collect()
}

/// The files the house style covers, as (shown path, masked text).
fn covered_files() -> Vec<(String, String)> {
    let root = root();
    let read = |relative: &str| {
        fs::read_to_string(root.join(relative))
            .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
    };
    let mut files = vec![(
        "content/deck.toml".to_string(),
        mask_toml(&read("content/deck.toml")),
    )];
    let listed = |folder: &str, ext: &str| {
        let mut names: Vec<String> = fs::read_dir(root.join(folder))
            .unwrap_or_else(|e| panic!("cannot read {folder}: {e}"))
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(ext))
            .map(|name| format!("{folder}/{name}"))
            .collect();
        names.sort();
        names
    };
    for path in listed("content/questions", ".md") {
        let masked = mask_markdown(&read(&path));
        files.push((path, masked));
    }
    for path in listed("src/shell", ".rs") {
        let masked = mask_rust(&read(&path));
        files.push((path, masked));
    }
    files.push(("index.html".to_string(), mask_html(&read("index.html"))));
    files
}

fn shipped_rules() -> Vec<Rule> {
    let path = root().join("content/house-style.toml");
    parse_rules(&fs::read_to_string(path).expect("content/house-style.toml exists"))
}

#[test]
fn the_deck_and_the_ui_follow_the_house_style() {
    let rules = shipped_rules();
    let found: Vec<String> = covered_files()
        .iter()
        .flat_map(|(path, masked)| check_masked(path, masked, &rules))
        .collect();
    assert!(
        found.is_empty(),
        "{} house-style variants (the list is content/house-style.toml):\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn every_house_style_rule_is_well_formed() {
    for rule in shipped_rules() {
        let variant: String = rule.variant.iter().collect();
        assert_ne!(variant, rule.preferred, "a rule that changes nothing");
        for mark in ['#', '*'] {
            assert_eq!(
                variant.matches(mark).count(),
                rule.preferred.matches(mark).count(),
                "`{variant}` and `{}` must use `{mark}` alike",
                rule.preferred
            );
        }
        assert!(
            !variant.trim_end_matches('*').contains('*'),
            "`*` only ends a variant: `{variant}`"
        );
    }
}

fn rules(pairs: &[(&str, &str)]) -> Vec<Rule> {
    let text: String = std::iter::once("[test]\n".to_string())
        .chain(pairs.iter().map(|(v, p)| format!("\"{v}\" = \"{p}\"\n")))
        .collect();
    parse_rules(&text)
}

#[test]
fn a_variant_is_reported_at_its_line_and_column_with_the_preferred_form() {
    let rules = rules(&[("optimiz*", "optimis*"), ("id", "ID")]);
    let text = "First line.\nWe optimize the plan, then Optimization again.\nEach order id.";
    assert_eq!(
        check_masked("notes.md", text, &rules),
        [
            "notes.md:2:4: use \"optimise\" not \"optimize\"",
            "notes.md:2:28: use \"Optimisation\" not \"Optimization\"",
            "notes.md:3:12: use \"ID\" not \"id\"",
        ]
    );
}

#[test]
fn figures_keep_their_number_and_words_must_be_whole() {
    let rules = rules(&[
        ("# percent", "#%"),
        ("#ms", "# ms"),
        ("# milliseconds", "# ms"),
        ("id", "ID"),
    ]);
    let text = "About 0.1 percent, 40ms and 1,500 milliseconds; 40% and 200 ms are fine. Idle, idea, paid.";
    assert_eq!(
        check_masked("a.md", text, &rules),
        [
            "a.md:1:7: use \"0.1%\" not \"0.1 percent\"",
            "a.md:1:20: use \"40 ms\" not \"40ms\"",
            "a.md:1:29: use \"1,500 ms\" not \"1,500 milliseconds\"",
        ]
    );
}

#[test]
fn code_spans_slugs_keys_and_identifiers_are_not_checked() {
    let rules = rules(&[("id", "ID"), ("ids", "IDs"), ("optimiz*", "optimis*")]);
    let question = "+++\nid = \"optimize-it\"\naliases = [\n  \"optimizing\",\n]\nprompt = \"Which id?\" # an id\n+++\n\n## Model answer\n\nKeyed by `account_id` and `id`, see [the doc](https://x.test/id).\n\n```sql\nSELECT id FROM t;\n```\nThe user id.\n";
    assert_eq!(
        check_masked("q.md", &mask_markdown(question), &rules),
        [
            "q.md:6:17: use \"ID\" not \"id\"",
            "q.md:16:10: use \"ID\" not \"id\"",
        ]
    );
    let rust = "//! Reads the id.\nfn f(id: &str) -> String {\n    let c = '\"'; // an id\n    format!(\"rehearse-{id}.json?ids=1 for each id\")\n}\n";
    assert_eq!(
        check_masked("f.rs", &mask_rust(rust), &rules),
        ["f.rs:4:48: use \"ID\" not \"id\""]
    );
    let html = "<!-- the id -->\n<meta name=\"id\" content=\"Each id\" />\n<script>let id = 1;</script><p id=\"x\">Your id</p>";
    assert_eq!(
        check_masked("i.html", &mask_html(html), &rules),
        [
            "i.html:2:31: use \"ID\" not \"id\"",
            "i.html:3:44: use \"ID\" not \"id\"",
        ]
    );
}
