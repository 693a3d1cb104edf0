//! Hunting a real hang: `sharing`'s programs that never end, run for real
//! (`--real`, stopped by `--stop-after`), looked at while they are stuck
//! with a tool a reader has: gdb's backtraces of every thread, taken from
//! the live process (`thread apply all bt`). The book's page *Hunting a
//! hang* shows what these tests saw, from their snapshots.
//!
//! A backtrace holds what changes from run to run and machine to machine
//! (addresses, thread ids, arguments) and more than a reader needs (the
//! standard library's and the runtime's insides): the snapshot keeps, for
//! each thread that runs the program, its name, the frame it waits in,
//! and the frames of the program and of the public calls it waits in,
//! each with its file, without the line (which any edit moves).

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

/// Whether `tool` can be run here. Where it cannot, the test says it
/// skipped and why, except under CI (`CI=true`), which installs it: there
/// a missing tool fails the test.
pub(crate) fn have(tool: &str, args: &[&str]) -> bool {
    let ran = Command::new(tool).args(args).output();
    match ran {
        Ok(out) if out.status.success() => true,
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("{tool} is installed on CI's machines (.ci/run), and cannot be run here")
        }
        _ => {
            eprintln!("skipped: {tool} cannot be run here; `apt-get install {tool}` brings it");
            false
        }
    }
}

/// `run sharing --variant hang --real --style STYLE`, started, and its
/// output's lines as they come.
fn start_hang(style: &str) -> (Child, Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_threeways"))
        .args([
            "run",
            "sharing",
            "--variant",
            "hang",
            "--real",
            "--style",
            style,
        ])
        .args(["--stop-after", "60s"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the threeways binary runs");
    let stdout = child.stdout.take().unwrap();
    let (lines, seen) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { return };
            if lines.send(line).is_err() {
                return;
            }
        }
    });
    (child, seen)
}

/// Waits until the crawl has been through all eight pages of the site
/// (each a line `NAME: found N new`, or `failed, skipped`): after that,
/// nothing is left to do but wait for ever.
fn wait_for_every_page(seen: &Receiver<String>) {
    let start = Instant::now();
    let mut pages = 0;
    while pages < 8 {
        let left = Duration::from_secs(30).saturating_sub(start.elapsed());
        let line = seen
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("only {pages} of 8 pages in 30 s"));
        if line.contains(": found ") || line.contains(": failed, skipped") {
            pages += 1;
        }
    }
}

/// gdb's `thread apply all bt` of the live process `pid`, as the snapshot
/// keeps it (see the module's doc).
fn backtraces(pid: u32) -> Option<String> {
    let out = Command::new("gdb")
        .args(["-p", &pid.to_string(), "-batch", "-nx"])
        .args(["-ex", "set print frame-arguments none"])
        .args(["-ex", "thread apply all bt"])
        .output()
        .expect("gdb runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("ptrace: Operation not permitted") {
        // A machine that forbids attaching to a process (Yama's
        // `ptrace_scope`, a container without CAP_SYS_PTRACE).
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "{stderr}");
        eprintln!("skipped: gdb may not attach to a process here: {stderr}");
        return None;
    }
    Some(normalise_backtraces(&String::from_utf8_lossy(&out.stdout)))
}

/// One thread of gdb's output: its name and its frames' functions and
/// files, innermost first.
struct Thread {
    name: String,
    frames: Vec<(String, Option<String>)>,
}

fn parse_threads(gdb: &str) -> Vec<Thread> {
    let mut threads: Vec<Thread> = Vec::new();
    for line in gdb.lines() {
        if line.starts_with("Thread ") && line.ends_with("):") {
            let name = line.rsplit('"').nth(1).unwrap_or("").to_owned();
            threads.push(Thread {
                name,
                frames: Vec::new(),
            });
        } else if let (Some(thread), Some(frame)) = (threads.last_mut(), line.strip_prefix('#')) {
            let (_, rest) = frame.split_once(' ').unwrap_or(("", ""));
            let rest = rest.trim_start();
            // `0x000055d4 in NAME (ARGS) at FILE:LINE`, or `NAME (ARGS) at FILE:LINE`.
            let rest = match rest.split_once(" in ") {
                Some((address, rest)) if address.starts_with("0x") => rest,
                _ => rest,
            };
            let function = without_generics(function_name(rest));
            let file = rest
                .rsplit_once(" at ")
                .map(|(_, at)| at.rsplit_once(':').map_or(at, |(file, _)| file).to_owned());
            thread.frames.push((function, file));
        }
    }
    threads
}

