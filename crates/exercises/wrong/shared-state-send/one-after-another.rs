//! Wrong answer to `shared-state-send`: it compiles on any runtime, by
//! sharing nothing: one task fetches every page, one after another.
//!
//! Expect: one after another

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use threeways_async::prelude::fetch;
use threeways_async::prelude::{spawn, spawn_local};
use threeways_model::{links_in, page_name, value_or_error};
use tokio::task::LocalSet;
use tracing::{Instrument, info_span};

/// What the tasks share: the pages left to fetch, and what each page had.
#[derive(Debug, Default)]
pub struct Tally {
    /// The pages no task has taken yet.
    pub left: VecDeque<String>,
    /// What each page had, by name: `3 links`, or the error.
    pub links: BTreeMap<String, String>,
}

impl Tally {
    /// A tally of `urls`, none taken yet.
    pub fn of(urls: Vec<String>) -> Tally {
        Tally {
            left: urls.into(),
            links: BTreeMap::new(),
        }
    }

    /// One line per page, in the order of their names.
    pub fn lines(&self) -> Vec<String> {
        self.links
            .iter()
            .map(|(name, links)| format!("{name}: {links}"))
            .collect()
    }
}

/// The tally on one thread: `k` local tasks, sharing an `Rc<RefCell<..>>`.
/// It works; its future is not `Send`.
pub async fn tally_local(urls: Vec<String>, k: usize) -> Vec<String> {
    let shared = Rc::new(RefCell::new(Tally::of(urls)));
    LocalSet::new()
        .run_until(async {
            let tasks: Vec<_> = (1..=k)
                .map(|n| spawn_local(count_local(Rc::clone(&shared)).instrument(info_span!("worker", name = %format!("worker-{n}")))))
                .collect();
            for task in tasks {
                task.await.expect("a worker does not panic");
            }
        })
        .await;
    shared.borrow().lines()
}

/// One local task: takes pages from the list until none is left.
async fn count_local(shared: Rc<RefCell<Tally>>) {
    loop {
        let next = shared.borrow_mut().left.pop_front();
        let Some(url) = next else { break };
        let body = fetch(&url).await;
        let links = body.map(|body| format!("{} links", links_in(&body).len()));
        let line = value_or_error(links);
        shared
            .borrow_mut()
            .links
            .insert(page_name(&url).to_owned(), line);
    }
}

/// The tally, in one task.
pub async fn tally(urls: Vec<String>, k: usize) -> Vec<String> {
    let mut tally = Tally::of(urls);
    while let Some(url) = tally.left.pop_front() {
        let body = fetch(&url).await;
        let links = body.map(|body| format!("{} links", links_in(&body).len()));
        tally.links.insert(page_name(&url).to_owned(), value_or_error(links));
    }
    tally.lines()
}
