//! Offline and installable: the web app manifest, its icons and the service worker.
//!
//! Release builds get `manifest.webmanifest`, PNG icons rasterised from `icon.svg`
//! (the one source of every icon), `sw.js` whose precache list is every file of this
//! staged build with its SHA-256, and a few lines in `index.html` (manifest link, theme
//! colour, touch icon, a tiny registration and update-prompt script). Debug builds (`trunk serve`) get only
//! a kill-switch `sw.js` and register nothing.
//!
//! Invariant: the service worker lists exactly the files of this build, and refuses to
//! cache a response whose bytes are not this build's (a half-finished deploy).

use resvg::{tiny_skia, usvg};
use std::fs;
use std::path::Path;

pub const NAME: &str = "Rehearse: backend interview practice";
pub const SHORT_NAME: &str = "Rehearse";
/// The light and dark page backgrounds of style.css.
const THEME_LIGHT: &str = "#ffffff";
const THEME_DARK: &str = "#121417";
/// Marks the lines added to index.html, so that a second run changes nothing.
const MARKER: &str = "<!-- rehearse:offline -->";

/// The manifest, the icons and the lines in `index.html`. [`write_worker`] comes after
/// it, once every other file is final (the Content Security Policy goes in between).
pub fn write(staging: &Path, release: bool) -> Result<(), String> {
    let put = |name: &str, bytes: &[u8]| {
        let path = staging.join(name);
        fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))
    };
    if !release {
        return Ok(());
    }
    let svg = Svg::read(&crate::root().join("icon.svg"))?;
    for icon in ICONS {
        let png = svg
            .render(icon.size, icon.maskable)
            .encode_png()
            .map_err(|e| format!("{}: {e}", icon.file))?;
        put(icon.file, &png)?;
    }
    put(
        "manifest.webmanifest",
        manifest(&svg.background_hex()).as_bytes(),
    )?;
    let index_path = staging.join("index.html");
    let index =
        fs::read_to_string(&index_path).map_err(|e| format!("{}: {e}", index_path.display()))?;
    put("index.html", inject(&index)?.as_bytes())
}

/// `sw.js`: in release builds the precache list of every staged file with its SHA-256,
/// so it must run last; in debug builds the kill switch.
pub fn write_worker(staging: &Path, release: bool) -> Result<(), String> {
    let path = staging.join("sw.js");
    let worker = if release {
        service_worker(&list_files(staging)?)
    } else {
        KILL_SWITCH.to_string()
    };
    fs::write(&path, worker).map_err(|e| format!("{}: {e}", path.display()))
}

struct Icon {
    file: &'static str,
    size: u32,
    maskable: bool,
}

const ICONS: [Icon; 4] = [
    Icon {
        file: "icon-180.png",
        size: 180,
        maskable: false,
    },
    Icon {
        file: "icon-192.png",
        size: 192,
        maskable: false,
    },
    Icon {
        file: "icon-512.png",
        size: 512,
        maskable: false,
    },
    Icon {
        file: "icon-maskable-512.png",
        size: 512,
        maskable: true,
    },
];

/// `theme` is the colour of the title bar: the icon's background.
fn manifest(theme: &str) -> String {
    format!(
        r##"{{
  "id": "./",
  "name": "{NAME}",
  "short_name": "{SHORT_NAME}",
  "description": "Practise backend-engineering interview questions: draft, reveal, grade yourself, review on schedule.",
  "lang": "en",
  "start_url": "./",
  "scope": "./",
  "display": "standalone",
  "background_color": "{THEME_LIGHT}",
  "theme_color": "{theme}",
  "icons": [
    {{ "src": "icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any" }},
    {{ "src": "icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any" }},
    {{ "src": "icon-maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable" }}
  ]
}}
"##
    )
}

/// The page side, inline so it costs no request: registers `./sw.js` (relative, so a
/// sub-path deployment works), and when a new version is waiting shows a status with a
/// Reload button first in <body>, outside the app's root. Never throws: a sandboxed or
/// third-party frame may refuse `navigator.serviceWorker` with a SecurityError, or
/// refuse to register. The live region is in the page before its text, so screen
/// readers announce it; a click with no worker waiting any more (another tab took the
/// update) just reloads. A tab left open (hash routes never navigate) checks for a new
/// build whenever it comes back into view.
const CLIENT: &str = r#"<script>
addEventListener("load",()=>{try{const s=navigator.serviceWorker;if(!s)return;let asked=0;
s.addEventListener("controllerchange",()=>{if(asked)location.reload()});
s.register("./sw.js",{scope:"./"}).then(r=>{
const show=()=>{if(!s.controller||document.querySelector(".update-prompt"))return;
const d=document.createElement("div"),p=document.createElement("p"),b=document.createElement("button");
d.className="update-prompt";d.setAttribute("role","status");document.body.prepend(d);
p.textContent="A new version is ready.";b.className="button primary";b.type="button";b.textContent="Reload";
b.onclick=()=>{asked=1;const w=r.waiting;w?w.postMessage({type:"SKIP_WAITING"}):location.reload()};
requestAnimationFrame(()=>d.append(p,b))};
const watch=w=>w&&w.addEventListener("statechange",()=>{if(w.state==="installed")show()});
if(r.waiting)show();watch(r.installing);r.addEventListener("updatefound",()=>watch(r.installing));
document.addEventListener("visibilitychange",()=>{if(document.visibilityState==="visible")r.update().catch(()=>{})})
},()=>{})}catch(e){}});
</script>"#;

