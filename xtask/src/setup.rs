//! Installs exactly the pinned tools, and only those that are missing or wrong.
//! A second run on a ready machine only checks versions, in a few seconds; nothing
//! here fetches a prebuilt binary or a browser (the registries are all we have).

use crate::{output, root};
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use toml::de::DeTable;

const TRUNK_VERSION: &str = "0.21.14";
/// Firefox's WebDriver server, from crates.io (its own releases are downloads we cannot make).
const GECKODRIVER_VERSION: &str = "0.37.1";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Where the tools are, so that every later command finds the pinned ones first.
pub struct Tools {
    path: String,
    /// rustc flags for every wasm build (see `run`).
    wasm_rustflags: Option<String>,
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

impl Tools {
    /// A command run from the repository root with the pinned tools first on PATH.
    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(root())
            .env("PATH", &self.path)
            .env("CHROMIUM_PATH", &self.chromium)
            .env("CHROMEDRIVER", &self.chromedriver);
        if let Some(flags) = &self.wasm_rustflags {
            cmd.env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", flags);
        }
        cmd
    }

    /// `trunk build --release --offline`, with the standard library rebuilt for the wasm
    /// (`-Zbuild-std`, sized for size) and panics that trap at once, with no message or
    /// location (`-Cpanic=immediate-abort`; the release wasm had no panic hook to show one).
    /// 13.7 KB brotli off the first load. Both are unstable options of this pinned stable
    /// toolchain: `RUSTC_BOOTSTRAP=1` admits them for this one build, and Trunk.toml's hook
    /// drops it again, so the native builds it starts ignore the build-std settings.
    pub fn release_build(&self) -> Command {
        let mut cmd = self.command("trunk");
        cmd.args(["build", "--release", "--offline"])
            .env("RUSTC_BOOTSTRAP", "1")
            .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
            .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
                [
                    self.wasm_rustflags.as_deref().unwrap_or(""),
                    RELEASE_RUSTFLAGS,
                ]
                .join(" ")
                .trim(),
            );
        cmd
    }
}

/// rustc flags that only the release wasm gets (see `Tools::release_build`).
const RELEASE_RUSTFLAGS: &str = "-Zunstable-options -Cpanic=immediate-abort";

