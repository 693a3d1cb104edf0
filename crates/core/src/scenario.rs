//! A chapter's inputs: the pages it fetches, how long each takes, and how
//! long the disk takes to write.
//!
//! All three styles of a chapter run the same scenario, so their outcomes can
//! be compared and their timings explained from these numbers alone.

use crate::ChapterId;
use std::time::Duration;

/// A page the simulated server holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// Where the page lives.
    pub url: String,
    /// What the server sends back.
    pub body: Vec<u8>,
    /// How long the server takes to send it, from request to last byte.
    pub latency: Duration,
}

/// The inputs of one chapter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// The pages the chapter may fetch, in the order the chapter uses them.
    pub pages: Vec<Page>,
    /// How long writing one file takes.
    pub disk_latency: Duration,
}

impl Scenario {
    /// The scenario a chapter runs in the book, the tests and the CLI.
    pub fn for_chapter(id: ChapterId) -> Scenario {
        match id {
            ChapterId::Download => Scenario {
                pages: vec![Page {
                    url: "http://example.com/poems/the-tyger.txt".into(),
                    body: THE_TYGER.as_bytes().to_vec(),
                    latency: Duration::from_millis(120),
                }],
                disk_latency: Duration::from_millis(5),
            },
        }
    }

    /// The page at `url`, if the scenario has one.
    pub fn page(&self, url: &str) -> Option<&Page> {
        self.pages.iter().find(|page| page.url == url)
    }
}

/// The first stanza of William Blake's "The Tyger" (1794, public domain).
const THE_TYGER: &str = "\
Tyger Tyger, burning bright,
In the forests of the night;
What immortal hand or eye,
Could frame thy fearful symmetry?
";
