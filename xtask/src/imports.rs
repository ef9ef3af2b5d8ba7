//! Short import names for the release wasm. wasm-bindgen names each function the wasm
//! imports from its JS glue like `__wbg_setItem_cfa2f3c8a1d1b3e4`: about 190 names, each
//! written twice (in the wasm's import section and as a key in the glue), and their
//! random hex suffixes do not compress. This pass renames them `a`, `b`, … `aB`, …,
//! rewrites the glue's keys to match, gives the closures' entry points that wasm-bindgen
//! exports (`wasm_bindgen_<hash>___convert__closures_____invoke___…`, 70 to 190
//! characters each) short names too, drops the wasm's two custom sections (producers,
//! target features: nothing reads them at run time) and updates the files' Subresource
//! Integrity hashes in `index.html`. That saves about 4 KB of the first load (brotli).
//! It runs on the release build only, first in the post-build hook, so that the pages,
//! the policy and the service worker all see the final files.

use std::fs;
use std::path::Path;

pub fn shorten(staging: &Path) -> Result<(), String> {
    let Some((js_path, wasm_path)) = glue_and_wasm(staging)? else {
        return Ok(());
    };
    let (js, wasm) = (
        read(&js_path)?,
        fs::read(&wasm_path).map_err(|e| e.to_string())?,
    );
    let module = format!(
        "./{}",
        file_name(&wasm_path).trim_end_matches(".wasm").to_owned() + ".js"
    );
    // Trunk names the glue `<app>-<hash>.js` and the wasm `<app>-<hash>_bg.wasm`;
    // wasm-bindgen's import module is `./<app>_bg.js`, without the hash.
    let module = strip_hash(&module);
    let (new_wasm, renamed, exported) =
        rename(&wasm, &module).map_err(|e| format!("{}: {e}", wasm_path.display()))?;
    // A second run (the offline tests post-build a copy of a build) finds it done: the
    // glue's imports are already module `a`. Anything else that renames nothing is a
    // module name this pass failed to work out, which must not pass unnoticed.
    if renamed.is_empty() {
        return match renamed_before(&wasm)? {
            true => Ok(()),
            false => Err(format!(
                "{}: the wasm imports nothing from {module}; the glue's module has another name",
                wasm_path.display()
            )),
        };
    }
    let new_js = rewrite_glue(&js, &module, &renamed)
        .and_then(|js| rewrite_exports(&js, &exported))
        .map_err(|e| format!("{}: {e}", js_path.display()))?;
    let index = staging.join("index.html");
    let mut html = read(&index)?;
    for (old, new) in [(js.as_bytes(), new_js.as_bytes()), (&wasm, &new_wasm)] {
        html = html.replace(&sri(old), &sri(new));
    }
    fs::write(&wasm_path, new_wasm).map_err(|e| e.to_string())?;
    fs::write(&js_path, new_js).map_err(|e| e.to_string())?;
    fs::write(&index, html).map_err(|e| e.to_string())
}

/// The app's glue and wasm in the staging folder, if there is exactly one of each.
pub fn glue_and_wasm(
    dir: &Path,
) -> Result<Option<(std::path::PathBuf, std::path::PathBuf)>, String> {
    let mut wasm = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if file_name(&path).ends_with("_bg.wasm") {
            wasm.push(path);
        }
    }
    let [wasm] = &wasm[..] else {
        return Ok(None);
    };
    let js = dir.join(file_name(wasm).trim_end_matches("_bg.wasm").to_owned() + ".js");
    Ok(js.is_file().then(|| (js, wasm.clone())))
}

fn file_name(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("")
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// `./rehearse-0123456789abcdef_bg.js` → `./rehearse_bg.js`.
fn strip_hash(module: &str) -> String {
    // Trunk writes the hash as hex without leading zeros: 16 digits or fewer.
    match module.rsplit_once('-') {
        Some((app, rest)) => {
            let digits = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
            if (1..=16).contains(&digits) && rest[digits..].starts_with('_') {
                format!("{app}{}", &rest[digits..])
            } else {
                module.to_owned()
            }
        }
        None => module.to_owned(),
    }
}

/// Each renamed import, as (old name, new name).
type Renamed = Vec<(String, String)>;

/// The n-th short name: `a` … `Z`, then `ab` …. (Object keys may be any identifier,
/// reserved words included.)
fn short(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = String::new();
    loop {
        name.push(LETTERS[n % LETTERS.len()] as char);
        n /= LETTERS.len();
        if n == 0 {
            return name;
        }
    }
}

/// Renames the imports of `module` (and the module itself, to `a`) and the closures'
/// exports (see `exports`), and drops custom sections. Returns the new wasm, each renamed
/// import and each renamed export as (old, new): no imports when the wasm imports nothing
/// from `module`, as after a first run.
fn rename(wasm: &[u8], module: &str) -> Result<(Vec<u8>, Renamed, Renamed), String> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a WebAssembly module (version 1)".into());
    }
    let mut out = wasm[..8].to_vec();
    let (mut renamed, mut exported) = (Vec::new(), Vec::new());
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, body_at) = leb(wasm, at + 1)?;
        let body = wasm
            .get(body_at..body_at + size)
            .ok_or("a section runs past the end")?;
        at = body_at + size;
        let body = match id {
            0 => continue,
            2 => imports(body, module, &mut renamed)?,
            7 => exports(body, &mut exported)?,
            _ => body.to_vec(),
        };
        out.push(id);
        out.extend(uleb(body.len()));
        out.extend(body);
    }
    Ok((out, renamed, exported))
}

