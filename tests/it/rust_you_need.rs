//! The appendix *The Rust you need* (`book/src/rust-you-need.md`) keeps its
//! promises: each item quotes its first use from the lesson files of the
//! chapter it names, that chapter links back to the item, and each item
//! names its chapter of the Rust Book.

use std::path::Path;
use threeways_model::{CHAPTERS, ChapterId};
use threeways_test_support::root as repo_root;
use threeways_test_support::{read, rust_files};

/// One item of the appendix: its id, the page it says first uses it, the
/// line it quotes from there, and its link to the Rust Book.
#[derive(Debug)]
struct Item {
    id: String,
    page: String,
    quoted: String,
    book: String,
}

fn items(appendix: &str) -> Vec<Item> {
    appendix
        .split("\n## ")
        .skip(1)
        .map(|section| {
            let heading = section.lines().next().unwrap();
            let id = heading
                .split_once("{#")
                .and_then(|(_, rest)| rest.strip_suffix('}'))
                .unwrap_or_else(|| panic!("`{heading}` has no {{#id}}"))
                .to_owned();
            // The item's first paragraph, on one line.
            let first: String = section
                .split("\n\n")
                .nth(1)
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let used = first
                .strip_prefix("**First used:** [")
                .unwrap_or_else(|| panic!("{id}: no **First used:** line"));
            let (_, rest) = used.split_once("](").unwrap();
            let (target, rest) = rest.split_once(')').unwrap();
            let page = target.split('#').next().unwrap().to_owned();
            let (_, rest) = rest
                .split_once(", in `")
                .unwrap_or_else(|| panic!("{id}: no quoted first use"));
            let (quoted, rest) = rest.split_once("` · ").unwrap();
            let (_, book) = rest
                .split_once("**The Rust Book:**")
                .unwrap_or_else(|| panic!("{id}: no **The Rust Book:** link"));
            Item {
                id,
                page,
                quoted: quoted.to_owned(),
                book: book.to_owned(),
            }
        })
        .collect()
}

/// The Rust lesson files of the chapter whose pages include `page`, on one
/// line each (whitespace collapsed), and the chapter.
fn lessons_of(page: &str) -> (ChapterId, Vec<String>) {
    let summary = read(&repo_root().join("book/src/SUMMARY.md"));
    let chapter = CHAPTERS
        .iter()
        .find(|chapter| {
            threeways_book::summary::chapter_pages(&summary, chapter.slug)
                .contains(&page.to_owned())
        })
        .unwrap_or_else(|| panic!("{page} is no chapter's page"))
        .id;
    let module = chapter.module_name();
    let mut files = Vec::new();
    for style in chapter.styles() {
        let folder = repo_root().join(format!("crates/{style}/src/chapters"));
        files.push(folder.join(format!("{module}.rs")));
        let inner = folder.join(&module);
        if inner.is_dir() {
            files.extend(rust_files(&inner));
        }
    }
    let texts = files
        .iter()
        .filter(|file| file.exists())
        .map(|file| one_line(&read(file)))
        .collect();
    (chapter, texts)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn each_item_quotes_its_first_use_and_is_linked_from_there() {
    let root = repo_root();
    let appendix = read(&root.join("book/src/rust-you-need.md"));
    let items = items(&appendix);
    assert!(items.len() >= 15, "only {} items: {items:?}", items.len());
    for item in &items {
        let (chapter, lessons) = lessons_of(&item.page);
        assert!(
            lessons.iter().any(|lesson| lesson.contains(&item.quoted)),
            "{}: `{}` is in no lesson file of {chapter:?}",
            item.id,
            item.quoted
        );
        // No chapter before it uses the line it quotes: a first use.
        let earlier = CHAPTERS.iter().take_while(|c| c.id != chapter);
        for before in earlier {
            let (_, texts) = lessons_of(&format!("{}.md", before.slug));
            assert!(
                !texts.iter().any(|text| text.contains(&item.quoted)),
                "{}: `{}` is used already in {}",
                item.id,
                item.quoted,
                before.slug
            );
        }
        let page = read(&Path::new(&root).join("book/src").join(&item.page));
        assert!(
            page.contains(&format!("(rust-you-need.md#{})", item.id)),
            "{} does not link to the item it first uses: rust-you-need.md#{}",
            item.page,
            item.id
        );
        assert!(
            item.book.contains("](https://doc.rust-lang.org/"),
            "{}: the Rust Book link is {}",
            item.id,
            item.book
        );
    }
    // Every item a chapter links to exists.
    for page in std::fs::read_dir(root.join("book/src")).unwrap() {
        let path = page.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let text = read(&path);
            for link in text.split("(rust-you-need.md#").skip(1) {
                let id = link.split(')').next().unwrap();
                assert!(
                    items.iter().any(|item| item.id == id),
                    "{}: no item #{id} in rust-you-need.md",
                    path.display()
                );
            }
        }
    }
}
