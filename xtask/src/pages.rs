//! Static link-preview pages, `q/<slug>/index.html`, one per question.

use std::path::Path;

pub fn write(_staging: &Path, _release: bool) -> Result<(), String> {
    Ok(())
}
