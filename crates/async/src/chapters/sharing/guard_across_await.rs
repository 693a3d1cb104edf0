//! Does not compile: a spawned task that holds a `std::sync::MutexGuard`
//! across an `.await`.

use std::sync::{Arc, Mutex};
use threeways_async::prelude::fetch;

async fn count_pages(urls: Vec<String>) -> usize {
    let fetched = Arc::new(Mutex::new(0));
    let mut tasks = Vec::new();
    for url in urls {
        let fetched = Arc::clone(&fetched);
        // error: future cannot be sent between threads safely
        tasks.push(tokio::spawn(async move {
            let mut count = fetched.lock().unwrap();
            if fetch(&url).await.is_ok() {
                *count += 1;
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    *fetched.lock().unwrap()
}

fn main() {
    drop(count_pages(Vec::new()));
}
