//! `book serve`: builds the book, serves it on 127.0.0.1, rebuilds it when a
//! page, a chapter's code or a snapshot changes, and reloads the reader's
//! open page after each rebuild, as `mdbook serve` does.
//!
//! mdBook's own server lives in its binary, not in the library, so this is a
//! small static file server on `tiny_http`. It binds the loopback address
//! only: the book is for the person at this machine.
//!
//! Reloading: every HTML page it sends gets a small script (the built files
//! do not have it) that asks `/__threeways/generation` once a second which
//! build is being served, and reloads the page when the answer changes.
//! Polling a local server once a second costs nothing, and needs no
//! WebSocket.

use crate::{BookError, build};
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};
use tiny_http::{Header, Request, Response, Server};

/// Where the script asks which build is served.
const GENERATION: &str = "/__threeways/generation";

/// Builds the book into `target/book-serve`, serves it on
/// `http://127.0.0.1:<port>/`, and rebuilds it when a source changes. Runs
/// until the process is stopped.
pub fn serve(root: &Path, port: u16) -> Result<(), BookError> {
    let serving = start(root, &root.join("target/book-serve"), port)?;
    println!("serving the book at {} (Ctrl-C to stop)", serving.url());
    loop {
        std::thread::park();
    }
}

/// A book being served, from threads of its own.
pub struct Serving {
    addr: SocketAddr,
    book: Arc<Book>,
}

/// What the server threads share.
struct Book {
    root: PathBuf,
    dest: PathBuf,
    /// Which build is served: changes with every successful rebuild, and
    /// starts from the clock, so that a restarted server reloads pages too.
    generation: AtomicU64,
    /// Held while building, so two rebuilds never write `dest` at once.
    building: Mutex<()>,
}

/// Builds the book from `root` into `dest`, then serves it on
/// 127.0.0.1:`port` (0 for any free port) and watches its sources, from
/// background threads that run until the process ends.
pub fn start(root: &Path, dest: &Path, port: u16) -> Result<Serving, BookError> {
    build(root, dest)?;
    let server = Server::http(("127.0.0.1", port)).map_err(|e| {
        BookError(format!(
            "cannot listen on 127.0.0.1:{port} ({e}); try another --port"
        ))
    })?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| BookError("the server has no IP address".to_owned()))?;
    let started = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let book = Arc::new(Book {
        root: root.to_path_buf(),
        dest: dest.to_path_buf(),
        generation: AtomicU64::new(started),
        building: Mutex::new(()),
    });
    let watched = Arc::clone(&book);
    std::thread::spawn(move || rebuild_on_change(&watched));
    let served = Arc::clone(&book);
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            respond(&served, request);
        }
    });
    Ok(Serving { addr, book })
}

impl Serving {
    /// The book's address, such as `http://127.0.0.1:3000/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Rebuilds the book now, as a change to a source would; open pages
    /// reload when it has succeeded.
    pub fn rebuild(&self) -> Result<(), BookError> {
        self.book.rebuild()
    }
}

impl Book {
    fn rebuild(&self) -> Result<(), BookError> {
        let _building = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        build(&self.root, &self.dest)?;
        self.generation.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

/// Polls the sources once a second; cheap, and needs no watcher crate.
fn rebuild_on_change(book: &Book) {
    let mut seen = newest_change(&book.root);
    loop {
        std::thread::sleep(Duration::from_secs(1));
        let now = newest_change(&book.root);
        if now != seen {
            seen = now;
            match book.rebuild() {
                Ok(()) => println!("rebuilt the book"),
                Err(error) => eprintln!("error: {error} (still serving the last good build)"),
            }
        }
    }
}

/// The latest modification time among the files the book is made from.
fn newest_change(root: &Path) -> Option<SystemTime> {
    let mut dirs = vec![
        root.join("book/src"),
        root.join("book/theme"),
        root.join("tests/snapshots"),
    ];
    dirs.extend(
        ["blocking", "callbacks", "async"]
            .map(|s| root.join("crates").join(s).join("src/chapters")),
    );
    let mut newest = std::fs::metadata(root.join("book/book.toml"))
        .and_then(|m| m.modified())
        .ok();
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(modified) = entry.metadata().and_then(|m| m.modified()) {
                newest = newest.max(Some(modified));
            }
        }
    }
    newest
}

