//! Every content check, one fixture case each, asserting the exact diagnostics.
//! A case is `fixtures/base` with the files of `fixtures/cases/<case>` laid over it.

mod support;

use support::{base_deck, errors};

#[test]
fn the_base_deck_is_valid_so_each_case_shows_only_its_own_problems() {
    let compiled = deckc::compile(&base_deck(), "content", "DECK");
    assert_eq!(
        compiled
            .map(|c| c.n_questions)
            .map_err(|d| d[0].to_string()),
        Ok(3)
    );
}

/// Compares whole outputs, so a changed message, hint or position fails the test.
#[track_caller]
fn check(case: &str, expected: &str) {
    assert_eq!(errors(case), expected.trim(), "case `{case}`");
}

// Splitting the front matter from the body.

#[test]
fn missing_front_matter() {
    check(
        "missing-front-matter",
        r#"
content/questions/single-choice.md:1:1: error: missing front matter: the first line must be `+++`
  hint: Rehearse front matter is TOML between two `+++` lines, not YAML between `---` lines
"#,
    );
}

#[test]
fn unclosed_front_matter() {
    check(
        "unclosed-front-matter",
        r#"
content/questions/single-choice.md:1:1: error: the front matter is never closed
  hint: add a line `+++` after the last front-matter field
"#,
    );
}

#[test]
fn toml_syntax_error() {
    check(
        "toml-syntax-error",
        r#"
content/questions/single-choice.md:3:10: error: invalid TOML: string values must be quoted, expected literal string
  hint: fix the TOML syntax here: strings in double quotes, arrays in [ ], one `key = value` per line
"#,
    );
}

#[test]
fn dotted_key() {
    check(
        "dotted-key",
        r#"
content/questions/single-choice.md:7:1: error: unknown field `meta` in the front matter
  hint: valid fields are: id, prompt, kind, tags, difficulty, aliases, key_points, cues, choices, correct, speak_minutes
"#,
    );
}

// Front-matter fields.

#[test]
fn unknown_field() {
    check(
        "unknown-field",
        r#"
content/questions/multiple-choice.md:6:1: error: unknown field `dificulty` in the front matter
  hint: did you mean `difficulty`? valid fields are: id, prompt, kind, tags, difficulty, aliases, key_points, cues, choices, correct, speak_minutes
content/questions/multiple-choice.md:9:1: error: missing required field `difficulty`
  hint: add `difficulty = 2` before the closing `+++`
"#,
    );
}

#[test]
fn missing_field() {
    check(
        "missing-field",
        r#"
content/questions/single-choice.md:8:1: error: missing required field `prompt`
  hint: add `prompt = "How would you implement rate limiting in a REST service?"` before the closing `+++`
"#,
    );
}

#[test]
fn wrong_type() {
    check(
        "wrong-type",
        r#"
content/questions/single-choice.md:5:8: error: `tags` must be an array of strings, found a string
  hint: write it like `tags = ["apis"]`
content/questions/single-choice.md:6:14: error: `difficulty` must be an integer, found a string
  hint: write it like `difficulty = 2`
"#,
    );
}

#[test]
fn bad_id() {
    check(
        "bad-id",
        r#"
content/questions/single-choice.md:2:6: error: id `single--choice` is not a valid slug
  hint: use 3 to 60 lowercase letters, digits and single hyphens, not at the start or end, like `rate-limiting`
"#,
    );
}

#[test]
fn id_mismatch() {
    check(
        "id-mismatch",
        r#"
content/questions/open-question.md:2:6: error: id `open-questions` does not match the file name `open-question.md`
  hint: rename the file to `open-questions.md`, or set `id = "open-question"`
"#,
    );
}

#[test]
fn duplicate_id() {
    check(
        "duplicate-id",
        r#"
content/questions/copy.md:2:6: error: id `single-choice` does not match the file name `copy.md`
  hint: rename the file to `single-choice.md`, or set `id = "copy"`
content/questions/copy.md:2:6: error: id `single-choice` is already used by content/questions/single-choice.md
  hint: give every question its own id
"#,
    );
}

#[test]
fn unknown_kind() {
    check(
        "unknown-kind",
        r#"
content/questions/single-choice.md:4:8: error: unknown kind `singel`
  hint: did you mean `single`? `kind` is "open", "single" or "multiple"
"#,
    );
}

