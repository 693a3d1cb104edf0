//! Reads the body of an insta snapshot file: the text after its YAML header.
//!
//! A `.snap` file is `---`, a header, `---`, then the snapshot as written.

/// The snapshot text in `file`, without the header and trailing newlines.
/// `None` if the file does not have the `---` header insta writes.
pub fn body(file: &str) -> Option<&str> {
    let rest = file.strip_prefix("---\n")?;
    let (_header, body) = rest.split_once("\n---\n")?;
    Some(body.trim_end_matches('\n'))
}

#[cfg(test)]
mod tests {
    #[test]
    fn strips_the_header() {
        let file = "---\nsource: tests/it/snapshots.rs\nexpression: text\n---\nline 1\nline 2\n";
        assert_eq!(super::body(file), Some("line 1\nline 2"));
        assert_eq!(super::body("no header"), None);
    }
}
