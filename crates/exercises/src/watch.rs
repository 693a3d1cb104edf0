//! `exercise watch`: check the current exercise each time its file is
//! saved, and move on to the next one when it passes, as rustlings does.
//!
//! The watcher polls the file a few times a second: no file-system events,
//! and no dependency for them. A file counts as saved when its modification
//! time or its text changes (an editor may save twice in the same second,
//! and some file systems keep whole seconds only). The stamp is taken
//! before each check, so a save during a check is seen by the next poll.
//!
//! What to check and when to move on is decided by [`Watch`], which takes
//! no I/O; [`run`] drives it through an [`Env`] (the real one reads files,
//! builds, checks, prints and sleeps), so the tests can drive it through a
//! scripted one, with no clock at all.

use crate::registry::{EXERCISES, Exercise, fingerprint};
use std::time::{Duration, SystemTime};

/// How often the watcher looks at the file.
pub const POLL: Duration = Duration::from_millis(250);

/// What says a file was saved: when it was last modified, and a hash of
/// its text. `None` fields where the file cannot be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// The file's modification time.
    pub modified: Option<SystemTime>,
    /// The [`fingerprint`] of its text.
    pub text: Option<u64>,
}

impl Stamp {
    /// The stamp of the file at `path` now.
    pub fn of(path: &std::path::Path) -> Stamp {
        Stamp {
            modified: std::fs::metadata(path).and_then(|m| m.modified()).ok(),
            text: std::fs::read_to_string(path).ok().map(|t| fingerprint(&t)),
        }
    }
}

/// What happens after a check.
#[derive(Clone, Copy, Debug)]
pub enum Next {
    /// It does not pass yet: keep watching it.
    Stay,
    /// It passes: watch this one now.
    MoveTo(&'static Exercise),
    /// It passes, and so does every exercise: the watch is over.
    AllDone,
}

impl PartialEq for Next {
    fn eq(&self, other: &Next) -> bool {
        match (self, other) {
            (Next::MoveTo(a), Next::MoveTo(b)) => a.id == b.id,
            (Next::Stay, Next::Stay) | (Next::AllDone, Next::AllDone) => true,
            _ => false,
        }
    }
}

/// Which exercise is watched, and what was last checked of it.
#[derive(Debug)]
pub struct Watch {
    /// The exercises in the order a student meets them.
    order: Vec<&'static Exercise>,
    /// Which of them were done when the watch began (or since).
    done: Vec<bool>,
    /// The one watched, as an index into `order`.
    current: usize,
    /// The stamp of its file when it was last checked; `None` before its
    /// first check.
    checked: Option<Stamp>,
}

impl Watch {
    /// A watch over `order`, of which those marked in `done` are done
    /// already: it begins at `start` if given, else at the first that is
    /// not done. `None` if every one is done and none was asked for.
    pub fn new(
        order: Vec<&'static Exercise>,
        done: Vec<bool>,
        start: Option<&Exercise>,
    ) -> Option<Watch> {
        let current = match start {
            Some(start) => order.iter().position(|e| e.id == start.id)?,
            None => done.iter().position(|d| !d)?,
        };
        Some(Watch {
            order,
            done,
            current,
            checked: None,
        })
    }

    /// The exercise watched.
    pub fn current(&self) -> &'static Exercise {
        self.order[self.current]
    }

    /// Whether to check the exercise now, its file's stamp being `stamp`:
    /// if it was never checked, or its file was saved since. If so, the
    /// stamp is taken as checked.
    pub fn should_check(&mut self, stamp: Stamp) -> bool {
        if self.checked == Some(stamp) {
            return false;
        }
        self.checked = Some(stamp);
        true
    }

    /// Takes note that the check passed or not, and says what is next: the
    /// same exercise, the next one not done (after this one, then from the
    /// start), or nothing.
    pub fn checked(&mut self, passed: bool) -> Next {
        if !passed {
            return Next::Stay;
        }
        self.done[self.current] = true;
        let n = self.order.len();
        let next = (1..n)
            .map(|step| (self.current + step) % n)
            .find(|&i| !self.done[i]);
        match next {
            Some(i) => {
                self.current = i;
                self.checked = None;
                Next::MoveTo(self.order[i])
            }
            None => Next::AllDone,
        }
    }
}

