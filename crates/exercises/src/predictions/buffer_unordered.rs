//! Prediction `predict-buffer-unordered` (chapter `comprehensions`): four
//! names checked two at a time with `buffer_unordered`. Aimed at the
//! beliefs that it works in batches, and that it keeps the order of its
//! input.

use futures::stream::{self, StreamExt};
use threeways_async::prelude::fetch;
use threeways_async::prelude::note;
use threeways_model::{Page, Run, Scenario, user_url};

// ANCHOR: program
/// Each name, whether it is free, and how long the server takes to say so.
const USERS: [(&str, &str, u64); 4] = [
    ("ada", "taken", 80),
    ("grace", "free", 200),
    ("alan", "taken", 60),
    ("edsger", "free", 50),
];

async fn check(name: &str) -> Option<&str> {
    note!("{name}: checking");
    let answer = fetch(&user_url(name)).await;
    let free = answer.is_ok_and(|body| body == b"free");
    note!("{name}: {}", if free { "free" } else { "taken" });
    free.then_some(name)
}

async fn main() {
    let free: Vec<&str> = stream::iter(USERS.map(|(name, ..)| name))
        .map(check)
        .buffer_unordered(2)
        .filter_map(|name| async move { name })
        .collect()
        .await;
    note!("main: free names: {}", free.join(", "));
}
// ANCHOR_END: program

/// Runs the program in the simulated world.
pub fn run() -> Run {
    let scenario = Scenario {
        pages: USERS
            .iter()
            .map(|(name, answer, ms)| Page::new(user_url(name), *answer, *ms))
            .collect(),
        ..Scenario::default()
    };
    super::run_main(&scenario, main)
}
