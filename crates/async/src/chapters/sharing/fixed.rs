//! Compiles: the three fixed. Each task owns what it uses (an `Arc`, not a
//! borrow); what it shares is `Send` (an `Arc<Mutex<..>>`, not an
//! `Rc<RefCell<..>>`); and std's guard is let go before the `.await`.

use std::sync::{Arc, Mutex};
use threeways_async::prelude::fetch;

async fn count_pages(urls: Vec<String>) -> usize {
    let fetched = Arc::new(Mutex::new(0));
    let mut tasks = Vec::new();
    for url in urls {
        let fetched = Arc::clone(&fetched);
        tasks.push(tokio::spawn(async move {
            let ok = fetch(&url).await.is_ok();
            if ok {
                *fetched.lock().unwrap() += 1; // locked and let go at once
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