/// What the watcher needs from the world.
pub trait Env {
    /// The stamp of `exercise`'s file now.
    fn stamp(&mut self, exercise: &'static Exercise) -> Stamp;
    /// Checks `exercise`, says what passed and what failed, and returns
    /// whether it is done.
    fn check(&mut self, exercise: &'static Exercise) -> bool;
    /// Says `text` to the student.
    fn say(&mut self, text: &str);
    /// Waits until it is time to look at the file again; `false` stops the
    /// watch (the real one never does: Ctrl-C stops it).
    fn pause(&mut self) -> bool;
}

/// Watches, from `watch`'s current exercise on, until every exercise is
/// done (`true`) or `env` stops it (`false`).
pub fn run(mut watch: Watch, env: &mut impl Env) -> bool {
    loop {
        let exercise = watch.current();
        if watch.should_check(env.stamp(exercise)) {
            let passed = env.check(exercise);
            match watch.checked(passed) {
                Next::Stay => env.say(&format!(
                    "Watching {}: save it to check again (Ctrl-C to stop).",
                    exercise.file()
                )),
                Next::MoveTo(next) => {
                    env.say(&format!(
                        "{} is done. Next: {}, in {}.",
                        exercise.id,
                        next.id,
                        next.file()
                    ));
                    // The next one is checked at once: it may be done.
                    continue;
                }
                Next::AllDone => {
                    env.say(&format!(
                        "Every exercise is done: {} of {}.",
                        EXERCISES.len(),
                        EXERCISES.len()
                    ));
                    return true;
                }
            }
        }
        if !env.pause() {
            return false;
        }
    }
}

/// The watcher in a terminal: files on disk, `cargo build` for the
/// answers that are code, reports on stdout.
pub struct Terminal<'a> {
    /// The repository's root.
    pub root: &'a std::path::Path,
}

impl Env for Terminal<'_> {
    fn stamp(&mut self, exercise: &'static Exercise) -> Stamp {
        Stamp::of(&self.root.join(exercise.file()))
    }

    fn check(&mut self, exercise: &'static Exercise) -> bool {
        threeways_real::outln!("\n──── {} ────", exercise.id);
        let build = crate::check::build(self.root, &[exercise]);
        let checked = crate::check::check_and_reveal(self.root, &build, exercise, false);
        threeways_real::out!("{}", crate::check::describe(&checked));
        checked.status.is_done()
    }

    fn say(&mut self, text: &str) {
        threeways_real::outln!("\n{text}");
    }

    fn pause(&mut self) -> bool {
        std::thread::sleep(POLL);
        true
    }
}

