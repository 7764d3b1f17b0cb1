//! Design tokens: every colour the app draws with, in one place.

use crate::render::palette;
use eframe::egui;
use egui::Color32;

/// An egui colour of the one palette ([`crate::render::palette`], shared with the files).
pub const fn c32(c: crate::render::Color) -> Color32 {
    Color32::from_rgba_unmultiplied_const(c.r, c.g, c.b, c.a)
}

/// The scenario's lines.
pub const SCENARIO: Color32 = c32(palette::SCENARIO);
/// Income lines.
pub const INCOME: Color32 = c32(palette::INCOME);
/// Expenditure lines.
pub const EXPENDITURE: Color32 = c32(palette::EXPENDITURE);
/// Scheduled (not paid) expenditure.
pub const SCHEDULED: Color32 = c32(palette::SCHEDULED);
/// Backstop lines and bad news.
pub const DANGER: Color32 = c32(palette::DANGER);
/// Good news (a delta that helps the fund).
pub const GOOD: Color32 = Color32::from_rgb(0x2e, 0x8b, 0x57);
/// Marker of a lever the scenario changed nationally.
pub const CHANGED: Color32 = Color32::from_rgb(0xe0, 0x8a, 0x00);
/// Marker of a province override.
pub const PROVINCE_OVERRIDE: Color32 = Color32::from_rgb(0x8e, 0x44, 0xad);
/// Warnings in the status line.
pub const WARNING: Color32 = Color32::from_rgb(0xc7, 0x7c, 0x02);
/// Reference lines (other countries).
pub const REFERENCE: Color32 = c32(palette::REFERENCE);

/// The faint version of a colour, for the baseline drawn behind the scenario (the files'
/// [`palette::BASELINE_OPACITY`]).
pub fn faint(color: Color32) -> Color32 {
    color.gamma_multiply(palette::BASELINE_OPACITY)
}

/// Fill of the 6–9 month reserve band (as in the files).
pub fn band_fill() -> Color32 {
    c32(palette::BAND.alpha(palette::BAND_OPACITY))
}

/// Colours of compared scenarios, in legend order.
pub const COMPARE: [Color32; 5] = [
    c32(palette::COMPARE[0]),
    c32(palette::COMPARE[1]),
    c32(palette::COMPARE[2]),
    c32(palette::COMPARE[3]),
    c32(palette::COMPARE[4]),
];

/// Colours of the five income quintiles, lowest first.
pub const QUINTILES: [Color32; 5] = [
    c32(palette::QUINTILES[0]),
    c32(palette::QUINTILES[1]),
    c32(palette::QUINTILES[2]),
    c32(palette::QUINTILES[3]),
    c32(palette::QUINTILES[4]),
];

/// Grid cell colour for a months-of-reserve value (`None`: no expenditure), from the classes
/// of [`palette::MONTHS_CLASSES`] that the exported grid uses.
pub fn months_color(months: Option<f64>) -> Color32 {
    c32(palette::months_color(months))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_colours_are_the_files_colours() {
        assert_eq!(SCENARIO, Color32::from_rgb(0x1f, 0x6f, 0xd1));
        for (c, r) in QUINTILES.iter().zip(palette::QUINTILES) {
            assert_eq!((c.r(), c.g(), c.b()), (r.r, r.g, r.b));
        }
    }

    #[test]
    fn band_class_and_low_class_are_picked() {
        let class = |i: usize| c32(palette::MONTHS_CLASSES[i].1);
        assert_eq!(months_color(Some(7.0)), class(3));
        assert_eq!(months_color(Some(-1.0)), class(0));
        assert_eq!(months_color(Some(30.0)), class(5));
    }
}
