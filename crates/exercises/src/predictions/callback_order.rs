//! Prediction `predict-callback-order` (chapter `download`): two fetches on
//! the event loop, each with its continuation. Aimed at the belief that a
//! callback runs inside the call that takes it, or in the order the calls
//! were made.

use threeways_callbacks::io::{fetch, write_file};
use threeways_callbacks::{EventLoop, note};
use threeways_model::{Page, Run, Scenario};
use threeways_world::Mode;

// ANCHOR: program
/// The poem takes 120 ms to arrive, the news 40 ms; a write takes 5 ms.
const POEM: (&str, u64) = ("http://example.com/poem", 120);
const NEWS: (&str, u64) = ("http://example.com/news", 40);

fn main(lp: &mut EventLoop) {
    note!(lp, "main: asking for the poem");
    fetch(lp, POEM.0, |lp, poem| {
        note!(lp, "poem: arrived");
        if let Ok(poem) = poem {
            write_file(lp, "poem.txt", poem, |lp, _written| {
                note!(lp, "poem: saved");
            });
        }
    });
    note!(lp, "main: asking for the news");
    fetch(lp, NEWS.0, |lp, _news| {
        note!(lp, "news: arrived");
    });
    note!(lp, "main: returns");
}
// ANCHOR_END: program

/// Runs the program in the simulated world.
pub fn run() -> Run {
    let scenario = Scenario {
        pages: vec![
            Page::new(POEM.0, "Tyger Tyger, burning bright\n", POEM.1),
            Page::new(NEWS.0, "all quiet\n", NEWS.1),
        ],
        disk_latency: std::time::Duration::from_millis(5),
        ..Scenario::default()
    };
    threeways_callbacks::run_program(&Mode::Simulated, &scenario, |lp, finish| {
        main(lp);
        finish(lp, Ok(vec![format!("{:?}", ())]));
    })
}
