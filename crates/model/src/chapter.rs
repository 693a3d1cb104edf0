//! The chapter registry: which chapters exist, what they are called, the
//! three styles each one is written in, and the variants a style may have.
//!
//! The CLI lists chapters from here, the tests iterate over it, and the book
//! names snapshots after it, so adding a chapter starts with this file. Order
//! in the book lives in `book/src/SUMMARY.md`; here it is only the order of
//! `list`.

use crate::Error;
use std::fmt;

/// A chapter of the book. Matching on it is exhaustive, so a new chapter does
/// not compile until every style has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChapterId {
    /// Fetch a URL, then write it to a file.
    Download,
    /// When does the caller get control back?
    FirstAwait,
    /// Many waits at once.
    FanOut,
    /// Async generators: a value every so often.
    Ticker,
    /// The continuation the compiler writes: futures, wakers, an executor.
    UnderTheHood,
    /// Async comprehensions, and `await` inside a comprehension.
    Comprehensions,
    /// Errors, timeouts and cancellation.
    Failures,
    /// When not to use async: work that needs the CPU, not a wait.
    CpuBound,
    /// Many flows, one state: shared data, channels, `Send` and `'static`,
    /// and the program that never ends.
    Sharing,
}

/// What the CLI and the book say about a chapter.
#[derive(Debug)]
pub struct Chapter {
    /// Which chapter this is.
    pub id: ChapterId,
    /// The slug used on the command line, in file names and in snapshot names.
    pub slug: &'static str,
    /// The page title.
    pub title: &'static str,
    /// The question the chapter answers, in one line.
    pub summary: &'static str,
    /// Whether its programs can run in the real world: they fetch pages,
    /// or (`cpu-bound`) their point is what real time does.
    pub real_run: bool,
    /// Whether every program returns the same outcome. `failures` says no:
    /// its variants return different things by design (a size, an error,
    /// the pages fetched in time), so the tests compare the styles of each
    /// variant instead, and there cancelling a thread and cancelling a
    /// future keep different work, which the chapter is about. So does
    /// `under-the-hood`, whose programs take apart two chapters' programs.
    pub same_outcome: bool,
    /// The programs of each style, in [`Style::ALL`] order.
    pub programs: [Programs; 3],
}