/// `exercise watch [ID]`: checks every exercise once, then watches `start`,
/// or the first that is not done, until every one is. Returns whether every
/// one is done.
pub fn watch_in_terminal(root: &std::path::Path, start: Option<&'static Exercise>) -> bool {
    eprintln!("Building the exercises...");
    let all: Vec<&Exercise> = EXERCISES.iter().collect();
    let build = crate::check::build(root, &all);
    let checked: Vec<crate::check::Checked> = EXERCISES
        .iter()
        .map(|exercise| crate::check::check(root, &build, exercise))
        .collect();
    for one in &checked {
        threeways_real::outln!("{}", crate::check::summary_line(one));
    }
    threeways_real::out!("\n{}", crate::check::progress(&checked));
    let done = checked.iter().map(|one| one.status.is_done()).collect();
    let Some(watch) = Watch::new(EXERCISES.iter().collect(), done, start) else {
        return true;
    };
    run(watch, &mut Terminal { root })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    fn stamp(text: u64) -> Stamp {
        Stamp {
            modified: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(text)),
            text: Some(text),
        }
    }

    fn first(n: usize) -> Vec<&'static Exercise> {
        EXERCISES.iter().take(n).collect()
    }

    #[test]
    fn it_begins_at_the_first_not_done_or_where_asked() {
        let watch = Watch::new(first(3), vec![true, false, false], None).unwrap();
        assert_eq!(watch.current().id, EXERCISES[1].id);
        let asked = Watch::new(first(3), vec![true, false, false], Some(&EXERCISES[0])).unwrap();
        assert_eq!(asked.current().id, EXERCISES[0].id);
        assert!(Watch::new(first(2), vec![true, true], None).is_none());
        assert!(Watch::new(first(2), vec![false, false], Some(&EXERCISES[5])).is_none());
    }

    #[test]
    fn it_checks_at_first_then_only_after_a_save() {
        let mut watch = Watch::new(first(2), vec![false, false], None).unwrap();
        assert!(watch.should_check(stamp(1)));
        assert!(!watch.should_check(stamp(1)));
        assert!(!watch.should_check(stamp(1)));
        // Saved: a new time, the same text (an editor that saves anyway).
        let touched = Stamp {
            modified: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(9)),
            ..stamp(1)
        };
        assert!(watch.should_check(touched));
        // Saved in the same second with another text.
        let edited = Stamp {
            text: Some(2),
            ..touched
        };
        assert!(watch.should_check(edited));
        assert!(!watch.should_check(edited));
        // A file deleted, then brought back.
        let gone = Stamp {
            modified: None,
            text: None,
        };
        assert!(watch.should_check(gone));
        assert!(watch.should_check(edited));
    }

    #[test]
    fn it_stays_until_it_passes_then_moves_to_the_next_not_done() {
        let mut watch = Watch::new(first(4), vec![false, true, false, false], None).unwrap();
        assert!(watch.should_check(stamp(1)));
        assert_eq!(watch.checked(false), Next::Stay);
        assert_eq!(watch.current().id, EXERCISES[0].id);
        assert!(!watch.should_check(stamp(1)));
        assert!(watch.should_check(stamp(2)));
        // Done: the next is the third, the second being done already.
        assert_eq!(watch.checked(true), Next::MoveTo(&EXERCISES[2]));
        // A new exercise is checked at once, whatever its file's stamp.
        assert!(watch.should_check(stamp(2)));
        assert_eq!(watch.checked(true), Next::MoveTo(&EXERCISES[3]));
        assert!(watch.should_check(stamp(3)));
        assert_eq!(watch.checked(true), Next::AllDone);
    }

    #[test]
    fn after_the_last_it_goes_back_to_one_left_behind() {
        let mut watch =
            Watch::new(first(3), vec![false, false, false], Some(&EXERCISES[2])).unwrap();
        assert!(watch.should_check(stamp(1)));
        assert_eq!(watch.checked(true), Next::MoveTo(&EXERCISES[0]));
    }

    /// A student, scripted: what each look at the file finds, and what
    /// each check says.
    struct Scripted {
        stamps: VecDeque<Stamp>,
        results: VecDeque<bool>,
        checked: Vec<&'static str>,
        said: Vec<String>,
    }

    impl Env for Scripted {
        fn stamp(&mut self, _: &'static Exercise) -> Stamp {
            self.stamps.front().copied().unwrap_or(stamp(0))
        }
        fn check(&mut self, exercise: &'static Exercise) -> bool {
            self.checked.push(exercise.id);
            self.results
                .pop_front()
                .expect("a check the script did not expect")
        }
        fn say(&mut self, text: &str) {
            self.said.push(text.to_owned());
        }
        fn pause(&mut self) -> bool {
            self.stamps.pop_front();
            !self.stamps.is_empty()
        }
    }

    #[test]
    fn a_save_is_checked_once_and_a_pass_moves_on() {
        // Looks 1-3: the file as it was (checked once); 4: saved, still
        // wrong; 5: not saved; 6: saved, right, and the next exercise is
        // checked at once (it passes too); then all is done.
        let mut env = Scripted {
            stamps: [1, 1, 1, 2, 2, 3].map(stamp).into(),
            results: [false, false, true, true].into(),
            checked: Vec::new(),
            said: Vec::new(),
        };
        let watch = Watch::new(first(2), vec![false, false], None).unwrap();
        assert!(run(watch, &mut env));
        let (a, b) = (EXERCISES[0].id, EXERCISES[1].id);
        assert_eq!(env.checked, [a, a, a, b]);
        assert!(env.said[0].starts_with(&format!("Watching {}", EXERCISES[0].file())));
        assert!(env.said[2].starts_with(&format!("{a} is done. Next: {b}")));
        assert!(env.said[3].starts_with("Every exercise is done"));
    }

    #[test]
    fn a_watch_stopped_before_the_end_says_so() {
        let mut env = Scripted {
            stamps: [1, 1].map(stamp).into(),
            results: [false].into(),
            checked: Vec::new(),
            said: Vec::new(),
        };
        let watch = Watch::new(first(2), vec![false, false], None).unwrap();
        assert!(!run(watch, &mut env));
        assert_eq!(env.checked.len(), 1);
    }
}