fn imports(
    body: &[u8],
    module: &str,
    renamed: &mut Vec<(String, String)>,
) -> Result<Vec<u8>, String> {
    let (count, mut at) = leb(body, 0)?;
    let mut out = uleb(count);
    for _ in 0..count {
        let (from, next) = name(body, at)?;
        let (field, next) = name(body, next)?;
        let desc_at = next;
        let kind = *body.get(desc_at).ok_or("an import runs past the end")?;
        let end = match kind {
            // A function: its type index.
            0 => leb(body, desc_at + 1)?.1,
            // A table: element type, then limits.
            1 => limits(body, desc_at + 2)?,
            // A memory: limits.
            2 => limits(body, desc_at + 1)?,
            // A global: value type and mutability.
            3 => desc_at + 3,
            other => return Err(format!("unknown import kind {other}")),
        };
        let (from, field) = if from == module {
            let new = short(renamed.len());
            renamed.push((field.to_owned(), new.clone()));
            ("a", new)
        } else {
            (from, field.to_owned())
        };
        for text in [from, &field] {
            out.extend(uleb(text.len()));
            out.extend(text.as_bytes());
        }
        out.extend(
            body.get(desc_at..end)
                .ok_or("an import runs past the end")?,
        );
        at = end;
    }
    Ok(out)
}

/// The export section with the functions the wasm exports for wasm-bindgen's closures
/// (their names start with `wasm_bindgen_`) renamed `wa`, `wb`, …, which no other export
/// of wasm-bindgen's is called.
fn exports(body: &[u8], renamed: &mut Renamed) -> Result<Vec<u8>, String> {
    let (count, mut at) = leb(body, 0)?;
    let mut out = uleb(count);
    for _ in 0..count {
        let (field, next) = name(body, at)?;
        let kind = *body.get(next).ok_or("an export runs past the end")?;
        let end = leb(body, next + 1)?.1;
        let field = if kind == 0 && field.starts_with("wasm_bindgen_") {
            let new = format!("w{}", short(renamed.len()));
            renamed.push((field.to_owned(), new.clone()));
            new
        } else {
            field.to_owned()
        };
        out.extend(uleb(field.len()));
        out.extend(field.as_bytes());
        out.extend(&body[next..end]);
        at = end;
    }
    Ok(out)
}

/// The glue calling the renamed exports: `wasm.<old>` becomes `wasm.<new>` wherever the
/// name ends there, and no call by the old name may be left.
fn rewrite_exports(js: &str, renamed: &[(String, String)]) -> Result<String, String> {
    let mut js = js.to_owned();
    // Longest first: no name is then cut out of a longer one.
    let mut renamed = renamed.to_vec();
    renamed.sort_by_key(|(old, _)| std::cmp::Reverse(old.len()));
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    for (old, new) in &renamed {
        let call = format!("wasm.{old}");
        let mut out = String::with_capacity(js.len());
        let mut rest = js.as_str();
        let mut found = 0;
        while let Some(i) = rest.find(&call) {
            let after = &rest[i + call.len()..];
            out.push_str(&rest[..i]);
            if after.starts_with(ident) {
                out.push_str(&call);
            } else {
                out.push_str("wasm.");
                out.push_str(new);
                found += 1;
            }
            rest = after;
        }
        out.push_str(rest);
        if found == 0 {
            return Err(format!("the glue never calls the export {old}"));
        }
        js = out;
    }
    Ok(js)
}

/// Whether the wasm's imports come from module `a`, as this pass leaves them.
fn renamed_before(wasm: &[u8]) -> Result<bool, String> {
    let (_, renamed, _) = rename(wasm, "a")?;
    Ok(!renamed.is_empty())
}

fn limits(body: &[u8], at: usize) -> Result<usize, String> {
    let flags = *body.get(at).ok_or("limits run past the end")?;
    let (_, at) = leb(body, at + 1)?;
    Ok(if flags & 1 == 1 { leb(body, at)?.1 } else { at })
}