/// The programs a style has for a chapter.
#[derive(Debug, PartialEq, Eq)]
pub enum Programs {
    /// None: the chapter says nothing in this style (`under-the-hood` has
    /// no blocking program: a blocking call has no future to look inside).
    None,
    /// One program, with no variant name.
    One,
    /// Several, each called by its variant's name.
    Variants(&'static [Variant]),
}

/// One of several programs a style offers for a chapter, such as the
/// blocking `fan-out` with a thread per request.
#[derive(Debug, PartialEq, Eq)]
pub struct Variant {
    /// The name used with `--variant` and in snapshot names.
    pub name: &'static str,
    /// What this variant does, in a few words.
    pub summary: &'static str,
    /// Whether it runs in the real world too, where its chapter does: not
    /// a program that never ends, which only the simulated world can tell
    /// and stop (`sharing`'s hangs).
    pub real: bool,
}

const fn variant(name: &'static str, summary: &'static str) -> Variant {
    Variant {
        name,
        summary,
        real: true,
    }
}

/// A variant that runs in the simulated world only.
const fn simulated_only(name: &'static str, summary: &'static str) -> Variant {
    Variant {
        name,
        summary,
        real: false,
    }
}

/// Every chapter, in the order `list` prints them.
pub const CHAPTERS: &[Chapter] = &[
    Chapter {
        id: ChapterId::Download,
        slug: "download",
        title: "Download a file",
        summary: "fetch a URL, then write it to a file: what happens to the code after a wait?",
        real_run: true,
        same_outcome: true,
        programs: [Programs::One, Programs::One, Programs::One],
    },
    Chapter {
        id: ChapterId::FirstAwait,
        slug: "first-await",
        title: "When does the caller get control back?",
        summary: "who runs when: a blocking call, a callback, a lazy future, a spawned task",
        real_run: true,
        same_outcome: true,
        programs: [
            Programs::Variants(&[
                variant("call", "call the function and wait for it"),
                variant("thread", "start it on a thread, then wait"),
            ]),
            Programs::One,
            Programs::Variants(&[
                variant("await", "make the future, then await it"),
                variant("spawn", "spawn it as a task, then await the handle"),
            ]),
        ],
    },
    Chapter {
        id: ChapterId::FanOut,
        slug: "fan-out",
        title: "Many waits at once",
        summary: "fetch several pages: one after another, all at once, at most k at a time",
        real_run: true,
        same_outcome: true,
        programs: [
            Programs::Variants(&[
                variant("sequential", "one after another"),
                variant("thread-per-request", "a thread for each page"),
                variant("pool", "k threads take pages from a shared queue"),
            ]),
            Programs::Variants(&[
                variant(
                    "sequential",
                    "start the next fetch in the last one's callback",
                ),
                variant(
                    "counter",
                    "start all; a shared counter calls `done` at zero",
                ),
                variant("limited", "start k; each callback starts the next"),
            ]),
            Programs::Variants(&[
                variant("sequential", "a for loop with .await"),
                variant("join-all", "one task polls every future: join_all"),
                variant("join-set", "a task per page: JoinSet"),
                variant(
                    "buffer-unordered",
                    "at most k at a time: buffer_unordered(k)",
                ),
            ]),
        ],
    },
    Chapter {
        id: ChapterId::Ticker,
        slug: "ticker",
        title: "A value every so often",
        summary: "async generators: a producer of values over time, and a consumer that stops early",
        real_run: false,
        same_outcome: true,
        programs: [
            Programs::One,
            Programs::One,
            Programs::Variants(&[
                variant("unfold", "a Stream made with futures::stream::unfold"),
                variant("poll-next", "a Stream written by hand: poll_next"),
            ]),
        ],
    },
    Chapter {
        id: ChapterId::UnderTheHood,
        slug: "under-the-hood",
        title: "Under the hood",
        summary: "futures, wakers and an executor: async/await is the callback style, written by the compiler",
        real_run: false,
        same_outcome: false,
        programs: [
            Programs::None,
            Programs::One,
            Programs::Variants(&[
                variant(
                    "state-machine",
                    "download's future written by hand, on tokio",
                ),
                variant(
                    "download-polls",
                    "download on our executor, every poll shown",
                ),
                variant(
                    "join-all-polls",
                    "join_all on our executor, every poll shown",
                ),
            ]),
        ],
    },
    Chapter {
        id: ChapterId::Comprehensions,
        slug: "comprehensions",
        title: "Comprehensions that wait",
        summary: "filter values that arrive over time; await inside a comprehension",
        real_run: true,
        same_outcome: true,
        programs: [
            Programs::One,
            Programs::One,
            Programs::Variants(&[
                variant("for-loop", "a for loop with .await, one check at a time"),
                variant("then", "a stream with .then, one check at a time"),
                variant(
                    "buffered",
                    "a stream with .buffered(k): k checks at a time, in order",
                ),
                variant("join-all", "every check at once: join_all"),
            ]),
        ],
    },
    Chapter {
        id: ChapterId::Failures,
        slug: "failures",
        title: "When things go wrong",
        summary: "errors, timeouts and cancellation: what each style does, and what it leaves behind",
        real_run: true,
        same_outcome: false,
        programs: [
            Programs::Variants(&[
                variant("error", "a Result passed up with ?"),
                variant("timeout", "a socket timeout"),
                variant("cancel", "ask a thread to stop, with a flag"),
            ]),
            Programs::Variants(&[
                variant("error", "an error argument in every continuation"),
                variant("timeout", "race the fetch against a timer"),
                variant("cancel", "a flag that the next callback checks"),
            ]),
            Programs::Variants(&[
                variant("error", "a Result passed up with ?"),
                variant("timeout", "tokio::time::timeout"),
                variant("cancel", "select! against a timer: the loser is dropped"),
            ]),
        ],
    },
    Chapter {
        id: ChapterId::CpuBound,
        slug: "cpu-bound",
        title: "When the work is not waiting",
        summary: "CPU work next to a ticker: who keeps time, who misses ticks, and the fixes",
        real_run: true,
        same_outcome: true,
        programs: [
            Programs::Variants(&[variant(
                "threads",
                "the ticker and the work on threads of their own",
            )]),
            Programs::Variants(&[
                variant("inline", "the work in a callback: the loop freezes"),
                variant("worker", "the work on a worker thread"),
            ]),
            Programs::Variants(&[
                variant("inline", "the work in a task: the other tasks starve"),
                variant("spawn-blocking", "the work on tokio's blocking pool"),
                variant("chunked", "the work in pieces, with yield_now between"),
            ]),
        ],
    },
    Chapter {
        id: ChapterId::Sharing,
        slug: "sharing",
        title: "Many flows, one state",
        summary: "a crawler whose workers share a queue and a map; Send, 'static, which Mutex, backpressure, and the program that never ends",
        real_run: true,
        same_outcome: false,
        programs: [
            Programs::Variants(&[
                variant("crawl", "k threads, Arc<Mutex<..>> and a channel"),
                variant("scoped", "the same, with thread::scope: borrows, no Arc"),
                variant(
                    "unbounded",
                    "a fast fetcher, a slow writer, a queue that grows",
                ),
                variant(
                    "bounded",
                    "the same with sync_channel(n): the fetcher waits",
                ),
                simulated_only(
                    "hang",
                    "a thread joined while it waits on a channel nobody closes",
                ),
            ]),
            Programs::Variants(&[
                variant("crawl", "k chains, Rc<RefCell<..>>, no lock"),
                variant(
                    "unbounded",
                    "a fast fetcher, a slow writer, a queue that grows",
                ),
                variant(
                    "bounded",
                    "the same; a full queue keeps the fetcher's continuation",
                ),
                simulated_only("hang", "a callback that is never called"),
            ]),
            Programs::Variants(&[
                variant("crawl-local", "one thread: Rc<RefCell<..>> and spawn_local"),
                variant(
                    "crawl-send",
                    "tokio::spawn: Arc<Mutex<..>>, Send; a multi-thread runtime with --real",
                ),
                variant(
                    "std-mutex",
                    "a cache behind std's Mutex, locked between waits",
                ),
                variant(
                    "tokio-mutex",
                    "a cache behind tokio's Mutex, held across the fetch",
                ),
                variant(
                    "unbounded",
                    "a fast fetcher, a slow writer, a queue that grows",
                ),
                variant(
                    "bounded",
                    "the same with mpsc::channel(n): the fetcher waits",
                ),
                simulated_only("hang", "a task waiting on something nothing will wake"),
            ]),
        ],
    },
];

impl ChapterId {
    /// The chapter's entry in [`CHAPTERS`].
    pub fn chapter(self) -> &'static Chapter {
        CHAPTERS
            .iter()
            .find(|chapter| chapter.id == self)
            .expect("every ChapterId has an entry in CHAPTERS")
    }

