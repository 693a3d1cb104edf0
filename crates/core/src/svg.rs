//! Writing SVG by hand, for the timelines and the benchmark's chart: one
//! element a line, coordinates that print the same on every platform, and
//! text that stays text.
//!
//! The pictures are pasted into Markdown pages, where a blank line would
//! end the HTML block; writing one element a line, with line breaks in text
//! escaped, makes sure there is none.

use std::fmt::{self, Write as _};

/// The SVG text being written.
#[derive(Debug, Default)]
pub struct Svg(String);

impl Svg {
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
}