/// The function's name: up to ` (` outside of `<...>`.
fn function_name(frame: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in frame.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.saturating_sub(1),
            ' ' if depth == 0 => return &frame[..i],
            _ => {}
        }
    }
    frame
}

/// `a::B<T>::c<U>` as `a::B::c`: type arguments, which say nothing about
/// where a thread waits, out.
fn without_generics(name: &str) -> String {
    let mut depth = 0usize;
    name.chars()
        .filter(|c| {
            match c {
                '<' => depth += 1,
                '>' => {
                    depth = depth.saturating_sub(1);
                    return false;
                }
                _ => {}
            }
            depth == 0
        })
        .collect()
}

/// The public calls a thread of the program may wait in, which the
/// snapshot keeps beside the program's own frames.
const WAITS: &[&str] = &[
    "std::sync::mpsc::Receiver::recv",
    "std::sync::poison::mutex::Mutex::lock",
    "std::thread::join_handle::JoinHandle::join",
    "mio::poll::Poll::poll",
    "tokio::runtime::runtime::Runtime::block_on",
];

/// Each thread that runs the program (`style`'s crate is on its stack),
/// as the snapshot keeps it; sorted, and the workers' numbers taken out,
/// since which worker ends up waiting where is the scheduler's choice.
fn normalise_backtraces(gdb: &str) -> String {
    let mut shown: Vec<String> = parse_threads(gdb)
        .into_iter()
        .filter(|thread| {
            (thread.frames.iter()).any(|(f, _)| f.starts_with("threeways_blocking::chapters::"))
                || thread
                    .frames
                    .iter()
                    .any(|(f, _)| f.starts_with("threeways_async::"))
        })
        .map(|thread| {
            let name = match thread.name.strip_prefix("worker-") {
                Some(_) => "worker-…".to_owned(),
                None => thread.name.clone(),
            };
            let mut text = format!("thread \"{name}\"\n");
            // Down to the program's outermost frame: below it, the plumbing
            // that started the thread.
            let last = (thread.frames.iter())
                .rposition(|(f, _)| {
                    f.contains("::chapters::") || f.starts_with("threeways_async::programs::")
                })
                .unwrap_or(thread.frames.len().saturating_sub(1));
            for (i, (function, file)) in thread.frames[..=last].iter().enumerate() {
                let ours = function.starts_with("threeways_");
                if i > 0 && !ours && !WAITS.contains(&function.as_str()) {
                    continue;
                }
                match file.as_deref().filter(|_| ours) {
                    Some(file) => text.push_str(&format!("  {function}  {file}\n")),
                    None => text.push_str(&format!("  {function}\n")),
                }
            }
            text
        })
        .collect();
    shown.sort();
    shown.join("\n")
}

