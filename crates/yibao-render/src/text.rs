//! Text metrics from the embedded font, so that the layout and both backends agree on widths.

use super::{FONT, RenderError};
use ab_glyph::{Font, FontRef, PxScale, ScaleFont};

/// The embedded font, parsed.
pub fn font() -> Result<FontRef<'static>, RenderError> {
    FontRef::try_from_slice(FONT).map_err(|_| RenderError::Font)
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
