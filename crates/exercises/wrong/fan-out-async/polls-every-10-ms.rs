//! Wrong answer to `fan-out-async`: a task per page, never joined; each
//! puts its line on a shared board, and the function looks at the board
//! every 10 ms (and yields) until it is full. It is ready at the first look
//! after the slowest page, not when that page comes back: on time only when
//! every latency is a multiple of 10 ms.
//!
//! Expect: With four other pages, at other speeds
//! Expect: your board was returned at 180 ms, 7 ms after the last page came back
//! Expect: not for a fixed time

use std::sync::{Arc, Mutex};
use std::time::Duration;
use threeways_async::prelude::fetch;
use threeways_async::prelude::{spawn, yield_now};
use threeways_async::prelude::sleep;
use threeways_model::describe_page;
use tracing::{Instrument, info_span};

/// Fetches every page at once; one line per page, in the order given.
pub async fn status_board(urls: &[String]) -> Vec<String> {
    let board = Arc::new(Mutex::new(vec![None; urls.len()]));
    for (place, url) in urls.iter().enumerate() {
        let (board, url) = (Arc::clone(&board), url.clone());
        // Not awaited: the board says when every page is in.
        drop(spawn(async move {
            let line = describe_page(&url, fetch(&url).await);
            board.lock().unwrap()[place] = Some(line);
        }.instrument(info_span!("page", name = %format!("page-{place}")))));
    }
    loop {
        let lines: Option<Vec<String>> = board.lock().unwrap().iter().cloned().collect();
        if let Some(lines) = lines {
            return lines;
        }
        sleep(Duration::from_millis(10)).await;
        yield_now().await;
    }
}
