//! The program that never ends: what a simulated world says when it finds
//! that nothing can ever happen again.
//!
//! A program hangs when every lane waits for something that no one left
//! will do: a thread joined while it waits on a channel nobody closes, a
//! task awaiting a message nobody sends, a callback chain whose last
//! continuation nobody will call. The real world cannot tell a hang from a
//! long wait, and the program simply never ends. Each simulated world can:
//!
//! - **blocking**: every simulated thread is blocked, and none is due to
//!   wake (the scheduler has nobody to hand its turn to);
//! - **callbacks**: the loop has nothing left to run (no callback ready, no
//!   timer set), and the program has not passed on its result;
//! - **async**: every task waits, and no timer is left that could wake one
//!   (tokio's paused clock would otherwise wait for ever).
//!
//! The world then ends the run at once, at that moment of virtual time,
//! with a report in the trace ([`report`]): a note on the world's lane,
//! then one per wait still under way, naming its lane and what it waits
//! on; each of those waits is drawn up to the moment, marked
//! [`HUNG_SPAN`]. The program's result is
//! [`Error::Hung`](threeways_model::Error::Hung).

use crate::STOPPED_LANE;
use std::time::Duration;
use threeways_model::Recorder;

/// The words every line of a hang report begins with.
pub const HUNG: &str = "hung:";

/// What a wait still under way at a hang has added to its label.
pub const HUNG_SPAN: &str = "(hung)";

/// The report's first line: `hung: every thread is blocked...`.
pub fn hung_note(why: &str) -> String {
    format!("{HUNG} {why}")
}

/// A line of the report for one wait: `hung: worker-1 waits: recv`.
pub fn waits_note(lane: &str, what: &str) -> String {
    format!("{HUNG} {lane} waits: {what}")
}

/// Writes down that the run recorded by `recorder` hung at `at`: nothing
/// can happen any more, and `why` says how the world knows. A note on the
/// world's lane says so, then one per wait under way, naming its lane and
/// what it waits on; each span under way ends at `at`, marked
/// [`HUNG_SPAN`]. Nothing is recorded after this.
pub fn report(recorder: &Recorder, at: Duration, why: &str) {
    recorder.seal(at, &STOPPED_LANE.into(), HUNG_SPAN, |waits| {
        let each = waits.iter().map(|(lane, what)| waits_note(lane, what));
        std::iter::once(hung_note(why)).chain(each).collect()
    });
}

/// What the blocking world says: no thread can run, or ever will.
pub const NO_THREAD_CAN_RUN: &str = "every thread is blocked, and none can wake another";

/// What the callback world says: the loop has nothing left to run.
pub const NO_CALLBACK_LEFT: &str = "the loop has nothing left to run, and `done` was not called";

/// What the async world says: every task waits, and nothing can wake one.
pub const NO_TASK_CAN_WAKE: &str = "every task waits, and no timer is left to wake one";

#[cfg(test)]
mod tests {
    use super::report;
    use threeways_model::{Clock, Lane, Recorder, SpanKind};
    use threeways_test_support::ms;

    #[test]
    fn a_hang_names_each_wait_and_ends_its_spans_there() {
        let recorder = Recorder::new();
        let (main, worker): (Lane, Lane) = ("main".into(), "worker-1".into());
        let _join = recorder.unseen_wait(&main, "join worker-1");
        let fetch = recorder.begin(ms(0), &worker, "fetch x", SpanKind::Wait);
        recorder.end(fetch, ms(10));
        let _recv = recorder.begin(ms(10), &worker, "recv", SpanKind::Wait);
        {
            let _gone = recorder.unseen_wait(&worker, "a wait that ended");
        }
        report(&recorder, ms(10), "nothing can happen");
        // Nothing after the hang counts: a lane taken down says nothing.
        recorder.note(ms(11), &worker, "too late");
        let text = recorder.finish(ms(10), Clock::Virtual, 2).render_text();
        assert_eq!(
            text,
            " 0 ms  worker-1  [wait 10 ms] fetch x\n\
             10 ms  worker-1  [wait 0 ms] recv (hung)\n\
             10 ms  world     hung: nothing can happen\n\
             10 ms  world     hung: main waits: join worker-1\n\
             10 ms  world     hung: worker-1 waits: recv\n\
             total: 10 ms (virtual), 2 threads\n"
        );
        assert!(recorder.is_sealed());
    }
}