    /// The chapter's slug, such as `download`.
    pub fn slug(self) -> &'static str {
        self.chapter().slug
    }

    /// The chapter with this slug, if there is one.
    pub fn from_slug(slug: &str) -> Option<ChapterId> {
        CHAPTERS
            .iter()
            .find(|chapter| chapter.slug == slug)
            .map(|c| c.id)
    }

    /// The slugs of all chapters, comma-separated, for error messages.
    pub fn valid_slugs() -> String {
        let slugs: Vec<&str> = CHAPTERS.iter().map(|c| c.slug).collect();
        slugs.join(", ")
    }

    /// The name of the chapter's module, `chapters/<module>.rs` in each style
    /// crate: the slug with `-` made `_`, as Rust module names need.
    pub fn module_name(self) -> String {
        self.slug().replace('-', "_")
    }

    /// The programs `style` has for this chapter.
    pub fn programs_of(self, style: Style) -> &'static Programs {
        let index = Style::ALL
            .iter()
            .position(|s| *s == style)
            .expect("Style::ALL holds every style");
        &self.chapter().programs[index]
    }

    /// The variants `style` has for this chapter (empty: one program, or
    /// none).
    pub fn variants(self, style: Style) -> &'static [Variant] {
        match self.programs_of(style) {
            Programs::Variants(variants) => variants,
            Programs::None | Programs::One => &[],
        }
    }

    /// Whether `style` has a program for this chapter.
    pub fn has_programs(self, style: Style) -> bool {
        *self.programs_of(style) != Programs::None
    }

    /// The styles that have a program for this chapter, in book order.
    pub fn styles(self) -> Vec<Style> {
        Style::ALL
            .into_iter()
            .filter(|style| self.has_programs(*style))
            .collect()
    }

    /// Every program of the chapter: each style's variants, in book order.
    pub fn programs(self) -> Vec<Program> {
        Style::ALL
            .into_iter()
            .flat_map(|style| self.programs_in(style))
            .collect()
    }

    /// The programs of one style: one per variant, one without a name, or
    /// none.
    pub fn programs_in(self, style: Style) -> Vec<Program> {
        let program = |variant| Program {
            chapter: self,
            style,
            variant,
        };
        match self.programs_of(style) {
            Programs::None => Vec::new(),
            Programs::One => vec![program(None)],
            Programs::Variants(variants) => {
                variants.iter().map(|v| program(Some(v.name))).collect()
            }
        }
    }

    /// The program of `style` called `variant` (`None` for a style with no
    /// variants), if the chapter has it.
    pub fn program(self, style: Style, variant: Option<&str>) -> Option<Program> {
        self.programs_in(style)
            .into_iter()
            .find(|program| program.variant == variant)
    }
}

impl fmt::Display for ChapterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// One runnable program: a chapter, in a style, in one of its variants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Program {
    /// The chapter.
    pub chapter: ChapterId,
    /// The style it is written in.
    pub style: Style,
    /// The variant's name, if the style has variants for this chapter.
    pub variant: Option<&'static str>,
}

impl Program {
    /// Whether this program runs in the real world (`--real`): its chapter
    /// fetches or computes, and it is not one that never ends.
    pub fn runs_real(self) -> bool {
        self.chapter.chapter().real_run && !self.never_ends()
    }

