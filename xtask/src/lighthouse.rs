//! `cargo xtask lighthouse`: a report, not a test tier. Builds the release, serves
//! `dist/` on loopback (brotli), runs the pinned Lighthouse (tools/lighthouse, installed there
//! with `npm ci` on first use so the test setup stays lean) with the mobile preset,
//! writes target/lighthouse/ and prints the scores. Lighthouse 12 has no PWA category,
//! so it then runs our own installability checks: the `installable:` end-to-end tests
//! in tests/e2e/offline.spec.mjs (manifest fields, icons 192/512 and maskable, the
//! worker controls the page, start_url works offline).

use crate::root;
use crate::setup;
use std::env;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

pub fn run() -> Result<(), String> {
    let tools = setup::run()?;
    crate::run(&mut tools.release_build())?;
    install()?;

    let port: u16 = env::var("LIGHTHOUSE_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(4373);
    let mut server = tools
        .command("node")
        // Brotli, as the benchmark and any real host serve it: uncompressed, Lighthouse's
        // simulation would charge the page for 388 KB of wasm instead of 131 KB.
        .args([
            "tests/e2e/static-server.mjs",
            "--brotli",
            "dist",
            &port.to_string(),
        ])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start the static server: {e}"))?;
    // The server prints one line once it listens.
    let listening = server
        .stdout
        .take()
        .and_then(|out| BufReader::new(out).lines().next())
        .is_some_and(|line| line.is_ok());
    let scores = if listening {
        crate::run(
            tools
                .command("node")
                .args([
                    "tools/lighthouse/run.mjs",
                    &format!("http://127.0.0.1:{port}/"),
                    "target/lighthouse",
                ])
                .env("CHROME_PATH", &tools.chromium),
        )
    } else {
        Err(format!("the static server did not start on port {port}"))
    };
    let _ = server.kill();
    let _ = server.wait();

    println!("\n== installability checks (Lighthouse 12 has none): tests/e2e/offline.spec.mjs");
    let e2e_port = env::var("E2E_PORT").unwrap_or_else(|_| (port + 1).to_string());
    let checks = crate::run(
        tools
            .command("playwright")
            .args([
                "test",
                "-c",
                "tests/e2e/playwright.config.mjs",
                "offline.spec.mjs",
                "--project",
                "desktop",
                "--grep",
                "installable:",
            ])
            .env("E2E_PORT", e2e_port),
    );
    scores.map_err(|e| format!("Lighthouse: {e}"))?;
    checks.map_err(|e| format!("installability checks: {e}"))
}

/// `npm ci` in tools/lighthouse when its lockfile changed since the last install.
fn install() -> Result<(), String> {
    setup::npm_ci(
        &root().join("tools/lighthouse"),
        "xtask lighthouse: installing lighthouse from tools/lighthouse/package-lock.json",
    )
}