#[test]
fn unknown_tag() {
    check(
        "unknown-tag",
        r#"
content/questions/open-question.md:5:17: error: unknown tag `cache`
  hint: did you mean `caching`? tags declared in content/deck.toml: http, caching, security, apis, performance
"#,
    );
}

#[test]
fn tag_count() {
    check(
        "tag-count",
        r#"
content/questions/open-question.md:5:8: error: `tags` has 5 tags; it must have 1 to 4
  hint: keep the 4 that matter most
"#,
    );
}

#[test]
fn empty_tags() {
    check(
        "empty-tags",
        r#"
content/questions/open-question.md:5:8: error: `tags` has 0 tags; it must have 1 to 4
  hint: add 1 more
"#,
    );
}

#[test]
fn duplicate_tag() {
    check(
        "duplicate-tag",
        r#"
content/questions/multiple-choice.md:5:25: error: `http` is listed twice in `tags` (first on line 5)
  hint: list each tag once; remove this one
"#,
    );
}

#[test]
fn difficulty_range() {
    check(
        "difficulty-range",
        r#"
content/questions/multiple-choice.md:6:14: error: `difficulty` is 4; it must be 1, 2 or 3
  hint: 1 is a warm-up, 2 a typical interview question, 3 a hard one
"#,
    );
}

#[test]
fn speak_minutes() {
    check(
        "speak-minutes",
        r#"
content/deck.toml:6:17: error: `speak_minutes` must be two whole minutes, the shortest and the longest answer, from 1 to 30
  hint: write it like `speak_minutes = [1, 3]`: at least 1, the second larger than the first, at most 30
content/questions/open-question.md:7:17: error: `speak_minutes` must be two whole minutes, the shortest and the longest answer, from 1 to 30
  hint: write it like `speak_minutes = [1, 3]`: at least 1, the second larger than the first, at most 30
"#,
    );
}

#[test]
fn prompt_length() {
    check(
        "prompt-length",
        r#"
content/questions/single-choice.md:3:10: error: `prompt` is 15 characters long; it must be 20 to 220
  hint: write at least 20 characters
"#,
    );
}

#[test]
fn plain_text_markup() {
    check(
        "plain-text-markup",
        r#"
content/questions/single-choice.md:3:10: error: `prompt` contains Markdown markup, but it is plain text
  hint: remove the backticks or asterisks; they would be shown as they are
"#,
    );
}

#[test]
fn fields_of_other_kinds() {
    check(
        "fields-of-other-kinds",
        r#"
content/questions/open-question.md:7:1: error: `choices` is not allowed in an `open` question
  hint: remove it, or change `kind` to "single" or "multiple"
content/questions/single-choice.md:7:1: error: `key_points` is not allowed in a `single` question
  hint: remove it; explain the answer in the `## Explanation` section
content/questions/single-choice.md:8:1: error: `cues` is not allowed in a `single` question
  hint: remove it; explain the answer in the `## Explanation` section
"#,
    );
}

#[test]
fn missing_kind_fields() {
    check(
        "missing-kind-fields",
        r#"
content/questions/multiple-choice.md:8:1: error: missing required field `choices`
  hint: add `choices = ["...", "..."]` before the closing `+++`
"#,
    );
}

#[test]
fn key_points_count() {
    check(
        "key-points-count",
        r#"
content/questions/open-question.md:8:14: error: `key_points` has 2 key points; it must have 3 to 8
  hint: add 1 more
"#,
    );
}

#[test]
fn key_point_length() {
    check(
        "key-point-length",
        r#"
content/questions/open-question.md:9:3: error: key point 1 is 7 characters long; it must be 10 to 110
  hint: write at least 10 characters
content/questions/open-question.md:11:3: error: key point 3 is 128 characters long; it must be 10 to 110
  hint: shorten it to at most 110 characters
"#,
    );
}

#[test]
fn duplicate_key_point() {
    check(
        "duplicate-key-point",
        r#"
content/questions/open-question.md:11:3: error: `Names Cache-Control as the main header` is listed twice in `key_points` (first on line 9)
  hint: list each one once; remove or reword this one
"#,
    );
}

#[test]
fn choices_count() {
    check(
        "choices-count",
        r#"
content/questions/single-choice.md:7:11: error: `choices` has 1 choice; it must have 2 to 6
  hint: add 1 more
"#,
    );
}

