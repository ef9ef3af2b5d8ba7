//! Test support: builds a deck from the valid base fixture with one case's files laid over it.
//! It must not judge results; the tests do that.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The valid deck every case starts from.
pub fn base_deck() -> PathBuf {
    fixtures().join("base")
}

/// A fresh copy of `fixtures/base` with the files of `fixtures/cases/<case>` replacing or
/// adding to it; with `crlf`, every file gets CRLF line endings.
pub fn deck_with(case: &str, crlf: bool) -> PathBuf {
    // Tests run in parallel, so every copy gets its own folder.
    static COPIES: AtomicUsize = AtomicUsize::new(0);
    let n = COPIES.fetch_add(1, Ordering::Relaxed);
    let test_binary = std::env::current_exe().unwrap();
    let binary = test_binary.file_stem().unwrap().to_string_lossy();
    let suffix = if crlf { "-crlf" } else { "" };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{binary}-{n}-{case}{suffix}"));
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    copy_tree(&fixtures().join("base"), &dir, crlf);
    copy_tree(&fixtures().join("cases").join(case), &dir, crlf);
    dir
}

fn copy_tree(from: &Path, to: &Path, crlf: bool) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target, crlf);
        } else {
            let text = fs::read_to_string(&path).unwrap();
            let text = if crlf {
                text.replace('\n', "\r\n")
            } else {
                text
            };
            fs::write(target, text).unwrap();
        }
    }
}

/// The diagnostics for a case, one after another as deckc prints them.
pub fn errors_in(case: &str, crlf: bool) -> String {
    match deckc::compile(&deck_with(case, crlf), "content", "DECK") {
        Ok(_) => panic!("case `{case}` compiled, but it should fail"),
        Err(diagnostics) => diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

pub fn errors(case: &str) -> String {
    errors_in(case, false)
}
