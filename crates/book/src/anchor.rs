//! Cuts the text between `// ANCHOR: name` and `// ANCHOR_END: name` out of
//! a source file, the way mdBook's `{{#include file:name}}` does, but saying
//! so when the anchor is missing or never closed (mdBook silently renders
//! nothing).

/// Why an anchor could not be cut out.
#[derive(Debug, PartialEq, Eq)]
pub enum AnchorProblem {
    /// No line says `ANCHOR: name`.
    Missing,
    /// `ANCHOR: name` is there but `ANCHOR_END: name` is not after it.
    Unclosed,
}

/// The lines between the markers of anchor `name`, without the markers of
/// any anchors nested inside, ending in a newline.
pub fn extract(source: &str, name: &str) -> Result<String, AnchorProblem> {
    let mut lines = source.lines();
    if !lines
        .by_ref()
        .any(|line| marker(line, "ANCHOR:") == Some(name))
    {
        return Err(AnchorProblem::Missing);
    }
    let mut out = String::new();
    for line in lines {
        if marker(line, "ANCHOR_END:") == Some(name) {
            return Ok(out);
        }
        if marker(line, "ANCHOR:").is_none() && marker(line, "ANCHOR_END:").is_none() {
            out.push_str(line);
            out.push('\n');
        }
    }
    Err(AnchorProblem::Unclosed)
}

/// The whole of `source` without its anchor marker lines, as mdBook shows a
/// file included whole.
pub fn without_markers(source: &str) -> String {
    source
        .lines()
        .filter(|line| marker(line, "ANCHOR:").is_none() && marker(line, "ANCHOR_END:").is_none())
        .flat_map(|line| [line, "\n"])
        .collect()
}

/// Every anchor name that a line of `source` opens with `ANCHOR:`.
pub fn names(source: &str) -> Vec<&str> {
    source
        .lines()
        .filter_map(|line| marker(line, "ANCHOR:"))
        .collect()
}

/// The anchor name after `keyword` on `line`, if the line is such a marker.
fn marker<'a>(line: &'a str, keyword: &str) -> Option<&'a str> {
    let (_, rest) = line.split_once(keyword)?;
    let name = rest.trim_start();
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(name.len());
    (end > 0).then(|| &name[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "use x;\n// ANCHOR: all\nfn a() {}\n// ANCHOR: inner\nfn b() {}\n// ANCHOR_END: inner\n// ANCHOR_END: all\n";

    #[test]
    fn cuts_out_an_anchor_without_nested_markers() {
        assert_eq!(extract(SOURCE, "all"), Ok("fn a() {}\nfn b() {}\n".into()));
        assert_eq!(extract(SOURCE, "inner"), Ok("fn b() {}\n".into()));
        assert_eq!(names(SOURCE), ["all", "inner"]);
        assert_eq!(without_markers(SOURCE), "use x;\nfn a() {}\nfn b() {}\n");
    }

    #[test]
    fn says_what_is_wrong() {
        assert_eq!(extract(SOURCE, "nosuch"), Err(AnchorProblem::Missing));
        let unclosed = SOURCE.replace("// ANCHOR_END: inner\n", "");
        assert_eq!(extract(&unclosed, "inner"), Err(AnchorProblem::Unclosed));
        // `all` is a prefix of nothing here, but a longer name must not match it.
        assert_eq!(
            extract("// ANCHOR: alls\nx\n// ANCHOR_END: alls\n", "all"),
            Err(AnchorProblem::Missing)
        );
    }
}
