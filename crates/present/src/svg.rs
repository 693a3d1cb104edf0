//! Writing SVG by hand, for the timelines and the benchmark's chart: one
//! element a line, coordinates that print the same on every platform, and
//! text that stays text.
//!
//! The pictures are pasted into Markdown pages, where a blank line would
//! end the HTML block; writing one element a line, with line breaks in text
//! escaped, makes sure there is none. Both pictures open the same way
//! ([`Svg::open`]: inline, themed by their own style sheet, described for
//! screen readers) and estimate text widths the same way ([`text_width`]).

use std::borrow::Cow;
use std::fmt::{self, Write as _};

/// The estimated advance of one character of the 11 px monospace font the
/// pictures' style sheets set. Only an estimate: the reader's font decides,
/// so labels are given some room to spare.
pub const CHAR_WIDTH: f64 = 6.5;

/// The estimated width of `text` in the pictures' font.
pub fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

/// `text`, cut and ended with `…` if it is estimated to be wider than `room`.
pub fn shorten(text: &str, room: f64) -> Cow<'_, str> {
    // Truncation is intended: a character that does not fit whole is cut.
    let fits = (room / CHAR_WIDTH) as usize;
    if text.chars().count() <= fits {
        return Cow::Borrowed(text);
    }
    let kept: String = text.chars().take(fits.saturating_sub(1)).collect();
    // `on …` would read as a word left out; `on…` as a name cut short.
    Cow::Owned(format!("{}…", kept.trim_end()))
}

/// The SVG text being written.
#[derive(Debug, Default)]
pub struct Svg(String);

impl Svg {
    /// A picture `width` by `height` units that scales down to fit its
    /// column, of class `class`, described to screen readers as `label`,
    /// with its style sheet, `rules`, one a line. The page pastes it into
    /// its HTML, so the rules apply to the whole page: each starts with the
    /// picture's class.
    pub fn open(class: &str, width: f64, height: f64, label: &str, rules: &[&str]) -> Svg {
        let mut svg = Svg::default();
        svg.line(format_args!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="{class}" viewBox="0 0 {} {}" width="100%" style="max-width:{}px" role="img" aria-label="{}">"#,
            Px(width),
            Px(height),
            Px(width),
            Escaped(label),
        ));
        svg.line(format_args!("<style>"));
        for rule in rules {
            svg.line(format_args!("{rule}"));
        }
        svg.line(format_args!("</style>"));
        svg
    }

    /// The text written so far.
    pub fn into_string(self) -> String {
        self.0
    }

    /// Writes one line. Callers write one element a line, which keeps the
    /// output diffable and free of blank lines.
    pub fn line(&mut self, args: fmt::Arguments<'_>) {
        self.0
            .write_fmt(args)
            .expect("writing to a String cannot fail");
        self.0.push('\n');
    }
}

/// A coordinate, written with at most one decimal and without a trailing
/// `.0`: `12.3`, `40`. Written from an integer count of tenths, so there is
/// no `-0` and nothing depends on the platform's float formatting.
#[derive(Clone, Copy, Debug)]
pub struct Px(pub f64);

impl fmt::Display for Px {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `as` saturates, and turns a NaN into 0: a wrong place in the
        // picture rather than an unreadable SVG.
        let tenths = (self.0 * 10.0).round() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let tenths = tenths.unsigned_abs();
        write!(f, "{sign}{}", tenths / 10)?;
        match tenths % 10 {
            0 => Ok(()),
            tenth => write!(f, ".{tenth}"),
        }
    }
}

/// Text made safe for XML, as element content or as an attribute value in
/// double quotes.
#[derive(Clone, Copy, Debug)]
pub struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                // A raw line break would split an element over lines, and two
                // would make a blank line, which ends Markdown's HTML block.
                '\n' => f.write_str("&#10;")?,
                '\r' => f.write_str("&#13;")?,
                '\t' => f.write_char(c)?,
                // XML does not allow the other control characters at all,
                // not even as references.
                c if c.is_control() => f.write_char(char::REPLACEMENT_CHARACTER)?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_and_text_print_the_same_everywhere() {
        assert_eq!(Px(12.34).to_string(), "12.3");
        assert_eq!(Px(40.0).to_string(), "40");
        assert_eq!(Px(-0.01).to_string(), "0");
        assert_eq!(
            Escaped("a<b & \"c\"\n").to_string(),
            "a&lt;b &amp; &quot;c&quot;&#10;"
        );
        let mut svg = Svg::default();
        svg.line(format_args!("<g>"));
        svg.line(format_args!("</g>"));
        assert_eq!(svg.into_string(), "<g>\n</g>\n");
    }

    #[test]
    fn a_picture_opens_with_its_size_description_and_style_sheet() {
        let svg = Svg::open("x-pic", 720.0, 100.5, "a <b>", &[".x-pic{}"]);
        assert_eq!(
            svg.into_string(),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"x-pic\" viewBox=\"0 0 720 100.5\" \
             width=\"100%\" style=\"max-width:720px\" role=\"img\" aria-label=\"a &lt;b&gt;\">\n\
             <style>\n.x-pic{}\n</style>\n"
        );
    }

    #[test]
    fn text_too_wide_for_its_room_is_cut_short() {
        assert_eq!(text_width("main"), 26.0);
        assert!(matches!(shorten("main", 26.0), Cow::Borrowed("main")));
        assert_eq!(shorten("a name on and on", 6.5 * 10.0), "a name on…");
    }
}
