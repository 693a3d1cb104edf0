//! Wrong answer to `fan-out-async`: a task per page fills in the board,
//! and instead of waiting for the tasks, the board waits 250 ms, a little
//! longer than the slowest page took when it was tried. It is ready late,
//! and with slower pages it would be ready before every page is in.
//!
//! Expect: returned at 250 ms, 50 ms after the last page came back

use std::sync::{Arc, Mutex};
use std::time::Duration;
use threeways_async::prelude::fetch;
use threeways_async::prelude::spawn;
use threeways_async::prelude::sleep;
use threeways_model::{describe_page, page_name};
use tracing::{Instrument, info_span};

/// Fetches every page in `urls` at once, and returns one line per page.
pub async fn status_board(urls: &[String]) -> Vec<String> {
    let board = Arc::new(Mutex::new(vec![None; urls.len()]));
    for (index, url) in urls.iter().enumerate() {
        let (board, url) = (Arc::clone(&board), url.clone());
        // The task starts at once; nobody needs its handle.
        let span = info_span!("page", name = %page_name(&url));
        drop(spawn(async move {
            let line = describe_page(&url, fetch(&url).await);
            board.lock().unwrap()[index] = Some(line);
        }.instrument(span)));
    }
    // Every page is back by then: the slowest took 200 ms.
    sleep(Duration::from_millis(250)).await;
    board.lock().unwrap().iter().flatten().cloned().collect()
}