fn inject(index: &str) -> Result<String, String> {
    if index.contains(MARKER) {
        return Ok(index.to_string());
    }
    let at = index
        .find("</head>")
        .ok_or("index.html has no </head> to add the manifest link to")?;
    let head = format!(
        "{MARKER}\n<link rel=\"manifest\" href=\"./manifest.webmanifest\" />\n\
         <meta name=\"theme-color\" content=\"{THEME_LIGHT}\" media=\"(prefers-color-scheme: light)\" />\n\
         <meta name=\"theme-color\" content=\"{THEME_DARK}\" media=\"(prefers-color-scheme: dark)\" />\n\
         <link rel=\"apple-touch-icon\" href=\"./icon-180.png\" />\n{CLIENT}\n"
    );
    Ok(format!("{}{head}{}", &index[..at], &index[at..]))
}

/// Every file under `dir` but `sw.js` and dotfiles, sorted, with its SHA-256.
fn list_files(dir: &Path) -> Result<Vec<(String, String)>, String> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) -> Result<(), String> {
        let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let rel = format!("{prefix}{name}");
            let path = entry.path();
            if path.is_dir() {
                walk(&path, &format!("{rel}/"), out)?;
            } else if rel != "sw.js" {
                let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                out.push((rel, crate::sha256_hex(&bytes)));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, "", &mut out)?;
    out.sort();
    Ok(out)
}

/// The URL a file is fetched and cached under, relative to sw.js: a folder's
/// index.html is its folder URL, as static hosts serve it (some redirect
/// `index.html` to `./`, and a redirected response cannot answer a navigation).
fn url_of(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("./{dir}"),
        _ => path.to_string(),
    }
}

fn service_worker(files: &[(String, String)]) -> String {
    let mut listing = String::new();
    let mut all = Vec::new();
    for (path, sum) in files {
        listing.push_str(&format!("  [\"{}\", \"{sum}\"],\n", url_of(path)));
        all.extend_from_slice(format!("{path}\0{sum}\n").as_bytes());
    }
    let version = &crate::sha256_hex(&all)[..16];
    SERVICE_WORKER
        .replace("__VERSION__", version)
        .replace("__FILES__", listing.trim_end_matches([',', '\n']))
}

const SERVICE_WORKER: &str = r#"// Rehearse service worker, written by `cargo xtask postbuild` (xtask/src/offline.rs)
// for one release build: it precaches exactly that build's files and serves them
// cache-first, so the app opens offline. A new build has a new list, hence a new
// sw.js: it installs beside this one and waits until the page asks it to take over.
"use strict";
// Caches are per origin; the scope keeps two deployments on one origin apart.
const PREFIX = "rehearse:" + self.registration.scope + ":";
const CACHE = PREFIX + "__VERSION__";
// [URL relative to this file, SHA-256 of the file's bytes]
const FILES = [
__FILES__
];
const URLS = new Set(FILES.map(([url]) => new URL(url, location).href));
const SHELL = new URL("./", location).href;

const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    try {
      await Promise.all(FILES.map(async ([url, sum]) => {
        const response = await fetch(url, { cache: "no-cache" });
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        const body = await response.arrayBuffer();
        // A host still serving part of another build must not be cached as this one.
        if (hex(await crypto.subtle.digest("SHA-256", body)) !== sum) {
          throw new Error(`${url} is not the file of this build`);
        }
        // The body is decoded already: drop what described its encoding on the wire.
        const headers = new Headers(response.headers);
        headers.delete("content-encoding");
        headers.delete("content-length");
        await cache.put(url, new Response(body, { headers }));
      }));
    } catch (error) {
      await caches.delete(CACHE);
      throw error;
    }
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  const key = url.href.endsWith("/index.html") ? url.href.slice(0, -10) : url.href;
  if (URLS.has(key)) {
    event.respondWith((async () => {
      const hit = await caches.match(key, { cacheName: CACHE });
      return hit || fetch(request);
    })());
  } else if (request.mode === "navigate" && key.startsWith(self.registration.scope)) {
    // An unknown page in scope: the network, or offline the app itself.
    event.respondWith(fetch(request).catch(async (error) => {
      const shell = await caches.match(SHELL, { cacheName: CACHE });
      if (shell) return shell;
      throw error;
    }));
  }
});
"#;

