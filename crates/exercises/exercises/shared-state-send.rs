//! Exercise `shared-state-send`: make shared state compile on the
//! multi-thread runtime.
//!
//! `tally_local` below counts the links of each page with `k` tasks that
//! take pages from one list and record into one map. It works, on one
//! thread: its tasks are `spawn_local`ed, and share the list and the map in
//! an `Rc<RefCell<..>>`, which may not cross threads.
//!
//! Write `tally`, the same program with `spawn` (tokio's `spawn`, which
//! names the task). A multi-thread runtime may move its tasks between
//! threads at any `.await`, so the checker spawns `tally` itself as a task:
//! its future must be `Send` and `'static`, and so must every task it
//! spawns. Start by copying `tally_local` into it, and let the compiler
//! tell you what to change.
//!
//! The checker gives it five pages and two tasks: one page after another
//! they take 290 ms of virtual time; two at a time, 170 ms. It also tries
//! other pages with three tasks, and a page that answers 404.
//!
//! Check your answer: `cargo run -- exercise check shared-state-send`

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;
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
                .map(|n| {
                    spawn_local(
                        count_local(Rc::clone(&shared))
                            .instrument(info_span!("worker", name = %format!("worker-{n}"))),
                    )
                })
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

/// The same tally, with tasks that may run on any thread: `spawn`, not
/// `spawn_local`.
pub async fn tally(urls: Vec<String>, k: usize) -> Vec<String> {
    todo!("tally_local, with `spawn`: share what the tasks share so that it may cross threads")
}
