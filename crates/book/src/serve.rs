//! `book serve`: builds the book, serves it on 127.0.0.1, and rebuilds it
//! when a page, a chapter's code or a snapshot changes.
//!
//! mdBook's own server lives in its binary, not in the library, so this is a
//! small static file server on `tiny_http`. It binds the loopback address
//! only: the book is for the person at this machine.

use crate::{BookError, build};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime};
use tiny_http::{Header, Request, Response, Server};

/// Builds the book into `target/book-serve`, serves it on
/// `http://127.0.0.1:<port>/`, and rebuilds it when a source changes. Runs
/// until the process is stopped.
pub fn serve(root: &Path, port: u16) -> Result<(), BookError> {
    let dest = root.join("target/book-serve");
    build(root, &dest)?;
    let server = Server::http(("127.0.0.1", port)).map_err(|e| {
        BookError(format!(
            "cannot listen on 127.0.0.1:{port} ({e}); try another --port"
        ))
    })?;
    println!("serving the book at http://127.0.0.1:{port}/ (Ctrl-C to stop)");
    let watched = root.to_path_buf();
    let rebuilt = dest.clone();
    std::thread::spawn(move || rebuild_on_change(&watched, &rebuilt));
    for request in server.incoming_requests() {
        respond(&dest, request);
    }
    Ok(())
}

/// Polls the sources once a second; cheap, and needs no watcher crate.
fn rebuild_on_change(root: &Path, dest: &Path) {
    let mut seen = newest_change(root);
    loop {
        std::thread::sleep(Duration::from_secs(1));
        let now = newest_change(root);
        if now != seen {
            seen = now;
            match build(root, dest) {
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

fn respond(dest: &Path, request: Request) {
    let file = local_path(dest, request.url()).and_then(|path| {
        let path = if path.is_dir() {
            path.join("index.html")
        } else {
            path
        };
        std::fs::File::open(&path).ok().map(|file| (path, file))
    });
    // The client may have gone away; there is no one to tell.
    let _ = match file {
        Some((path, file)) => {
            request.respond(Response::from_file(file).with_header(content_type(&path)))
        }
        None => match std::fs::File::open(dest.join("404.html")) {
            Ok(page) => request.respond(
                Response::from_file(page)
                    .with_status_code(404)
                    .with_header(content_type(Path::new("404.html"))),
            ),
            Err(_) => request.respond(Response::empty(404)),
        },
    };
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
        _ => "application/octet-stream",
    };
    Header::from_bytes("Content-Type", kind).expect("a static header is valid")
}

#[cfg(test)]
mod tests {
    use super::local_path;
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
}
