//! The test command: every tier in order, stopping at the first that fails.
//! It adds up the counts the test runners print so the last line is the real total;
//! it never measures time as a pass/fail criterion.

use crate::root;
use crate::setup::{self, Tools};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const WASM: &str = "wasm32-unknown-unknown";

#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
}

pub fn run() -> Result<(), String> {
    let tools = setup::run()?;
    let mut tally = Tally::default();
    let lint = |args: &[&str]| {
        let mut cmd = tools.command("cargo");
        cmd.args(args);
        cmd
    };

    tier("format", &mut tally, lint(&["fmt", "--all", "--check"]))?;
    tier(
        "lint (host)",
        &mut tally,
        lint(&[
            "clippy",
            "--locked",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    tier(
        "lint (wasm32)",
        &mut tally,
        lint(&[
            "clippy",
            "--locked",
            "-p",
            "rehearse",
            "--target",
            WASM,
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    tier(
        "native tests: core, content compiler, tidy",
        &mut tally,
        lint(&["test", "--locked", "--workspace"]),
    )?;
    overlap(&tools, &mut tally)?;
    tier(
        "browser tests (wasm-bindgen-test, headless Chromium)",
        &mut tally,
        lint(&["test", "--locked", "-p", "rehearse", "--target", WASM]),
    )?;
    let mut build = tools.command("trunk");
    build.args(["build", "--release", "--offline"]);
    tier("release build", &mut tally, build)?;
    size_report(&tools)?;
    let mut e2e = tools.command("playwright");
    e2e.args(["test", "-c", "tests/e2e/playwright.config.mjs"]);
    tier(
        "end-to-end tests (Playwright, release build)",
        &mut tally,
        e2e,
    )?;

    println!("\nxtask test: every tier passed");
    println!("{} passed, {} failed", tally.passed, tally.failed);
    Ok(())
}

/// Writes and prints target/size-report.md; fails when the first load is over budget.
pub fn size_report(tools: &Tools) -> Result<(), String> {
    let mut cmd = tools.command("node");
    cmd.args(["tools/size-report.mjs", "dist", "target/size-report.md"]);
    crate::run(&mut cmd)
}

/// The content must be written anew: it may share no run of words with the source
/// article. The article lives outside the project, so the check runs only where it is.
fn overlap(tools: &Tools, tally: &mut Tally) -> Result<(), String> {
    let shared = root().join("../shared");
    let tool = shared.join("tools/overlap.py");
    let seeds = shared.join("seeds");
    let python = crate::output(Command::new("python3").arg("--version")).is_some();
    if !(tool.is_file() && seeds.is_dir() && python) {
        println!(
            "\n== content overlap: skipped (../shared/tools/overlap.py or python3 is not here)"
        );
        return Ok(());
    }
    let mut articles: Vec<_> = std::fs::read_dir(&seeds)
        .map_err(|e| format!("{}: {e}", seeds.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    articles.sort();
    for article in articles {
        let mut each = tools.command("python3");
        each.arg(&tool).arg(&article).arg("content");
        tier("content overlap with the source article", tally, each)?;
    }
    Ok(())
}

/// Runs one tier, echoing its output and adding up the counts its runner prints.
fn tier(name: &str, tally: &mut Tally, mut cmd: Command) -> Result<(), String> {
    println!("\n== {name}");
    let shown = format!("{cmd:?}");
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{name}: could not start {shown}: {e}"))?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            count(&line, tally);
        }
    }
    let status = child.wait().map_err(|e| format!("{name}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("tier \"{name}\" failed ({status}): {shown}"))
    }
}

/// Reads the summary lines of libtest ("test result: ok. 3 passed; 0 failed; ...")
/// and of Playwright ("  12 passed (4.1s)", "  1 failed").
fn count(line: &str, tally: &mut Tally) {
    let line = line.trim();
    let number_before = |word: &str| -> u64 {
        let words: Vec<&str> = line.split_whitespace().collect();
        words
            .windows(2)
            .find(|w| w[1].trim_end_matches([';', ',']) == word)
            .and_then(|w| w[0].parse().ok())
            .unwrap_or(0)
    };
    if line.starts_with("test result:") {
        tally.passed += number_before("passed");
        tally.failed += number_before("failed");
    } else if let Some(first) = line.split_whitespace().next() {
        // Playwright prints each count alone at the start of its own line.
        if first.parse::<u64>().is_ok() {
            let rest = line[first.len()..].trim_start();
            if rest.starts_with("passed (") {
                tally.passed += number_before("passed");
            } else if rest == "failed" || rest == "flaky" {
                tally.failed += number_before(rest);
            }
        }
    }
}
