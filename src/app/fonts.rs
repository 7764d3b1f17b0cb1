//! Fonts. The interface uses the embedded CJK font, a GB2312 subset installed after egui's own
//! fonts so that Latin text keeps egui's look and Chinese renders on any machine without system
//! fonts. User text (titles, descriptions, references, file names) may hold characters outside
//! GB2312, common in names (镕 堃 喆 玥 赟): for those, a system CJK font is added after the
//! subset as the last fallback, found off the UI thread when the window opens.
//!
//! The rule for the system font: in the font folders of the system and the user (below), font
//! files whose names match well-known CJK families are tried first (Noto/Source Han Sans CJK,
//! WenQuanYi, Droid Sans Fallback, AR PL, the UOS and Kylin defaults, SimSun, Microsoft YaHei,
//! PingFang), then any other font file of more than 2 MB; the first face that has a glyph for
//! every character of [`PROBE_CHARS`] is used (in a collection, a Simplified Chinese face
//! first). Without one, those characters show as boxes and the rest of the app is unchanged.

use eframe::egui;
use egui::epaint::text::{FontData, FontInsert, FontPriority, InsertFontFamily};
use egui::{Context, FontFamily};
use std::path::{Path, PathBuf};

/// WenQuanYi Micro Hei cut to GB2312 (licence in `assets/fonts/`). It has no glyph for ℃: write °C.
static CJK_FONT: &[u8] = crate::render::FONT;

/// Name of the font in egui's font definitions.
pub const CJK_FONT_NAME: &str = "wqy-microhei-gb2312";

/// Name of the system fallback font in egui's font definitions.
pub const SYSTEM_FONT_NAME: &str = "system-cjk";

/// Characters outside GB2312 a system font must have to be used as the fallback.
pub const PROBE_CHARS: &str = "镕堃喆玥赟";

/// File name parts of well-known CJK fonts, tried first, in this order (lower case).
const KNOWN: [&str; 16] = [
    "notosanscjk",
    "sourcehansans",
    "notoserifcjk",
    "sourcehanserif",
    "wqy-zenhei",
    "wqy-microhei",
    "droidsansfallback",
    "uming",
    "ukai",
    "unifont",
    "sarasa",
    "simsun",
    "msyh",
    "pingfang",
    "hiragino",
    "noto",
];

/// Adds the CJK font as the last fallback of the proportional and monospace families.
pub fn install(ctx: &Context) {
    add_fallback(ctx, CJK_FONT_NAME, FontData::from_static(CJK_FONT));
}

fn add_fallback(ctx: &Context, name: &str, data: FontData) {
    let families = [FontFamily::Proportional, FontFamily::Monospace]
        .into_iter()
        .map(|family| InsertFontFamily {
            family,
            priority: FontPriority::Lowest,
        })
        .collect();
    ctx.add_font(FontInsert::new(name, data, families));
}

/// Looks for a system CJK font on a worker thread and, when one is found, adds it after the
/// embedded font and repaints.
pub fn install_system_fallback_later(ctx: &Context) {
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        if install_system_fallback(&ctx, &font_dirs()).is_some() {
            ctx.request_repaint();
        }
    });
}

/// Looks for a system CJK font in `dirs` now and adds it; returns the file used.
pub fn install_system_fallback(ctx: &Context, dirs: &[PathBuf]) -> Option<PathBuf> {
    let found = find_cjk_font(dirs)?;
    let mut data = FontData::from_owned(found.data);
    data.index = found.index;
    add_fallback(ctx, SYSTEM_FONT_NAME, data);
    Some(found.path)
}

/// A font face that covers [`PROBE_CHARS`].
#[derive(Debug)]
pub struct FoundFont {
    /// The file.
    pub path: PathBuf,
    /// The face in the file (collections hold several).
    pub index: u32,
    /// The file's bytes.
    pub data: Vec<u8>,
}

/// The font folders of the system and the user.
pub fn font_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if let Some(data) = std::env::var_os("XDG_DATA_HOME").map(PathBuf::from) {
        dirs.push(data.join("fonts"));
    }
    if let Some(home) = &home {
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
        dirs.push(home.join("Library/Fonts"));
    }
    for d in [
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        "/System/Library/Fonts",
        "/Library/Fonts",
        "C:\\Windows\\Fonts",
    ] {
        dirs.push(PathBuf::from(d));
    }
    dirs.retain(|d| d.is_dir());
    dirs
}

/// The first font face in `dirs` with a glyph for every character of [`PROBE_CHARS`], by the
/// rule in the module documentation.
pub fn find_cjk_font(dirs: &[PathBuf]) -> Option<FoundFont> {
    let mut files = Vec::new();
    for dir in dirs {
        collect_fonts(dir, 0, &mut files);
    }
    let rank = |p: &Path| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        KNOWN
            .iter()
            .position(|k| name.contains(k))
            .unwrap_or(KNOWN.len())
    };
    files.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    files
        .into_iter()
        .filter(|p| {
            rank(p) < KNOWN.len() || std::fs::metadata(p).is_ok_and(|m| m.len() > 2_000_000)
        })
        .find_map(|path| {
            let data = std::fs::read(&path).ok()?;
            let index = covering_face(&data)?;
            Some(FoundFont { path, index, data })
        })
}

/// Font files under `dir` (a few levels deep).
fn collect_fonts(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            if depth < 4 {
                collect_fonts(&path, depth + 1, out);
            }
        } else if path.extension().is_some_and(|e| {
            let e = e.to_string_lossy().to_lowercase();
            matches!(e.as_str(), "ttf" | "otf" | "ttc" | "otc")
        }) {
            out.push(path);
        }
    }
}

/// The face of a font file or collection that covers [`PROBE_CHARS`]: a Simplified Chinese face
/// first (family name with "SC" or "GB"), else the first that covers.
fn covering_face(data: &[u8]) -> Option<u32> {
    use skrifa::MetadataProvider as _;
    use skrifa::raw::FileRef;
    let faces: Vec<skrifa::FontRef<'_>> = match FileRef::new(data).ok()? {
        FileRef::Font(font) => vec![font],
        FileRef::Collection(c) => c.iter().filter_map(Result::ok).collect(),
    };
    let covers = |font: &skrifa::FontRef<'_>| {
        let map = font.charmap();
        PROBE_CHARS.chars().all(|c| map.map(c).is_some())
    };
    let simplified = |font: &skrifa::FontRef<'_>| {
        font.localized_strings(skrifa::string::StringId::FAMILY_NAME)
            .english_or_first()
            .is_some_and(|n| {
                let n = n.chars().collect::<String>();
                n.contains(" SC") || n.contains("GB")
            })
    };
    let covering: Vec<(u32, &skrifa::FontRef<'_>)> = faces
        .iter()
        .enumerate()
        .filter(|(_, f)| covers(f))
        .map(|(i, f)| (u32::try_from(i).unwrap_or(0), f))
        .collect();
    covering
        .iter()
        .find(|(_, f)| simplified(f))
        .or(covering.first())
        .map(|(i, _)| *i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_subset_lacks_the_probe_characters_so_it_is_never_the_fallback() {
        assert_eq!(covering_face(CJK_FONT), None);
        let dir = std::env::temp_dir().join(format!("yibao-fonts-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("truetype")).expect("temp dir");
        std::fs::write(dir.join("truetype/wqy-microhei-gb2312.ttf"), CJK_FONT).expect("write");
        assert!(find_cjk_font(std::slice::from_ref(&dir)).is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