#[test]
fn a_debugger_shows_where_each_thread_of_a_real_hang_waits() {
    if !have("gdb", &["--version"]) {
        return;
    }
    for style in ["blocking", "async"] {
        let (mut child, seen) = start_hang(style);
        wait_for_every_page(&seen);
        // The last page's note is written just before its thread goes to
        // wait: give it a moment, and look again if a thread is not there yet.
        let mut shown = String::new();
        for _ in 0..10 {
            std::thread::sleep(Duration::from_millis(300));
            let Some(seen) = backtraces(child.id()) else {
                child.kill().unwrap();
                child.wait().unwrap();
                return;
            };
            shown = seen;
            let stuck = shown.split("\n\n").all(|thread| {
                thread.lines().nth(1).is_some_and(|top| {
                    [
                        "  syscall",
                        "  epoll_wait",
                        "  __futex_abstimed_wait_common64",
                    ]
                    .contains(&top)
                })
            });
            if stuck && !shown.is_empty() {
                break;
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        insta::with_settings!({
            snapshot_path => "../snapshots/hunting",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("gdb__{style}"), shown);
        });
    }
}

/// A Python traceback or task repr as the snapshot keeps it: thread ids,
/// addresses, the folders of the standard library and of the program out,
/// and the standard library's line numbers (they are the Python version's).
fn normalise_python(text: &str, program: &Path) -> String {
    let folder = format!("{}/", program.parent().unwrap().display());
    let mut out = String::new();
    for line in text.lines() {
        let mut line = line.replace(&folder, "");
        // `Thread 0x00007f63704b6b80 (most recent call first):`
        if let Some(rest) = line.strip_prefix("Thread 0x") {
            let (_, after) = rest.split_once(' ').unwrap_or(("", rest));
            line = format!("Thread 0x… {after}");
        }
        out.push_str(&standard_library_out(&line));
        out.push('\n');
    }
    out
}

/// `/usr/lib/python3.11/queue.py", line 171` as `<stdlib>/queue.py", line …`,
/// and `…/asyncio/tasks.py:384` as `<stdlib>/asyncio/tasks.py:…`.
fn standard_library_out(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("/lib/python3") {
        // Back to where the path starts: a quote, a space or `<`.
        let before = &rest[..at];
        let start = before.rfind(['"', ' ', '<']).map_or(0, |i| i + 1);
        out.push_str(&before[..start]);
        let path = &rest[at + "/lib/".len()..];
        let path = path.split_once('/').map_or(path, |(_, p)| p); // python3.11/
        let end = path
            .find(|c: char| !(c.is_alphanumeric() || "/_.".contains(c)))
            .unwrap_or(path.len());
        out.push_str("<stdlib>/");
        out.push_str(&path[..end]);
        rest = &path[end..];
        // The line after it: `", line 171` or `:384`.
        if let Some(after) = rest.strip_prefix("\", line ") {
            let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            out.push_str("\", line …");
            rest = &after[digits..];
        } else if let Some(after) = rest.strip_prefix(':') {
            let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            out.push_str(":…");
            rest = &after[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// Runs `book/python/hunting/FILE` to its deadline, and returns its
/// standard output and standard error.
fn run_python_hang(file: &str) -> (PathBuf, String, String) {
    let program = threeways::repo_root()
        .join("book/python/hunting")
        .join(file);
    let out = Command::new("python3")
        .arg(&program)
        .output()
        .expect("python3 runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (program, text(&out.stdout), text(&out.stderr))
}

#[test]
fn faulthandler_shows_where_each_python_thread_waits() {
    if !have("python3", &["--version"]) {
        return;
    }
    let (program, stdout, stderr) = run_python_hang("hang_threads.py");
    assert_eq!(stdout.lines().count(), 8, "every page, once: {stdout}");
    insta::with_settings!({
        snapshot_path => "../snapshots/hunting",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("faulthandler__threads", normalise_python(&stderr, &program));
    });
}

#[test]
fn every_asyncio_task_shows_where_it_waits() {
    if !have("python3", &["--version"]) {
        return;
    }
    // (Debug mode may also warn on standard error of a step that took
    // long, on a busy machine: not part of what is shown.)
    let (program, stdout, stderr) = run_python_hang("hang_asyncio.py");
    let (pages, stacks) = stdout
        .split_once("still running")
        .unwrap_or_else(|| panic!("no deadline in {stdout}; {stderr}"));
    assert_eq!(pages.lines().count(), 8, "every page, once: {pages}");
    insta::with_settings!({
        snapshot_path => "../snapshots/hunting",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        let stacks = format!("still running{stacks}");
        insta::assert_snapshot!("all_tasks__asyncio", normalise_python(&stacks, &program));
    });
}

/// Where `.ci/run` builds the lifted async lessons with tokio's task dump:
/// a target folder of their own, since tokio's unstable cfg changes the
/// flags of every crate in the build.
fn taskdump_binary() -> PathBuf {
    let debug = Path::new(env!("CARGO_BIN_EXE_threeways")).parent().unwrap();
    debug.parent().unwrap().join("taskdump/debug/lifted-async")
}

/// The command that builds [`taskdump_binary`], as `.ci/run` runs it.
const BUILD_TASKDUMP: &str = "RUSTFLAGS=\"--cfg tokio_unstable\" CARGO_TARGET_DIR=target/taskdump \
     cargo build --locked -p threeways-lift --features taskdump --bin lifted-async";

/// A task dump as the snapshot keeps it: task ids (which worker waits
/// where is the scheduler's choice), line numbers and the folders of the
/// crates out; the tasks sorted.
fn normalise_task_dump(dump: &str) -> String {
    let (head, tasks) = dump.split_once("\ntask ").unwrap_or((dump, ""));
    let mut shown: Vec<String> = tasks
        .split("\ntask ")
        .filter(|task| !task.trim().is_empty())
        .map(|task| {
            let (_, frames) = task.split_once('\n').unwrap_or(("", task));
            let frames: Vec<String> = frames.lines().map(frame_without_places).collect();
            format!("task …:\n{}\n", frames.join("\n").trim_end())
        })
        .collect();
    shown.sort();
    format!("{head}\n{}", shown.join("\n"))
}

/// `  └╼ NAME at /root/.cargo/registry/src/index…/tokio-1.54.1/src/sync/mutex.rs:455:33`
/// as `  └╼ NAME at tokio/src/sync/mutex.rs`.
fn frame_without_places(line: &str) -> String {
    let Some((name, place)) = line.rsplit_once(" at ") else {
        return line.to_owned();
    };
    let file = place.split(':').next().unwrap_or(place);
    let file = if let Some((_, rest)) = file.split_once("/registry/src/") {
        // `index.crates.io-HASH/tokio-1.54.1/src/...`: the crate, unversioned.
        let mut parts = rest.splitn(3, '/').skip(1);
        let krate = parts.next().unwrap_or("");
        let krate = krate.rsplit_once('-').map_or(krate, |(name, _)| name);
        format!("{krate}/{}", parts.next().unwrap_or(""))
    } else if let Some((_, rest)) = file.split_once("/library/") {
        format!("library/{rest}")
    } else if let Some((_, rest)) = file.rsplit_once("/../") {
        format!("crates/{rest}")
    } else {
        file.to_owned()
    };
    format!("{name} at {file}")
}

#[test]
fn tokios_task_dump_shows_where_each_task_of_a_real_hang_waits() {
    let binary = taskdump_binary();
    // Built before the lessons last changed, it would show old code.
    let root = threeways::repo_root();
    let sources = [
        "crates/async/src/chapters/sharing.rs",
        "crates/lift/src/bin/lifted-async/main.rs",
        "crates/lift/src/bin/lifted-async/prelude.rs",
    ];
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let built = modified(&binary);
    let stale = sources
        .iter()
        .any(|source| modified(&root.join(source)) > built);
    if built.is_none() || stale {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "`.ci/run` builds {} before the tests: {BUILD_TASKDUMP}",
            binary.display()
        );
        eprintln!(
            "skipped: no lifted-async with tokio's task dump newer than the lessons; \
             build it with {BUILD_TASKDUMP}"
        );
        return;
    }
    // Port 1: nothing listens, so the first page fails at once, and the
    // crawl, having nothing left to fetch, hangs as it would after a site.
    let out = Command::new(&binary)
        .args(["--hang", "http://127.0.0.1:1/index"])
        .output()
        .expect("the lifted program runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let (_, dump) = stdout
        .split_once("still running")
        .expect("the deadline came");
    insta::with_settings!({
        snapshot_path => "../snapshots/hunting",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("task_dump__tokio", normalise_task_dump(&format!("still running{dump}")));
    });
}
