//! The benchmark's outputs in the book are generated, and checked, not
//! trusted: the chart and the page's table must be exactly what the
//! committed record renders to.

use std::path::PathBuf;
use threeways_bench::scale::{CHART_PATH, COMMAND, PAGE_PATH, RECORD_PATH};
use threeways_bench::{Record, chart, table};

fn repo_file(relative: &str) -> PathBuf {
    threeways_test_support::root().join(relative)
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(repo_file(relative))
        .unwrap_or_else(|error| panic!("cannot read {relative} ({error}); `{COMMAND}` writes it"))
}

fn record() -> Record {
    Record::from_json(&read(RECORD_PATH))
        .unwrap_or_else(|error| panic!("{RECORD_PATH}: {error}; `{COMMAND}` writes it again"))
}

#[test]
fn the_chart_is_rendered_from_the_record() {
    assert!(
        chart::render_svg(&record()) == read(CHART_PATH),
        "{CHART_PATH} is not what {RECORD_PATH} renders to; run `{COMMAND}` to make both again"
    );
}

#[test]
fn the_page_table_is_rendered_from_the_record() {
    let region = table::table_region(&record().rows);
    let page = read(PAGE_PATH);
    assert!(
        page.contains(&region),
        "the table in {PAGE_PATH} is not what {RECORD_PATH} renders to; run `{COMMAND}` \
         to make both again. Expected:\n{region}"
    );
}

#[test]
fn the_page_inlines_the_chart() {
    let page = read(PAGE_PATH);
    assert!(
        page.contains("\n\n{{#include bench/scale.svg}}\n\n"),
        "{PAGE_PATH} must include the chart on a line of its own, between blank lines, \
         so that mdBook pastes the SVG into the page and its colours follow the theme"
    );
}
