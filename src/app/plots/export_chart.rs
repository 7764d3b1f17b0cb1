//! Charts leave the app: a plotted panel becomes a [`render::Chart`] of exactly its series, and
//! is written as PNG, SVG or CSV to a plain path (the native dialog only picks the path), or
//! copied as tab-separated text.

use crate::app::chart_data::{ChartPanel, LineKind};
use crate::app::format::Quantity;
use crate::app::i18n::Lang;
use crate::files::write_atomic;
use crate::model::Dataset;
use crate::model::scenario::Scenario;
use crate::render::{self, Area, Band, Chart, Color, LinePlot, Marker, Plot, Series, Stroke};
use eframe::egui::Color32;
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

fn color(c: Color32) -> Color {
    Color {
        r: c.r(),
        g: c.g(),
        b: c.b(),
        a: c.a(),
    }
}

fn quantity(q: Quantity) -> render::Quantity {
    match q {
        Quantity::MoneyYi => render::Quantity::MoneyYi,
        Quantity::PeopleWan => render::Quantity::PeopleWan,
        Quantity::Months => render::Quantity::Months,
        Quantity::Ratio => render::Quantity::Ratio,
        Quantity::Percent => render::Quantity::Percent,
        Quantity::Points => render::Quantity::Points,
    }
}

/// The file chart of a plotted panel: the same series, band and references, with the scenario
/// title, unit name and the footer of the report pack.
pub fn panel_chart(
    panel: &ChartPanel,
    unit_name: &str,
    scenario: &Scenario,
    data: &Dataset,
    lang: Lang,
) -> Chart {
    let rlang = lang.render();
    let series = panel
        .lines
        .iter()
        .map(|l| {
            let (stroke, c) = match l.kind {
                // The baseline is the metric's colour drawn faint by the renderer.
                LineKind::Baseline => (Stroke::Faint, color(l.metric.color())),
                LineKind::Scenario => (Stroke::Solid, color(l.color)),
                LineKind::Compare(_) => (Stroke::Dashed, color(l.color)),
            };
            Series {
                name: l.name.clone(),
                color: c,
                stroke,
                points: l.points.clone(),
            }
        })
        .collect();
    let band = panel.band.as_ref().map(|(name, lo, hi)| Band {
        name: name.clone(),
        lo: *lo,
        hi: *hi,
        color: render::palette::BAND,
    });
    let references = panel
        .references
        .iter()
        .enumerate()
        .map(|(i, (name, lo, hi))| Band {
            name: name.clone(),
            lo: *lo,
            hi: *hi,
            color: if i == 0 {
                render::palette::REFERENCE
            } else {
                Color::rgb(0x6a, 0x3d, 0x9a)
            },
        })
        .collect();
    let sep = rlang.title_sep();
    Chart {
        title: format!("{}{sep}{unit_name}", panel.title),
        subtitle: if lang.is_zh() {
            format!("方案：{}（浅色为现行政策基准）", scenario.title)
        } else {
            format!("Scenario: {} (faint: current-law baseline)", scenario.title)
        },
        footer: crate::report::footer(data, scenario, rlang),
        lang: rlang,
        plot: Plot::Lines(LinePlot {
            quantity: quantity(panel.quantity),
            series,
            // What balancing measures put in, shaded as in the app.
            areas: panel
                .shade
                .iter()
                .map(|(name, points)| Area {
                    name: name.clone(),
                    color: render::palette::DANGER.alpha(0.25),
                    points: points.clone(),
                })
                .collect(),
            band,
            references,
            // The depletion year the headline card shows, as the report's balance chart marks it.
            markers: panel
                .marker
                .iter()
                .map(|(_, x)| Marker {
                    x: *x,
                    label: if lang.is_zh() {
                        format!("{x}年耗尽")
                    } else {
                        format!("depleted in {x}")
                    },
                    color: render::palette::DANGER,
                })
                .collect(),
        }),
    }
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
    let lang = app.lang().render();
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
/// series, stored units), for the clipboard.
pub fn panel_tsv(panel: &ChartPanel) -> String {
    let chart = Chart {
        title: panel.title.clone(),
        subtitle: String::new(),
        footer: String::new(),
        lang: render::Lang::Zh,
        plot: Plot::Lines(LinePlot {
            quantity: quantity(panel.quantity),
            series: panel
                .lines
                .iter()
                .map(|l| Series {
                    name: l.name.clone(),
                    color: color(l.color),
                    stroke: Stroke::Solid,
                    points: l.points.clone(),
                })
                .collect(),
            areas: Vec::new(),
            band: None,
            references: Vec::new(),
            markers: Vec::new(),
        }),
    };
    chart.data_tsv()
}
