//! The command line at its edges, where a user meets them: an output that
//! is closed or full, numbers too large to mean anything, `--out` folders
//! with symbolic links in them, a file replaced, and servers that answer
//! in ways the loopback server never does.

use crate::real::assert_one_line;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpListener;
use std::os::unix::fs::{PermissionsExt as _, symlink};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use threeways_model::{Fault, Page, Scenario};
use threeways_real::server::Server;

fn threeways() -> Command {
    Command::new(env!("CARGO_BIN_EXE_threeways"))
}

fn run(args: &[&str]) -> Output {
    threeways().args(args).output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What the program did with its standard output a pipe whose reader has
/// already gone: every write fails with `EPIPE`, from the first.
fn with_a_closed_pipe(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    threeways()
        .args(args)
        .stdout(writer)
        .output()
        .expect("the binary runs")
}

/// What the program did with its standard output on `/dev/full`: every
/// write fails with "no space left on device".
fn with_a_full_disk(args: &[&str]) -> Output {
    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    threeways()
        .args(args)
        .stdout(full)
        .output()
        .expect("the binary runs")
}

/// Every command that prints, at its first line.
fn printing_commands() -> Vec<Vec<&'static str>> {
    let exercise = threeways_exercises::EXERCISES[0].id;
    vec![
        vec!["list"],
        vec!["run", "fan-out"],
        vec!["run", "fan-out", "--columns"],
        vec!["run", "download", "--executor", "ours", "--polls"],
        vec!["exercise", "list"],
        vec!["exercise", "hint", exercise],
        vec!["exercise", "solution", exercise],
        vec![
            "bench-one",
            "--kind",
            "timers",
            "--style",
            "async",
            "--n",
            "3",
        ],
    ]
}

/// What the program writes on stderr when its output goes nowhere.
fn usual_stderr(args: &[&str]) -> String {
    let out = threeways()
        .args(args)
        .stdout(Stdio::null())
        .output()
        .expect("the binary runs");
    assert!(out.status.success(), "{args:?}: {out:?}");
    text(&out.stderr)
}

/// `threeways list | head -1`, and every other command whose reader goes
/// away: no panic, nothing more said, and the exit code a shell gives a
/// program that `SIGPIPE` ended.
#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    for args in printing_commands() {
        let out = with_a_closed_pipe(&args);
        assert_eq!(out.status.code(), Some(141), "{args:?}: {out:?}");
        assert_eq!(text(&out.stderr), usual_stderr(&args), "{args:?}");
    }
}

