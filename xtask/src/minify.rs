//! Minified text for the release build: the wasm's JavaScript glue, and `index.html`'s
//! inline scripts and stylesheet (which every question page copies), by Terser and CSSO
//! (pinned in package.json, run through `tools/minify.mjs`); and the page without the
//! HTML comments that explain it to its readers. The glue's integrity hash in
//! `index.html` follows. It runs after `imports.rs` and before the pages, the policy
//! (which hashes the final inline text) and the service worker.

use crate::csp::{is_element, tags};
use crate::imports::{glue_and_wasm, sri};
use crate::pages::{VIEW_END, VIEW_START};
use crate::root;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

pub fn run(staging: &Path) -> Result<(), String> {
    let index = staging.join("index.html");
    let mut html = fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    if let Some((glue, _)) = glue_and_wasm(staging)? {
        let js = fs::read_to_string(&glue).map_err(|e| format!("{}: {e}", glue.display()))?;
        let small = minify("module", &js).map_err(|e| format!("{}: {e}", glue.display()))?;
        html = html.replace(&sri(js.as_bytes()), &sri(small.as_bytes()));
        fs::write(&glue, small).map_err(|e| e.to_string())?;
    }
    for (kind, body) in inline_texts(&html) {
        let small =
            minify(kind, &body).map_err(|e| format!("index.html: an inline {kind}: {e}"))?;
        html = html.replacen(&body, &small, 1);
    }
    fs::write(&index, without_comments(&html)).map_err(|e| e.to_string())
}

/// The page without its HTML comments, except the markers of the prerendered view (the
/// pages step looks for them). The text of scripts and styles is left as it is.
fn without_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some((at, open, close)) = ["<!--", "<script", "<style"]
        .into_iter()
        .zip(["-->", "</script>", "</style>"])
        .filter_map(|(open, close)| Some((rest.find(open)?, open, close)))
        .min()
    {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(close).map_or(rest.len(), |e| e + close.len());
        let piece = &rest[..end];
        if open != "<!--" || [VIEW_START, VIEW_END].contains(&piece) {
            out.push_str(piece);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Every inline script and style of a page, with what kind of text it is: `script`,
/// `module` or `css`. Scripts of other types (data) are left as they are.
fn inline_texts(html: &str) -> Vec<(&'static str, String)> {
    tags(html)
        .into_iter()
        .filter(|(_, body)| !body.trim().is_empty())
        .filter_map(|(tag, body)| {
            let kind = if is_element(tag, "style") {
                "css"
            } else if !is_element(tag, "script") || tag.contains(" src=") {
                return None;
            } else if tag.contains("type=\"module\"") {
                "module"
            } else if tag.contains(" type=") {
                return None;
            } else {
                "script"
            };
            Some((kind, body.to_owned()))
        })
        .collect()
}

fn minify(kind: &str, source: &str) -> Result<String, String> {
    let mut child = Command::new("node")
        .arg(root().join("tools/minify.mjs"))
        .arg(kind)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("node could not start ({e}); run `cargo xtask setup`"))?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(source.as_bytes())
        .map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() || out.stdout.is_empty() {
        return Err(format!(
            "tools/minify.mjs failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_and_styles_are_found_by_kind_and_data_is_left_alone() {
        let page = "<head><script type=\"module\">import a from './a.js';</script><script>\n  boot();\n</script><script src=\"x.js\"></script><script type=\"application/ld+json\">{}</script><style>a { color: red }</style><script></script></head>";
        let found = inline_texts(page);
        let kinds: Vec<&str> = found.iter().map(|(k, _)| *k).collect();
        assert_eq!(kinds, ["module", "script", "css"]);
        assert_eq!(found[1].1, "\n  boot();\n");
    }

    #[test]
    fn comments_go_but_the_view_markers_and_script_text_stay() {
        let page = "<head>\n<!-- Why the icon has no SRI,\n over two lines. --><link rel=\"icon\">\n<script>if (a<!--b) go(\"<!-- x -->\");</script><style>a::after{content:\"<!--\"}</style></head>\n<body><div id=\"app\"><!-- prerendered view --><p>Text <!-- note --> here</p><!-- end of prerendered view --></div></body>";
        assert_eq!(
            without_comments(page),
            "<head>\n<link rel=\"icon\">\n<script>if (a<!--b) go(\"<!-- x -->\");</script><style>a::after{content:\"<!--\"}</style></head>\n<body><div id=\"app\"><!-- prerendered view --><p>Text  here</p><!-- end of prerendered view --></div></body>"
        );
    }

    #[test]
    fn terser_and_csso_shrink_without_changing_meaning() {
        let script = "// A comment.\nfunction show(element) {\n  element.hidden = false;\n}\nwindow.reveal = show;\n";
        let small = minify("script", script).unwrap();
        assert!(small.len() < script.len() * 2 / 3, "{small}");
        // Globals and properties keep their names.
        assert!(
            small.contains("function show(")
                && small.contains(".hidden=")
                && small.contains("window.reveal")
        );
        let module =
            "export default function init(moduleOrPath) { return import.meta.url + moduleOrPath; }";
        let small = minify("module", module).unwrap();
        assert!(small.starts_with("export default function") && small.contains("import.meta.url"));
        assert_eq!(
            minify("css", "/* c */\na .b:hover {\n  color: #ff0000;\n}\n").unwrap(),
            "a .b:hover{color:red}"
        );
        assert!(minify("script", "this is not javascript").is_err());
    }
}
