//! Does not compile: spawned tasks that borrow a local variable.

use std::sync::Mutex;
use threeways_async::prelude::fetch;

async fn count_pages(urls: Vec<String>) -> usize {
    let fetched = Mutex::new(0);
    let counter = &fetched; // every task gets this borrow
    let mut tasks = Vec::new();
    for url in urls {
        // error[E0597]: `fetched` does not live long enough
        tasks.push(tokio::spawn(async move {
            if fetch(&url).await.is_ok() {
                *counter.lock().unwrap() += 1;
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    fetched.into_inner().unwrap()
}

fn main() {
    drop(count_pages(Vec::new()));
}
