//! Tokio's two runtimes, each running the same four tasks, which say which
//! OS thread polled them before and after an `.await`. The `sharing` page
//! shows it; `first-await`'s `start_a_runtime.rs` shows how a runtime
//! starts. Run it with `cargo run -p threeways-book --example
//! runtime_flavours`: what it prints depends on the machine, and changes
//! from run to run on the multi-thread runtime.

use std::rc::Rc;
use std::time::Duration;

// ANCHOR: task
/// A task that says where it runs, waits, and says it again.
async fn where_am_i(n: u32) -> String {
    let before = thread_name();
    tokio::time::sleep(Duration::from_millis(10 * u64::from(n))).await;
    format!("task {n}: polled on {before}, then on {}", thread_name())
}

fn thread_name() -> String {
    std::thread::current()
        .name()
        .unwrap_or("unnamed")
        .to_owned()
}
// ANCHOR_END: task

// ANCHOR: builders
fn main() -> std::io::Result<()> {
    // One thread runs every task: the one that calls `block_on`.
    let one = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    // A pool of worker threads (one per core unless told) that take each
    // other's tasks when they run out: after an `.await`, a task may go on
    // on another thread. `#[tokio::main]` builds this one.
    let next = std::sync::atomic::AtomicUsize::new(1);
    let many = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .thread_name_fn(move || {
            let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            format!("worker thread {n}")
        })
        .enable_time()
        .build()?;
    for (name, runtime) in [("current-thread", one), ("multi-thread", many)] {
        println!("{name}:");
        for line in runtime.block_on(four_tasks()) {
            println!("  {line}");
        }
    }
    println!("local tasks:");
    for line in local_tasks()? {
        println!("  {line}");
    }
    Ok(())
}

/// Four tasks on whichever runtime polls this.
async fn four_tasks() -> Vec<String> {
    let tasks: Vec<_> = (1..=4).map(|n| tokio::spawn(where_am_i(n))).collect();
    let mut lines = Vec::new();
    for task in tasks {
        lines.push(task.await.expect("no task panics"));
    }
    lines
}
// ANCHOR_END: builders

// ANCHOR: local
/// Tasks that are not `Send` (they hold an `Rc`) run with `spawn_local`,
/// in a `LocalSet`, on a current-thread runtime: never on another thread.
fn local_tasks() -> std::io::Result<Vec<String>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let local = tokio::task::LocalSet::new();
    let lines = local.block_on(&runtime, async {
        let shared = Rc::new(String::from("an Rc, shared by the tasks"));
        let tasks: Vec<_> = (1..=2)
            .map(|n| {
                let shared = Rc::clone(&shared);
                tokio::task::spawn_local(async move {
                    let line = where_am_i(n).await;
                    format!("{line} ({shared})")
                })
            })
            .collect();
        let mut lines = Vec::new();
        for task in tasks {
            lines.push(task.await.expect("no task panics"));
        }
        lines
    });
    Ok(lines)
}
// ANCHOR_END: local