    /// Whether this program never ends: its lesson shows the simulated
    /// world finding it stuck and stopping it (`sharing`'s hangs).
    pub fn never_ends(self) -> bool {
        self.chapter
            .variants(self.style)
            .iter()
            .any(|v| Some(v.name) == self.variant && !v.real)
    }

    /// The error its lesson shows this program ending in, if any:
    /// [`Error::Hung`] for one that never ends, and none for the others.
    /// (The `failures` chapter's errors and timeouts are values its
    /// programs return: handling them is the lesson.) `run` fails only for
    /// a program that ends otherwise; a test checks this against every
    /// program's simulated run.
    pub fn lesson_error(self) -> Option<Error> {
        self.never_ends().then_some(Error::Hung)
    }

    /// The name of the snapshot that holds this program's output:
    /// `tests/snapshots/<name>.snap`, read by the tests and by the book.
    /// `download__blocking`, `fan-out__blocking__pool`.
    pub fn snapshot_name(self) -> String {
        match self.variant {
            None => format!("{}__{}", self.chapter.slug(), self.style.name()),
            Some(v) => format!("{}__{}__{v}", self.chapter.slug(), self.style.name()),
        }
    }
}

impl fmt::Display for Program {
    /// `fan-out, blocking, pool`, as the CLI's headers show it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}", self.chapter, self.style)?;
        if let Some(variant) = self.variant {
            write!(f, ", {variant}")?;
        }
        Ok(())
    }
}

/// One of the three ways to wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// Plain functions and threads: a call returns when its work is done.
    Blocking,
    /// Continuations on an event loop: a call returns at once, and a closure
    /// runs when the work is done.
    Callbacks,
    /// `async fn` and `.await` on tokio.
    Async,
}

impl Style {
    /// All styles, in the order the book shows them.
    pub const ALL: [Style; 3] = [Style::Blocking, Style::Callbacks, Style::Async];

    /// The style's name on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            Style::Blocking => "blocking",
            Style::Callbacks => "callbacks",
            Style::Async => "async",
        }
    }

    /// The style with this name, if there is one.
    pub fn from_name(name: &str) -> Option<Style> {
        Style::ALL.into_iter().find(|style| style.name() == name)
    }
}

impl fmt::Display for Style {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_names_round_trip() {
        for chapter in CHAPTERS {
            assert_eq!(ChapterId::from_slug(chapter.slug), Some(chapter.id));
            assert_eq!(chapter.id.chapter().slug, chapter.slug);
        }
        for style in Style::ALL {
            assert_eq!(Style::from_name(style.name()), Some(style));
        }
        assert_eq!(ChapterId::from_slug("nosuch"), None);
    }

    #[test]
    fn programs_are_named_after_their_variants() {
        let names: Vec<String> = ChapterId::FanOut
            .programs_in(Style::Blocking)
            .into_iter()
            .map(Program::snapshot_name)
            .collect();
        assert_eq!(
            names,
            [
                "fan-out__blocking__sequential",
                "fan-out__blocking__thread-per-request",
                "fan-out__blocking__pool"
            ]
        );
        let download = ChapterId::Download.programs();
        assert_eq!(download.len(), 3);
        assert_eq!(download[0].snapshot_name(), "download__blocking");
        assert!(
            ChapterId::FanOut
                .program(Style::Async, Some("join-set"))
                .is_some()
        );
        assert!(ChapterId::FanOut.program(Style::Async, None).is_none());
    }

    #[test]
    fn a_program_that_never_ends_runs_simulated_only() {
        let hang = ChapterId::Sharing
            .program(Style::Async, Some("hang"))
            .unwrap();
        assert!(!hang.runs_real());
        let crawl = ChapterId::Sharing.program(Style::Async, Some("crawl-send"));
        assert!(crawl.unwrap().runs_real());
        let ticker = ChapterId::Ticker.program(Style::Blocking, None).unwrap();
        assert!(!ticker.runs_real(), "ticker neither fetches nor computes");
        let download = ChapterId::Download.program(Style::Blocking, None).unwrap();
        assert!(download.runs_real());
    }

    #[test]
    fn a_style_may_have_no_program_for_a_chapter() {
        let chapter = ChapterId::UnderTheHood;
        assert!(!chapter.has_programs(Style::Blocking));
        assert!(chapter.programs_in(Style::Blocking).is_empty());
        assert!(chapter.program(Style::Blocking, None).is_none());
        assert_eq!(chapter.styles(), [Style::Callbacks, Style::Async]);
        assert!(
            chapter
                .programs()
                .iter()
                .all(|program| program.style != Style::Blocking)
        );
        for chapter in CHAPTERS {
            assert!(
                !chapter.id.programs().is_empty(),
                "{} has no program at all",
                chapter.slug
            );
        }
    }
}
