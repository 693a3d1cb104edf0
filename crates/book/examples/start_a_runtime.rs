//! How an async program starts: a runtime, and one future that it runs to
//! the end. The `first-await` page shows it next to Python's `asyncio.run`.
//! Run it with `cargo run -p threeways-book --example start_a_runtime`.

use std::time::Duration;

// ANCHOR: greet
/// An ordinary async function: calling it makes a future, and nothing runs.
async fn greet() -> String {
    tokio::time::sleep(Duration::from_millis(100)).await;
    "hello, 100 ms later".to_owned()
}
// ANCHOR_END: greet

// ANCHOR: by_hand
fn main() {
    // The runtime: an executor, which polls tasks, and a reactor (here a
    // timer wheel), which wakes a task when what it waits for has happened.
    // One thread runs everything, like Python's event loop.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime starts");
    // `block_on` is where blocking code waits for async code: it polls the
    // future until it is done, and the thread sleeps in between.
    let greeting = runtime.block_on(greet());
    println!("{greeting}");
    println!("{}", with_the_macro());
}
// ANCHOR_END: by_hand

// ANCHOR: macro
/// The same, as tokio's attribute writes it: this expands to a plain
/// `fn` that builds a runtime and calls `block_on` with the body. On `main`
/// and without `flavor`, it builds the multi-thread runtime instead: one
/// worker thread per core, and tasks that may move between them.
#[tokio::main(flavor = "current_thread")]
async fn with_the_macro() -> String {
    greet().await
}
// ANCHOR_END: macro