pub fn run() -> Result<Tools, String> {
    let root = root();
    let cargo_bin = cargo_home().join("bin");
    let npm_bin = root.join("node_modules").join(".bin");
    let path = env::join_paths(
        [npm_bin, cargo_bin.clone()]
            .into_iter()
            .chain(env::split_paths(&env::var_os("PATH").unwrap_or_default())),
    )
    .map_err(|e| format!("bad PATH: {e}"))?
    .to_string_lossy()
    .into_owned();
    let probe = |program: &str, arg: &str| {
        output(
            Command::new(program)
                .arg(arg)
                .env("PATH", &path)
                .current_dir(&root),
        )
    };

    // Rust pieces: the wasm target and the lint/format components.
    let targets = output(Command::new("rustup").args(["target", "list", "--installed"]));
    if !targets.is_some_and(|t| t.lines().any(|l| l.trim() == WASM_TARGET)) {
        step(&format!("adding the {WASM_TARGET} target"));
        crate::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    }
    for (component, probe_cmd) in [("rustfmt", "cargo-fmt"), ("clippy", "cargo-clippy")] {
        if probe(probe_cmd, "--version").is_none() {
            step(&format!("adding the {component} component"));
            crate::run(Command::new("rustup").args(["component", "add", component]))?;
        }
    }

    // The standard library's source and the crates it depends on, for the release wasm's
    // own build of it (`Tools::release_build`); Trunk builds offline, so they are fetched here.
    let sysroot = output(Command::new("rustc").args(["--print", "sysroot"]))
        .ok_or("rustc --print sysroot failed")?;
    let library = Path::new(sysroot.trim()).join("lib/rustlib/src/rust/library");
    if !library.join("Cargo.lock").is_file() {
        step("adding the rust-src component");
        crate::run(Command::new("rustup").args(["component", "add", "rust-src"]))?;
    }
    crate::run(
        Command::new("cargo")
            .args(["fetch", "--locked", "--quiet", "--manifest-path"])
            .arg(library.join("Cargo.toml"))
            .env("RUSTC_BOOTSTRAP", "1"),
    )?;

    // Trunk, pinned: 0.22 needs a newer rustc than the machine has.
    if probe("trunk", "--version").as_deref() != Some(&format!("trunk {TRUNK_VERSION}")) {
        step(&format!(
            "installing trunk {TRUNK_VERSION} (about 5 minutes)"
        ));
        crate::run(Command::new("cargo").args([
            "install",
            "--locked",
            &format!("trunk@{TRUNK_VERSION}"),
        ]))?;
    }

    // wasm-bindgen-cli must equal the library version in Cargo.lock, or the glue breaks.
    let lock =
        fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let bindgen = locked_dependency(&lock, "rehearse", "wasm-bindgen")
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    if probe("wasm-bindgen", "--version").as_deref() != Some(&format!("wasm-bindgen {bindgen}")) {
        step(&format!(
            "installing wasm-bindgen-cli {bindgen} (about 3 minutes)"
        ));
        // Not --locked: its lockfile pins a crate version the registry no longer serves.
        crate::run(Command::new("cargo").args([
            "install",
            "--force",
            &format!("wasm-bindgen-cli@{bindgen}"),
        ]))?;
    }

    // npm packages (wasm-opt from binaryen, Playwright), exactly as package-lock.json says.
    npm_ci(
        &root,
        "xtask setup: installing npm packages from package-lock.json",
    )?;

    let (chromium, chromedriver) = browser(&path)?;
    // The wasm keeps its dependencies' source paths (in panic locations), which start with
    // this machine's cargo home: the first load's size, checked against the budget to the
    // byte, would depend on where that is. Every wasm build run from here drops that
    // prefix (`/yew-0.23.0/src/…`). A path with spaces cannot be passed this way and is
    // left as it is.
    let sources = fs::read_dir(cargo_home().join("registry").join("src"))
        .into_iter()
        .flatten()
        .flatten();
    let remaps: Vec<String> = sources
        .filter_map(|entry| Some(format!("--remap-path-prefix={}=", entry.path().to_str()?)))
        .filter(|flag| !flag.contains(char::is_whitespace))
        .collect();
    let wasm_rustflags = (!remaps.is_empty()).then(|| remaps.join(" "));
    Ok(Tools {
        path,
        wasm_rustflags,
        chromium,
        chromedriver,
    })
}

