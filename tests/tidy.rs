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

/// SHA-384 (FIPS 180-4), for the integrity hash of `embed-v1.js`; std has none.
fn sha384(data: &[u8]) -> [u8; 48] {
    const K: [u64; 80] = [
        0x428a2f98d728ae22,
        0x7137449123ef65cd,
        0xb5c0fbcfec4d3b2f,
        0xe9b5dba58189dbbc,
        0x3956c25bf348b538,
        0x59f111f1b605d019,
        0x923f82a4af194f9b,
        0xab1c5ed5da6d8118,
        0xd807aa98a3030242,
        0x12835b0145706fbe,
        0x243185be4ee4b28c,
        0x550c7dc3d5ffb4e2,
        0x72be5d74f27b896f,
        0x80deb1fe3b1696b1,
        0x9bdc06a725c71235,
        0xc19bf174cf692694,
        0xe49b69c19ef14ad2,
        0xefbe4786384f25e3,
        0x0fc19dc68b8cd5b5,
        0x240ca1cc77ac9c65,
        0x2de92c6f592b0275,
        0x4a7484aa6ea6e483,
        0x5cb0a9dcbd41fbd4,
        0x76f988da831153b5,
        0x983e5152ee66dfab,
        0xa831c66d2db43210,
        0xb00327c898fb213f,
        0xbf597fc7beef0ee4,
        0xc6e00bf33da88fc2,
        0xd5a79147930aa725,
        0x06ca6351e003826f,
        0x142929670a0e6e70,
        0x27b70a8546d22ffc,
        0x2e1b21385c26c926,
        0x4d2c6dfc5ac42aed,
        0x53380d139d95b3df,
        0x650a73548baf63de,
        0x766a0abb3c77b2a8,
        0x81c2c92e47edaee6,
        0x92722c851482353b,
        0xa2bfe8a14cf10364,
        0xa81a664bbc423001,
        0xc24b8b70d0f89791,
        0xc76c51a30654be30,
        0xd192e819d6ef5218,
        0xd69906245565a910,
        0xf40e35855771202a,
        0x106aa07032bbd1b8,
        0x19a4c116b8d2d0c8,
        0x1e376c085141ab53,
        0x2748774cdf8eeb99,
        0x34b0bcb5e19b48a8,
        0x391c0cb3c5c95a63,
        0x4ed8aa4ae3418acb,
        0x5b9cca4f7763e373,
        0x682e6ff3d6b2b8a3,
        0x748f82ee5defb2fc,
        0x78a5636f43172f60,
        0x84c87814a1f0ab72,
        0x8cc702081a6439ec,
        0x90befffa23631e28,
        0xa4506cebde82bde9,
        0xbef9a3f7b2c67915,
        0xc67178f2e372532b,
        0xca273eceea26619c,
        0xd186b8c721c0c207,
        0xeada7dd6cde0eb1e,
        0xf57d4f7fee6ed178,
        0x06f067aa72176fba,
        0x0a637dc5a2c898a6,
        0x113f9804bef90dae,
        0x1b710b35131c471b,
        0x28db77f523047d84,
        0x32caab7b40c72493,
        0x3c9ebe0a15c9bebc,
        0x431d67c49c100d4c,
        0x4cc5d4becb3e42b6,
        0x597f299cfc657e2a,
        0x5fcb6fab3ad6faec,
        0x6c44198c4a475817,
    ];
    let mut h: [u64; 8] = [
        0xcbbb9d5dc1059ed8,
        0x629a292a367cd507,
        0x9159015a3070dd17,
        0x152fecd8f70e5939,
        0x67332667ffc00b31,
        0x8eb44a8768581511,
        0xdb0c2e0d64f98fa7,
        0x47b5481dbefa4fa4,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 128 != 112 {
        msg.push(0);
    }
    msg.extend_from_slice(&(data.len() as u128 * 8).to_be_bytes());
    for block in msg.chunks(128) {
        let mut w = [0u64; 80];
        for (i, word) in block.chunks(8).enumerate() {
            w[i] = u64::from_be_bytes(word.try_into().expect("8 bytes"));
        }
        for i in 16..80 {
            let s0 = w[i - 15].rotate_right(1) ^ w[i - 15].rotate_right(8) ^ (w[i - 15] >> 7);
            let s1 = w[i - 2].rotate_right(19) ^ w[i - 2].rotate_right(61) ^ (w[i - 2] >> 6);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..80 {
            let s1 = v[4].rotate_right(14) ^ v[4].rotate_right(18) ^ v[4].rotate_right(41);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(28) ^ v[0].rotate_right(34) ^ v[0].rotate_right(39);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (h, v) in h.iter_mut().zip(v) {
            *h = h.wrapping_add(v);
        }
    }
    let mut out = [0u8; 48];
    for (chunk, word) in out.chunks_mut(8).zip(h) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
        for _ in chunk.len()..3 {
            out.push('=');
        }
    }
    out
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
    for deletion in ["self.progress.clear(now)", "self.progress.replace_records("] {
        assert!(state.contains(deletion), "{deletion}");
    }
}
