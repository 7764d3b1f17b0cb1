//! Charts leave the app: a plotted panel becomes a [`render::Chart`] of exactly its series, and
//! is written as PNG, SVG or CSV to a plain path (the native dialog only picks the path), or
//! copied as tab-separated text.

use crate::app::chart_data::ChartPanel;
use crate::app::i18n::Lang;
use crate::export::write_atomic;
use crate::model::Dataset;
use crate::model::scenario::Scenario;
use crate::render::{self, Chart};
use std::path::Path;

/// A chart file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartFormat {
    /// Bitmap at 2× (3200×1800).
    Png,
    /// Vector.
    Svg,
    /// The plotted series as CSV.
    Csv,
}

impl ChartFormat {
    /// All formats, in button order.
    pub const ALL: [ChartFormat; 3] = [ChartFormat::Png, ChartFormat::Svg, ChartFormat::Csv];

    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            ChartFormat::Png => "png",
            ChartFormat::Svg => "svg",
            ChartFormat::Csv => "csv",
        }
    }

    /// The button text.
    pub fn label(self) -> &'static str {
        match self {
            ChartFormat::Png => "PNG",
            ChartFormat::Svg => "SVG",
            ChartFormat::Csv => "CSV",
        }
    }
}

/// The file chart of a plotted panel ([`ChartPanel::to_chart`]): the same series, band,
/// references, shade, marker and published years, with the scenario title, the unit (and
/// fund) and the footer of the report pack.
pub fn panel_chart(
    panel: &ChartPanel,
    unit_name: &str,
    scenario: &Scenario,
    data: &Dataset,
    lang: Lang,
) -> Chart {
    panel.to_chart(
        unit_name,
        panel.subtitle(&scenario.title, lang),
        crate::report::footer(data, scenario, lang),
        lang,
    )
}

/// Writes a chart to `path` in a format (atomically).
pub fn write_chart(chart: &Chart, format: ChartFormat, path: &Path) -> Result<(), String> {
    let bytes = match format {
        ChartFormat::Png => render::png(chart).map_err(|e| e.to_string())?,
        ChartFormat::Svg => render::svg(chart).into_bytes(),
        ChartFormat::Csv => chart.data_csv().into_bytes(),
    };
    write_atomic(path, &bytes).map_err(|e| format!("{e}: {}", path.display()))
}

/// The province grid of the selected fund as a file chart.
pub fn grid_chart(app: &crate::app::YibaoApp) -> Chart {
    report_context(app).province_grid(app.fund())
}

/// The premium burden by quintile in `year` (the burden tab's bars), baseline beside scenario.
pub fn burden_bars_chart(app: &crate::app::YibaoApp, year: i32) -> Chart {
    report_context(app).burden_bars(app.unit(), year)
}

/// The report's chart context for the working scenario against the baseline.
fn report_context(app: &crate::app::YibaoApp) -> crate::report::charts::Context<'_> {
    let state = app.state();
    let lang = app.lang();
    crate::report::charts::Context {
        scenario: crate::report::charts::Run {
            name: &state.scenario.title,
            projection: &state.projection,
        },
        baseline: crate::report::charts::Run {
            name: "",
            projection: &state.baseline,
        },
        compare: Vec::new(),
        lang,
        footer: crate::report::footer(&state.dataset, &state.scenario, lang),
        units: crate::report::unit_names(&state.dataset),
    }
}

/// The chart as an egui image for the clipboard.
pub fn color_image(chart: &Chart) -> Result<eframe::egui::ColorImage, String> {
    let scene = render::layout::layout(chart, render::WIDTH, render::HEIGHT);
    let pixmap = render::png::rasterize(&scene, 1.0).map_err(|e| e.to_string())?;
    let size = [pixmap.width() as usize, pixmap.height() as usize];
    let rgba: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    Ok(eframe::egui::ColorImage::from_rgba_unmultiplied(
        size, &rgba,
    ))
}

/// The plotted series of a panel as tab-separated text (header `year` and one column per
/// series, then the shaded area's edges, stored units), for the clipboard.
pub fn panel_tsv(panel: &ChartPanel) -> String {
    panel.data_tsv()
}
