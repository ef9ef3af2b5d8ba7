//! Release builds: every page's inline stylesheet and scripts lose their comments and
//! indentation, which the browser never needs and the first load pays for (about 1.8 KB
//! of `index.html`, brotli). It changes no rule and no statement, and leaves the page's
//! markup (its comments included: `pages.rs` splices between two) as it is.

use crate::csp;
use std::fs;
use std::path::Path;

/// Minifies the inline style and scripts of every page in `staging`, before the policy
/// hashes them.
pub fn write(staging: &Path) -> Result<(), String> {
    for path in csp::html_files(staging)? {
        let html = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        fs::write(&path, page(&html)).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// The page with its inline style and scripts minified.
pub fn page(html: &str) -> String {
    let mut bodies: Vec<(&str, String)> = csp::inline("style", html)
        .into_iter()
        .map(|css| (css, style(css)))
        .chain(
            csp::inline("script", html)
                .into_iter()
                .map(|js| (js, script(js))),
        )
        .collect();
    // Each body is a slice of `html`: splice the new text in at its offset.
    let offset = |s: &str| s.as_ptr() as usize - html.as_ptr() as usize;
    bodies.sort_by_key(|(body, _)| offset(body));
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (body, new) in bodies {
        out.push_str(&html[at..offset(body)]);
        out.push_str(&new);
        at = offset(body) + body.len();
    }
    out.push_str(&html[at..]);
    out
}

/// CSS without comments, with runs of white space as one space and none around braces
/// and semicolons. (The stylesheet has no strings that hold `/*`.)
fn style(css: &str) -> String {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    let spaced = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(spaced.len());
    for c in spaced.chars() {
        if matches!(c, '{' | '}' | ';') && out.ends_with(' ') {
            out.pop();
        }
        if c == ' ' && out.ends_with(['{', '}', ';']) {
            continue;
        }
        out.push(c);
    }
    out
}

/// JavaScript without its comment lines and indentation. Line breaks stay, so that no
/// statement runs into the next; a `//` after code on the same line stays too.
fn script(js: &str) -> String {
    let lines: Vec<&str> = js
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_lose_comments_and_white_space_but_no_rule() {
        let css = "/* top */\n:root {\n  --a: 1px; /* why */\n}\n@media (max-width: 40rem) {\n  .a .b,\n  .c:focus {\n    margin: 0 auto;\n  }\n}\n";
        assert_eq!(
            style(css),
            ":root{--a: 1px;}@media (max-width: 40rem){.a .b, .c:focus{margin: 0 auto;}}"
        );
    }

    #[test]
    fn scripts_lose_comment_lines_and_indentation_only() {
        let js = "\n      // Boot.\n      (() => {\n        const re = /^#\\/q\\//; // a slug\n        go(\"http://x\");\n      })();\n    ";
        assert_eq!(
            script(js),
            "(() => {\nconst re = /^#\\/q\\//; // a slug\ngo(\"http://x\");\n})();"
        );
    }

    #[test]
    fn a_page_keeps_its_markup_and_external_scripts() {
        let html = "<!doctype html><head><style>\n  a { color: red; } /* x */\n</style>\
            <script src=\"a.js\"></script><script>\n  // hi\n  go();\n</script></head>\
            <body><!-- prerendered view --><p>  text  </p></body>";
        assert_eq!(
            page(html),
            "<!doctype html><head><style>a{color: red;}</style><script src=\"a.js\"></script>\
             <script>go();</script></head><body><!-- prerendered view --><p>  text  </p></body>"
        );
    }
}
