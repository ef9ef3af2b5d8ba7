//! The Content Security Policy of every page a release build writes, as a `<meta>` at the
//! top of its `<head>`: nothing loads or runs that the build did not put there.
//!
//! It starts from `default-src 'none'` and allows only what the pages use: scripts,
//! styles, images, fetches (the wasm, question pages, `search.txt`), the manifest and the
//! service worker from the site itself (`'self'`); WebAssembly compilation
//! (`'wasm-unsafe-eval'`, never `'unsafe-eval'`); each inline script by the SHA-256 of
//! its text as it stands in that page (the boot script, the frame script, Trunk's module
//! loader, the service-worker registration) and the inlined stylesheet by its own
//! (`'self'` only where a page links a stylesheet), never `'unsafe-inline'`; images from the https origins the deck's Markdown names, if
//! any. `base-uri 'self'`, not `'none'`: question pages carry `<base href="../../">`,
//! and the boot script and the app parse those pages with `DOMParser`, whose documents
//! inherit the policy of the page that parses them, so the overview needs it too (a
//! `<base>` can still never point away from the site); `form-action 'none'`.
//! `frame-ancestors` cannot be set by a meta tag: the README's Deploy section lists the
//! headers a host should send.
//!
//! It runs after every inline script is final (the pages are spliced, the registration
//! script injected) and before the service worker lists the files with their SHA-256.
//! A page with a `style` attribute, which the policy would block, stops the build.

use std::fs;
use std::path::{Path, PathBuf};

/// Starts the meta tag, so that a second run replaces it instead of adding another.
const META: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"";

pub fn write(staging: &Path) -> Result<(), String> {
    let pages = html_files(staging)?;
    let mut texts = Vec::new();
    for path in &pages {
        let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        texts.push(without_policy(&text));
    }
    // The boot script shows any question's card on any page, so every page may show
    // every image the deck has.
    let mut images: Vec<String> = texts.iter().flat_map(|t| image_origins(t)).collect();
    images.sort();
    images.dedup();
    for (path, text) in pages.iter().zip(texts) {
        let shown = path.strip_prefix(staging).unwrap_or(path).display();
        if let Some(tag) = styled_tag(&text) {
            return Err(format!(
                "{shown}: `{tag}` has a style attribute, which the Content Security Policy blocks; use a class in style.css"
            ));
        }
        let hash = |text: &&str| format!("'sha256-{}'", base64(&sha256(text.as_bytes())));
        let scripts: Vec<String> = inline("script", &text).iter().map(hash).collect();
        let mut styles: Vec<String> = inline("style", &text).iter().map(hash).collect();
        // The site's own stylesheets only where a page links one (Trunk inlines ours).
        if text.contains("rel=\"stylesheet\"") {
            styles.insert(0, "'self'".into());
        }
        let html = text.replacen(
            "<head>",
            &format!("<head>\n{META}{}\">", policy(&scripts, &styles, &images)),
            1,
        );
        if !html.contains(META) {
            return Err(format!(
                "{shown}: no <head> to put the Content Security Policy in"
            ));
        }
        fs::write(path, html).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// The policy of one page.
pub fn policy(
    script_hashes: &[String],
    style_hashes: &[String],
    image_origins: &[String],
) -> String {
    let mut script = vec!["'self'".to_string(), "'wasm-unsafe-eval'".into()];
    script.extend(script_hashes.iter().cloned());
    let style = match style_hashes {
        [] => vec!["'none'".to_string()],
        hashes => hashes.to_vec(),
    };
    let mut img = vec!["'self'".to_string()];
    img.extend(image_origins.iter().cloned());
    format!(
        "default-src 'none'; script-src {}; style-src {}; img-src {}; media-src blob:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'self'; form-action 'none'",
        script.join(" "),
        style.join(" "),
        img.join(" ")
    )
}

/// Every `.html` file under `dir`, sorted.
fn html_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            out.extend(html_files(&path)?);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// The page without a policy an earlier run put in (with the line break before it).
fn without_policy(html: &str) -> String {
    match html.find(META) {
        Some(start) => {
            let end = html[start..]
                .find("\">")
                .map_or(html.len(), |e| start + e + 2);
            let start = if html[..start].ends_with('\n') {
                start - 1
            } else {
                start
            };
            format!("{}{}", &html[..start], &html[end..])
        }
        None => html.to_string(),
    }
}

/// The tags of a page: each `<name …>` outside comments and outside the text of
/// `<script>`, as (the tag's text, the text that follows up to the next tag).
pub fn tags(html: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = html[at..].find('<').map(|i| at + i) {
        let rest = &html[open..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(html.len(), |e| open + e + 3);
            continue;
        }
        let starts_tag = rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
        if !starts_tag {
            at = open + 1;
            continue;
        }
        // The tag ends at the first `>` outside a quoted attribute value.
        let mut quote = None;
        let mut end = html.len();
        for (i, c) in rest.char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = open + i + 1;
                    break;
                }
                _ => {}
            }
        }
        let tag = &html[open..end];
        // The text of a script or a style element runs to its end tag, `<` and all.
        let raw = ["script", "style"]
            .into_iter()
            .find(|name| is_element(tag, name));
        let body_end = match raw {
            Some(name) => html[end..]
                .find(&format!("</{name}"))
                .map_or(html.len(), |e| end + e),
            None => html[end..].find('<').map_or(html.len(), |e| end + e),
        };
        out.push((tag, &html[end..body_end]));
        at = body_end;
    }
    out
}

