//! The exercises: which chapter each belongs to, what kind it is, and where
//! its files are. The CLI, the check binaries, the tests and the book all
//! read this list.
//!
//! The order is the order a student meets them in: by chapter, as the book
//! orders its chapters, conversions before bugs. `exercise check` names the
//! first exercise that is not done as the next one.

use threeways_model::ChapterId;

/// What an exercise asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Here is a program in one style; write it in another.
    Convert,
    /// Here is code that looks right and is not; find the bug and fix it.
    FindTheBug,
    /// Here is a program with one piece missing; write the piece.
    Finish,
    /// Here is a program; write down the order of the lines it writes and
    /// its total virtual time, without running it.
    Predict,
}

impl Kind {
    /// How `exercise list` and the book name the kind.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Convert => "convert",
            Kind::FindTheBug => "find the bug",
            Kind::Finish => "finish it",
            Kind::Predict => "predict",
        }
    }

    /// How `exercise check --format json` names the kind: `convert`,
    /// `find-the-bug`, `finish-it`, `predict`.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Convert => "convert",
            Kind::FindTheBug => "find-the-bug",
            Kind::Finish => "finish-it",
            Kind::Predict => "predict",
        }
    }

    /// Whether the file as shipped is a stub that the checker calls "not
    /// started": a `todo!()`, or a prediction whose total is still `?` (a
    /// find-the-bug exercise runs, and shows its bug).
    pub fn starts_as_a_stub(self) -> bool {
        match self {
            Kind::Convert | Kind::Finish | Kind::Predict => true,
            Kind::FindTheBug => false,
        }
    }

    /// The extension of the files a student edits and of the solutions:
    /// `rs`, or `txt` for a prediction.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Predict => "txt",
            Kind::Convert | Kind::FindTheBug | Kind::Finish => "rs",
        }
    }
}

/// Where in the book an exercise is: at the end of a chapter, or of the
/// `porting` page, which ports the `fan-out` chapter's program and is not a
/// chapter of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// A chapter's page.
    Chapter(ChapterId),
    /// *Porting code you already have*, after the chapters.
    Porting,
}

impl Page {
    /// The page's name, as in `book/src/<slug>.md`.
    pub fn slug(self) -> &'static str {
        match self {
            Page::Chapter(id) => id.slug(),
            Page::Porting => "porting",
        }
    }

    /// Its place in the book: the chapters in their order, then porting.
    pub fn position(self) -> usize {
        let chapters = threeways_model::CHAPTERS;
        match self {
            Page::Chapter(id) => chapters
                .iter()
                .position(|chapter| chapter.id == id)
                .expect("every chapter is in CHAPTERS"),
            Page::Porting => chapters.len(),
        }
    }
}

/// One exercise.
#[derive(Clone, Copy, Debug)]
pub struct Exercise {
    /// Its name on the command line, and the name of its files.
    pub id: &'static str,
    /// The page it ends: a chapter's, or porting's.
    pub chapter: Page,
    /// Convert, or find the bug.
    pub kind: Kind,
    /// What it asks for, in a few words.
    pub title: &'static str,
    /// The hint: `hints/<id>.md`, also shown in the book.
    pub hint: &'static str,
    /// A solution: `solutions/<id>.rs` (`.txt` for a prediction).
    pub solution: &'static str,
    /// The [`fingerprint`] of `exercises/<id>.rs` as shipped. Tests that
    /// hold the untouched stubs to failing skip a stub a student has edited;
    /// `exercise check` calls an untouched exercise "not started".
    pub shipped: u64,
}

/// Declares an exercise whose hint and solution are read from its files,
/// at the end of a chapter (`ChapterId::Download`) or of `Page::Porting`.
/// A prediction's solution is a text file: `predict!` declares those.
macro_rules! exercise {
    ($id:literal, Page::Porting, $kind:expr, $title:literal, $shipped:literal) => {
        exercise!(@on Page::Porting, $id, $kind, "rs", $title, $shipped)
    };
    ($id:literal, $chapter:expr, $kind:expr, $title:literal, $shipped:literal) => {
        exercise!(@on Page::Chapter($chapter), $id, $kind, "rs", $title, $shipped)
    };
    (@on $page:expr, $id:literal, $kind:expr, $ext:literal, $title:literal, $shipped:literal) => {
        Exercise {
            id: $id,
            chapter: $page,
            kind: $kind,
            title: $title,
            hint: include_str!(concat!("../hints/", $id, ".md")),
            solution: include_str!(concat!("../solutions/", $id, ".", $ext)),
            shipped: $shipped,
        }
    };
}

