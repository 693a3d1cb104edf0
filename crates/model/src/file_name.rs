//! The name a downloaded file is saved under.
//!
//! A URL comes from outside, so its last segment may be empty, `..`, or hold
//! characters that mean something to a file system. The name is cut down to a
//! safe, non-empty file name that stays inside the folder it is written to.

/// The file name to save `url` under: its last path segment, with every
/// character outside `A-Z a-z 0-9 . _ -` replaced by `_` and leading dots
/// removed (so no `..` and no hidden files), cut to 255 bytes (the most a
/// file system takes) with the extension kept. An empty result becomes
/// `index.html`, as a browser would save a folder URL.
pub fn file_name_for(url: &str) -> String {
    let path = crate::url::UrlParts::of(url).path;
    // `/poems/` is saved as `poems`, as a folder's own page.
    let last = path.split('/').rfind(|segment| !segment.is_empty());
    let cleaned: String = last
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = cleaned.trim_start_matches('.');
    if name.is_empty() {
        "index.html".to_owned()
    } else {
        shortened(name)
    }
}

/// The longest file name most file systems take, in bytes.
const MAX_NAME: usize = 255;
/// The longest extension kept when a name is shortened (`.tar.gz` is two).
const MAX_EXTENSION: usize = 16;

/// `name` (ASCII only) cut to [`MAX_NAME`] bytes, keeping its extension:
/// `aaaa...aaa.txt` stays a `.txt` file.
fn shortened(name: &str) -> String {
    if name.len() <= MAX_NAME {
        return name.to_owned();
    }
    let extension = name
        .rfind('.')
        .map(|dot| &name[dot..])
        .filter(|extension| extension.len() <= MAX_EXTENSION)
        .unwrap_or_default();
    let stem = &name[..MAX_NAME - extension.len()];
    format!("{stem}{extension}")
}

#[cfg(test)]
mod tests {
    use super::file_name_for;

    #[test]
    fn takes_the_last_segment() {
        assert_eq!(file_name_for("http://example.com/a/b/poem.txt"), "poem.txt");
        assert_eq!(
            file_name_for("http://example.com/poem.txt?x=1#top"),
            "poem.txt"
        );
        assert_eq!(file_name_for("http://example.com/dir/"), "dir");
    }

    #[test]
    fn never_escapes_the_folder() {
        assert_eq!(file_name_for("http://example.com/"), "index.html");
        assert_eq!(file_name_for("http://example.com"), "index.html");
        assert_eq!(file_name_for("http://example.com/.."), "index.html");
        assert_eq!(
            file_name_for("http://example.com/..%2fetc%2fpasswd"),
            "_2fetc_2fpasswd"
        );
        assert_eq!(file_name_for("http://example.com/a\\b:c"), "a_b_c");
        assert_eq!(file_name_for("http://example.com/.hidden"), "hidden");
    }

    #[test]
    fn a_long_name_is_cut_to_255_bytes_and_keeps_its_extension() {
        let long = format!("http://example.com/{}.txt", "a".repeat(400));
        let name = file_name_for(&long);
        assert_eq!(name.len(), 255);
        assert!(name.ends_with("aaa.txt"), "{name}");
        let no_extension = format!("http://example.com/{}", "b".repeat(300));
        assert_eq!(file_name_for(&no_extension), "b".repeat(255));
        // An "extension" too long to be one is not kept whole.
        let odd = format!("http://example.com/x.{}", "c".repeat(300));
        assert_eq!(file_name_for(&odd).len(), 255);
        let fits = format!("http://example.com/{}.txt", "d".repeat(251));
        assert_eq!(file_name_for(&fits).len(), 255);
    }
}
