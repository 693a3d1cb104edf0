//! The bookkeeping of the `sharing` chapter's crawler, the same in every
//! style: which pages have been seen, what each one gave, and how many are
//! still queued or being fetched.
//!
//! The chapter is about *sharing* this between workers (a `Mutex` between
//! threads, a `RefCell` on the loop's one thread, an `Arc<Mutex<..>>` or an
//! `Rc<RefCell<..>>` between tasks), not about what is in it, so it is
//! written once, here.

use crate::{Body, Error, page_name, scenario::links_in, value_or_error};
use std::collections::{BTreeMap, BTreeSet};

/// What a crawl has found so far.
#[derive(Debug)]
pub struct Found {
    /// Every page queued so far, so that none is queued twice.
    seen: BTreeSet<String>,
    /// What each page fetched gave, by name: `about: 2 links`.
    pages: BTreeMap<String, String>,
    /// Pages queued or being fetched: the crawl is over at zero.
    pending: usize,
}

impl Found {
    /// A crawl that starts at `start`, which is queued.
    pub fn new(start: &str) -> Found {
        Found {
            seen: BTreeSet::from([start.to_owned()]),
            pages: BTreeMap::new(),
            pending: 1,
        }
    }

    /// Records what fetching `url` gave, and returns the links in it that
    /// nobody has seen yet, in the page's order: they count as queued from
    /// now on, so the caller must queue them.
    pub fn record(&mut self, url: &str, body: Result<Body, Error>) -> Vec<String> {
        let links = body.as_ref().map(|body| links_in(body)).unwrap_or_default();
        let what = body.map(|_| match links.len() {
            1 => "1 link".to_owned(),
            n => format!("{n} links"),
        });
        self.pages
            .insert(page_name(url).to_owned(), value_or_error(what));
        let new: Vec<String> = links
            .into_iter()
            .filter(|link| self.seen.insert(link.clone()))
            .collect();
        self.pending += new.len();
        self.pending -= 1; // `url` is done
        new
    }

    /// Whether the crawl is over: nothing queued, and nobody fetching.
    pub fn is_done(&self) -> bool {
        self.pending == 0
    }

    /// What each page gave, by name, and how many pages were fetched: the
    /// crawl's result, the same whichever order the pages came in.
    pub fn summary(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .pages
            .iter()
            .map(|(name, what)| format!("{name}: {what}"))
            .collect();
        lines.push(format!("{} pages", self.pages.len()));
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crawl_queues_each_page_once_and_ends_when_none_is_pending() {
        let mut found = Found::new("http://x/a");
        let a = b"<a href=\"http://x/b\">b</a><a href=\"http://x/a\">a</a>";
        assert_eq!(
            found.record("http://x/a", Ok(a.as_slice().into())),
            ["http://x/b"]
        );
        assert!(!found.is_done());
        let gone = Err(Error::Status {
            url: "http://x/b".to_owned(),
            code: 404,
        });
        assert!(found.record("http://x/b", gone).is_empty());
        assert!(found.is_done());
        assert_eq!(
            found.summary(),
            [
                "a: 2 links",
                "b: error: http://x/b answered with status 404",
                "2 pages"
            ]
        );
    }
}
