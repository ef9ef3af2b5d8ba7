//! Offline and installable: the web app manifest, its icons and the service worker.
//!
//! Release builds get `manifest.webmanifest`, PNG icons drawn here (no external
//! assets), `sw.js` whose precache list is every file of this staged build with its
//! SHA-256, and a few lines in `index.html` (manifest link, theme colour, touch icon,
//! a tiny registration and update-prompt script). Debug builds (`trunk serve`) get only
//! a kill-switch `sw.js` and register nothing.
//!
//! Invariant: the service worker lists exactly the files of this build, and refuses to
//! cache a response whose bytes are not this build's (a half-finished deploy).

use std::fs;
use std::path::Path;

pub const NAME: &str = "Rehearse: backend interview practice";
pub const SHORT_NAME: &str = "Rehearse";
/// The blue of icon.svg, and the light and dark page backgrounds of style.css.
const BLUE: [u8; 3] = [0x0b, 0x57, 0xd0];
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
    for icon in ICONS {
        put(
            icon.file,
            &png(icon.size, icon.size, &draw_icon(icon.size, icon.maskable)),
        )?;
    }
    put("manifest.webmanifest", manifest().as_bytes())?;
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

fn manifest() -> String {
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
  "theme_color": "#0b57d0",
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
                out.push((rel, hex(&sha256(&bytes))));
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
    let version = &hex(&sha256(&all))[..16];
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

// ---- The icon: icon.svg drawn with anti-aliased signed distances ----

/// RGBA pixels of the icon, `size` square. The plain icon is icon.svg (a rounded blue
/// square, a white speech bubble, a blue check); the maskable one fills the square and
/// shrinks the bubble into the safe zone (the centre circle of radius 0.4).
fn draw_icon(size: u32, maskable: bool) -> Vec<u8> {
    // Drawing happens in icon.svg's 64-unit space.
    let scale = if maskable { 0.8 } else { 1.0 };
    let unit = 64.0 / size as f64;
    let mut out = Vec::with_capacity((size * size * 4) as usize);
    for y in 0..size {
        for x in 0..size {
            let (px, py) = ((x as f64 + 0.5) * unit, (y as f64 + 0.5) * unit);
            let cover = |d: f64, px_size: f64| (0.5 - d / px_size).clamp(0.0, 1.0);
            let square = if maskable {
                1.0
            } else {
                cover(rounded_box(px, py, 32.0, 32.0, 32.0, 32.0, 14.0), unit)
            };
            // The bubble and the check, scaled about the centre for the maskable icon.
            let (cx, cy) = (32.0 + (px - 32.0) / scale, 32.0 + (py - 32.0) / scale);
            let content_unit = unit / scale;
            let bubble = rounded_box(cx, cy, 32.0, 27.0, 18.0, 15.0, 6.0).min(triangle(
                cx,
                cy,
                [(32.22, 40.0), (20.0, 51.0), (20.0, 40.0)],
            ));
            let check = segment(cx, cy, (23.0, 27.0), (29.0, 33.0)).min(segment(
                cx,
                cy,
                (29.0, 33.0),
                (41.0, 21.0),
            )) - 2.5;
            let white = cover(bubble, content_unit);
            let blue = cover(check, content_unit);
            for channel in BLUE {
                let b = f64::from(channel);
                let c = b + (255.0 - b) * white;
                let c = c + (b - c) * blue;
                out.push(c.round() as u8);
            }
            out.push((square * 255.0).round() as u8);
        }
    }
    out
}

fn rounded_box(x: f64, y: f64, cx: f64, cy: f64, hw: f64, hh: f64, r: f64) -> f64 {
    let qx = (x - cx).abs() - (hw - r);
    let qy = (y - cy).abs() - (hh - r);
    let outside = qx.max(0.0).hypot(qy.max(0.0));
    outside + qx.max(qy).min(0.0) - r
}

fn segment(x: f64, y: f64, a: (f64, f64), b: (f64, f64)) -> f64 {
    let (abx, aby) = (b.0 - a.0, b.1 - a.1);
    let t = (((x - a.0) * abx + (y - a.1) * aby) / (abx * abx + aby * aby)).clamp(0.0, 1.0);
    (x - a.0 - abx * t).hypot(y - a.1 - aby * t)
}

/// Signed distance to a triangle: negative inside.
fn triangle(x: f64, y: f64, v: [(f64, f64); 3]) -> f64 {
    let edge = |i: usize| segment(x, y, v[i], v[(i + 1) % 3]);
    let distance = edge(0).min(edge(1)).min(edge(2));
    let side = |i: usize| {
        let (a, b) = (v[i], v[(i + 1) % 3]);
        (b.0 - a.0) * (y - a.1) - (b.1 - a.1) * (x - a.0)
    };
    let (s0, s1, s2) = (side(0), side(1), side(2));
    let inside = (s0 >= 0.0 && s1 >= 0.0 && s2 >= 0.0) || (s0 <= 0.0 && s1 <= 0.0 && s2 <= 0.0);
    if inside {
        -distance
    } else {
        distance
    }
}

// ---- PNG: RGBA, filtered rows, deflate with fixed Huffman codes and runs ----

fn png(width: u32, height: u32, rgba: &[u8]) -> Vec<u8> {
    let stride = width as usize * 4;
    let mut raw = Vec::with_capacity(rgba.len() + height as usize);
    for (y, row) in rgba.chunks(stride).enumerate() {
        // Of Sub and Up, the filter that leaves more zeros (long runs compress best).
        let sub: Vec<u8> = (0..stride)
            .map(|i| row[i].wrapping_sub(if i >= 4 { row[i - 4] } else { 0 }))
            .collect();
        let up: Vec<u8> = (0..stride)
            .map(|i| row[i].wrapping_sub(if y > 0 { rgba[(y - 1) * stride + i] } else { 0 }))
            .collect();
        let zeros = |v: &[u8]| v.iter().filter(|b| **b == 0).count();
        if zeros(&up) > zeros(&sub) {
            raw.push(2);
            raw.extend(up);
        } else {
            raw.push(1);
            raw.extend(sub);
        }
    }
    let mut zlib = vec![0x78, 0x01];
    zlib.extend(deflate(&raw));
    zlib.extend(adler32(&raw).to_be_bytes());

    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]); // 8 bits, RGBA, deflate, adaptive filters, no interlace
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", ihdr), (b"IDAT", zlib), (b"IEND", Vec::new())] {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(&data);
        let crc = crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    out
}

