//! Architecture invariants, checked as tests: the core imports no UI or browser
//! crate, every source file says what it is, no parser ships in the wasm, the pinned
//! `embed-v1.js` is the file the embed code's integrity hash names, npm never runs a
//! package's install scripts, every release page gets its Content Security Policy
//! after its last inline script and before the service worker's list, and every way
//! progress comes in goes through the deletion record and the import limits.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("readable entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn the_core_imports_no_ui_or_browser_crate() {
    let forbidden = ["yew", "web_sys", "gloo", "js_sys", "wasm_bindgen"];
    let mut offences = Vec::new();
    for file in rust_files(&Path::new(ROOT).join("src/core")) {
        let text = fs::read_to_string(&file).expect("readable file");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for name in forbidden {
                let used = code.contains(&format!("{name}::"))
                    || code.contains(&format!("use {name}"))
                    || code.contains(&format!("extern crate {name}"));
                if used {
                    offences.push(format!("{}:{}: {name}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "the core must stay pure:\n{}",
        offences.join("\n")
    );
}

#[test]
fn every_source_file_opens_with_a_doc_line() {
    let mut missing = Vec::new();
    for dir in ["src", "deckc/src", "xtask/src", "tests"] {
        for file in rust_files(&Path::new(ROOT).join(dir)) {
            let text = fs::read_to_string(&file).expect("readable file");
            if !text.starts_with("//!") {
                missing.push(file.display().to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "files without a `//!` opening line:\n{}",
        missing.join("\n")
    );
}

#[test]
fn no_markdown_or_toml_parser_ships_in_the_wasm() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(ROOT)
        .args([
            "tree",
            "--locked",
            "--offline",
            "-p",
            "rehearse",
            "--target",
            "wasm32-unknown-unknown",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.contains("yew v0.23"), "the tree is the app's:\n{tree}");
    for parser in ["pulldown-cmark", "toml", "deckc"] {
        assert!(
            !tree.lines().any(|l| l.starts_with(&format!("{parser} v"))),
            "{parser} must not ship in the wasm"
        );
    }
}

/// SHA-384, for the integrity hash of `embed-v1.js`.
fn sha384(data: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha384};
    Sha384::digest(data).to_vec()
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn the_embed_code_pins_embed_v1_js_by_its_hash() {
    assert_eq!(
        format!("sha384-{}", base64(&sha384(b"abc"))),
        "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn",
        "the hash itself (FIPS 180-4's example)"
    );
    let file = fs::read(Path::new(ROOT).join("embed-v1.js")).expect("embed-v1.js");
    assert_eq!(
        format!("sha384-{}", base64(&sha384(&file))),
        rehearse::core::options::EMBED_V1_INTEGRITY,
        "embed-v1.js never changes: put a change into embed-v2.js and point the embed code at it"
    );
    let index = fs::read_to_string(Path::new(ROOT).join("index.html")).expect("index.html");
    assert!(index.contains(r#"<link data-trunk rel="copy-file" href="embed-v1.js" />"#));
}

#[test]
fn npm_never_runs_install_scripts() {
    for file in rust_files(&Path::new(ROOT).join("xtask/src")) {
        let text = fs::read_to_string(&file).expect("readable file");
        for (n, line) in text.lines().enumerate() {
            if line.contains("[\"ci\"") || line.contains("[\"install\"") {
                assert!(
                    line.contains("\"--ignore-scripts\""),
                    "{}:{}: npm without --ignore-scripts",
                    file.display(),
                    n + 1
                );
            }
        }
    }
}

#[test]
fn the_policy_is_written_after_the_last_inline_script_and_before_the_worker_lists_files() {
    let hook = fs::read_to_string(Path::new(ROOT).join("xtask/src/postbuild.rs")).expect("hook");
    let order: Vec<usize> = [
        "crate::pages::write(",
        "crate::offline::write(",
        "crate::csp::write(",
        "crate::offline::write_worker(",
    ]
    .iter()
    .map(|call| {
        hook.find(call)
            .unwrap_or_else(|| panic!("{call} is not in the hook"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn progress_from_outside_goes_through_the_deletion_record_and_the_limits() {
    let read = |path: &str| fs::read_to_string(Path::new(ROOT).join(path)).expect(path);
    // Storage, as loaded and as another tab saves it.
    let persist = read("src/shell/persist.rs");
    assert!(persist.contains("Decoded::Progress(progress) => (progress.checked(now)"));
    let state = read("src/core/state.rs");
    assert!(state.contains("let theirs = theirs.checked(now);"));
    assert!(state.contains("let incoming = progress.checked(now);"));
    // Imports: read once, size first, only the deck's questions.
    let panel = read("src/shell/progress_panel.rs");
    assert!(panel.contains("storage::read_import(text, &crate::core::deck::DECK, browser::now())"));
    assert!(!panel.contains("transfer::decode") && !panel.contains("storage::decode"));
    let storage = read("src/core/storage.rs");
    let import = &storage[storage.find("pub fn read_import").expect("read_import")..];
    let size = import.find("limits::IMPORT_BYTES").expect("a size check");
    assert!(size < import.find("transfer::decode").expect("decodes"));
    assert!(import.contains("progress.imported(deck, now)"));
    // Every merge honours the deletion record; deletions record it.
    let progress = read("src/core/progress.rs");
    let merge = &progress[progress.find("pub fn merge").expect("merge")..];
    let merge = &merge[..merge.find("\n    }\n").expect("its end")];
    assert!(merge.contains("self.cleared_at = self.cleared_at.max(other.cleared_at);"));
    assert!(merge.contains("retain(|_, r| r.updated_at >= cleared_at)"));
    for deletion in [
        "self.progress_mut().clear(now)",
        "self.progress_mut().replace_records(",
    ] {
        assert!(state.contains(deletion), "{deletion}");
    }
}
