//! Design tokens: every colour the app draws with, in one place.

use eframe::egui;
use egui::Color32;

/// The scenario's lines.
pub const SCENARIO: Color32 = Color32::from_rgb(0x1f, 0x6f, 0xd1);
/// Income lines.
pub const INCOME: Color32 = Color32::from_rgb(0x2e, 0x9d, 0x5b);
/// Expenditure lines.
pub const EXPENDITURE: Color32 = Color32::from_rgb(0xd9, 0x5d, 0x39);
/// Scheduled (not paid) expenditure.
pub const SCHEDULED: Color32 = Color32::from_rgb(0xb0, 0x7a, 0xc9);
/// Backstop lines and bad news.
pub const DANGER: Color32 = Color32::from_rgb(0xc6, 0x28, 0x28);
/// Good news (a delta that helps the fund).
pub const GOOD: Color32 = Color32::from_rgb(0x2e, 0x8b, 0x57);
/// Marker of a lever the scenario changed nationally.
pub const CHANGED: Color32 = Color32::from_rgb(0xe0, 0x8a, 0x00);
/// Marker of a province override.
pub const PROVINCE_OVERRIDE: Color32 = Color32::from_rgb(0x8e, 0x44, 0xad);
/// Warnings in the status line.
pub const WARNING: Color32 = Color32::from_rgb(0xc7, 0x7c, 0x02);
/// Reference lines (other countries).
pub const REFERENCE: Color32 = Color32::from_rgb(0x7f, 0x8c, 0x8d);

/// Alpha of the baseline drawn behind the scenario.
const BASELINE_ALPHA: f32 = 0.35;

/// The faint version of a colour, for the baseline drawn behind the scenario.
pub fn faint(color: Color32) -> Color32 {
    color.gamma_multiply(BASELINE_ALPHA)
}

/// Fill of the 6–9 month reserve band.
pub fn band_fill() -> Color32 {
    Color32::from_rgba_unmultiplied(0x2e, 0x9d, 0x5b, 40)
}

/// Colours of compared scenarios, in legend order.
pub const COMPARE: [Color32; 5] = [
    Color32::from_rgb(0xe6, 0x7e, 0x22),
    Color32::from_rgb(0x8e, 0x44, 0xad),
    Color32::from_rgb(0x16, 0xa0, 0x85),
    Color32::from_rgb(0xc0, 0x39, 0x2b),
    Color32::from_rgb(0x7f, 0x6a, 0x3c),
];

/// Colours of the five income quintiles, lowest first.
pub const QUINTILES: [Color32; 5] = [
    Color32::from_rgb(0xc6, 0x28, 0x28),
    Color32::from_rgb(0xe6, 0x7e, 0x22),
    Color32::from_rgb(0xb7, 0x95, 0x0b),
    Color32::from_rgb(0x2e, 0x9d, 0x5b),
    Color32::from_rgb(0x1f, 0x6f, 0xd1),
];

/// The reserve classes of the province grid, band-aware, with their lower bounds in months:
/// the colour-blind-safe ColorBrewer RdYlBu classes shared with the exported charts
/// (`crate::render::palette::MONTHS_CLASSES`).
pub const MONTHS_CLASSES: [(f64, Color32); 6] = [
    (f64::NEG_INFINITY, Color32::from_rgb(0xa5, 0x00, 0x26)),
    (0.5, Color32::from_rgb(0xf4, 0x6d, 0x43)),
    (3.0, Color32::from_rgb(0xfe, 0xe0, 0x90)),
    (6.0, Color32::from_rgb(0xab, 0xd9, 0xe9)),
    (9.0, Color32::from_rgb(0x74, 0xad, 0xd1)),
    (18.0, Color32::from_rgb(0x31, 0x36, 0x95)),
];

/// Grid cell colour for a months-of-reserve value (`None`: no expenditure).
pub fn months_color(months: Option<f64>) -> Color32 {
    let Some(m) = months else {
        return Color32::from_gray(128);
    };
    MONTHS_CLASSES
        .iter()
        .rev()
        .find(|(lo, _)| m >= *lo)
        .map_or(MONTHS_CLASSES[0].1, |(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_palette_matches_the_exported_charts() {
        for ((lo, c), (rlo, rc)) in MONTHS_CLASSES
            .iter()
            .zip(crate::render::palette::MONTHS_CLASSES)
        {
            assert_eq!(*lo, rlo);
            assert_eq!((c.r(), c.g(), c.b()), (rc.r, rc.g, rc.b));
        }
    }

    #[test]
    fn band_class_and_low_class_are_picked() {
        assert_eq!(months_color(Some(7.0)), MONTHS_CLASSES[3].1);
        assert_eq!(months_color(Some(-1.0)), MONTHS_CLASSES[0].1);
        assert_eq!(months_color(Some(30.0)), MONTHS_CLASSES[5].1);
    }
}