struct Bits {
    out: Vec<u8>,
    acc: u32,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= value << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }
    /// A Huffman code, most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        let reversed = code.reverse_bits() >> (32 - len);
        self.put(reversed, len);
    }
}

/// One final deflate block with the fixed Huffman codes; repeats of the previous byte
/// become matches at distance 1 (enough for flat colours after PNG filtering).
fn deflate(data: &[u8]) -> Vec<u8> {
    const BASE: [u16; 29] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
        131, 163, 195, 227, 258,
    ];
    const EXTRA: [u32; 29] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ];
    let mut bits = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    let symbol = |bits: &mut Bits, s: u32| match s {
        0..=143 => bits.code(0x30 + s, 8),
        144..=255 => bits.code(0x190 + s - 144, 9),
        256..=279 => bits.code(s - 256, 7),
        _ => bits.code(0xc0 + s - 280, 8),
    };
    bits.put(1, 1); // final block
    bits.put(1, 2); // fixed Huffman codes
    let mut i = 0;
    while i < data.len() {
        let mut run = 0;
        if i > 0 {
            while run < 258 && i + run < data.len() && data[i + run] == data[i - 1] {
                run += 1;
            }
        }
        if run >= 3 {
            let code = BASE
                .iter()
                .rposition(|b| usize::from(*b) <= run)
                .unwrap_or(0);
            symbol(&mut bits, 257 + code as u32);
            bits.put((run - usize::from(BASE[code])) as u32, EXTRA[code]);
            bits.code(0, 5); // distance code 0: distance 1
            i += run;
        } else {
            symbol(&mut bits, u32::from(data[i]));
            i += 1;
        }
    }
    symbol(&mut bits, 256);
    bits.put(0, 7); // flush the last partial byte
    bits.out
}

fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(!0u32, |mut crc, byte| {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
        crc
    })
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for byte in chunk {
            a += u32::from(*byte);
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    (b << 16) | a
}

// ---- SHA-256 (FIPS 180-4), for the precache list and the cache name ----

pub fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend((data.len() as u64 * 8).to_be_bytes());
    for block in message.chunks(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (hi, vi) in h.iter_mut().zip(v) {
            *hi = hi.wrapping_add(vi);
        }
    }
    let mut out = [0u8; 32];
    for (i, word) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
    fn sha256_matches_the_published_vectors() {
        assert_eq!(
            hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let long = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert_eq!(
            hex(&sha256(long)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
    }

    #[test]
    fn checksums_match_the_published_values() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
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
        let js = hex(&sha256(b"js"));
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
    fn the_icon_is_transparent_at_the_corners_and_the_maskable_one_is_not() {
        let plain = draw_icon(64, false);
        let maskable = draw_icon(64, true);
        assert_eq!(plain[3], 0, "the rounded corner is transparent");
        assert_eq!(&maskable[..4], &[0x0b, 0x57, 0xd0, 255]);
        // The centre of the bubble's top band is white in both.
        let at = |img: &[u8], x: usize, y: usize| img[(y * 64 + x) * 4..][..4].to_vec();
        assert_eq!(at(&plain, 32, 15), [255, 255, 255, 255]);
        assert_eq!(at(&maskable, 32, 20), [255, 255, 255, 255]);
    }
}
