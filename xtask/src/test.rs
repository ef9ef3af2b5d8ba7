//! The test command: every tier in order, stopping at the first that fails.
//! It adds up the runners' own counts so the last line is the real total: libtest's
//! summary lines, Playwright's JSON report and Node's TAP reports (the WebDriver tiers). It never measures time as a pass/fail
//! criterion.

use crate::root;
use crate::setup::{self, Engine, Tools};
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
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
    tier("release build", &mut tally, tools.release_build())?;
    size_report(&tools)?;
    // The list reporter for people, the JSON report for the counts.
    let report = root().join("target").join("e2e-report.json");
    let _ = fs::remove_file(&report);
    let mut e2e = tools.command("playwright");
    e2e.args([
        "test",
        "-c",
        "tests/e2e/playwright.config.mjs",
        "--reporter=list,json",
    ])
    .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report);
    let name = "end-to-end tests (Playwright, release build)";
    let ran = tier(name, &mut Tally::default(), e2e);
    let counted = playwright_counts(&report, &mut tally);
    ran?;
    counted.map_err(|e| format!("{name}: {e}"))?;

    // The same journeys in every other engine, through WebDriver, against the same build.
    if std::env::var("REHEARSE_WEBDRIVER").as_deref() == Ok("0") {
        println!("\n== WebKit and Firefox tiers: not run (REHEARSE_WEBDRIVER=0)");
    } else {
        for engine in setup::engines(&tools) {
            match engine {
                Ok(engine) => webdriver(&tools, &engine, &mut tally)?,
                Err(note) => println!("\n== {note}"),
            }
        }
    }

    println!("\nxtask test: every tier passed");
    println!("{} passed, {} failed", tally.passed, tally.failed);
    Ok(())
}

/// One engine's WebDriver tier: tests/webdriver/journeys.test.mjs under Node's test
/// runner, its spec report for people and its TAP report for the counts.
fn webdriver(tools: &Tools, engine: &Engine, tally: &mut Tally) -> Result<(), String> {
    let report = root()
        .join("target")
        .join(format!("webdriver-{}.tap", engine.name));
    let _ = fs::remove_file(&report);
    let mut cmd = if engine.needs_display {
        let mut cmd = tools.command("xvfb-run");
        cmd.args(["-a", "node"]);
        cmd
    } else {
        tools.command("node")
    };
    cmd.args([
        "--test",
        "--test-reporter=spec",
        "--test-reporter-destination=stdout",
        "--test-reporter=tap",
    ])
    .arg(format!("--test-reporter-destination={}", report.display()))
    .arg("tests/webdriver/journeys.test.mjs")
    .env("REHEARSE_ENGINE", engine.name)
    .envs(engine.env.iter().map(|(k, v)| (k, v)));
    let name = format!(
        "end-to-end journeys in {} (WebDriver, release build)",
        engine.title
    );
    let ran = tier(&name, &mut Tally::default(), cmd);
    let counted = fs::read_to_string(&report)
        .map(|tap| tap_counts(&tap, tally))
        .map_err(|e| format!("{name}: no TAP report ({}): {e}", report.display()));
    ran?;
    counted
}

/// The closing counts of Node's TAP report: "# pass 10", "# fail 0".
fn tap_counts(tap: &str, tally: &mut Tally) {
    for line in tap.lines() {
        let mut words = line.split_whitespace();
        let (Some("#"), Some(what), Some(n), None) =
            (words.next(), words.next(), words.next(), words.next())
        else {
            continue;
        };
        let n: u64 = n.parse().unwrap_or(0);
        match what {
            "pass" => tally.passed += n,
            "fail" => tally.failed += n,
            _ => {}
        }
    }
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

/// Runs one tier, echoing its output and adding up libtest's summary lines.
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
            libtest_counts(&line, tally);
        }
    }
    let status = child.wait().map_err(|e| format!("{name}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("tier \"{name}\" failed ({status}): {shown}"))
    }
}

/// libtest's summary line, one per test binary (wasm-bindgen-test-runner prints the
/// same): "test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out".
fn libtest_counts(line: &str, tally: &mut Tally) {
    let Some(summary) = line.trim().strip_prefix("test result: ") else {
        return;
    };
    for part in summary.split(';') {
        let mut words = part.split_whitespace().rev();
        let (Some(what), Some(n)) = (words.next(), words.next()) else {
            continue;
        };
        let n: u64 = n.parse().unwrap_or(0);
        match what {
            "passed" => tally.passed += n,
            "failed" => tally.failed += n,
            _ => {}
        }
    }
}

/// The `stats` of Playwright's JSON report: tests that passed as expected, and those
/// that failed or only passed on a retry (flaky).
fn playwright_counts(report: &Path, tally: &mut Tally) -> Result<(), String> {
    let text = fs::read_to_string(report)
        .map_err(|e| format!("no JSON report ({}): {e}", report.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", report.display()))?;
    let stat = |key: &str| json["stats"][key].as_u64().unwrap_or(0);
    tally.passed += stat("expected");
    tally.failed += stat("unexpected") + stat("flaky");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libtest_summaries_are_added_up_and_nothing_else_counts() {
        let mut tally = Tally::default();
        for line in [
            "test result: ok. 19 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s",
            "test result: FAILED. 50 passed; 3 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.15s",
            "  12 passed (4.1s)",
            "test a_test_named_test_result ... ok",
        ] {
            libtest_counts(line, &mut tally);
        }
        assert_eq!((tally.passed, tally.failed), (69, 3));
    }

    #[test]
    fn node_s_tap_counts_are_added_up_and_nothing_else_counts() {
        let mut tally = Tally {
            passed: 1,
            failed: 0,
        };
        let tap = "TAP version 13\n# Subtest: a # pass 3\nok 1 - a\nnot ok 2 - b\n# tests 12\n# pass 9\n# fail 2\n# skipped 1\n";
        tap_counts(tap, &mut tally);
        assert_eq!((tally.passed, tally.failed), (10, 2));
    }

    #[test]
    fn playwright_counts_come_from_the_json_report() {
        let report = std::env::temp_dir().join(format!("rehearse-e2e-{}.json", std::process::id()));
        fs::write(
            &report,
            r#"{"config": {}, "suites": [], "stats": {"startTime": "2026-01-01T00:00:00.000Z",
                "duration": 1.5, "expected": 180, "skipped": 2, "unexpected": 1, "flaky": 1}}"#,
        )
        .unwrap();
        let mut tally = Tally {
            passed: 5,
            failed: 0,
        };
        playwright_counts(&report, &mut tally).unwrap();
        assert_eq!((tally.passed, tally.failed), (185, 2));
        fs::remove_file(&report).unwrap();
        assert!(playwright_counts(&report, &mut tally).is_err());
    }
}
