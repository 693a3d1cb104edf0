//! The lift test, run: the blocking and the async `download` lessons,
//! compiled against std and tokio with a prelude of real I/O (the two
//! binaries of this crate), each download a page of the loopback server
//! into a folder of its own, and the file each saves holds the page.

use std::process::{Command, Output};
use tempfile::TempDir;
use threeways_model::{ChapterId, Scenario, file_name_for};
use threeways_real::server::Server;

/// The two lifted programs: the blocking and the async lesson.
const LIFTED: [&str; 2] = [
    env!("CARGO_BIN_EXE_lifted-blocking"),
    env!("CARGO_BIN_EXE_lifted-async"),
];

/// Runs a lifted program on `url` in an empty folder of its own, which it
/// returns with what the program said.
fn download(program: &str, url: &str) -> (Output, TempDir) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let ran = Command::new(program)
        .arg(url)
        .current_dir(folder.path())
        .output()
        .expect("the lifted program runs");
    (ran, folder)
}

#[test]
fn both_lifted_downloads_save_the_page_for_real() {
    let scenario = Scenario::for_chapter(ChapterId::Download);
    let server = Server::start(&scenario).expect("the loopback server starts");
    let page = &scenario.pages[0];
    let url = server.url_for(&page.url);
    for program in LIFTED {
        let (ran, folder) = download(program, &url);
        let said = String::from_utf8_lossy(&ran.stdout);
        assert!(
            ran.status.success(),
            "{program}: {said}{}",
            String::from_utf8_lossy(&ran.stderr)
        );
        let name = file_name_for(&url);
        assert!(said.contains(&format!("saving {url} as {name}")), "{said}");
        let saved = std::fs::read(folder.path().join(&name)).expect("the file is saved");
        assert_eq!(saved, page.body.to_vec(), "{program}");
        assert!(
            said.contains(&format!("saved {} bytes", saved.len())),
            "{said}"
        );
    }
}

#[test]
fn a_lifted_download_of_a_missing_page_fails_with_the_status() {
    let scenario = Scenario::for_chapter(ChapterId::Download);
    let server = Server::start(&scenario).expect("the loopback server starts");
    let url = server.url_for("http://example.com/no-such-page");
    for program in LIFTED {
        let (ran, folder) = download(program, &url);
        assert_eq!(ran.status.code(), Some(1), "{program}");
        let said = String::from_utf8_lossy(&ran.stderr);
        assert!(said.contains("404"), "{program}: {said}");
        let left: Vec<_> = std::fs::read_dir(folder.path()).unwrap().collect();
        assert!(left.is_empty(), "{program} wrote {left:?}");
    }
}