/// The attribute names of a tag, lowercased.
fn attribute_names(tag: &str) -> Vec<String> {
    let inner = tag
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    let mut names = Vec::new();
    let mut chars = inner.char_indices().peekable();
    // Skip the element's name.
    while chars.next_if(|(_, c)| !c.is_whitespace()).is_some() {}
    loop {
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let mut name = String::new();
        while let Some((_, c)) = chars.next_if(|(_, c)| !c.is_whitespace() && *c != '=') {
            name.push(c.to_ascii_lowercase());
        }
        if name.is_empty() {
            break;
        }
        names.push(name);
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        if chars.next_if(|(_, c)| *c == '=').is_some() {
            while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
            match chars.peek().map(|&(_, c)| c) {
                Some(q @ ('"' | '\'')) => {
                    chars.next();
                    while chars.next_if(|(_, c)| *c != q).is_some() {}
                    chars.next();
                }
                _ => while chars.next_if(|(_, c)| !c.is_whitespace()).is_some() {},
            }
        }
    }
    names
}

/// Whether `tag` opens an element `name` (`<name` then a space, `/` or `>`).
pub fn is_element(tag: &str, name: &str) -> bool {
    let rest = tag
        .get(1..=name.len())
        .filter(|n| n.eq_ignore_ascii_case(name));
    rest.is_some()
        && tag[name.len() + 1..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/')
}

/// The text of every inline `script` (one without `src`) or `style` element, as the
/// browser hashes it.
pub fn inline<'a>(name: &str, html: &'a str) -> Vec<&'a str> {
    tags(html)
        .into_iter()
        .filter(|(tag, _)| is_element(tag, name))
        .filter(|(tag, _)| !attribute_names(tag).iter().any(|n| n == "src"))
        .map(|(_, body)| body)
        .collect()
}

/// The first tag with a `style` attribute, if any.
pub fn styled_tag(html: &str) -> Option<String> {
    tags(html)
        .into_iter()
        .find(|(tag, _)| attribute_names(tag).iter().any(|n| n == "style"))
        .map(|(tag, _)| tag.chars().take(80).collect())
}

/// The origins (`https://host[:port]`) of the https images the page shows.
fn image_origins(html: &str) -> Vec<String> {
    tags(html)
        .into_iter()
        .filter(|(tag, _)| is_element(tag, "img"))
        .filter_map(|(tag, _)| {
            let src = tag.split(" src=\"").nth(1)?.split('"').next()?;
            let rest = src.strip_prefix("https://")?;
            let host = rest.split(['/', '?', '#']).next()?;
            (!host.is_empty()).then(|| format!("https://{host}"))
        })
        .collect()
}