#[test]
fn choice_length() {
    check(
        "choice-length",
        r#"
content/questions/single-choice.md:7:37: error: choice 3 is empty
  hint: write at least 1 character
"#,
    );
}

#[test]
fn duplicate_choice() {
    check(
        "duplicate-choice",
        r#"
content/questions/multiple-choice.md:7:34: error: `GET` is listed twice in `choices` (first on line 7)
  hint: list each one once; remove or reword this one
"#,
    );
}

#[test]
fn correct_count() {
    check(
        "correct-count",
        r#"
content/questions/single-choice.md:8:11: error: `correct` lists 2 positions, but a `single` question has exactly one correct choice
  hint: keep one position, or change `kind` to "multiple"
"#,
    );
}

#[test]
fn correct_empty() {
    check(
        "correct-empty",
        r#"
content/questions/multiple-choice.md:8:11: error: `correct` is empty
  hint: list the positions of the correct choices, counting from 1, like `correct = [2]`
"#,
    );
}

#[test]
fn correct_out_of_range() {
    check(
        "correct-out-of-range",
        r#"
content/questions/multiple-choice.md:8:12: error: `correct` position 0 is out of range: there are 4 choices
  hint: positions count from 1 to 4, in the order of `choices`
content/questions/multiple-choice.md:8:18: error: `correct` position 5 is out of range: there are 4 choices
  hint: positions count from 1 to 4, in the order of `choices`
"#,
    );
}

#[test]
fn correct_duplicate() {
    check(
        "correct-duplicate",
        r#"
content/questions/multiple-choice.md:8:18: error: duplicate position `3` in `correct` (first listed on line 8)
  hint: list each correct choice once; remove this one
"#,
    );
}

#[test]
fn alias_clashes() {
    check(
        "alias-clashes",
        r#"
content/questions/open-question.md:7:12: error: alias `http-caching` is already an alias of content/questions/multiple-choice.md
  hint: an alias leads to one question only; remove it here or there
content/questions/open-question.md:7:28: error: alias `single-choice` is the id of content/questions/single-choice.md
  hint: remove it; an alias must not name another question
content/questions/open-question.md:7:45: error: alias `open-question` is this question's own id
  hint: remove it; the id itself always works
"#,
    );
}

#[test]
fn bad_alias() {
    check(
        "bad-alias",
        r#"
content/questions/multiple-choice.md:7:12: error: alias `idempotent-` is not a valid slug
  hint: use 3 to 60 lowercase letters, digits and single hyphens, not at the start or end, like `rate-limiting`
content/questions/multiple-choice.md:7:27: error: alias `ok` is not a valid slug
  hint: use 3 to 60 lowercase letters, digits and single hyphens, not at the start or end, like `rate-limiting`
"#,
    );
}

// deck.toml.

#[test]
fn deck_toml_syntax_error() {
    check(
        "deck-toml-syntax-error",
        r#"
content/deck.toml:8:1: error: invalid TOML: missing comma between array elements, expected `,`
  hint: is an array above left open? close it with `]`; otherwise separate its items with commas
"#,
    );
}

#[test]
fn deck_unknown_field() {
    check(
        "deck-unknown-field",
        r#"
content/deck.toml:1:1: error: missing required field `title`
  hint: add `title = "Backend interview questions"` to deck.toml, above the `[tags]` table
content/deck.toml:3:1: error: unknown field `titel` in deck.toml
  hint: did you mean `title`? valid fields are: id, title, description, format_version, order, speak_minutes, tags
"#,
    );
}

#[test]
fn deck_format_version() {
    check(
        "deck-format-version",
        r#"
content/deck.toml:5:18: error: unsupported `format_version` 2; this compiler reads version 1
  hint: write the deck in format version 1 and set `format_version = 1`
"#,
    );
}

#[test]
fn deck_values() {
    check(
        "deck-values",
        r#"
content/deck.toml:2:6: error: deck id `Base deck` is not a slug of 1 to 40 characters
  hint: use lowercase letters, digits and hyphens, like `backend-engineer`
content/deck.toml:3:9: error: `title` is 86 characters long; it must be 1 to 80
  hint: shorten it to at most 80 characters
content/deck.toml:11:1: error: tag id `Security` is not a slug
  hint: use lowercase letters, digits and hyphens, like `distributed-systems`
content/deck.toml:11:12: error: the label of tag `Security` is 41 characters long; it must be 1 to 24
  hint: shorten it to at most 24 characters
"#,
    );
}

