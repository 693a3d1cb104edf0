//! Every chapter in every style, in the simulated world, against its
//! snapshot. A new or changed snapshot fails under `CI=true`; locally insta
//! writes a `.snap.new` beside it to be read and accepted (or not).

use threeways::run;
use threeways_core::{CHAPTERS, Style};

#[test]
fn every_chapter_in_every_style_matches_its_snapshot() {
    for chapter in CHAPTERS {
        for style in Style::ALL {
            let text = run(chapter.id, style).trace.render_text();
            insta::with_settings!({
                snapshot_path => "../snapshots",
                prepend_module_to_snapshot => false,
                omit_expression => true,
            }, {
                insta::assert_snapshot!(chapter.id.snapshot_name(style), text);
            });
        }
    }
}
