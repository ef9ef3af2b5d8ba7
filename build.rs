//! Build script: compiles the deck in `content/` (and the choice-question fixture deck)
//! into static Rust data in `$OUT_DIR`. It must not check content itself; deckc does.

use std::path::{Path, PathBuf};
use std::{env, fs, process};

fn main() {
    println!("cargo:rerun-if-env-changed=REHEARSE_CONTENT");
    println!("cargo:rerun-if-env-changed=REHEARSE_BASE_URL");
    let (Some(crate_root), Some(out_dir)) =
        (env::var_os("CARGO_MANIFEST_DIR"), env::var_os("OUT_DIR"))
    else {
        fail("error: CARGO_MANIFEST_DIR and OUT_DIR must be set; run this through cargo");
    };
    let (crate_root, out_dir) = (PathBuf::from(crate_root), PathBuf::from(out_dir));
    let content = env::var("REHEARSE_CONTENT").unwrap_or_else(|_| "content".to_string());

    // The wasm carries no question's text: each question's page holds it, and the app
    // reads it from there. Native builds (the prerenderer, the tests) and the test
    // fixture keep it compiled in.
    let wasm = env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    // The release app's stack is 512 KiB, not the toolchain's 1 MiB: the stack is part of
    // the wasm's memory from the start, and the app's deepest render uses a small part of
    // it. The stack comes first in memory, so running out traps instead of corrupting.
    if wasm && env::var("PROFILE").as_deref() == Ok("release") {
        println!("cargo:rustc-link-arg-bins=-zstack-size=524288");
    }
    let decks = [
        (content.as_str(), "DECK", "deck.rs", !wasm),
        (
            "tests/fixtures/choice-deck",
            "CHOICE_DECK",
            "choice_deck.rs",
            true,
        ),
    ];
    let mut failed = false;
    for (folder, static_name, out_file, with_text) in decks {
        println!("cargo:rerun-if-changed={folder}");
        let out = out_dir.join(out_file);
        failed |= !build_deck(&crate_root, folder, static_name, with_text, &out);
    }
    // The site's absolute base URL, when set: the Share action then offers the
    // link-preview pages (`q/<slug>/`) that `cargo xtask postbuild` writes.
    let base = match env::var("REHEARSE_BASE_URL") {
        Ok(url) if !url.trim().is_empty() => match deckc::site_base_url(url.trim()) {
            Ok(url) => Some(url),
            Err(message) => fail(&format!("error: {message}")),
        },
        _ => None,
    };
    let site = format!("pub const BASE_URL: Option<&str> = {base:?};\n");
    if let Err(e) = fs::write(out_dir.join("site.rs"), site) {
        fail(&format!("error: cannot write site.rs: {e}"));
    }
    if failed {
        process::exit(1);
    }
}

/// Compiles one deck and writes its Rust source; on content errors prints them all
/// (each `path:line:col: error: …` with a hint) and returns false.
fn build_deck(
    crate_root: &Path,
    folder: &str,
    static_name: &str,
    with_text: bool,
    out: &Path,
) -> bool {
    match deckc::compile(&crate_root.join(folder), folder, static_name) {
        Ok(compiled) => {
            let source = if with_text {
                compiled.rust_source
            } else {
                compiled.rust_source_without_text
            };
            if let Err(e) = fs::write(out, source) {
                fail(&format!("error: cannot write {}: {e}", out.display()));
            }
            true
        }
        Err(diagnostics) => {
            for diagnostic in &diagnostics {
                eprintln!("{diagnostic}");
            }
            let n = diagnostics.len();
            let problems = if n == 1 { "problem" } else { "problems" };
            eprintln!("error: {folder} has {n} {problems}; the build stops here");
            false
        }
    }
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    process::exit(1);
}