/// Finds Chromium and ChromeDriver; on Debian as root, installs Debian's packages.
fn browser(path: &str) -> Result<(PathBuf, PathBuf), String> {
    let find = |names: &[&str]| {
        names.iter().find_map(|name| {
            env::split_paths(path)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
    };
    let browsers = ["chromium", "chromium-browser", "google-chrome", "chrome"];
    let drivers = ["chromedriver"];
    if let (Some(b), Some(d)) = (find(&browsers), find(&drivers)) {
        return Ok((b, d));
    }
    let is_root = output(Command::new("id").arg("-u")).as_deref() == Some("0");
    if !(is_root && Path::new("/etc/debian_version").exists()) {
        return Err(
            "Chromium and ChromeDriver are needed for the browser tests. Install them \
             (on Debian/Ubuntu: `sudo apt-get install chromium chromium-driver`) and run again."
                .into(),
        );
    }
    step("installing Debian's chromium and chromium-driver");
    crate::run(Command::new("apt-get").arg("update"))?;
    crate::run(Command::new("apt-get").args([
        "install",
        "-y",
        "--no-install-recommends",
        "chromium",
        "chromium-driver",
    ]))?;
    match (find(&browsers), find(&drivers)) {
        (Some(b), Some(d)) => Ok((b, d)),
        _ => Err("chromium was installed but is not on PATH".into()),
    }
}

/// A browser engine the WebDriver tiers can drive (`tests/webdriver/engines.mjs` names
/// it), with where its pieces are.
pub struct Engine {
    /// The name `tests/webdriver/engines.mjs` knows it by (`REHEARSE_ENGINE`).
    pub name: &'static str,
    pub title: &'static str,
    /// Paths the journeys read from the environment.
    pub env: Vec<(&'static str, PathBuf)>,
    /// It opens a window, so it runs under `xvfb-run -a`.
    pub needs_display: bool,
}

/// The engines of the WebDriver tiers, each ready or with the one line that says why its
/// tier is skipped. Like Chromium: Debian's packages, installed only when missing and
/// only as root on Debian; geckodriver pinned, from crates.io. Nothing here fails: a
/// machine that cannot have an engine runs the other tiers.
pub fn engines(tools: &Tools) -> Vec<Result<Engine, String>> {
    let find = |name: &str| {
        env::split_paths(&tools.path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    };
    let debian_root = output(Command::new("id").arg("-u")).as_deref() == Some("0")
        && Path::new("/etc/debian_version").exists();
    let mut updated = false;
    let mut apt_install = |packages: &[&str]| -> Result<(), String> {
        if !debian_root {
            return Err("not root on Debian".into());
        }
        step(&format!("installing Debian's {}", packages.join(" ")));
        if !updated {
            crate::run(Command::new("apt-get").arg("update"))?;
            updated = true;
        }
        crate::run(
            Command::new("apt-get")
                .arg("install")
                .args(["-y", "--no-install-recommends"])
                .args(packages),
        )
    };

    // WebKit: WebKitGTK's WebDriver server and its MiniBrowser, in a virtual display.
    let minibrowser = || {
        fs::read_dir("/usr/lib")
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("webkit2gtk-4.1").join("MiniBrowser"))
            .find(|p| p.is_file())
    };
    let webkit_parts = || {
        find("xauth")?; // xvfb-run's
        Some((find("WebKitWebDriver")?, minibrowser()?, find("xvfb-run")?))
    };
    let webkit = match webkit_parts() {
        Some(parts) => Ok(parts),
        None => apt_install(&["webkit2gtk-driver", "xvfb", "xauth"])
            .and_then(|()| webkit_parts().ok_or("installed, but not found".into())),
    }
    .map(|(driver, minibrowser, _)| Engine {
        name: "webkit",
        title: "WebKit (WebKitGTK MiniBrowser)",
        env: vec![("WEBKIT_WEBDRIVER", driver), ("MINIBROWSER", minibrowser)],
        needs_display: true,
    })
    .map_err(|why| {
        format!(
            "WebKit tier skipped ({why}): install WebKitWebDriver, MiniBrowser and xvfb-run \
             (Debian/Ubuntu: `sudo apt-get install webkit2gtk-driver xvfb xauth`) to run it"
        )
    });

    // Firefox: Debian's ESR, headless, and geckodriver at the pinned version.
    let firefox_binary = || find("firefox-esr").or_else(|| find("firefox"));
    let firefox = match firefox_binary() {
        Some(binary) => Ok(binary),
        None => apt_install(&["firefox-esr"])
            .and_then(|()| firefox_binary().ok_or("installed, but not found".into())),
    }
    .and_then(|binary| {
        let wanted = format!("geckodriver {GECKODRIVER_VERSION}");
        let version = || {
            output(
                Command::new("geckodriver")
                    .arg("--version")
                    .env("PATH", &tools.path),
            )
        };
        // "geckodriver 0.37.1 (<commit> <date>)" or "geckodriver 0.37.1".
        let pinned = |v: String| {
            let first = v.lines().next().unwrap_or("").to_string();
            first == wanted || first.starts_with(&format!("{wanted} "))
        };
        if !version().is_some_and(pinned) {
            step(&format!(
                "installing geckodriver {GECKODRIVER_VERSION} (about 3 minutes)"
            ));
            crate::run(Command::new("cargo").args([
                "install",
                "--locked",
                &format!("geckodriver@{GECKODRIVER_VERSION}"),
            ]))?;
        }
        Ok((
            binary,
            find("geckodriver").ok_or("geckodriver is not on PATH")?,
        ))
    })
    .map(|(binary, driver)| Engine {
        name: "firefox",
        title: "Firefox (ESR, headless)",
        env: vec![("FIREFOX_PATH", binary), ("GECKODRIVER", driver)],
        needs_display: false,
    })
    .map_err(|why| {
        format!(
            "Firefox tier skipped ({why}): install Firefox (Debian: `sudo apt-get install \
             firefox-esr`) and `cargo install --locked geckodriver@{GECKODRIVER_VERSION}` to run it"
        )
    });

    vec![webkit, firefox]
}

/// The exact version of `dependency` that the package `of` is locked to, read from
/// Cargo.lock as TOML: `of`'s `dependencies` name it, with its version when the lock
/// holds more than one (`"wasm-bindgen 0.2.130"`), else the one package of that name.
fn locked_dependency(lock: &str, of: &str, dependency: &str) -> Result<String, String> {
    let lock = DeTable::parse(lock).map_err(|e| e.message().to_string())?;
    // (name, version, dependencies) of every [[package]].
    let packages: Vec<(&str, &str, Vec<&str>)> = lock
        .get_ref()
        .get("package")
        .and_then(|p| p.get_ref().as_array())
        .into_iter()
        .flat_map(|p| p.iter().filter_map(|t| t.get_ref().as_table()))
        .map(|p| {
            let text = |key: &str| p.get(key).and_then(|v| v.get_ref().as_str());
            let dependencies = p
                .get("dependencies")
                .and_then(|d| d.get_ref().as_array())
                .map(|d| d.iter().filter_map(|d| d.get_ref().as_str()).collect())
                .unwrap_or_default();
            (
                text("name").unwrap_or(""),
                text("version").unwrap_or(""),
                dependencies,
            )
        })
        .collect();
    let (_, _, dependencies) = packages
        .iter()
        .find(|(name, _, _)| *name == of)
        .ok_or(format!("no package {of}"))?;
    let listed = dependencies
        .iter()
        .find_map(|d| {
            let mut words = d.split(' ');
            (words.next() == Some(dependency)).then(|| words.next())
        })
        .ok_or(format!("{of} does not depend on {dependency}"))?;
    if let Some(version) = listed {
        return Ok(version.to_string());
    }
    let mut versions = packages
        .iter()
        .filter(|(name, _, _)| *name == dependency)
        .map(|(_, version, _)| version.to_string());
    match (versions.next(), versions.next()) {
        (Some(version), None) => Ok(version),
        (None, _) => Err(format!("no package {dependency}")),
        (Some(_), Some(_)) => Err(format!(
            "{of} names {dependency} without a version, but several are locked"
        )),
    }
}

fn cargo_home() -> PathBuf {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

/// `npm ci` in `dir` unless its node_modules were installed from this very
/// package-lock.json (a stamp in node_modules holds the lockfile's SHA-256).
pub fn npm_ci(dir: &Path, announce: &str) -> Result<(), String> {
    let lock_path = dir.join("package-lock.json");
    let lock = fs::read(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    let stamp_path = dir.join("node_modules").join(".rehearse-lock-hash");
    let stamp = crate::sha256_hex(&lock);
    if fs::read_to_string(&stamp_path).ok().as_deref() != Some(stamp.as_str()) {
        println!("{announce}");
        crate::run(
            Command::new("npm")
                .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
                .current_dir(dir),
        )?;
        fs::write(&stamp_path, &stamp).map_err(|e| format!("{}: {e}", stamp_path.display()))?;
    }
    Ok(())
}

fn step(what: &str) {
    println!("xtask setup: {what}");
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "rehearse"
version = "0.1.0"
dependencies = [
 "js-sys",
 "wasm-bindgen 0.2.130",
 "yew",
]

[[package]]
name = "wasm-bindgen"
version = "0.2.100"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "wasm-bindgen-macro",
]

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"

[[package]]
name = "js-sys"
version = "0.3.77"
"#;

    #[test]
    fn with_two_versions_locked_the_app_s_own_is_taken() {
        assert_eq!(
            locked_dependency(LOCK, "rehearse", "wasm-bindgen").as_deref(),
            Ok("0.2.130")
        );
    }

    #[test]
    fn a_dependency_named_without_a_version_is_the_one_package_of_that_name() {
        assert_eq!(
            locked_dependency(LOCK, "rehearse", "js-sys").as_deref(),
            Ok("0.3.77")
        );
        let ambiguous = LOCK.replace("\"wasm-bindgen 0.2.130\"", "\"wasm-bindgen\"");
        assert!(locked_dependency(&ambiguous, "rehearse", "wasm-bindgen").is_err());
        // A name that only starts like another is not that one.
        assert!(locked_dependency(LOCK, "rehearse", "wasm").is_err());
    }

    #[test]
    fn the_project_s_own_lock_file_reads() {
        let lock = fs::read_to_string(crate::root().join("Cargo.lock")).unwrap();
        let version = locked_dependency(&lock, "rehearse", "wasm-bindgen").unwrap();
        assert!(version.starts_with("0.2."), "{version}");
    }
}
