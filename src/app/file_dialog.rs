//! Native file dialogs (rfd, through the XDG portal on Linux): the only place they open.
//! Everything they return goes through the same plain-path commands tests use.

use super::i18n::{Lang, T};
use std::path::{Path, PathBuf};

fn dialog(lang: Lang) -> rfd::FileDialog {
    let name = match lang {
        Lang::Zh => "医保方案 (RON)",
        Lang::En => "Yibao scenario (RON)",
    };
    rfd::FileDialog::new()
        .add_filter(name, &["ron"])
        .set_title(T::AppName.get(lang))
}

/// Asks for a scenario file to open.
pub fn pick_open(lang: Lang) -> Option<PathBuf> {
    dialog(lang).set_title(T::Open.get(lang)).pick_file()
}

/// Asks for scenario files to compare.
pub fn pick_many(lang: Lang) -> Vec<PathBuf> {
    dialog(lang)
        .set_title(T::AddFiles.get(lang))
        .pick_files()
        .unwrap_or_default()
}

/// Asks where to save, suggesting the current file or a name from the title.
pub fn pick_save(lang: Lang, current: Option<&Path>, title: &str) -> Option<PathBuf> {
    let mut d = dialog(lang).set_title(T::SaveAs.get(lang));
    match current {
        Some(path) => {
            if let Some(dir) = path.parent() {
                d = d.set_directory(dir);
            }
            if let Some(name) = path.file_name() {
                d = d.set_file_name(name.to_string_lossy());
            }
        }
        None => {
            let stem: String = title
                .chars()
                .filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
                .collect();
            let stem = if stem.trim().is_empty() {
                "scenario".to_owned()
            } else {
                stem
            };
            d = d.set_file_name(format!("{stem}.ron"));
        }
    }
    d.save_file().map(|p| {
        if p.extension().is_none() {
            p.with_extension("ron")
        } else {
            p
        }
    })
}

/// Asks where to export a chart, suggesting a file name from its title.
pub fn pick_export(lang: Lang, title: &str, ext: &str) -> Option<PathBuf> {
    let stem: String = title
        .chars()
        .map(|c| {
            if matches!(
                c,
                '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '｜'
            ) {
                '_'
            } else {
                c
            }
        })
        .collect();
    rfd::FileDialog::new()
        .add_filter(ext.to_uppercase(), &[ext])
        .set_title(T::ExportChart.get(lang))
        .set_file_name(format!("{}.{ext}", stem.trim()))
        .save_file()
        .map(|p| {
            if p.extension().is_none() {
                p.with_extension(ext)
            } else {
                p
            }
        })
}

/// Asks for the folder of a report pack.
pub fn pick_folder(lang: Lang) -> Option<PathBuf> {
    rfd::FileDialog::new()
        .set_title(T::ExportReport.get(lang))
        .pick_folder()
}