#[test]
fn missing_tags_table() {
    check(
        "missing-tags-table",
        r#"
content/deck.toml:6:62: error: missing the `[tags]` table
  hint: add a `[tags]` table at the end of deck.toml, with lines like `apis = "APIs"`
"#,
    );
}

// The deck order against the question files.

#[test]
fn order_unknown_id() {
    check(
        "order-unknown-id",
        r#"
content/deck.toml:6:27: error: `order` lists `single-choise`, but no question has that id
  hint: did you mean `single-choice`? add questions/single-choise.md, or remove `single-choise` from `order`
content/questions/single-choice.md:2:6: error: question `single-choice` is not listed in `order` in content/deck.toml
  hint: add "single-choice" to `order` in content/deck.toml, where it should be asked
"#,
    );
}

#[test]
fn order_duplicate() {
    check(
        "order-duplicate",
        r#"
content/deck.toml:6:63: error: `single-choice` is listed twice in `order` (first on line 6)
  hint: list each question once; remove this one
"#,
    );
}

#[test]
fn not_in_order() {
    check(
        "not-in-order",
        r#"
content/questions/extra-question.md:2:6: error: question `extra-question` is not listed in `order` in content/deck.toml
  hint: add "extra-question" to `order` in content/deck.toml, where it should be asked
"#,
    );
}

// The Markdown body.

#[test]
fn text_before_first_section() {
    check(
        "text-before-first-section",
        r#"
content/questions/single-choice.md:11:1: error: text before the first section
  hint: start the body with a `## ` section heading, or move this text into a section
"#,
    );
}

#[test]
fn level_1_heading() {
    check(
        "level-1-heading",
        r#"
content/questions/single-choice.md:11:1: error: level-1 headings are not allowed
  hint: the app shows the prompt as the title; start sections with `## ` and use `###` inside them
"#,
    );
}

#[test]
fn unknown_section() {
    check(
        "unknown-section",
        r#"
content/questions/open-question.md:28:1: error: unknown section `## Model Answer`
  hint: did you mean `## Model answer`? the sections of an `open` question are, in order: `## Why interviewers ask`, `## How to answer`, `## Model answer`, `## Follow-ups`, `## Pitfalls`
"#,
    );
}

#[test]
fn section_of_other_kind() {
    check(
        "section-of-other-kind",
        r#"
content/questions/single-choice.md:11:1: error: section `## Model answer` is not allowed in a `single` question
  hint: the sections of a `single` question are, in order: `## Explanation`
content/questions/single-choice.md:13:49: error: missing required section `## Explanation`
  hint: add a `## Explanation` section at the end of the file
"#,
    );
}

#[test]
fn duplicate_section() {
    check(
        "duplicate-section",
        r#"
content/questions/multiple-choice.md:15:1: error: duplicate section `## Explanation` (first on line 11)
  hint: merge the two into one section
"#,
    );
}

#[test]
fn section_order() {
    check(
        "section-order",
        r#"
content/questions/open-question.md:24:1: error: section `## Why interviewers ask` must come before `## How to answer`
  hint: put the sections in this order: `## Why interviewers ask`, `## How to answer`, `## Model answer`, `## Follow-ups`, `## Pitfalls`
"#,
    );
}

#[test]
fn missing_sections() {
    check(
        "missing-sections",
        r#"
content/questions/open-question.md:22:51: error: missing required section `## How to answer`
  hint: add a `## How to answer` section at the end of the file
content/questions/open-question.md:22:51: error: missing required section `## Model answer`
  hint: add a `## Model answer` section at the end of the file
"#,
    );
}

#[test]
fn empty_section() {
    check(
        "empty-section",
        r#"
content/questions/open-question.md:24:1: error: section `## How to answer` is empty
  hint: write its text below the heading, or remove the heading if the section is optional
"#,
    );
}

#[test]
fn section_too_long() {
    check(
        "section-too-long",
        r#"
content/questions/single-choice.md:11:1: error: section `## Explanation` has 1285 characters of text; the limit is 1200
  hint: shorten it by 85 characters (markup does not count)
"#,
    );
}