fn name(body: &[u8], at: usize) -> Result<(&str, usize), String> {
    let (len, at) = leb(body, at)?;
    let bytes = body.get(at..at + len).ok_or("a name runs past the end")?;
    let text = std::str::from_utf8(bytes).map_err(|_| "a name is not UTF-8")?;
    Ok((text, at + len))
}

/// An unsigned LEB128 number at `at`: its value and the position after it.
fn leb(bytes: &[u8], mut at: usize) -> Result<(usize, usize), String> {
    let (mut value, mut shift) = (0usize, 0);
    loop {
        let byte = *bytes.get(at).ok_or("a number runs past the end")?;
        at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Ok((value, at));
        }
        shift += 7;
        if shift > 35 {
            return Err("a number is too long".into());
        }
    }
}

fn uleb(mut value: usize) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

/// The glue with the new names: each old name occurs once, as a key of the imports
/// object (`        __wbg_…: function(`), and the module's key becomes `"a"`.
fn rewrite_glue(js: &str, module: &str, renamed: &[(String, String)]) -> Result<String, String> {
    let mut js = js.to_owned();
    for (old, new) in renamed {
        let key = format!(" {old}: ");
        match js.matches(&key).count() {
            1 => js = js.replacen(&key, &format!(" {new}: "), 1),
            n => {
                return Err(format!(
                    "the import {old} occurs {n} times as a key, not once"
                ))
            }
        }
    }
    let key = format!("\"{module}\": ");
    if js.matches(&key).count() != 1 {
        return Err(format!(
            "the glue names the module {module} other than once"
        ));
    }
    Ok(js.replacen(&key, "\"a\": ", 1))
}

