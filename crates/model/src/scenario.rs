//! A chapter's inputs: the pages it fetches, how long each takes, how long
//! the disk takes, and the counts and delays of its loops.
//!
//! All three styles of a chapter run the same scenario, so their outcomes can
//! be compared and their timings explained from these numbers alone.

use crate::timeouts::Timeouts;
use crate::{ChapterId, CpuJob};
use std::num::NonZeroUsize;
use std::time::Duration;

/// Two at a time: the limit of the book's `fan-out` and `comprehensions`.
const TWO: NonZeroUsize = NonZeroUsize::new(2).expect("two is not zero");

/// The largest body a fetch accepts unless told otherwise: 100 MiB, room
/// for real downloads (`--max-body` changes it).
pub const DEFAULT_BODY_LIMIT: usize = 100 << 20;

/// A page the server holds: the simulated one, and the real one on
/// 127.0.0.1 that `--real` runs talk to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// Where the page lives.
    pub url: String,
    /// What the server sends back.
    pub body: Vec<u8>,
    /// How long the server takes to send it, from request to last byte.
    pub latency: Duration,
    /// How the real server marks where the body ends.
    pub framing: Framing,
    /// What goes wrong when the page is fetched, if anything.
    pub fault: Option<Fault>,
}

impl Page {
    /// A page at `url` with `body`, taking `millis` milliseconds, sent with
    /// a `Content-Length` and nothing going wrong.
    pub fn new(url: impl Into<String>, body: impl Into<Vec<u8>>, millis: u64) -> Page {
        Page {
            url: url.into(),
            body: body.into(),
            latency: Duration::from_millis(millis),
            framing: Framing::Length,
            fault: None,
        }
    }

    /// The same page, sent with `framing`.
    pub fn framed(self, framing: Framing) -> Page {
        Page { framing, ..self }
    }

    /// The same page, with `fault` when it is fetched.
    pub fn failing(self, fault: Fault) -> Page {
        Page {
            fault: Some(fault),
            ..self
        }
    }
}

/// How an HTTP/1.1 response says where its body ends. A client must
/// handle all three.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Framing {
    /// A `Content-Length` header gives the body's size.
    #[default]
    Length,
    /// `Transfer-Encoding: chunked`: the body comes in sized chunks, and a
    /// chunk of size zero ends it.
    Chunked,
    /// No length at all: the body ends when the server closes the
    /// connection.
    Close,
}

/// What goes wrong when a page is fetched, for the `failures` chapter and
/// the tests. The simulated network reports each as the real one would.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Nothing listens at the address: the connection is refused at once.
    Refused,
    /// The server accepts the connection and never answers: the client
    /// gives up after its idle timeout (or its deadline, if sooner).
    Silent,
    /// The server sends half the body, then resets the connection.
    ResetMidBody,
    /// The server answers with a status line that is not HTTP.
    MalformedStatus,
    /// The server sends a body longer than the scenario's body limit.
    Oversized,
    /// The server answers with this status code instead of 200 (404, 500).
    Status(u16),
    /// The server sends the head at once, then the body one byte at a
    /// time, one every `every`: slow but alive, or, with a long body,
    /// practically endless.
    DripBody {
        /// The pause before each byte of the body.
        every: Duration,
    },
    /// The server sends the response head one byte every `every`, then
    /// the body at once.
    DripHead {
        /// The pause before each byte of the head.
        every: Duration,
    },
    /// The server sends `100 Continue` every `every`, and never a final
    /// answer.
    EndlessInterim {
        /// The pause between two interim replies.
        every: Duration,
    },
    /// The server declares the body's length, then sends none of it and
    /// keeps the connection open.
    DeclaredUnsent,
}

/// The inputs of one chapter. A chapter reads only the fields it needs;
/// the rest stay at their defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// The pages the chapter may fetch, in the order the chapter uses them.
    pub pages: Vec<Page>,
    /// How long writing one file takes.
    pub disk_latency: Duration,
    /// Files the simulated disk cannot write: a write of one of these names
    /// takes the disk's latency, then fails as on a full disk. The
    /// exercises' judges use it to reach the error paths of an answer; no
    /// chapter sets it, and the real disk writes these names like any other.
    pub failing_writes: Vec<String>,
    /// How many waits may be under way at once, where a program limits it
    /// (a pool of threads, `buffer_unordered(k)`). Never zero: a pool of no
    /// threads fetches nothing, and the three styles would each fail
    /// differently (drop every page, never finish, hang).
    pub limit: NonZeroUsize,
    /// How many values a ticker produces if nobody stops it.
    pub ticks: u32,
    /// How long a ticker waits before each value.
    pub tick: Duration,
    /// How many values the ticker's consumer takes before it stops.
    pub take: usize,
    /// Names a comprehension checks, one awaited call each.
    pub names: Vec<String>,
    /// How long the network lets a fetch wait: to connect, between two
    /// bytes, and in all. The simulated network gives a silent server the
    /// sooner of the idle timeout and the deadline, as the real clients do.
    pub timeouts: Timeouts,
    /// How long a program is willing to wait for one fetch, where it sets
    /// its own limit (the `failures` chapter), or when it cancels its work.
    pub deadline: Duration,
    /// The largest body a fetch accepts, in bytes.
    pub body_limit: usize,
    /// CPU work, for the `cpu-bound` chapter.
    pub job: CpuJob,
    /// How many pieces a program that shares the CPU cuts the job into.
    pub chunks: u32,
    /// How many items a bounded queue holds before its producer must wait
    /// (the `sharing` chapter's backpressure).
    pub capacity: NonZeroUsize,
}

