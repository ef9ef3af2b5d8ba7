//! `cargo xtask postbuild`: Trunk's post_build hook (see Trunk.toml). It adds to the
//! staged build what Trunk cannot make itself: short import names in the wasm, minified
//! JavaScript and CSS, the prerendered pages, the offline files (manifest, icons, service worker) and every
//! page's Content Security Policy. It reads only Trunk's environment.

use std::env;
use std::path::PathBuf;

pub fn run() -> Result<(), String> {
    let staging = PathBuf::from(
        env::var("TRUNK_STAGING_DIR")
            .map_err(|_| "postbuild runs as Trunk's post_build hook (no TRUNK_STAGING_DIR)")?,
    );
    let release = env::var("TRUNK_PROFILE").as_deref() == Ok("release");
    // First: every later step (pages, policy, service worker) sees the final files.
    if release {
        crate::imports::shorten(&staging)?;
        crate::minify::run(&staging)?;
    }
    crate::pages::write(&staging)?;
    crate::offline::write(&staging, release)?;
    // Once every inline script is final: the policy allows each by its hash. Debug
    // builds are served by `trunk serve`, whose live reload adds a script and a socket.
    if release {
        crate::csp::write(&staging)?;
    }
    // Last, so that the service worker can list every file of this build as it is.
    crate::offline::write_worker(&staging, release)
}
