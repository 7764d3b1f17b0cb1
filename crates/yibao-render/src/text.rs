//! Text metrics from the embedded font, so that the layout and both backends agree on widths.

use super::{FONT, RenderError};
use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use std::sync::OnceLock;

/// The embedded font, parsed once per process (every text width of a layout and every text
/// run of a PNG reads it; parsing its tables each time was a tenth of a report's work).
pub fn font() -> Result<FontRef<'static>, RenderError> {
    static PARSED: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    PARSED
        .get_or_init(|| FontRef::try_from_slice(FONT).ok())
        .clone()
        .ok_or(RenderError::Font)
}

/// Width of `text` at `size` logical pixels (0 when the font does not load).
pub fn width(text: &str, size: f32) -> f32 {
    let Ok(font) = font() else {
        return 0.0;
    };
    let scaled = font.as_scaled(PxScale::from(size));
    text.chars()
        .map(|c| scaled.h_advance(scaled.glyph_id(c)))
        .sum()
}

/// `text` cut to fit `max` logical pixels at `size`, with an ellipsis when cut.
pub fn fit(text: &str, size: f32, max: f32) -> String {
    if width(text, size) <= max {
        return text.to_owned();
    }
    let mut out: String = text.to_owned();
    while !out.is_empty() && width(&format!("{out}…"), size) > max {
        out.pop();
    }
    format!("{out}…")
}

/// `text` broken into lines of at most `max` logical pixels at `size`: at spaces where a line
/// has one (English), else between any two characters (Chinese). Nothing is cut; a single
/// character wider than `max` gets a line of its own.
pub fn wrap(text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for c in text.chars() {
        line.push(c);
        if width(line.trim_end(), size) <= max || line.chars().count() == 1 {
            continue;
        }
        line.pop();
        // Break after the last space of the line if it has one, else before this character.
        let (head, tail) = match line.rfind(' ') {
            Some(i) if i > 0 => (line[..i].to_owned(), line[i + 1..].to_owned()),
            _ => (line.clone(), String::new()),
        };
        lines.push(head.trim_end().to_owned());
        line = tail;
        line.push(c);
    }
    if !line.trim().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_fit_and_keep_every_character() {
        for (s, max) in [
            ("累计结存（不计兜底等平衡措施）（基准）", 120.0),
            (
                "Balance without balancing measures (Baseline); off the chart from 2041",
                150.0,
            ),
            ("short", 300.0),
        ] {
            let lines = wrap(s, 18.0, max);
            for l in &lines {
                assert!(width(l, 18.0) <= max, "{l}");
            }
            let joined: String = lines.concat();
            let strip = |t: &str| t.chars().filter(|c| *c != ' ').collect::<String>();
            assert_eq!(strip(&joined), strip(s));
        }
        assert_eq!(wrap("short", 18.0, 300.0), vec!["short"]);
    }
}