impl Default for Scenario {
    fn default() -> Scenario {
        Scenario {
            pages: Vec::new(),
            disk_latency: Duration::ZERO,
            failing_writes: Vec::new(),
            limit: NonZeroUsize::MIN,
            ticks: 0,
            tick: Duration::ZERO,
            take: 0,
            names: Vec::new(),
            timeouts: Timeouts::DEFAULT,
            deadline: Duration::from_secs(1),
            body_limit: DEFAULT_BODY_LIMIT,
            job: CpuJob {
                from: 0,
                to: 0,
                cost: Duration::ZERO,
            },
            chunks: 1,
            capacity: NonZeroUsize::MIN,
        }
    }
}

/// The last segment of a URL's path, which names its page in traces:
/// `http://example.com/news` is `news`. A URL whose path ends in `/`, or
/// has none, is named by its host.
pub fn page_name(url: &str) -> &str {
    let parts = crate::url::UrlParts::of(url);
    match parts.last_segment() {
        "" => parts.authority,
        name => name,
    }
}

/// The links in a page of the `sharing` chapter's site: the address in
/// each `href="..."`, in the order they appear.
pub fn links_in(body: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(body);
    text.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(link, _)| link.to_owned()))
        .collect()
}

/// Where the `sharing` chapter's crawler starts.
pub const SITE_START: &str = "http://example.com/index";

/// Where the `sharing` chapter's feed is: the pages its pipeline fetches.
pub const FEED: &str = "http://example.com/feed/";

/// The `sharing` chapter's site: each page's name, how long it takes, and
/// the pages it links to. `old` is a dead link: the server answers 404.
const SITE: [(&str, u64, &[&str]); 7] = [
    ("index", 40, &["about", "news", "blog"]),
    ("about", 30, &["team", "index"]),
    ("news", 60, &["archive", "index"]),
    ("blog", 50, &["archive", "old", "about"]),
    ("team", 20, &["jobs"]),
    ("archive", 80, &["news", "blog"]),
    ("jobs", 30, &["index"]),
];

/// A page of the site, with its links as HTML anchors.
fn site_page(name: &str, millis: u64, links: &[&str]) -> Page {
    let mut body = format!("<h1>{name}</h1>\n");
    for link in links {
        body.push_str(&format!(
            "<a href=\"http://example.com/{link}\">{link}</a>\n"
        ));
    }
    Page::new(format!("http://example.com/{name}"), body, millis)
}

/// Where the `comprehensions` chapter asks whether a user name is free.
pub fn user_url(name: &str) -> String {
    format!("http://example.com/users/{name}")
}