#[test]
fn raw_html() {
    check(
        "raw-html",
        r#"
content/questions/single-choice.md:15:1: error: raw HTML is not allowed
  hint: write it in Markdown; to show a tag as text, put it in backticks, like `<div>`
content/questions/single-choice.md:19:7: error: raw HTML is not allowed
  hint: write it in Markdown; to show a tag as text, put it in backticks, like `<div>`
"#,
    );
}

#[test]
fn unsafe_links() {
    check(
        "unsafe-links",
        r#"
content/questions/single-choice.md:15:5: error: link to `javascript:alert(1)` uses the scheme `javascript:`, which is not allowed
  hint: link only to http(s) or mailto addresses, relative paths or #fragments, like `https://example.com`
content/questions/single-choice.md:15:34: error: link to `VBScript:msgbox` uses the scheme `vbscript:`, which is not allowed
  hint: link only to http(s) or mailto addresses, relative paths or #fragments, like `https://example.com`
content/questions/single-choice.md:15:59: error: link to `//example.com/x` has no scheme
  hint: link only to http(s) or mailto addresses, relative paths or #fragments, like `https://example.com`
"#,
    );
}

#[test]
fn image_checks() {
    check(
        "image-checks",
        r#"
content/questions/single-choice.md:15:1: error: image has no alt text
  hint: describe the image between the brackets, like `![Sequence diagram of the login flow](https://...)`
content/questions/single-choice.md:15:32: error: image `data:image/png;base64,iVBORw0KGgoAAAANSU…` is neither an https address nor a relative path
  hint: use an https address, like `https://example.com/diagram.png`, or a path relative to the site, like `images/diagram.png`
content/questions/single-choice.md:15:155: error: image `http://example.com/b.png` is neither an https address nor a relative path
  hint: use an https address, like `https://example.com/diagram.png`, or a path relative to the site, like `images/diagram.png`
content/questions/single-choice.md:15:190: error: image `//example.com/c.png` is neither an https address nor a relative path
  hint: use an https address, like `https://example.com/diagram.png`, or a path relative to the site, like `images/diagram.png`
content/questions/single-choice.md:15:224: error: image `javascript:alert(1)` is neither an https address nor a relative path
  hint: use an https address, like `https://example.com/diagram.png`, or a path relative to the site, like `images/diagram.png`
"#,
    );
}

// Cues: short phrases per key point that a draft is checked against.

#[test]
fn missing_cues() {
    check(
        "missing-cues",
        r#"
content/questions/open-question.md:13:1: error: missing required field `cues`
  hint: add `cues = [["token bucket", "sliding window"], ["429", "Retry-After"]]` before the closing `+++`
"#,
    );
}

#[test]
fn cues_count() {
    check(
        "cues-count",
        r#"
content/questions/open-question.md:13:8: error: `cues` has 2 lists, but there are 3 key points
  hint: write one list of cues per key point, in the order of `key_points`
"#,
    );
}

#[test]
fn cue_checks() {
    check(
        "cue-checks",
        r#"
content/questions/open-question.md:14:3: error: key point 1 has 1 cue; it must have 2 to 6
  hint: add short phrases that a good answer to this point would contain
content/questions/open-question.md:15:3: error: key point 2 has 7 cues; it must have 2 to 6
  hint: keep the most telling ones
content/questions/open-question.md:15:12: error: cue 2 of key point 2 has 6 words; a cue has 1 to 4
  hint: keep the words a good answer would really contain, like `token bucket`
content/questions/open-question.md:15:47: error: cue 3 of key point 2 is empty
  hint: write at least 1 character
content/questions/open-question.md:15:51: error: cue 4 of key point 2 contains `|`, which separates cues
  hint: remove the `|`; list each phrase as a cue of its own
content/questions/open-question.md:15:73: error: cue 5 of key point 2 has no letters or digits, so no draft can mention it
  hint: write a word or a number, like `429`
content/questions/open-question.md:15:79: error: cues must be strings, found an integer
  hint: write each cue in double quotes, like `"token bucket"`
content/questions/open-question.md:15:84: error: cue `cache control` repeats `Cache-Control` (line 14) in this question
  hint: list each cue once per question; remove this one or make it more specific
content/questions/open-question.md:16:3: error: `cues` items must be arrays of strings, found a string
  hint: write the cues of each key point as a list, like `["429", "Retry-After"]`
"#,
    );
}
