//! Every program of every chapter, in the simulated world, against its
//! snapshots: the trace as text, and the timeline as SVG. A new or changed
//! snapshot fails under `CI=true`; locally insta writes a `.snap.new`
//! beside it to be read and accepted (or not). Each also ends as the
//! registry says its lesson ends (`Program::lesson_error`), which `run`'s
//! exit code goes by.

use threeways::run;
use threeways_model::CHAPTERS;
use threeways_present::timeline::render_svg;

#[test]
fn every_program_matches_its_snapshots() {
    for chapter in CHAPTERS {
        for program in chapter.id.programs() {
            let run = run(program);
            assert_eq!(
                run.outcome.result.as_ref().err(),
                program.lesson_error().as_ref(),
                "{program} does not end as the registry says its lesson does"
            );
            let name = program.snapshot_name();
            insta::with_settings!({
                snapshot_path => "../snapshots",
                prepend_module_to_snapshot => false,
                omit_expression => true,
            }, {
                insta::assert_snapshot!(name.clone(), run.render_text());
            });
            insta::with_settings!({
                snapshot_path => "../snapshots/timelines",
                prepend_module_to_snapshot => false,
                omit_expression => true,
            }, {
                insta::assert_snapshot!(name, render_svg(&run.trace));
            });
        }
    }
}