/// Declares a prediction: its answer and solution are text files.
macro_rules! predict {
    ($id:literal, Page::Porting, $title:literal, $shipped:literal) => {
        exercise!(@on Page::Porting, $id, Kind::Predict, "txt", $title, $shipped)
    };
    ($id:literal, $chapter:expr, $title:literal, $shipped:literal) => {
        exercise!(@on Page::Chapter($chapter), $id, Kind::Predict, "txt", $title, $shipped)
    };
}

/// Every exercise, in the order a student meets them.
pub const EXERCISES: &[Exercise] = &[
    predict!(
        "predict-callback-order",
        ChapterId::Download,
        "two continuations: which runs first?",
        0xc495_ce19_637f_e08b
    ),
    exercise!(
        "download-callbacks",
        ChapterId::Download,
        Kind::Convert,
        "download the latest poem, with callbacks",
        0x2164_e572_eba7_05b2
    ),
    exercise!(
        "download-async",
        ChapterId::Download,
        Kind::Convert,
        "download the latest poem, with async/await",
        0x614d_3b04_413e_cd02
    ),
    exercise!(
        "bug-never-called",
        ChapterId::Download,
        Kind::FindTheBug,
        "a download that sometimes never finishes",
        0xd0ca_bb47_4918_c90b
    ),
    predict!(
        "predict-lazy-future",
        ChapterId::FirstAwait,
        "two futures, awaited in the other order",
        0x6a5f_f314_7de8_d942
    ),
    exercise!(
        "first-await-spawn",
        ChapterId::FirstAwait,
        Kind::Convert,
        "start the work now, with async/await",
        0x909e_2512_3208_6a14
    ),
    exercise!(
        "bug-never-awaited",
        ChapterId::FirstAwait,
        Kind::FindTheBug,
        "a visit log that stays empty",
        0x0b41_4b27_a68d_fc3f
    ),
    predict!(
        "predict-join-all",
        ChapterId::FanOut,
        "three fetches joined: when does each run?",
        0x4005_9590_9d81_7a56
    ),
    exercise!(
        "fan-out-callbacks",
        ChapterId::FanOut,
        Kind::Convert,
        "a status board of many pages, with callbacks",
        0x721a_2660_4ffa_b551
    ),
    exercise!(
        "fan-out-async",
        ChapterId::FanOut,
        Kind::Convert,
        "a status board of many pages, with async/await",
        0xce65_4a7d_ebc2_6138
    ),
    exercise!(
        "bug-sequential-awaits",
        ChapterId::FanOut,
        Kind::FindTheBug,
        "a status board that is slower than it looks",
        0x1a6f_847b_83e0_50d3
    ),
    predict!(
        "predict-lazy-stream",
        ChapterId::Ticker,
        "a countdown stream, two values taken",
        0xeb6e_872b_1cca_1759
    ),
    exercise!(
        "ticker-callbacks",
        ChapterId::Ticker,
        Kind::Convert,
        "a countdown that pushes, with callbacks",
        0x7314_f749_d4cd_5b3d
    ),
    exercise!(
        "ticker-stream",
        ChapterId::Ticker,
        Kind::Convert,
        "a countdown as a stream",
        0xcd0a_948f_cdfe_6284
    ),
    exercise!(
        "bug-endless-stream",
        ChapterId::Ticker,
        Kind::FindTheBug,
        "a stream that sometimes never ends",
        0x88d6_390c_ecf1_be7b
    ),
    predict!(
        "predict-join-polls",
        ChapterId::UnderTheHood,
        "two timers joined: how often is each polled?",
        0x1f64_5c7e_382e_1078
    ),
    exercise!(
        "timer-future",
        ChapterId::UnderTheHood,
        Kind::Convert,
        "a timer, as a future on the event loop",
        0x6fd4_3787_1f32_3ea2
    ),
    exercise!(
        "executor-wake",
        ChapterId::UnderTheHood,
        Kind::Finish,
        "finish an executor: its wake",
        0xa8b5_99b7_88ce_7ed8
    ),
    exercise!(
        "state-machine",
        ChapterId::UnderTheHood,
        Kind::Convert,
        "the future of an async fn, by hand",
        0x8c7f_5802_37ad_d5f2
    ),
    predict!(
        "predict-buffer-unordered",
        ChapterId::Comprehensions,
        "four checks, two at a time, unordered",
        0x07a6_87a1_f216_97f1
    ),
    exercise!(
        "odd-ticks-stream",
        ChapterId::Comprehensions,
        Kind::Convert,
        "the first odd ticks, as a stream",
        0x994d_3a7e_43ae_217b
    ),
    exercise!(
        "bug-await-in-loop",
        ChapterId::Comprehensions,
        Kind::FindTheBug,
        "checks that take turns",
        0x2bcb_5598_1d8c_849c
    ),
    exercise!(
        "bug-lost-order",
        ChapterId::Comprehensions,
        Kind::FindTheBug,
        "free names out of order",
        0x104e_a6e2_2182_59fd
    ),
    predict!(
        "predict-select-cancel",
        ChapterId::Failures,
        "a fetcher raced against a deadline",
        0xee10_6370_cf04_cb98
    ),
    exercise!(
        "bug-timeout-leaves-file",
        ChapterId::Failures,
        Kind::FindTheBug,
        "a timeout that leaves half a book",
        0x4a84_c0e6_aac7_7980
    ),
    exercise!(
        "bug-select-loses-data",
        ChapterId::Failures,
        Kind::FindTheBug,
        "a heartbeat that loses a page",
        0xaf41_7a75_78e4_bd70
    ),
    predict!(
        "predict-blocking-task",
        ChapterId::CpuBound,
        "a heartbeat beside a task that blocks",
        0xaa93_fb6c_d688_29d8
    ),
    exercise!(
        "bug-thread-sleep",
        ChapterId::CpuBound,
        Kind::FindTheBug,
        "a heartbeat that makes everything else late",
        0xd964_a707_cad1_3d0a
    ),
    predict!(
        "predict-bounded-channel",
        ChapterId::Sharing,
        "a fast producer, a channel with room for two",
        0xf956_cdfa_4021_82d2
    ),
    exercise!(
        "shared-state-send",
        ChapterId::Sharing,
        Kind::Convert,
        "shared state, ready for the multi-thread runtime",
        0xb045_3013_36e6_03b3
    ),
    exercise!(
        "backpressure",
        ChapterId::Sharing,
        Kind::Convert,
        "a pipeline that keeps its fetcher in check",
        0xeb11_d05d_7068_a585
    ),
    exercise!(
        "bug-hang",
        ChapterId::Sharing,
        Kind::FindTheBug,
        "a program that saves every page, and never ends",
        0xb291_19c4_0918_a30f
    ),
    predict!(
        "predict-buffered-slots",
        Page::Porting,
        "four fetches, two at a time, in order",
        0x1e13_5190_7f01_4431
    ),
    exercise!(
        "port-pool",
        Page::Porting,
        Kind::Convert,
        "port a pool of threads to async, in steps",
        0x39e2_4e91_eec3_25ce
    ),
];

