//! The book's own binary, as `cargo run -- book` runs it: it takes the
//! command line `threeways` hands it (`tests/it/cli.rs` checks that side),
//! and says what went wrong in one line.

use std::process::{Command, Output};

fn threeways_book(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_threeways-book"))
        .args(args)
        .output()
        .expect("the threeways-book binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("output is UTF-8")
}

#[test]
fn build_refuses_to_overwrite_a_folder_it_did_not_make() {
    let dest = tempfile::tempdir().unwrap();
    std::fs::write(dest.path().join("precious.txt"), "keep me").unwrap();
    let out = threeways_book(&["build", "--dest", dest.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("not empty"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dest.path().join("precious.txt")).unwrap(),
        "keep me"
    );
}

/// Anything but what `threeways` hands over gets one line that says how
/// to run it, and exit code 2.
#[test]
fn another_command_line_gets_one_line_and_exit_code_2() {
    for args in [
        &[][..],
        &["serve"],
        &["serve", "--port", "99999"],
        &["build", "--dest"],
        &["publish"],
    ] {
        let out = threeways_book(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = text(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains("cargo run -- book serve"), "{stderr}");
    }
}
