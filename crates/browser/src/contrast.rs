//! Contrast between two colours, as WCAG 2 measures it: from 1 (none) to
//! 21 (black on white). Text wants 4.5 or more, lines and shapes 3.

/// A colour as a browser reports it: `rgb(r, g, b)` or `rgba(r, g, b, a)`.
pub fn parse(css: &str) -> Option<[f64; 3]> {
    let inside = css
        .strip_prefix("rgba(")
        .or_else(|| css.strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let parts: Vec<f64> = inside
        .split([',', ' ', '/'])
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    match parts.as_slice() {
        [r, g, b] | [r, g, b, _] => Some([*r, *g, *b]),
        _ => None,
    }
}

/// Relative luminance of an sRGB colour with channels 0 to 255.
fn luminance(rgb: [f64; 3]) -> f64 {
    let [r, g, b] = rgb.map(|c| {
        let c = c / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    });
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

/// The contrast ratio between two colours.
pub fn ratio(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_as_wcag_does() {
        let white = parse("rgb(255, 255, 255)").unwrap();
        let black = parse("rgba(0, 0, 0, 1)").unwrap();
        assert!((ratio(white, black) - 21.0).abs() < 1e-9);
        assert!((ratio(white, white) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1.
        let grey = parse("rgb(118, 118, 118)").unwrap();
        assert!((ratio(grey, white) - 4.54).abs() < 0.01);
        assert_eq!(parse("red"), None);
    }
}