fn respond(book: &Book, request: Request) {
    // Read the generation before the page: a rebuild that lands in between
    // then makes the page reload, never the other way round.
    let generation = book.generation.load(Ordering::SeqCst);
    if request.url() == GENERATION {
        let _ = request.respond(
            Response::from_string(generation.to_string())
                .with_header(content_type(Path::new("x.txt"))),
        );
        return;
    }
    let file = local_path(&book.dest, request.url()).map(|path| {
        if path.is_dir() {
            path.join("index.html")
        } else {
            path
        }
    });
    let (path, status) = match file {
        Some(path) if path.is_file() => (path, 200),
        _ => (book.dest.join("404.html"), 404),
    };
    // The client may have gone away; there is no one to tell.
    let _ = if path.extension().is_some_and(|e| e == "html") {
        match std::fs::read_to_string(&path) {
            Ok(html) => request.respond(
                Response::from_string(with_reload(&html, generation))
                    .with_status_code(status)
                    .with_header(content_type(&path)),
            ),
            Err(_) => request.respond(Response::empty(404)),
        }
    } else {
        match std::fs::File::open(&path) {
            Ok(file) => request.respond(
                Response::from_file(file)
                    .with_status_code(status)
                    .with_header(content_type(&path)),
            ),
            Err(_) => request.respond(Response::empty(404)),
        }
    };
}

/// `html` with the script that reloads it once the book served is no
/// longer build `generation`.
pub fn with_reload(html: &str, generation: u64) -> String {
    let script = format!(
        "<script>\n\
         // Added by `book serve`: reload this page when the book is rebuilt.\n\
         (function () {{\n\
         \x20   function poll() {{\n\
         \x20       fetch('{GENERATION}', {{ cache: 'no-store' }})\n\
         \x20           .then(function (r) {{ return r.text(); }})\n\
         \x20           .then(function (now) {{\n\
         \x20               if (now !== '{generation}') {{ window.location.reload(); }}\n\
         \x20               else {{ setTimeout(poll, 1000); }}\n\
         \x20           }}, function () {{ setTimeout(poll, 1000); }});\n\
         \x20   }}\n\
         \x20   setTimeout(poll, 1000);\n\
         }})();\n\
         </script>\n"
    );
    match html.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &html[..at], &html[at..]),
        None => format!("{html}{script}"),
    }
}

/// The file under `dest` that `url` names, or `None` if the URL tries to
/// leave `dest` (`..`, an absolute path).
fn local_path(dest: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let relative = Path::new(path.trim_start_matches('/'));
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| dest.join(relative))
}

fn content_type(path: &Path) -> Header {
    let kind = match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("ttf") => "font/ttf",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    Header::from_bytes("Content-Type", kind).expect("a static header is valid")
}

#[cfg(test)]
mod tests {
    use super::{local_path, with_reload};
    use std::path::Path;

    #[test]
    fn never_serves_outside_the_book() {
        let dest = Path::new("/book");
        assert_eq!(
            local_path(dest, "/download.html?x"),
            Some(dest.join("download.html"))
        );
        assert_eq!(local_path(dest, "/"), Some(dest.to_path_buf()));
        assert_eq!(local_path(dest, "/../etc/passwd"), None);
        assert_eq!(local_path(dest, "/a/../../x"), None);
    }

    #[test]
    fn the_reload_script_goes_at_the_end_of_the_body() {
        let page = with_reload("<html><body><p>x</p></body></html>", 7);
        let (before, after) = page.split_once("<script>").unwrap();
        assert_eq!(before, "<html><body><p>x</p>");
        assert!(after.contains("now !== '7'"), "{after}");
        assert!(after.ends_with("</script>\n</body></html>"), "{after}");
    }
}
