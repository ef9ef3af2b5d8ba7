//! Build time, natively: renders the first view of every page the build writes, with
//! the app's own components (Yew's server-side renderer), so that a browser paints the
//! text before any wasm arrives. `cargo xtask postbuild` runs it and splices the HTML
//! into `index.html` and `q/<slug>/index.html`. It must not decide anything a view does.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use rehearse::core::deck::DECK;
    use rehearse::core::route::Route;
    use rehearse::shell::prerender;
    use std::path::PathBuf;

    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: prerender <out-dir>");
        return std::process::ExitCode::FAILURE;
    };
    let write = |name: String, html: String| {
        let path = out.join(name);
        std::fs::write(&path, html).map_err(|e| format!("{}: {e}", path.display()))
    };
    let mut pages = vec![("overview.html".to_string(), prerender(&DECK, "", ""))];
    for q in DECK.questions {
        let hash = Route::question(q.id, false).to_hash();
        pages.push((format!("q-{}.html", q.id), prerender(&DECK, "", &hash)));
    }
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("prerender: {}: {e}", out.display());
        return std::process::ExitCode::FAILURE;
    }
    for (name, html) in pages {
        if let Err(e) = write(name, html) {
            eprintln!("prerender: {e}");
            return std::process::ExitCode::FAILURE;
        }
    }
    std::process::ExitCode::SUCCESS
}

// The browser build has nothing to prerender; this keeps `--all-targets` building there.
#[cfg(target_arch = "wasm32")]
fn main() {}