impl Scenario {
    /// The scenario a chapter runs in the book, the tests and the CLI.
    pub fn for_chapter(id: ChapterId) -> Scenario {
        match id {
            ChapterId::Download => Scenario {
                pages: vec![Page::new(
                    "http://example.com/poems/the-tyger.txt",
                    THE_TYGER,
                    120,
                )],
                disk_latency: Duration::from_millis(5),
                ..Scenario::default()
            },
            ChapterId::FirstAwait => Scenario {
                pages: vec![Page::new(
                    "http://example.com/report",
                    "all systems go",
                    120,
                )],
                ..Scenario::default()
            },
            ChapterId::FanOut => Scenario {
                pages: [
                    ("news", 120),
                    ("weather", 40),
                    ("sports", 200),
                    ("markets", 80),
                    ("travel", 60),
                ]
                .into_iter()
                .map(|(topic, ms)| {
                    let body = format!("today's {topic}\n").repeat(ms as usize / 20);
                    Page::new(format!("http://example.com/{topic}"), body, ms)
                })
                .collect(),
                limit: TWO,
                ..Scenario::default()
            },
            ChapterId::Ticker => Scenario {
                ticks: 10,
                tick: Duration::from_millis(100),
                take: 3,
                ..Scenario::default()
            },
            ChapterId::Failures => Scenario {
                pages: vec![
                    Page::new("http://example.com/report", "all systems go", 100),
                    Page::new("http://example.com/missing", "", 50).failing(Fault::Status(404)),
                    Page::new("http://example.com/slow", "", 0).failing(Fault::Silent),
                    Page::new("http://example.com/forecast", "rain, then sun", 600),
                    Page::new("http://example.com/weekly", "a quiet week", 100),
                ],
                // The network gives up on the silent page after 2 s of
                // silence: the callback program's loser runs that long.
                timeouts: Timeouts {
                    idle: Duration::from_millis(2000),
                    ..Timeouts::DEFAULT
                },
                deadline: Duration::from_millis(300),
                ..Scenario::default()
            },
            ChapterId::CpuBound => Scenario {
                ticks: 8,
                tick: Duration::from_millis(100),
                job: CpuJob {
                    from: 0,
                    to: 4_000_000,
                    cost: Duration::from_millis(450),
                },
                chunks: 15,
                ..Scenario::default()
            },
            // `download`'s page first, for the programs that take `download`
            // apart; then two more, for the one that takes `join_all` apart.
            ChapterId::UnderTheHood => Scenario {
                pages: vec![
                    Page::new("http://example.com/poems/the-tyger.txt", THE_TYGER, 120),
                    Page::new("http://example.com/weather", "sunny\n", 40),
                    Page::new("http://example.com/markets", "calm\n", 80),
                ],
                disk_latency: Duration::from_millis(5),
                ..Scenario::default()
            },
            // A site whose pages link to each other, for the crawler; a
            // feed fetched faster than its items can be written, for
            // backpressure; readers of a cache, two asking for one page.
            ChapterId::Sharing => {
                let mut pages: Vec<Page> = SITE
                    .iter()
                    .map(|(name, millis, links)| site_page(name, *millis, links))
                    .collect();
                pages.push(Page::new("http://example.com/old", "", 10).failing(Fault::Status(404)));
                pages.extend((1..=8).map(|n| {
                    let body = format!("item {n} of the feed\n").repeat(n);
                    Page::new(format!("{FEED}{n}.txt"), body, 10)
                }));
                Scenario {
                    pages,
                    disk_latency: Duration::from_millis(30),
                    limit: TWO,
                    capacity: TWO,
                    names: ["news", "about", "news"].map(str::to_owned).to_vec(),
                    ..Scenario::default()
                }
            }
            ChapterId::Comprehensions => {
                let users = [
                    ("ada", "taken", 80),
                    ("grace", "free", 150),
                    ("alan", "taken", 60),
                    ("edsger", "free", 120),
                    ("barbara", "free", 90),
                ];
                Scenario {
                    pages: users
                        .iter()
                        .map(|(name, answer, ms)| Page::new(user_url(name), *answer, *ms))
                        .collect(),
                    names: users.iter().map(|(name, ..)| name.to_string()).collect(),
                    ticks: 6,
                    tick: Duration::from_millis(100),
                    take: 6,
                    limit: TWO,
                    ..Scenario::default()
                }
            }
        }
    }

    /// The page at `url`, if the scenario has one.
    pub fn page(&self, url: &str) -> Option<&Page> {
        self.pages.iter().find(|page| page.url == url)
    }

    /// The URL of the page called `name`, the last segment of its path:
    /// programs that fetch pages for what they are (`report`, `slow`) name
    /// them rather than count them.
    ///
    /// # Panics
    /// If the scenario has no such page: a chapter and its own scenario
    /// disagree, which the tests, running every program, find at once.
    pub fn url_of(&self, name: &str) -> String {
        let page = self.pages.iter().find(|page| page_name(&page.url) == name);
        match page {
            Some(page) => page.url.clone(),
            None => panic!("the scenario has no page called {name:?}"),
        }
    }

    /// The URLs of all pages, in order.
    pub fn urls(&self) -> Vec<String> {
        self.pages.iter().map(|page| page.url.clone()).collect()
    }

    /// The URLs of the pages whose address begins with `prefix`, in order:
    /// the `sharing` chapter's feed, `http://example.com/feed/`.
    pub fn urls_under(&self, prefix: &str) -> Vec<String> {
        self.pages
            .iter()
            .filter(|page| page.url.starts_with(prefix))
            .map(|page| page.url.clone())
            .collect()
    }
}

/// The first stanza of William Blake's "The Tyger" (1794, public domain).
const THE_TYGER: &str = "\
Tyger Tyger, burning bright,
In the forests of the night;
What immortal hand or eye,
Could frame thy fearful symmetry?
";
