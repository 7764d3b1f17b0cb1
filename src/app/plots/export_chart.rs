//! Charts leave the app: a plotted panel becomes a [`render::Chart`] of exactly its series, and
//! is written as PNG, SVG or CSV to a plain path (the native dialog only picks the path), or
//! copied as tab-separated text.

use crate::app::i18n::Lang;
use crate::app::plots::chart_data::ChartPanel;
use crate::files::write_atomic;
use crate::model::Dataset;
use crate::model::scenario::Scenario;
use crate::render::{self, Chart, Plot, Quantity};
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
        panel.subtitle(
            crate::app::session::changes::shown_title(&scenario.title, lang),
            lang,
        ),
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

/// The province grid of the selected fund as a file chart with the province codes of its rows.
pub fn grid_chart_codes(app: &crate::app::YibaoApp) -> (Chart, Vec<String>) {
    let cx = report_context(app);
    (cx.province_grid(app.fund()), cx.grid_codes(app.fund()))
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
            name: crate::app::session::changes::shown_title(&state.scenario.title, lang),
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

/// What the first line of a copied table names: the scenario, the region, the fund (when the
/// chart reads one) and the footer (data vintage, program version, hash).
#[derive(Clone, Debug, PartialEq)]
pub struct SheetHead {
    /// The scenario's title.
    pub scenario: String,
    /// The region's name.
    pub region: String,
    /// The fund's name, when the chart reads one fund.
    pub fund: Option<String>,
    /// The footer of the chart's files ([`crate::report::footer`]).
    pub footer: String,
}

/// A number as a spreadsheet reads it: shown units and decimals, an ASCII minus, no grouping
/// (a grouped `7,534.1` pastes as text), no `-0.0`; empty when missing or not finite.
pub fn sheet_number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let text = format!("{value:.decimals$}");
    if text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.') {
        text[1..].to_owned()
    } else {
        text
    }
}

/// `name（亿元）` / `name (bn yuan)`: a column named with its unit.
fn with_unit(name: &str, unit: &str, lang: Lang) -> String {
    if unit.is_empty() {
        name.to_owned()
    } else if lang.is_zh() {
        format!("{name}（{unit}）")
    } else {
        format!("{name} ({unit})")
    }
}

/// A chart's data as a table for Excel/WPS, tab-separated: a first line naming the scenario,
/// region, fund and footer (hash); a header in the UI's language with units (`年份`,
/// `累计结存（亿元）`); then the numbers at the precision and in the units the app shows them
/// (亿元 in Chinese, bn yuan in English), one column per drawn series, the shaded area (what
/// balancing measures put in: the backstop) as its size. Cells never hold tabs or line breaks.
pub fn sheet_tsv(chart: &Chart, head: &SheetHead, lang: Lang) -> String {
    let zh = lang.is_zh();
    let colon = crate::app::i18n::colon(lang);
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut out = String::new();
    let mut line = |cells: Vec<String>| {
        let cells: Vec<String> = cells.iter().map(|c| clean(c)).collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    };
    let (scenario, region, fund) = if zh {
        ("方案", "地区", "基金")
    } else {
        ("Scenario", "Region", "Fund")
    };
    let mut first = vec![
        format!("{scenario}{colon}{}", head.scenario),
        format!("{region}{colon}{}", head.region),
    ];
    if let Some(f) = &head.fund {
        first.push(format!("{fund}{colon}{f}"));
    }
    first.push(head.footer.clone());
    line(first);
    match &chart.plot {
        Plot::Lines(p) => {
            let q = p.quantity;
            let unit = q.unit(lang);
            let (scale, d) = (q.scale(lang), q.decimals());
            let mut header = vec![if zh { "年份" } else { "Year" }.to_owned()];
            header.extend(p.series.iter().map(|s| with_unit(&s.name, unit, lang)));
            header.extend(p.areas.iter().map(|a| with_unit(&a.name, unit, lang)));
            line(header);
            let mut xs: Vec<f64> = p
                .series
                .iter()
                .flat_map(|s| s.points.iter().map(|q| q[0]))
                .chain(p.areas.iter().flat_map(|a| a.points.iter().map(|q| q[0])))
                .collect();
            xs.sort_by(f64::total_cmp);
            xs.dedup();
            for x in xs {
                let mut row = vec![sheet_number(x, 0)];
                for s in &p.series {
                    let v = s.points.iter().find(|q| q[0] == x).map(|q| q[1] * scale);
                    row.push(v.map_or_else(String::new, |v| sheet_number(v, d)));
                }
                for a in &p.areas {
                    let v = a.points.iter().find(|q| q[0] == x);
                    row.push(
                        v.map_or_else(String::new, |q| sheet_number((q[1] - q[2]) * scale, d)),
                    );
                }
                line(row);
            }
        }
        Plot::Bars(b) => {
            let q = b.quantity;
            let (scale, d) = (q.scale(lang), q.decimals());
            let mut header = vec![if zh { "类别" } else { "Category" }.to_owned()];
            header.extend(b.groups.iter().map(|g| with_unit(&g.0, q.unit(lang), lang)));
            line(header);
            for (i, c) in b.categories.iter().enumerate() {
                let mut row = vec![c.clone()];
                for g in &b.groups {
                    row.push(
                        g.2.get(i)
                            .map_or_else(String::new, |v| sheet_number(v * scale, d)),
                    );
                }
                line(row);
            }
        }
        Plot::Grid(g) => {
            let years = g.rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
            let mut header = vec![if zh { "地区" } else { "Region" }.to_owned()];
            header.extend((0..years).map(|i| (g.first_year + i as i32).to_string()));
            line(header);
            for (name, values) in &g.rows {
                let mut row = vec![name.clone()];
                row.extend(values.iter().map(|v| {
                    v.map_or_else(String::new, |v| {
                        sheet_number(v, Quantity::Months.decimals())
                    })
                }));
                line(row);
            }
        }
        Plot::Waterfall(w) => {
            // Baseline, each change's contribution, scenario: the numbers the bars stand for.
            let (scale, d, unit) = match w.quantity {
                Some(q) => (q.scale(lang), q.decimals().max(2), q.unit(lang).to_owned()),
                None => (1.0, 2, w.unit.clone()),
            };
            let value = if zh { "数值" } else { "Value" };
            line(vec![
                (if zh { "项目" } else { "Item" }).to_owned(),
                with_unit(value, &unit, lang),
            ]);
            line(vec![w.start.0.clone(), sheet_number(w.start.1 * scale, d)]);
            for (label, step) in &w.steps {
                line(vec![label.clone(), sheet_number(step * scale, d)]);
            }
            line(vec![w.end.0.clone(), sheet_number(w.end.1 * scale, d)]);
        }
        Plot::Tiles(t) => {
            line(vec![
                if zh { "地区" } else { "Region" }.to_owned(),
                t.value_label.clone(),
            ]);
            for tile in &t.tiles {
                line(vec![
                    tile.name.clone(),
                    tile.value.map_or_else(String::new, |v| sheet_number(v, 2)),
                ]);
            }
        }
        Plot::Heat(h) => {
            line(vec![
                h.x_label.clone(),
                h.y_label.clone(),
                h.value_label.clone(),
            ]);
            let nx = h.x.len().max(1);
            for (k, v) in h.cells.iter().enumerate() {
                let (Some(x), Some(y)) = (h.x.get(k % nx), h.y.get(k / nx)) else {
                    continue;
                };
                line(vec![
                    sheet_number(*x, 2),
                    sheet_number(*y, 2),
                    sheet_number(*v, 2),
                ]);
            }
        }
    }
    out
}
