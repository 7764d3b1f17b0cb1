//! The planner's desk (issue 21, point 8): a restart reopens the last file, and exports start
//! in the folder of the last export.

#![cfg(feature = "gui")]

mod app_support;

use app_support::{harness_with, temp_dir};
use std::sync::Arc;
use yibao::app::plots::export_chart::ChartFormat;
use yibao::app::session::prefs::Prefs;
use yibao::app::{Command, PathPurpose, ProjectionMode, YibaoApp};
use yibao::model::Dataset;

fn app_with(prefs: Prefs) -> YibaoApp {
    let data = Arc::new(Dataset::embedded().expect("data"));
    YibaoApp::new(data, prefs, None, ProjectionMode::Inline)
}

#[test]
fn a_restart_reopens_the_last_file_unless_it_is_gone() {
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/premium-freeze.ron");
    let mut app = app_with(Prefs {
        recent: vec![file.clone()],
        ..Prefs::default()
    });
    assert!(app.reopen_last());
    assert_eq!(app.state().file.as_deref(), Some(file.as_path()));
    assert!(!app.state().scenario.levers.is_empty());
    // A file that is gone: the baseline, and no error.
    let mut app = app_with(Prefs {
        recent: vec![temp_dir("gone").join("gone.ron")],
        ..Prefs::default()
    });
    assert!(!app.reopen_last());
    assert!(app.state().file.is_none());
    assert!(app.dialog().is_none());
}

