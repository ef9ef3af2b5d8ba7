//! Offline and installable: the web app manifest, its icons and the service worker.

use std::path::Path;

pub fn write(_staging: &Path, _release: bool) -> Result<(), String> {
    Ok(())
}
