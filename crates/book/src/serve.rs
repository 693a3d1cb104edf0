//! `book serve`: builds the book, serves it on 127.0.0.1, rebuilds it when a
//! page, a chapter's code or a snapshot changes, and reloads the reader's
//! open page after each rebuild, as `mdbook serve` does.
//!
//! mdBook's own server lives in its binary, not in the library, so this is a
//! small static file server on hyper, on a current-thread tokio runtime of
//! its own. It binds the loopback address only: the book is for the person
//! at this machine. (It was `tiny_http` once, whose thread pool can lose the
//! wake-up for a new connection while a browser holds its other
//! connections open: a page then waited for ever for one stylesheet.)
//!
//! Reloading: every HTML page it sends gets a small script (the built files
//! do not have it) that asks `/__threeways/generation` once a second which
//! build is being served, and reloads the page when the answer changes.
//! Polling a local server once a second costs nothing, and needs no
//! WebSocket.

use crate::{BookError, build};
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE};
use hyper::{Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use threeways_model::lock::lock;

/// Where the script asks which build is served.
const GENERATION: &str = "/__threeways/generation";

/// Builds the book into `target/book-serve`, serves it on
/// `http://127.0.0.1:<port>/`, and rebuilds it when a source changes. Runs
/// until the process is stopped.
pub fn serve(root: &Path, port: u16) -> Result<(), BookError> {
    let serving = start(root, &root.join("target/book-serve"), port)?;
    threeways_real::outln!("serving the book at {} (Ctrl-C to stop)", serving.url());
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

/// Takes 127.0.0.1:`port` (0 for any free port), builds the book from
/// `root` into `dest`, then serves it and watches its sources, from
/// background threads that run until the process ends.
pub fn start(root: &Path, dest: &Path, port: u16) -> Result<Serving, BookError> {
    let cannot_listen = |e: std::io::Error| {
        BookError(format!(
            "cannot listen on 127.0.0.1:{port} ({e}); try another --port"
        ))
    };
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).map_err(cannot_listen)?;
    listener.set_nonblocking(true).map_err(cannot_listen)?;
    let addr = listener.local_addr().map_err(cannot_listen)?;
    // The port first: a port in use is said before a build, not after it.
    build(root, dest)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .map_err(|e| BookError(format!("cannot start the server's runtime ({e})")))?;
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
    std::thread::spawn(move || runtime.block_on(accept(listener, served)));
    Ok(Serving { addr, book })
}

/// Serves every connection, each in a task of its own, for as long as the
/// process runs.
async fn accept(listener: std::net::TcpListener, book: Arc<Book>) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        eprintln!("error: the book's server cannot take its socket");
        return;
    };
    loop {
        // A failed accept (too many open files, a reset) concerns one
        // connection; the next one may well work.
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let book = Arc::clone(&book);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: hyper::Request<_>| {
                let response = respond(&book, request.uri().path());
                async move { Ok::<_, Infallible>(response) }
            });
            // A browser that goes away mid-response is no error of ours.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
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
        let _building = lock(&self.building);
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
                Ok(()) => threeways_real::outln!("rebuilt the book"),
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

/// The response to a `GET` of `path`: a file of the book (HTML with the
/// reload script added), the build being served, or the book's 404 page.
fn respond(book: &Book, path: &str) -> Response<Full<Bytes>> {
    // Read the generation before the page: a rebuild that lands in between
    // then makes the page reload, never the other way round.
    let generation = book.generation.load(Ordering::SeqCst);
    if path == GENERATION {
        return response(StatusCode::OK, "x.txt", generation.to_string().into_bytes());
    }
    let file = local_path(&book.dest, path).map(|path| {
        if path.is_dir() {
            path.join("index.html")
        } else {
            path
        }
    });
    let (file, status) = match file {
        Some(file) if file.is_file() => (file, StatusCode::OK),
        _ => (book.dest.join("404.html"), StatusCode::NOT_FOUND),
    };
    let name = file.to_string_lossy().into_owned();
    match std::fs::read(&file) {
        Ok(bytes) if name.ends_with(".html") => {
            let html = with_reload(&String::from_utf8_lossy(&bytes), generation);
            response(status, &name, html.into_bytes())
        }
        Ok(bytes) => response(status, &name, bytes),
        // Mid-rebuild, the book's folder is briefly away.
        Err(_) => response(StatusCode::NOT_FOUND, "x.txt", b"not found".to_vec()),
    }
}

/// A response with the type its file name says, never cached: a page must
/// show the latest build.
fn response(status: StatusCode, name: &str, body: Vec<u8>) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, content_type(Path::new(name)));
    headers.insert(
        CACHE_CONTROL,
        hyper::header::HeaderValue::from_static("no-store"),
    );
    response
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

fn content_type(path: &Path) -> hyper::header::HeaderValue {
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
    hyper::header::HeaderValue::from_static(kind)
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
