//! Does not compile: a spawned task that holds an `Rc` across an `.await`.

use std::cell::RefCell;
use std::rc::Rc;
use threeways_async::prelude::fetch;

/// One task's work: fetch a page, and count it.
async fn fetch_and_count(url: String, fetched: Rc<RefCell<usize>>) {
    if fetch(&url).await.is_ok() {
        *fetched.borrow_mut() += 1;
    }
}

async fn count_pages(urls: Vec<String>) -> usize {
    let fetched = Rc::new(RefCell::new(0));
    let mut tasks = Vec::new();
    for url in urls {
        // error: future cannot be sent between threads safely
        tasks.push(tokio::spawn(fetch_and_count(url, Rc::clone(&fetched))));
    }
    for task in tasks {
        task.await.unwrap();
    }
    *fetched.borrow()
}

fn main() {
    drop(count_pages(Vec::new()));
}