/// The development build's worker. It caches nothing; it exists so that a release
/// build's worker still registered on this origin (say, `dist/` was once served on the
/// same port) is replaced: it deletes Rehearse's caches, unregisters, and reloads the
/// pages it controlled, so `trunk serve` is never answered from a stale cache.
const KILL_SWITCH: &str = r#"// Rehearse development build: no offline cache (written by xtask/src/offline.rs).
"use strict";
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const prefix = "rehearse:" + self.registration.scope + ":";
    for (const name of await caches.keys()) {
      if (name.startsWith(prefix)) await caches.delete(name);
    }
    await self.registration.unregister();
    for (const client of await self.clients.matchAll({ type: "window" })) {
      client.navigate(client.url);
    }
  })());
});
"#;

// ---- The icons: icon.svg rasterised ----

/// icon.svg, parsed once for every icon.
struct Svg {
    tree: usvg::Tree,
    /// The fill of its first shape (the rounded square): the maskable icon's
    /// background and the manifest's theme colour.
    background: tiny_skia::Color,
}

impl Svg {
    fn read(path: &Path) -> Result<Svg, String> {
        let text = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let tree = usvg::Tree::from_data(&text, &usvg::Options::default())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let fill = match tree.root().children().first() {
            Some(usvg::Node::Path(shape)) => shape.fill().map(usvg::Fill::paint),
            _ => None,
        };
        let Some(usvg::Paint::Color(c)) = fill else {
            return Err(format!(
                "{}: the first shape must be filled with a plain colour, the icon's \
                 background (the maskable icon and the theme colour use it)",
                path.display()
            ));
        };
        let background = tiny_skia::Color::from_rgba8(c.red, c.green, c.blue, 255);
        Ok(Svg { tree, background })
    }

    fn background_hex(&self) -> String {
        let c = self.background.to_color_u8();
        format!("#{:02x}{:02x}{:02x}", c.red(), c.green(), c.blue())
    }

