//! `cargo xtask breakdown`: where the wasm's bytes go, by function and by crate, so
//! that a cut can aim at what is large. It reads the wasm the release build compiled
//! before wasm-bindgen and wasm-opt (`target/wasm32-unknown-unknown/release/rehearse.wasm`,
//! which still has its function names) with twiggy, pinned and installed on first use.
//! A report, not a test.

use crate::{output, root};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

const TWIGGY: &str = "0.8.0";

pub fn run(args: &[String]) -> Result<(), String> {
    let default = root().join("target/wasm32-unknown-unknown/release/rehearse.wasm");
    let wasm = args.first().map_or(default, |p| Path::new(p).to_path_buf());
    if !wasm.is_file() {
        return Err(format!(
            "{} is missing: run `cargo xtask build` first, or name a wasm file",
            wasm.display()
        ));
    }
    if output(Command::new("twiggy").arg("--version")).as_deref()
        != Some(&format!("twiggy {TWIGGY}"))
    {
        println!("xtask breakdown: installing twiggy {TWIGGY} (about 2 minutes)");
        crate::run(Command::new("cargo").args([
            "install",
            "--locked",
            &format!("twiggy@{TWIGGY}"),
        ]))?;
    }
    let csv = output(
        Command::new("twiggy")
            .args(["top", "-n", "100000", "-f", "csv"])
            .arg(&wasm),
    )
    .ok_or("twiggy could not read the wasm")?;
    let rows = parse(&csv);
    let report = report(&rows, &wasm.display().to_string());
    let out = root().join("target/wasm-breakdown.md");
    fs::write(&out, &report).map_err(|e| format!("{}: {e}", out.display()))?;
    print!("{report}");
    println!("written to {}", out.display());
    Ok(())
}

/// (name, shallow bytes) of every item twiggy lists, largest first.
fn parse(csv: &str) -> Vec<(String, u64)> {
    let mut rows: Vec<(String, u64)> = csv
        .lines()
        .skip(1)
        .filter_map(|line| {
            // Name,ShallowSize,ShallowSizePercent,...: the name may hold commas, quoted.
            let (name, rest) = match line.strip_prefix('"') {
                Some(quoted) => {
                    let end = quoted.find("\",")?;
                    (quoted[..end].replace("\"\"", "\""), &quoted[end + 2..])
                }
                None => {
                    let (name, rest) = line.split_once(',')?;
                    (name.to_string(), rest)
                }
            };
            let size = rest.split(',').next()?.parse().ok()?;
            Some((name, size))
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    rows
}

/// The crate an item belongs to: the first path segment of its (demangled) name;
/// data, custom sections and unnamed items keep a kind of their own.
fn crate_of(name: &str) -> String {
    if name.starts_with("custom section")
        || name.contains("function names")
        || name.contains("__wbindgen_describe")
    {
        return "(names, custom sections, descriptors: not shipped)".into();
    }
    if let Some((kind, _)) = name
        .split_once(' ')
        .filter(|(k, _)| ["import", "export"].contains(k))
    {
        return format!("({kind}s)");
    }
    if name.starts_with("data segment") {
        return "(data: strings, tables)".into();
    }
    let trimmed = name.trim_start_matches('<').trim_start_matches('&');
    // `<T as wasm_bindgen::…>`: a generic type, so the trait's crate.
    let trimmed = match trimmed.split_once(" as ") {
        Some((ty, tr)) if !ty.contains("::") => tr,
        _ => trimmed,
    };
    match trimmed.split_once("::") {
        Some((head, _)) => head.split('[').next().unwrap_or(head).to_string(),
        None => "(other)".into(),
    }
}

fn report(rows: &[(String, u64)], wasm: &str) -> String {
    let kb = |b: u64| format!("{:.1}", b as f64 / 1024.0);
    let shipped: Vec<&(String, u64)> = rows
        .iter()
        .filter(|(n, _)| !crate_of(n).starts_with("(names,"))
        .collect();
    let total: u64 = shipped.iter().map(|(_, s)| s).sum();
    let mut by_crate: BTreeMap<String, u64> = BTreeMap::new();
    for (name, size) in &shipped {
        *by_crate.entry(crate_of(name)).or_default() += size;
    }
    let mut crates: Vec<(String, u64)> = by_crate.into_iter().collect();
    crates.sort_by_key(|c| std::cmp::Reverse(c.1));
    let mut out = format!(
        "# Where the wasm's bytes go\n\n`{wasm}` before wasm-bindgen and wasm-opt (they shrink it by about a tenth), {} KB without names. Shallow sizes, by twiggy {TWIGGY}.\n\n| crate | KB | share |\n|---|---:|---:|\n",
        kb(total)
    );
    for (name, size) in crates.iter().take(15) {
        out.push_str(&format!(
            "| {name} | {} | {:.1}% |\n",
            kb(*size),
            *size as f64 * 100.0 / total as f64
        ));
    }
    out.push_str("\n| largest items | KB |\n|---|---:|\n");
    for (name, size) in shipped.iter().take(15) {
        let short: String = unhashed(name).chars().take(110).collect();
        out.push_str(&format!(
            "| `{}` | {} |\n",
            short.replace('|', "\\|"),
            kb(*size)
        ));
    }
    out
}

/// A symbol without the crate disambiguators that a standard library built with the
/// app adds (`yew[2c5e4124fc220b39]::` is `yew::`).
fn unhashed(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('[') {
        let (head, tail) = rest.split_at(open);
        out.push_str(head);
        match tail[1..].find(']') {
            Some(len) if len > 0 && tail[1..=len].bytes().all(|b| b.is_ascii_hexdigit()) => {
                rest = &tail[len + 2..];
            }
            _ => {
                out.push('[');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_crates_are_read_from_twiggy_csv() {
        let csv = "Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent\n\
                   \"<yew::a::B as c::D>::run\",50,1.0,50,1.0\n\
                   data segment \".rodata\",40,1.0,40,1.0\n\
                   \"rehearse::shell::card,with comma\",70,1.0,70,1.0\n\
                   custom section 'x',999,1.0,999,1.0\n";
        let rows = parse(csv);
        assert_eq!(rows[1], ("rehearse::shell::card,with comma".into(), 70));
        assert_eq!(crate_of(&rows[2].0), "yew");
        let report = report(&rows, "w.wasm");
        assert!(report.contains("| rehearse | 0.1 | 43.8% |"), "{report}");
        assert!(!report.contains("custom section"));
    }

    #[test]
    fn crate_disambiguators_are_left_out_of_names() {
        assert_eq!(
            unhashed("<yew[2c5e4124fc220b39]::a::B as core[641134fb57596b42]::C>::run"),
            "<yew::a::B as core::C>::run"
        );
        assert_eq!(unhashed("[u8; 4] and x[i]"), "[u8; 4] and x[i]");
    }
}
