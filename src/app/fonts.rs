//! The embedded CJK font, installed after egui's own fonts so that Latin text keeps egui's look
//! and Chinese renders on any machine without system fonts.

use eframe::egui;
use egui::epaint::text::{FontData, FontInsert, FontPriority, InsertFontFamily};
use egui::{Context, FontFamily};

/// WenQuanYi Micro Hei cut to GB2312 (licence in `assets/fonts/`). It has no glyph for ℃: write °C.
static CJK_FONT: &[u8] = crate::render::FONT;

/// Name of the font in egui's font definitions.
pub const CJK_FONT_NAME: &str = "wqy-microhei-gb2312";

/// Adds the CJK font as the last fallback of the proportional and monospace families.
pub fn install(ctx: &Context) {
    let families = [FontFamily::Proportional, FontFamily::Monospace]
        .into_iter()
        .map(|family| InsertFontFamily {
            family,
            priority: FontPriority::Lowest,
        })
        .collect();
    ctx.add_font(FontInsert::new(
        CJK_FONT_NAME,
        FontData::from_static(CJK_FONT),
        families,
    ));
}