    /// The icon, `size` pixels square. The maskable one fills the square with the
    /// background and draws the whole icon at 80% in the middle, inside the safe zone
    /// (the centre circle of radius 0.4) that every launcher's mask keeps.
    fn render(&self, size: u32, maskable: bool) -> tiny_skia::Pixmap {
        let mut pixmap = tiny_skia::Pixmap::new(size, size).expect("a non-empty icon size");
        let full = size as f32 / self.tree.size().width().max(self.tree.size().height());
        let transform = if maskable {
            pixmap.fill(self.background);
            let margin = size as f32 * 0.1;
            tiny_skia::Transform::from_scale(full * 0.8, full * 0.8).post_translate(margin, margin)
        } else {
            tiny_skia::Transform::from_scale(full, full)
        };
        resvg::render(&self.tree, transform, &mut pixmap.as_mut());
        pixmap
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A fresh folder that looks like Trunk's staged build.
    fn staging(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("rehearse-offline-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("q/rate-limiting")).unwrap();
        fs::write(
            dir.join("index.html"),
            "<html><head><title>t</title></head><body></body></html>",
        )
        .unwrap();
        fs::write(dir.join("rehearse-abc.js"), "js").unwrap();
        fs::write(dir.join("rehearse-abc_bg.wasm"), [0, 97, 115, 109]).unwrap();
        fs::write(dir.join("q/rate-limiting/index.html"), "<p>preview</p>").unwrap();
        dir
    }

    #[test]
    fn checksums_are_sha256_in_lowercase_hex() {
        // What the worker computes with crypto.subtle.digest("SHA-256") and compares.
        assert_eq!(
            crate::sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    /// What the post-build hook does here: the page files, then the worker.
    fn write_all(dir: &Path, release: bool) {
        write(dir, release).unwrap();
        write_worker(dir, release).unwrap();
    }

    #[test]
    fn release_writes_the_manifest_icons_and_a_worker_listing_every_file() {
        let dir = staging("release");
        write_all(&dir, true);
        let sw = fs::read_to_string(dir.join("sw.js")).unwrap();
        let listed: Vec<&str> = sw
            .lines()
            .filter_map(|l| l.trim().strip_prefix("[\""))
            .map(|l| &l[..l.find('"').unwrap()])
            .collect();
        assert_eq!(
            listed,
            [
                "icon-180.png",
                "icon-192.png",
                "icon-512.png",
                "icon-maskable-512.png",
                "./",
                "manifest.webmanifest",
                "./q/rate-limiting/",
                "rehearse-abc.js",
                "rehearse-abc_bg.wasm",
            ]
        );
        assert!(!sw.contains("__"), "every placeholder is filled");
        let js = crate::sha256_hex(b"js");
        assert!(sw.contains(&format!("[\"rehearse-abc.js\", \"{js}\"]")));

        let index = fs::read_to_string(dir.join("index.html")).unwrap();
        assert!(index.contains(r#"<link rel="manifest" href="./manifest.webmanifest" />"#));
        assert!(index.contains(r#"register("./sw.js",{scope:"./"})"#));
        assert!(!index.contains("innerHTML"));
        let manifest = fs::read_to_string(dir.join("manifest.webmanifest")).unwrap();
        for field in [
            r#""short_name": "Rehearse""#,
            r#""start_url": "./""#,
            r#""display": "standalone""#,
            r#""purpose": "maskable""#,
            // icon.svg's background, the one place that colour is written.
            r##""theme_color": "#0b57d0""##,
        ] {
            assert!(manifest.contains(field), "{field}");
        }
        for icon in ICONS {
            let png = fs::read(dir.join(icon.file)).unwrap();
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
            assert_eq!(&png[12..16], b"IHDR");
            assert_eq!(png[16..20], icon.size.to_be_bytes());
            assert_eq!(png[20..24], icon.size.to_be_bytes());
            assert!(png.len() < 40_000, "{} is {} bytes", icon.file, png.len());
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_second_run_changes_nothing_and_a_changed_file_changes_the_cache_name() {
        let dir = staging("rerun");
        write_all(&dir, true);
        let first_index = fs::read_to_string(dir.join("index.html")).unwrap();
        let first_sw = fs::read_to_string(dir.join("sw.js")).unwrap();
        write_all(&dir, true);
        assert_eq!(
            fs::read_to_string(dir.join("index.html")).unwrap(),
            first_index
        );
        assert_eq!(fs::read_to_string(dir.join("sw.js")).unwrap(), first_sw);
        fs::write(dir.join("rehearse-abc.js"), "js, changed").unwrap();
        write_all(&dir, true);
        let cache = |sw: &str| {
            sw.lines()
                .find(|l| l.starts_with("const CACHE"))
                .unwrap()
                .to_string()
        };
        assert_ne!(
            cache(&fs::read_to_string(dir.join("sw.js")).unwrap()),
            cache(&first_sw)
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn debug_registers_nothing_and_ships_only_the_kill_switch() {
        let dir = staging("debug");
        let index = fs::read_to_string(dir.join("index.html")).unwrap();
        write_all(&dir, false);
        assert_eq!(fs::read_to_string(dir.join("index.html")).unwrap(), index);
        assert!(!dir.join("manifest.webmanifest").exists());
        let sw = fs::read_to_string(dir.join("sw.js")).unwrap();
        assert!(sw.contains("unregister()"));
        assert!(
            !sw.contains("\"fetch\""),
            "the dev worker answers no request"
        );
        assert!(!sw.contains("caches.open") && !sw.contains("cache.put"));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_icons_are_icon_svg_transparent_at_the_corners_but_the_maskable_one() {
        let svg = Svg::read(&crate::root().join("icon.svg")).unwrap();
        let at = |img: &tiny_skia::Pixmap, x: u32, y: u32| {
            let c = img.pixel(x, y).unwrap().demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        };
        let plain = svg.render(64, false);
        let maskable = svg.render(64, true);
        assert_eq!(at(&plain, 0, 0)[3], 0, "the rounded corner is transparent");
        assert_eq!(at(&maskable, 0, 0), [0x0b, 0x57, 0xd0, 255]);
        // The middle of the bubble's top band is white in both, the check blue.
        assert_eq!(at(&plain, 32, 15), [255, 255, 255, 255]);
        assert_eq!(at(&maskable, 32, 20), [255, 255, 255, 255]);
        assert_eq!(at(&plain, 29, 33), [0x0b, 0x57, 0xd0, 255]);
        // The maskable icon keeps everything but background inside the safe zone.
        for (x, y) in [(6, 32), (32, 6), (57, 32), (32, 57)] {
            assert_eq!(at(&maskable, x, y), [0x0b, 0x57, 0xd0, 255], "({x}, {y})");
        }
    }

    #[test]
    fn an_icon_without_a_plain_background_is_an_error_not_a_white_theme() {
        let dir = staging("svg");
        let path = dir.join("icon.svg");
        fs::write(
            &path,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="4" stroke="red" fill="none"/></svg>"#,
        )
        .unwrap();
        let e = Svg::read(&path).err().unwrap();
        assert!(e.contains("plain colour"), "{e}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