#[test]
fn exports_start_in_the_folder_of_the_last_export() {
    let dir = temp_dir("export-dir");
    let mut h = harness_with(app_with(Prefs::default()));
    h.state_mut().apply(Command::ExportChart(
        0,
        ChartFormat::Csv,
        dir.join("balance.csv"),
    ));
    assert!(dir.join("balance.csv").is_file());
    assert_eq!(h.state().prefs().export_dir.as_deref(), Some(dir.as_path()));
    // The next export (built-in dialog in tests) starts there, for charts and report packs.
    h.state_mut()
        .apply(Command::PickPath(PathPurpose::ExportChart(
            0,
            ChartFormat::Svg,
        )));
    let prompt = h.state().path_prompt().expect("the built-in dialog");
    assert!(
        std::path::Path::new(&prompt.text).starts_with(&dir),
        "{}",
        prompt.text
    );
    h.state_mut().apply(Command::PathPromptCancel);
    h.state_mut()
        .apply(Command::PickPath(PathPurpose::ExportReport));
    let prompt = h.state().path_prompt().expect("the built-in dialog");
    assert!(
        std::path::Path::new(&prompt.text).starts_with(&dir),
        "{}",
        prompt.text
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The lever panel's scroll bar sits beside the rows: the 重置 buttons at their right edge end
/// before it instead of under it.
#[test]
fn the_scroll_bar_does_not_cover_the_reset_buttons() {
    use egui_kittest::kittest::Queryable as _;
    let h = harness_with(app_with(Prefs::default()));
    // The search field above the list spans the panel's full width.
    let right = h
        .query_all_by(|n| n.role() == eframe::egui::accesskit::Role::TextInput)
        .map(|n| n.rect().right())
        .filter(|r| *r < 600.0)
        .fold(0.0, f32::max);
    let bar = eframe::egui::style::ScrollStyle::solid().bar_width;
    let resets: Vec<_> = h.query_all_by_label("重置").collect();
    assert!(!resets.is_empty());
    for r in resets {
        assert!(
            r.rect().right() <= right - bar,
            "a reset button ends at {} under the bar (panel {right})",
            r.rect().right()
        );
    }
}

/// A pinned snapshot of the working scenario never shares its name: the compare chart's legend
/// and table say "（已固定）".
#[test]
fn a_pinned_snapshot_is_named_apart_from_the_working_scenario() {
    use yibao::app::i18n::Lang;
    use yibao::app::plots::tabs::{TABS, Tab};
    let mut h = harness_with(app_with(Prefs::default()));
    h.state_mut().apply(Command::PinCurrent);
    h.state_mut().apply(Command::SelectTab(Tab::Compare));
    h.run();
    for lang in [Lang::Zh, Lang::En] {
        h.state_mut().apply(Command::SetLang(lang));
        h.run();
        let view = h.state().chart_view();
        let def = TABS
            .iter()
            .find(|d| d.key() == Tab::Compare)
            .expect("compare tab");
        let names: Vec<String> = def
            .panels(h.state().state(), &view)
            .iter()
            .flat_map(|p| p.lines.iter().map(|l| l.name.clone()))
            .collect();
        let pinned = yibao::app::i18n::T::Pinned.get(lang).trim();
        let pinned_names: Vec<&String> = names.iter().filter(|n| n.contains(pinned)).collect();
        assert_eq!(pinned_names.len(), 1, "{lang:?}: {names:?}");
        let unpinned = pinned_names[0].replace(pinned, "").trim().to_owned();
        assert!(
            names.iter().any(|n| n.trim() == unpinned),
            "{lang:?}: the working scenario keeps the plain name: {names:?}"
        );
    }
}

/// The premium-burden bars' legend shows the bars' own colours: a stripe of each quintile's
/// colour before the scenario's name, in the legend entry (egui_plot's legend gave each bar set one palette colour
/// that no bar had).
#[test]
fn the_burden_legend_shows_the_bars_colours() {
    use egui_kittest::kittest::Queryable as _;
    use yibao::app::plots::tabs::Tab;
    use yibao::app::theme::QUINTILES;
    let mut h = harness_with(app_with(Prefs::default()));
    h.state_mut().apply(Command::SelectTab(Tab::Burden));
    h.run();
    let label = h
        .query_all_by_label(yibao::report::spec::text::current(
            yibao::app::i18n::Lang::Zh,
        ))
        .map(|n| n.rect())
        .min_by(|a, b| a.top().total_cmp(&b.top()))
        .expect("the legend names the scenario");
    fn rects(
        shape: &eframe::egui::Shape,
        out: &mut Vec<(eframe::egui::Rect, eframe::egui::Color32)>,
    ) {
        match shape {
            eframe::egui::Shape::Vec(v) => v.iter().for_each(|s| rects(s, out)),
            eframe::egui::Shape::Rect(r) => out.push((r.rect, r.fill)),
            _ => {}
        }
    }
    let mut painted = Vec::new();
    for c in &h.output().shapes {
        rects(&c.shape, &mut painted);
    }
    for color in QUINTILES {
        assert!(
            painted.iter().any(|(r, fill)| *fill == color
                && r.height() <= 12.0
                && label.expand(0.5).contains_rect(*r)
                && r.right() <= label.left() + 30.0),
            "a swatch in {color:?} beside the legend's scenario entry at {label:?}: {:?}",
            painted.iter().filter(|p| p.1 == color).collect::<Vec<_>>()
        );
    }
}

/// "警告 1" explains itself on click, in plain words, with the technical wording as details.
#[test]
fn the_warning_count_explains_itself_on_click() {
    use egui_kittest::kittest::Queryable as _;
    use yibao::app::i18n::{Lang, T};
    let mut h = harness_with(app_with(Prefs::default()));
    let warnings = h.state().state().projection.warnings.clone();
    assert!(
        !warnings.is_empty(),
        "the baseline has a warning to explain"
    );
    let plain = yibao::app::panels::warnings::warning_plain(&warnings[0], Lang::Zh);
    assert!(h.query_by_label(plain).is_none());
    h.get_by_label(T::OneWarning.get(Lang::Zh)).click();
    h.run();
    assert!(h.query_by_label(plain).is_some(), "{plain}");
    assert!(h.query_by_label(T::WarningsTitle.get(Lang::Zh)).is_some());
}