impl Exercise {
    /// The exercise called `id`.
    pub fn find(id: &str) -> Option<&'static Exercise> {
        EXERCISES.iter().find(|exercise| exercise.id == id)
    }

    /// Every id, for a message that lists them.
    pub fn valid_ids() -> String {
        let ids: Vec<&str> = EXERCISES.iter().map(|exercise| exercise.id).collect();
        ids.join(", ")
    }

    /// The file the student edits, from the repository's root.
    pub fn file(&self) -> String {
        format!(
            "crates/exercises/exercises/{}.{}",
            self.id,
            self.kind.extension()
        )
    }

    /// The solution's file, from the repository's root.
    pub fn solution_file(&self) -> String {
        format!(
            "crates/exercises/solutions/{}.{}",
            self.id,
            self.kind.extension()
        )
    }

    /// The folder of the known-wrong answers, from the repository's root.
    pub fn wrong_dir(&self) -> String {
        format!("crates/exercises/wrong/{}", self.id)
    }

    /// Whether it has a check binary (`src/bin/<id>.rs`): every exercise
    /// whose answer is code. A prediction is judged in `exercise check`'s
    /// own process.
    pub fn has_binary(&self) -> bool {
        self.kind != Kind::Predict
    }

    /// The command that checks it.
    pub fn check_command(&self) -> String {
        format!("cargo run -- exercise check {}", self.id)
    }

    /// Whether `text`, the content of the student's file, is the file as
    /// shipped.
    pub fn is_untouched(&self, text: &str) -> bool {
        fingerprint(text) == self.shipped
    }
}

/// A hash of a file's text that does not change with line endings (a
/// checkout on Windows may have `\r\n`): 64-bit FNV-1a.
pub fn fingerprint(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.replace("\r\n", "\n").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_ignore_line_endings_and_nothing_else() {
        assert_eq!(fingerprint("a\nb\n"), fingerprint("a\r\nb\r\n"));
        assert_ne!(fingerprint("a\nb\n"), fingerprint("a\nc\n"));
        assert_eq!(fingerprint(""), 0xcbf2_9ce4_8422_2325);
    }

    #[test]
    fn ids_are_unique_and_chapters_in_book_order() {
        for (i, exercise) in EXERCISES.iter().enumerate() {
            assert!(
                EXERCISES[..i].iter().all(|other| other.id != exercise.id),
                "{} twice",
                exercise.id
            );
        }
        assert!(
            EXERCISES
                .windows(2)
                .all(|pair| pair[0].chapter.position() <= pair[1].chapter.position()),
            "exercises are listed in the order of their chapters"
        );
    }
}