fn sha256(bytes: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).to_vec()
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!doctype html>\n<html lang=\"en\">\n<head>\n<base href=\"../../\">\n<meta charset=\"utf-8\" />\n<script type=\"module\">\nimport init from './app.js';\n</script>\n<link rel=\"modulepreload\" href=\"./app.js\"><style>.a > .b { color: red }</style><scripts-are-not-this></scripts-are-not-this>\n<script src=\"./other.js\"></script>\n<!-- <script>not a script</script> -->\n</head>\n<body><script>\n  if (a > b && c < d) go(\"</p>\");\n</script><div id=\"app\"><p title=\"a > b\">x</p><img alt=\"d\" src=\"https://img.example.org:8443/d.png\"><textarea>&lt;iframe style=\"x\"&gt;</textarea></div></body></html>\n";

    #[test]
    fn inline_scripts_and_styles_are_found_as_the_browser_reads_them() {
        assert_eq!(inline("style", PAGE), [".a > .b { color: red }"]);
        assert_eq!(
            inline("script", PAGE),
            [
                "\nimport init from './app.js';\n",
                "\n  if (a > b && c < d) go(\"</p>\");\n"
            ]
        );
    }

    #[test]
    fn hashes_match_what_browsers_compute() {
        // `echo -n "alert(1)" | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            base64(&sha256(b"alert(1)")),
            "bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="
        );
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"a"), "YQ==");
    }

    #[test]
    fn the_policy_allows_only_what_the_page_uses() {
        assert_eq!(
            policy(&["'sha256-x'".into()], &["'sha256-y'".into()], &[]),
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-x'; style-src 'sha256-y'; img-src 'self'; media-src blob:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'self'; form-action 'none'"
        );
        let images = policy(&[], &[], &["https://img.example.org".into()]);
        assert!(
            images.contains("style-src 'none';"),
            "no style of any kind: none"
        );
        assert!(images.contains("img-src 'self' https://img.example.org;"));
        assert_eq!(image_origins(PAGE), ["https://img.example.org:8443"]);
    }

    #[test]
    fn style_attributes_are_found_in_tags_not_in_text() {
        assert_eq!(styled_tag(PAGE), None);
        assert_eq!(
            styled_tag("<p>a</p><th STYLE='text-align: left'>b</th>"),
            Some("<th STYLE='text-align: left'>".into())
        );
        assert_eq!(styled_tag("<p data-style=\"x\" title='style=\"y\"'>"), None);
    }

    #[test]
    fn a_second_run_replaces_the_policy() {
        let dir = std::env::temp_dir().join(format!("rehearse-csp-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("q/a")).unwrap();
        fs::write(
            dir.join("index.html"),
            PAGE.replace("<base href=\"../../\">\n", ""),
        )
        .unwrap();
        fs::write(dir.join("q/a/index.html"), PAGE).unwrap();
        write(&dir).unwrap();
        let once = fs::read_to_string(dir.join("index.html")).unwrap();
        write(&dir).unwrap();
        assert_eq!(fs::read_to_string(dir.join("index.html")).unwrap(), once);
        assert_eq!(once.matches(META).count(), 1);
        assert!(once.starts_with(&format!(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n{META}default-src 'none';"
        )));
        let question = fs::read_to_string(dir.join("q/a/index.html")).unwrap();
        // Before the <base>, so the policy governs it.
        assert!(question.find(META) < question.find("<base "));
        fs::write(
            dir.join("q/a/index.html"),
            "<head></head><p style=\"color:red\">",
        )
        .unwrap();
        assert!(write(&dir)
            .unwrap_err()
            .contains("q/a/index.html: `<p style=\"color:red\">` has a style attribute"));
        let _ = fs::remove_dir_all(&dir);
    }
}
