//! `cargo xtask`: sets up the pinned toolchain and runs the app and its tests.
//! Its few dependencies are small and measured (ARCHITECTURE.md, Dependencies), so that
//! it builds in well under a minute on a fresh machine;
//! it must never download anything a registry does not serve (no prebuilt binaries,
//! no browsers).

mod bench;
mod breakdown;
mod csp;
mod imports;
mod lighthouse;
mod minify;
mod offline;
mod pages;
mod postbuild;
mod setup;
mod test;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "\
usage: cargo xtask <command>

  setup                 install the pinned tools that are missing (idempotent)
  serve [--port N] [--address A]
                        set up, build and serve the app (default 127.0.0.1:8080)
  test                  set up, then run every test tier; fails if any fails
  build                 set up, build the release into dist/ and report its size
  size                  write target/size-report.md for the release build in dist/
  postbuild             Trunk's post_build hook: preview pages and offline files
  screenshots           build the release, then screenshot every view (phone and
                        desktop, light and dark) into target/screenshots/
  bench                 build the release, a 10x deck and a static floor page,
                        then measure first paint, reveal, next, memory and
                        typing on a throttled phone profile into target/bench.md
  big-deck <out> [N]    write a deck N times as large as content/ (default 10)
  breakdown [wasm]      where the release wasm's bytes go, by crate and by
                        function (twiggy, pinned, installed on first use),
                        into target/wasm-breakdown.md
  lighthouse            build the release, run Lighthouse 12 (mobile) on it into
                        target/lighthouse/ and print the scores, then the
                        installability checks (a report, not part of `test`)
";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run().map(|_| ()),
        Some("serve") => serve(&args[1..]),
        Some("test") => test::run(),
        Some("size") => setup::run().and_then(|tools| test::size_report(&tools)),
        Some("screenshots") => screenshots(),
        Some("lighthouse") => lighthouse::run(),
        Some("bench") => bench::run(),
        Some("breakdown") => breakdown::run(&args[1..]),
        Some("big-deck") => match (args.get(1), args.get(2).map(|n| n.parse::<usize>())) {
            (Some(out), None) => bench::big_deck(&root().join("content"), Path::new(out), 10),
            (Some(out), Some(Ok(n))) if n > 0 => {
                bench::big_deck(&root().join("content"), Path::new(out), n)
            }
            _ => Err(format!(
                "usage: cargo xtask big-deck <out> [copies]\n\n{USAGE}"
            )),
        },
        Some("postbuild") => postbuild::run(),
        Some("build") => setup::run().and_then(|tools| {
            run(&mut tools.release_build())?;
            test::size_report(&tools)
        }),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: &[String]) -> Result<(), String> {
    let mut port = env::var("PORT").unwrap_or_else(|_| "8080".into());
    let mut address = env::var("ADDRESS").unwrap_or_else(|_| "127.0.0.1".into());
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--port" => port = value.clone(),
            "--address" => address = value.clone(),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    let tools = setup::run()?;
    println!("xtask: serving Rehearse at http://{address}:{port}/ (Ctrl-C stops)");
    run(tools
        .command("trunk")
        .args(["serve", "--offline", "--address", &address, "--port", &port]))
}

fn screenshots() -> Result<(), String> {
    let tools = setup::run()?;
    run(&mut tools.release_build())?;
    run(tools.command("node").arg("tools/screenshots.mjs"))
}

/// The repository root: the parent of the xtask crate.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the root")
        .to_path_buf()
}

/// Runs a command to completion with inherited output; a non-zero exit is an error.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    let status = cmd
        .status()
        .map_err(|e| format!("could not start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// Runs a command and returns its trimmed standard output, or None if it cannot run or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The SHA-256 of `bytes` in lowercase hex, as `crypto.subtle.digest` gives it to sw.js.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
