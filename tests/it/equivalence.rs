//! The three styles are three ways to write one program: they must produce
//! the same files and values, and each must produce the same trace every
//! time it runs.

use threeways::run;
use threeways_core::{CHAPTERS, Scenario, Style};

#[test]
fn the_styles_produce_equal_outcomes() {
    for chapter in CHAPTERS {
        let blocking = run(chapter.id, Style::Blocking).outcome;
        for style in [Style::Callbacks, Style::Async] {
            assert_eq!(
                run(chapter.id, style).outcome,
                blocking,
                "{} in the {style} style differs from the blocking style",
                chapter.slug
            );
        }
    }
}

#[test]
fn a_second_run_gives_the_same_bytes() {
    for chapter in CHAPTERS {
        for style in Style::ALL {
            let first = run(chapter.id, style).trace.render_text();
            let second = run(chapter.id, style).trace.render_text();
            assert_eq!(first, second, "{} in the {style} style", chapter.slug);
        }
    }
}

/// `download` saves the scenario's page under the name taken from its URL,
/// byte for byte, and takes the network's latency plus the disk's.
#[test]
fn download_saves_the_page_and_takes_both_waits() {
    use threeways_core::ChapterId;
    let scenario = Scenario::for_chapter(ChapterId::Download);
    let page = &scenario.pages[0];
    for style in Style::ALL {
        let run = run(ChapterId::Download, style);
        let name = threeways_core::file_name_for(&page.url);
        assert_eq!(run.outcome.values, std::slice::from_ref(&name), "{style}");
        assert_eq!(run.outcome.files.get(&name), Some(&page.body), "{style}");
        assert_eq!(
            run.trace.total,
            page.latency + scenario.disk_latency,
            "{style}"
        );
    }
}