/// A Subresource Integrity value, as Trunk writes it.
pub fn sri(bytes: &[u8]) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha384};
    let digest = Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing two functions from the glue, one from elsewhere, a memory,
    /// with a custom section.
    fn module() -> Vec<u8> {
        let mut imports = uleb(4);
        for (from, field, desc) in [
            ("./app_bg.js", "__wbg_first_0123456789abcdef", vec![0, 0]),
            ("env", "keep", vec![0, 0]),
            ("./app_bg.js", "__wbg_second_fedcba9876543210", vec![0, 1]),
            ("./app_bg.js", "memory", vec![2, 1, 1, 2]),
        ] {
            for text in [from, field] {
                imports.extend(uleb(text.len()));
                imports.extend(text.as_bytes());
            }
            imports.extend(desc);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 4, 1, 0x60, 0, 0]);
        wasm.push(2);
        wasm.extend(uleb(imports.len()));
        wasm.extend(imports);
        wasm.extend([0, 10, 9]);
        wasm.extend(b"producers");
        wasm
    }

    #[test]
    fn imports_from_the_glue_get_short_names_and_custom_sections_go() {
        let (wasm, renamed, _) = rename(&module(), "./app_bg.js").unwrap();
        assert_eq!(
            renamed,
            [
                ("__wbg_first_0123456789abcdef".to_owned(), "a".to_owned()),
                ("__wbg_second_fedcba9876543210".to_owned(), "b".to_owned()),
                ("memory".to_owned(), "c".to_owned()),
            ]
        );
        let text = String::from_utf8_lossy(&wasm);
        assert!(text.contains("\u{1}a\u{1}a\0\0"), "{text:?}");
        assert!(text.contains("\u{3}env\u{4}keep\0\0"));
        assert!(text.contains("\u{1}a\u{1}c\u{2}\u{1}\u{1}\u{2}"));
        assert!(!text.contains("__wbg") && !text.contains("producers"));
        // Read back: one type section and one import section of the right length.
        let imports_at = 8 + 6;
        assert_eq!(wasm[imports_at], 2);
        let (len, body) = leb(&wasm, imports_at + 1).unwrap();
        assert_eq!(body + len, wasm.len());
    }

    #[test]
    fn the_glue_keys_follow_and_anything_unexpected_is_an_error() {
        let glue = "const imports = {\n    \"./app_bg.js\": {\n        __wbg_first_0123456789abcdef: function(a) {},\n        __wbg_second_fedcba9876543210: function() { return __wbg_first_0123456789abcdefx; },\n    },\n};";
        let renamed = [
            ("__wbg_first_0123456789abcdef".to_owned(), "a".to_owned()),
            ("__wbg_second_fedcba9876543210".to_owned(), "b".to_owned()),
        ];
        let js = rewrite_glue(glue, "./app_bg.js", &renamed).unwrap();
        assert!(js.contains("\"a\": {\n        a: function(a) {},\n        b: function()"));
        assert!(js.contains("__wbg_first_0123456789abcdefx"));
        let missing = [("__wbg_gone".to_owned(), "c".to_owned())];
        assert!(rewrite_glue(glue, "./app_bg.js", &missing).is_err());
        assert!(rewrite_glue(glue, "./other_bg.js", &renamed).is_err());
    }

    #[test]
    fn a_second_run_changes_nothing() {
        let dir = std::env::temp_dir().join(format!("rehearse-imports-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let glue = "const imports = {\n    \"./app_bg.js\": {\n        __wbg_first_0123456789abcdef: function(a) {},\n        __wbg_second_fedcba9876543210: function() {},\n        memory: 1,\n    },\n};";
        fs::write(dir.join("app-0123456789abcdef.js"), glue).unwrap();
        fs::write(dir.join("app-0123456789abcdef_bg.wasm"), module()).unwrap();
        let html = format!(
            "<link integrity=\"{}\"><link integrity=\"{}\">",
            sri(glue.as_bytes()),
            sri(&module())
        );
        fs::write(dir.join("index.html"), html).unwrap();
        shorten(&dir).unwrap();
        let files = [
            "app-0123456789abcdef.js",
            "app-0123456789abcdef_bg.wasm",
            "index.html",
        ]
        .map(|f| fs::read(dir.join(f)).unwrap());
        let index = String::from_utf8(files[2].clone()).unwrap();
        assert!(index.contains(&sri(&files[0])) && index.contains(&sri(&files[1])));
        assert_ne!(files[1], module());
        shorten(&dir).unwrap();
        let again = [
            "app-0123456789abcdef.js",
            "app-0123456789abcdef_bg.wasm",
            "index.html",
        ]
        .map(|f| fs::read(dir.join(f)).unwrap());
        assert_eq!(again, files);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_glue_module_it_cannot_work_out_is_an_error() {
        let dir =
            std::env::temp_dir().join(format!("rehearse-imports-other-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        // The files say `web`, the wasm imports from `./app_bg.js`.
        fs::write(dir.join("web-0123456789abcdef.js"), "glue").unwrap();
        fs::write(dir.join("web-0123456789abcdef_bg.wasm"), module()).unwrap();
        fs::write(dir.join("index.html"), "").unwrap();
        let error = shorten(&dir).unwrap_err();
        assert!(
            error.contains("imports nothing from ./web_bg.js"),
            "{error}"
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn closure_exports_get_short_names_and_the_glue_follows() {
        let (long, longer) = (
            "wasm_bindgen_0123___convert__closures_____invoke___true_",
            "wasm_bindgen_0123___convert__closures_____invoke___true_1_",
        );
        let mut exports = uleb(3);
        for (field, kind) in [("memory", 2u8), (long, 0), (longer, 0)] {
            exports.extend(uleb(field.len()));
            exports.extend(field.as_bytes());
            exports.extend([kind, 0]);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.push(7);
        wasm.extend(uleb(exports.len()));
        wasm.extend(exports);
        let (wasm, _, renamed) = rename(&wasm, "./app_bg.js").unwrap();
        assert_eq!(
            renamed,
            [
                (long.to_owned(), "wa".to_owned()),
                (longer.to_owned(), "wb".to_owned())
            ]
        );
        let text = String::from_utf8_lossy(&wasm);
        assert!(
            text.ends_with("\u{6}memory\u{2}\0\u{2}wa\0\0\u{2}wb\0\0"),
            "{text:?}"
        );
        let glue = format!("function f(a) {{ wasm.{long}(a); }} function g() {{ wasm.{longer}(); }} let {long} = 1;");
        let js = rewrite_exports(&glue, &renamed).unwrap();
        assert_eq!(
            js,
            format!(
                "function f(a) {{ wasm.wa(a); }} function g() {{ wasm.wb(); }} let {long} = 1;"
            )
        );
        let gone = [("wasm_bindgen_gone".to_owned(), "wc".to_owned())];
        assert!(rewrite_exports(&glue, &gone).is_err());
    }

    #[test]
    fn names_are_short_and_distinct() {
        let names: Vec<String> = (0..3000).map(short).collect();
        assert_eq!(
            (names[0].as_str(), names[51].as_str(), names[52].as_str()),
            ("a", "Z", "ab")
        );
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
    }

    #[test]
    fn the_hash_comes_off_the_module_name() {
        assert_eq!(
            strip_hash("./rehearse-c19d3d360b7c5f7b_bg.js"),
            "./rehearse_bg.js"
        );
        // A hash with a leading zero has 15 digits (Trunk does not pad it).
        assert_eq!(
            strip_hash("./rehearse-8f0d1b772716659_bg.js"),
            "./rehearse_bg.js"
        );
        assert_eq!(strip_hash("./rehearse_bg.js"), "./rehearse_bg.js");
    }

    #[test]
    fn integrity_is_sha384_in_base64() {
        // SHA-384 of the empty string, as `openssl dgst -sha384 -binary | base64` gives it.
        assert_eq!(
            sri(b""),
            "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb"
        );
    }
}