/// `>/dev/full`: one line more saying so, and exit code 1.
#[test]
fn a_full_output_is_one_line_and_a_failure() {
    for args in printing_commands() {
        let out = with_a_full_disk(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        let stderr = text(&out.stderr);
        let added = stderr
            .strip_prefix(&usual_stderr(&args))
            .unwrap_or_else(|| panic!("{args:?}: {stderr}"));
        assert_eq!(
            added,
            "error: cannot write to standard output, so stopped: \
             No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
}

/// A page that takes about `takes` to arrive, a byte at a time.
fn slow_page(takes: Duration) -> (Server, String) {
    let every = Duration::from_millis(20);
    let len = (takes.as_millis() / every.as_millis()) as usize;
    let page = Page::new("http://example.com/slow.txt", "x".repeat(len), 0)
        .failing(Fault::DripBody { every });
    let server = Server::start(&Scenario {
        pages: vec![page],
        ..Scenario::default()
    })
    .expect("a server");
    let url = server.url_for("http://example.com/slow.txt");
    (server, url)
}

/// The names in `dir`, hidden ones (a folder of partial files) too.
fn names_in(dir: &Path) -> Vec<String> {
    let entries = std::fs::read_dir(dir).unwrap();
    let mut names: Vec<String> = entries
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A real download whose reader goes away while it fetches: it stops at
/// its next line, quietly, and leaves nothing half-written; with no room
/// for its output, it says so and leaves nothing either.
#[test]
fn a_real_download_that_loses_its_output_leaves_nothing_half_written() {
    let (_server, url) = slow_page(Duration::from_millis(600));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("saved");
    let mut child = threeways()
        .args([
            "run", "download", "--real", "--style", "async", "--url", &url,
        ])
        .arg("--out")
        .arg(&out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader takes the first line, then goes, as `head -1` does.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert_eq!(first, "== download, async ==\n");
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(141), "{output:?}");
    assert_eq!(text(&output.stderr), "");
    assert!(!out.exists(), "the folder the run made is gone too");

    let into = dir.path().to_str().unwrap();
    let full = with_a_full_disk(&["run", "download", "--real", "--url", &url, "--out", into]);
    assert_one_line(&full, 1, &["cannot write to standard output"]);
    assert_eq!(names_in(dir.path()), Vec::<String>::new());
}

/// Durations and sizes past what each option accepts are usage errors,
/// naming the largest accepted, which `--help` gives too.
#[test]
fn numbers_too_large_are_usage_errors_naming_the_largest() {
    for (option, value) in [
        ("--deadline", "18446744073709551615s"),
        ("--deadline", "9223372036854775807s"),
        ("--deadline", "307445734561825860m"),
        ("--deadline", "99999999999999999999999ms"),
        ("--deadline", "1441m"),
        ("--idle-timeout", "18446744073709551615s"),
        ("--idle-timeout", "86400001ms"),
        ("--connect-timeout", "18446744073709551615s"),
    ] {
        let out = run(&["run", "download", "--real", option, value]);
        assert_one_line(&out, 2, &[option, value, "longest time accepted, 1440m"]);
        assert!(out.stdout.is_empty());
    }
    for value in ["1025GiB", "1099511627777", "99999999999999999999999"] {
        let out = run(&["run", "download", "--real", "--max-body", value]);
        assert_one_line(
            &out,
            2,
            &["--max-body", value, "largest body accepted, 1024GiB"],
        );
    }
    let help = text(&run(&["run", "--help"]).stdout);
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(help.matches("at most 1440m, a day").count(), 3, "{help}");
    assert_eq!(help.matches("at most 1024GiB").count(), 1, "{help}");
}

/// The largest values are accepted, and change nothing for a quick page,
/// in every style's client.
#[test]
fn the_largest_values_are_accepted() {
    let out = run(&[
        "run",
        "download",
        "--real",
        "--deadline",
        "1440m",
        "--idle-timeout",
        "86400000ms",
        "--connect-timeout",
        "86400s",
        "--max-body",
        "1024GiB",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

/// `run download --real --out out`: every style, each in a subfolder.
fn download_all_into(out: &Path) -> Output {
    let out = out.to_str().unwrap();
    run(&["run", "download", "--real", "--out", out])
}

/// `--style all` saves each style into a subfolder of `--out`; one that is
/// a symbolic link, pointing anywhere or nowhere, or a file, is refused
/// before anything is saved.
#[test]
fn nothing_is_written_outside_out() {
    let elsewhere = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    symlink(elsewhere.path(), out.path().join("blocking")).unwrap();
    let refused = download_all_into(out.path());
    assert_one_line(&refused, 2, &["--out", "blocking", "symbolic link"]);
    assert_eq!(names_in(elsewhere.path()), Vec::<String>::new());
    assert_eq!(names_in(out.path()), ["blocking"]);

    let dangling = tempfile::tempdir().unwrap();
    symlink(
        dangling.path().join("nowhere"),
        dangling.path().join("async"),
    )
    .unwrap();
    let refused = download_all_into(dangling.path());
    assert_one_line(&refused, 2, &["--out", "async", "symbolic link"]);
    assert_eq!(
        names_in(dangling.path()),
        ["async"],
        "the first style saved nothing"
    );

    let file = tempfile::tempdir().unwrap();
    std::fs::write(file.path().join("callbacks"), "mine").unwrap();
    let refused = download_all_into(file.path());
    assert_one_line(&refused, 2, &["--out", "callbacks", "is a file"]);
    assert_eq!(names_in(file.path()), ["callbacks"]);
}

/// A file that a download replaces keeps its permissions.
#[test]
fn a_replaced_file_keeps_its_mode() {
    let out = tempfile::tempdir().unwrap();
    // A mode that no umask gives a new file here, so that keeping it shows.
    let reference = out.path().join("reference");
    std::fs::write(&reference, "").unwrap();
    let new_mode = std::fs::metadata(&reference).unwrap().permissions().mode() & 0o777;
    std::fs::remove_file(&reference).unwrap();
    let private = if new_mode == 0o600 { 0o640 } else { 0o600 };
    let file = out.path().join("the-tyger.txt");
    std::fs::write(&file, "old notes").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(private)).unwrap();
    let replaced = run(&[
        "run",
        "download",
        "--real",
        "--style",
        "blocking",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(replaced.status.success(), "{}", text(&replaced.stderr));
    assert!(text(&replaced.stdout).contains("was there already: replaced it"));
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, private, "{mode:o}");
    assert!(std::fs::read_to_string(&file).unwrap().contains("Tyger"));
}

/// A server on 127.0.0.1 that answers every request with `response`, and
/// hands over each request it read.
fn answering(response: Vec<u8>) -> (String, mpsc::Receiver<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (sender, requests) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buffer = [0; 4096];
            while !request.ends_with(b"\r\n\r\n") {
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buffer[..n]),
                }
            }
            let _ = stream.write_all(&response);
            if sender.send(request).is_err() {
                return;
            }
        }
    });
    (base, requests)
}

/// Downloads `base/page.txt` into a new folder with the blocking client,
/// and returns what happened and the folder.
fn download_from(base: &str, extra: &[&str]) -> (Output, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let url = format!("{base}/page.txt");
    let mut args = vec!["run", "download", "--real", "--style", "blocking"];
    args.extend(["--url", &url, "--out", out.path().to_str().unwrap()]);
    args.extend(extra);
    (run(&args), out)
}

/// A chunked body whose lines end in a bare LF is read, as a head whose
/// lines do is.
#[test]
fn chunk_lines_ending_in_a_bare_line_feed_are_read() {
    let (base, _requests) = answering(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\n6\n world\n0\n\n".to_vec(),
    );
    let (out, dir) = download_from(&base, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let saved = std::fs::read_to_string(dir.path().join("page.txt")).unwrap();
    assert_eq!(saved, "hello world");
}

/// What the server said, in the error: a length past 64 bits as it was
/// sent, refused whatever the limit; a chunk announced too large, as a
/// chunk, after the bytes that did come.
#[test]
fn too_large_bodies_are_said_as_the_server_said_them() {
    let huge = "99999999999999999999999";
    let (base, _requests) =
        answering(format!("HTTP/1.1 200 OK\r\nContent-Length: {huge}\r\n\r\n").into_bytes());
    let (out, dir) = download_from(&base, &["--max-body", "1024GiB"]);
    assert_one_line(&out, 1, &[huge, "larger than any body can be"]);
    assert!(!text(&out.stderr).contains("18446744073709551615"));
    assert_eq!(names_in(dir.path()), Vec::<String>::new());

    let mut response = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2a30\r\n".to_vec();
    response.extend(vec![b'x'; 0x2a30]);
    response.extend(b"\r\nffffffffffffffff\r\n");
    let (base, _requests) = answering(response);
    let (out, dir) = download_from(&base, &["--max-body", "1MiB"]);
    assert_one_line(
        &out,
        1,
        &[
            "announces a chunk of 18446744073709551615 bytes after 10800 bytes of body",
            "over the limit of 1048576 bytes",
            "--max-body",
        ],
    );
    assert!(!text(&out.stderr).contains("sent a body"));
    assert_eq!(names_in(dir.path()), Vec::<String>::new());
}

/// The client asks for the body as it is; a server that encodes it anyway
/// is named in the trace, and the bytes are saved as they came.
#[test]
fn an_encoded_body_is_said_in_the_trace() {
    let gzip = b"\x1f\x8b\x08\x00\x00\x00\x00\x00";
    let mut response =
        b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 8\r\n\r\n".to_vec();
    response.extend(gzip);
    let (base, requests) = answering(response);
    let (out, dir) = download_from(&base, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let request = text(&requests.recv().unwrap());
    assert!(
        request.contains("\r\nAccept-Encoding: identity\r\n"),
        "{request}"
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("page.txt came encoded (gzip) though none was asked for"),
        "{stdout}"
    );
    assert_eq!(std::fs::read(dir.path().join("page.txt")).unwrap(), gzip);
}

/// An `--out` that is a symbolic link to nothing, and a URL with half an
/// IPv6 address, are said as what they are.
#[test]
fn a_dangling_out_and_half_an_address_are_said_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("saved");
    symlink(dir.path().join("gone"), &link).unwrap();
    let out = run(&["run", "download", "--real", "--out", link.to_str().unwrap()]);
    assert_one_line(
        &out,
        2,
        &["symbolic link to", "gone", "which does not exist"],
    );
    assert!(!text(&out.stderr).contains("File exists"));

    let out = run(&[
        "run",
        "download",
        "--real",
        "--style",
        "async",
        "--url",
        "http://[::1",
    ]);
    assert_one_line(&out, 1, &["[::1", "no closing `]`"]);
    assert!(!text(&out.stderr).contains("port number"));
}
