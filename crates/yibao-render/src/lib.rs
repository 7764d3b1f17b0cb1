//! Charts as files: one renderer, GUI-free, shared by the `report` command and the app's export
//! actions. A [`Chart`] describes what is plotted (series in stored units, bands, markers, texts);
//! [`layout`] turns it into a [`scene::Scene`] of primitives in logical pixels, which
//! [`svg::to_svg`] writes as SVG (text in a CJK font list) and [`png::to_png`] rasterises with
//! the embedded WenQuanYi font (no system fonts needed).
//!
//! Sizes are logical pixels; the PNG is drawn at `scale` device pixels per logical pixel
//! (1600×900 at 2× by default).

pub mod layout;
pub mod png;
pub mod scene;
pub mod svg;
pub mod text;
pub mod ticks;

/// The embedded CJK font (WenQuanYi Micro Hei cut to GB2312 plus Latin; licence in
/// `assets/fonts/`). It has no glyph for ℃: write °C.
pub static FONT: &[u8] = include_bytes!("../../../assets/fonts/wqy-microhei-gb2312.ttf");

/// Default logical width of a chart file.
pub const WIDTH: f32 = 1600.0;
/// Default logical height of a chart file.
pub const HEIGHT: f32 = 900.0;
/// Default device pixels per logical pixel of a PNG.
pub const SCALE: f32 = 2.0;

/// An sRGB colour with alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Opacity, 255 opaque.
    pub a: u8,
}

impl Color {
    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b, a: 255 }
    }

    /// The same colour at an opacity (0–1).
    pub fn alpha(self, opacity: f32) -> Color {
        Color {
            a: (opacity.clamp(0.0, 1.0) * 255.0).round() as u8,
            ..self
        }
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Opacity as a fraction.
    pub fn opacity(self) -> f32 {
        f32::from(self.a) / 255.0
    }
}

/// The palette shared by the app and the files: one colour per scenario everywhere.
pub mod palette {
    use super::Color;

    /// The working scenario.
    pub const SCENARIO: Color = Color::rgb(0x1f, 0x6f, 0xd1);
    /// Income lines.
    pub const INCOME: Color = Color::rgb(0x2e, 0x9d, 0x5b);
    /// Expenditure lines.
    pub const EXPENDITURE: Color = Color::rgb(0xd9, 0x5d, 0x39);
    /// Scheduled (not paid) expenditure and the balance before any rule.
    pub const SCHEDULED: Color = Color::rgb(0xb0, 0x7a, 0xc9);
    /// Backstop and bad news.
    pub const DANGER: Color = Color::rgb(0xc6, 0x28, 0x28);
    /// The 6–9 month band.
    pub const BAND: Color = Color::rgb(0x2e, 0x9d, 0x5b);
    /// Opacity of the band's fill.
    pub const BAND_OPACITY: f32 = 0.18;
    /// Reference lines (other countries): the first reference.
    pub const REFERENCE: Color = Color::rgb(0x59, 0x59, 0x59);
    /// The second reference line.
    pub const REFERENCE_2: Color = Color::rgb(0x6a, 0x3d, 0x9a);
    /// The published years' shading (drawn at [`PUBLISHED_OPACITY`]).
    pub const PUBLISHED: Color = Color::rgb(0x9e, 0x9e, 0x9e);
    /// Opacity of the published years' shading.
    pub const PUBLISHED_OPACITY: f32 = 0.16;
    /// The area between two curves that balancing measures filled.
    pub const SHADE_OPACITY: f32 = 0.25;
    /// Opacity of the baseline drawn behind the scenario.
    pub const BASELINE_OPACITY: f32 = 0.4;
    /// Compared scenarios, in order.
    pub const COMPARE: [Color; 5] = [
        Color::rgb(0xe6, 0x7e, 0x22),
        Color::rgb(0x8e, 0x44, 0xad),
        Color::rgb(0x16, 0xa0, 0x85),
        Color::rgb(0xc0, 0x39, 0x2b),
        Color::rgb(0x7f, 0x6a, 0x3c),
    ];
    /// Income quintiles, lowest first.
    pub const QUINTILES: [Color; 5] = [
        Color::rgb(0xc6, 0x28, 0x28),
        Color::rgb(0xe6, 0x7e, 0x22),
        Color::rgb(0xb7, 0x95, 0x0b),
        Color::rgb(0x2e, 0x9d, 0x5b),
        Color::rgb(0x1f, 0x6f, 0xd1),
    ];
    /// Months-of-reserve classes of the province grid with their lower bounds: ColorBrewer
    /// RdYlBu (colour-blind safe), red below the band, light blue in the 6–9 band, dark blue
    /// far above it.
    pub const MONTHS_CLASSES: [(f64, Color); 6] = [
        (f64::NEG_INFINITY, Color::rgb(0xa5, 0x00, 0x26)),
        (0.5, Color::rgb(0xf4, 0x6d, 0x43)),
        (3.0, Color::rgb(0xfe, 0xe0, 0x90)),
        (6.0, Color::rgb(0xab, 0xd9, 0xe9)),
        (9.0, Color::rgb(0x74, 0xad, 0xd1)),
        (18.0, Color::rgb(0x31, 0x36, 0x95)),
    ];
    /// Cells without a value.
    pub const NO_VALUE: Color = Color::rgb(0xbd, 0xbd, 0xbd);

    /// Grid colour of a months-of-reserve value.
    pub fn months_color(months: Option<f64>) -> Color {
        let Some(m) = months else {
            return NO_VALUE;
        };
        MONTHS_CLASSES
            .iter()
            .rev()
            .find(|(lo, _)| m >= *lo)
            .map_or(MONTHS_CLASSES[0].1, |(_, c)| *c)
    }
}

/// How a line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stroke {
    /// A thin faint line (the baseline behind the scenario).
    Faint,
    /// The main line.
    Solid,
    /// A dashed line (compared scenarios, the balance before any rule).
    Dashed,
    /// A thin faint dashed line (the baseline's balance before any rule).
    FaintDashed,
}

impl Stroke {
    /// Drawn at the baseline's opacity.
    pub fn is_faint(self) -> bool {
        matches!(self, Stroke::Faint | Stroke::FaintDashed)
    }

    /// Dashed.
    pub fn is_dashed(self) -> bool {
        matches!(self, Stroke::Dashed | Stroke::FaintDashed)
    }
}

/// One plotted series: `(x, y)` points in the chart's stored unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Legend name.
    pub name: String,
    /// Colour.
    pub color: Color,
    /// Line style.
    pub stroke: Stroke,
    /// Points, x ascending.
    pub points: Vec<[f64; 2]>,
}

/// A horizontal band (`lo == hi`: a line) with its legend name.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Legend name (with its source for reference lines).
    pub name: String,
    /// Lower edge.
    pub lo: f64,
    /// Upper edge.
    pub hi: f64,
    /// Colour.
    pub color: Color,
}

/// The area between two curves (a percentile band of a fan chart) with its legend name.
#[derive(Clone, Debug, PartialEq)]
pub struct Area {
    /// Legend name.
    pub name: String,
    /// Fill colour (with its opacity).
    pub color: Color,
    /// `[x, upper, lower]`, x ascending.
    pub points: Vec<[f64; 3]>,
}

/// A vertical marker at an x value (e.g. the depletion year) with its label.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// x (a year).
    pub x: f64,
    /// Label drawn beside the line.
    pub label: String,
    /// Colour.
    pub color: Color,
}

/// A range of x values shaded over the whole height of the plot, with its label at the top
/// (the published years, 已公布).
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    /// Label drawn inside the span, at the top.
    pub name: String,
    /// First x.
    pub first: f64,
    /// Last x.
    pub last: f64,
    /// Fill (with its opacity).
    pub color: Color,
}

/// What the numbers of an axis measure: decides the unit label and the scaling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// Money stored in 亿元; shown in 亿元 or 万亿元 (billion or trillion yuan in English).
    MoneyYi,
    /// People stored in 万人.
    PeopleWan,
    /// Months.
    Months,
    /// A ratio (×).
    Ratio,
    /// A fraction shown in %.
    Percent,
    /// A difference of fractions shown in percentage points.
    Points,
}

impl Quantity {
    /// Factor from the stored value to the shown value at the small scale: money in 亿元 in
    /// Chinese and in billion yuan in English (1 亿元 = 0.1 billion yuan), people in 万人 or
    /// millions, fractions in % or percentage points.
    pub fn scale(self, lang: Lang) -> f64 {
        match (self, lang) {
            (Quantity::Percent | Quantity::Points, _) => 100.0,
            (Quantity::MoneyYi, Lang::En) => 0.1,
            (Quantity::PeopleWan, Lang::En) => 0.01,
            _ => 1.0,
        }
    }

    /// The unit label at the small scale (the one name of each unit on screen and in files).
    pub fn unit(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Quantity::MoneyYi, Lang::Zh) => "亿元",
            (Quantity::MoneyYi, Lang::En) => "billion yuan",
            (Quantity::PeopleWan, Lang::Zh) => "万人",
            (Quantity::PeopleWan, Lang::En) => "million people",
            (Quantity::Months, Lang::Zh) => "个月",
            (Quantity::Months, Lang::En) => "months",
            (Quantity::Ratio, Lang::Zh) => "倍",
            (Quantity::Ratio, Lang::En) => "×",
            (Quantity::Percent, _) => "%",
            (Quantity::Points, Lang::Zh) => "个百分点",
            (Quantity::Points, Lang::En) => "percentage points",
        }
    }

    /// Decimals of a value shown in text (hover labels, cards).
    pub fn decimals(self) -> usize {
        match self {
            Quantity::MoneyYi | Quantity::PeopleWan | Quantity::Months | Quantity::Percent => 1,
            Quantity::Ratio | Quantity::Points => 2,
        }
    }

    /// A stored value with thousands separators at the small scale, without its unit.
    pub fn number(self, value: f64, lang: Lang) -> String {
        ticks::format_fixed(value * self.scale(lang), self.decimals())
    }

    /// A stored value with its unit (`12,345.6亿元`, `8.3 months`).
    pub fn with_unit(self, value: f64, lang: Lang) -> String {
        let unit = self.unit(lang);
        let gap = if unit == "%" || (lang.is_zh() && !unit.is_ascii()) {
            ""
        } else {
            " "
        };
        format!("{}{gap}{unit}", self.number(value, lang))
    }
}

/// The one language type: of a chart's texts, of the app's UI (persisted in its preferences as
/// `Zh` or `En`) and of the report pack.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    /// Simplified Chinese (default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// True for Chinese.
    pub fn is_zh(self) -> bool {
        self == Lang::Zh
    }

    /// Parses `zh` or `en`.
    pub fn from_id(id: &str) -> Option<Lang> {
        match id {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// What separates the parts of a chart title (what｜where｜which fund).
    pub fn title_sep(self) -> &'static str {
        if self.is_zh() { "｜" } else { " | " }
    }

    /// `zh` or `en`.
    pub fn id(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// A line chart over years.
#[derive(Clone, Debug, PartialEq)]
pub struct LinePlot {
    /// What y measures.
    pub quantity: Quantity,
    /// Series, drawn in order (baseline first so the scenario draws on top).
    pub series: Vec<Series>,
    /// Filled areas between two curves (fan bands), drawn behind the series in order.
    pub areas: Vec<Area>,
    /// A target band (the 6–9 month band on pooled funds).
    pub band: Option<Band>,
    /// Reference bands or lines (other countries), each named with its source.
    pub references: Vec<Band>,
    /// Vertical markers, each with a legend entry.
    pub markers: Vec<Marker>,
    /// Shaded x range (the published years).
    pub published: Option<Span>,
    /// Draw a line at zero.
    pub zero_line: bool,
}

/// How a legend entry shows its item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// A filled box (bands, areas, bars).
    Box,
    /// A line in a stroke (series, reference lines, markers).
    Line(Stroke),
}

/// One legend entry, in the colour it is drawn with.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// The full name.
    pub name: String,
    /// Colour of the swatch (with its opacity).
    pub color: Color,
    /// Swatch.
    pub key: Key,
}

impl LinePlot {
    /// The legend, in drawing order: band, references, areas, series, markers. The files'
    /// legend column and the screen's legend row both list exactly these.
    pub fn legend(&self) -> Vec<LegendEntry> {
        let entry = |name: &str, color: Color, key: Key| LegendEntry {
            name: name.to_owned(),
            color,
            key,
        };
        let mut out = Vec::new();
        if let Some(b) = &self.band {
            out.push(entry(&b.name, b.color.alpha(0.3), Key::Box));
        }
        for r in &self.references {
            if (r.hi - r.lo).abs() < 1e-12 {
                out.push(entry(&r.name, r.color, Key::Line(Stroke::Dashed)));
            } else {
                out.push(entry(&r.name, r.color.alpha(0.25), Key::Box));
            }
        }
        for a in &self.areas {
            out.push(entry(&a.name, a.color, Key::Box));
        }
        for s in &self.series {
            let color = if s.stroke.is_faint() {
                s.color.alpha(palette::BASELINE_OPACITY)
            } else {
                s.color
            };
            out.push(entry(&s.name, color, Key::Line(s.stroke)));
        }
        for m in &self.markers {
            out.push(entry(&m.label, m.color, Key::Line(Stroke::Dashed)));
        }
        out
    }
}

/// Bars by category, one group per series (e.g. baseline beside scenario by quintile).
#[derive(Clone, Debug, PartialEq)]
pub struct BarPlot {
    /// What y measures.
    pub quantity: Quantity,
    /// Category labels along x.
    pub categories: Vec<String>,
    /// `(name, colour, one value per category)`.
    pub groups: Vec<(String, Color, Vec<f64>)>,
    /// Bars along x, categories down the left side, first on top (a tornado); else bars up
    /// from the x axis.
    pub horizontal: bool,
}

/// A tile map: each region a square in its rough place on a grid of columns and rows, filled
/// in the caller's colour, with a short name and value on it; the legend's swatches are the
/// caller's too (classes, or samples of a continuous scale).
#[derive(Clone, Debug, PartialEq)]
pub struct TilePlot {
    /// The tiles.
    pub tiles: Vec<Tile>,
    /// What the colours show (the legend's first entry).
    pub legend_title: String,
    /// Legend swatches: `(label, colour)`.
    pub legend: Vec<(String, Color)>,
    /// The value column's name in the data (CSV) file.
    pub value_label: String,
}

/// One tile of a [`TilePlot`].
#[derive(Clone, Debug, PartialEq)]
pub struct Tile {
    /// The region's full name (data file, hit region).
    pub name: String,
    /// The text on the tile (a short name or a code).
    pub label: String,
    /// The value.
    pub value: Option<f64>,
    /// The value as drawn on the tile.
    pub value_text: String,
    /// Column, from the left.
    pub col: u8,
    /// Row, from the top.
    pub row: u8,
    /// Fill.
    pub fill: Color,
}

/// A heat grid of rows × years (the province grid of months of reserve).
#[derive(Clone, Debug, PartialEq)]
pub struct GridPlot {
    /// First column's year.
    pub first_year: i32,
    /// `(row label, one value per year)`.
    pub rows: Vec<(String, Vec<Option<f64>>)>,
    /// Legend classes: `(label, colour)`.
    pub classes: Vec<(String, Color)>,
}

/// One colour class of a heatmap: values from `lower` up (to the next class's bound).
#[derive(Clone, Debug, PartialEq)]
pub struct HeatClass {
    /// Lower bound (the first class's is −∞).
    pub lower: f64,
    /// Colour.
    pub color: Color,
    /// Legend label.
    pub label: String,
}

/// Two levers on a grid coloured by a metric (issue 12): `cells[iy * x.len() + ix]`.
#[derive(Clone, Debug, PartialEq)]
pub struct HeatPlot {
    /// Horizontal axis name (with its unit).
    pub x_label: String,
    /// Vertical axis name (with its unit).
    pub y_label: String,
    /// What the cells hold (legend title and CSV column).
    pub value_label: String,
    /// Horizontal axis values, display units, ascending.
    pub x: Vec<f64>,
    /// Vertical axis values, display units, ascending.
    pub y: Vec<f64>,
    /// Cell values, row by row (y outer, x inner).
    pub cells: Vec<f64>,
    /// Colour classes, lower bounds ascending.
    pub classes: Vec<HeatClass>,
    /// A marked point (the current scenario), display units.
    pub marker: Option<([f64; 2], String)>,
}

impl HeatPlot {
    /// The colour of a value: the class with the highest lower bound at or below it (NaN:
    /// [`palette::NO_VALUE`]).
    pub fn color(&self, v: f64) -> Color {
        heat_color(&self.classes, v)
    }
}

/// The colour of `v` among `classes` (lower bounds ascending).
pub fn heat_color(classes: &[HeatClass], v: f64) -> Color {
    if v.is_nan() {
        return palette::NO_VALUE;
    }
    classes
        .iter()
        .rev()
        .find(|c| v >= c.lower)
        .or(classes.first())
        .map_or(palette::NO_VALUE, |c| c.color)
}

/// A waterfall (issue 22, a reform's decomposition): a first total, steps that float from
/// the running total, and a last total, one row each from the top, values along x.
#[derive(Clone, Debug, PartialEq)]
pub struct WaterfallPlot {
    /// What the values measure; `None` for years (whole numbers without separators, the
    /// unit label [`WaterfallPlot::unit`]).
    pub quantity: Option<Quantity>,
    /// The unit label when `quantity` is `None`.
    pub unit: String,
    /// The first total: label and value (the baseline).
    pub start: (String, f64),
    /// The steps: label and change, in order (each change's contribution).
    pub steps: Vec<(String, f64)>,
    /// The last total: label and value (the scenario); the steps add up to end − start.
    pub end: (String, f64),
    /// Legend names of rises, falls and totals.
    pub names: [String; 3],
    /// Colours of rises, falls and totals.
    pub colors: [Color; 3],
}

impl WaterfallPlot {
    /// Each row's label and bar (from, to): the first total, the steps, the last total.
    /// Totals run from `origin` (where the value axis starts), steps from the running total.
    pub fn bars(&self, origin: f64) -> Vec<(&str, f64, f64)> {
        let mut out = vec![(self.start.0.as_str(), origin, self.start.1)];
        let mut at = self.start.1;
        for (label, step) in &self.steps {
            out.push((label.as_str(), at, at + step));
            at += step;
        }
        out.push((self.end.0.as_str(), origin, self.end.1));
        out
    }
}

/// What a chart draws.
#[derive(Clone, Debug, PartialEq)]
pub enum Plot {
    /// Lines over years.
    Lines(LinePlot),
    /// Bars by category.
    Bars(BarPlot),
    /// A heat grid.
    Grid(GridPlot),
    /// Two levers on a grid.
    Heat(HeatPlot),
    /// A waterfall from a first to a last total.
    Waterfall(WaterfallPlot),
    /// Regions as tiles in their rough places.
    Tiles(TilePlot),
}

/// A chart with its texts.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Title (what, where, which fund).
    pub title: String,
    /// Subtitle: the scenario's title.
    pub subtitle: String,
    /// Footer: data vintage, program version, short scenario hash.
    pub footer: String,
    /// Language of the axis units and numbers.
    pub lang: Lang,
    /// The plot.
    pub plot: Plot,
}

impl Chart {
    /// The chart's data as CSV with a header: for lines `year`, one column per series and two
    /// per area (its upper and lower edge),
    /// for bars `category` and one column per group, for a grid `row` and one column per year,
    /// for a waterfall `category,value,from,to` (totals from 0, steps from the running total),
    /// for a heatmap one row per cell (the two axes' values and the cell's).
    /// Values in the stored units (亿元, months, fractions), full precision.
    pub fn data_csv(&self) -> String {
        self.data_table(',')
    }

    /// The same as tab-separated text, for the clipboard (pastes into Excel and WPS).
    pub fn data_tsv(&self) -> String {
        self.data_table('\t')
    }

    fn data_table(&self, sep: char) -> String {
        let cell = |s: &str| {
            if s.contains(sep) || s.contains('"') || s.contains('\n') {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_owned()
            }
        };
        let mut out = String::new();
        let mut line = |cells: Vec<String>| {
            let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
            out.push_str(&cells.join(&sep.to_string()));
            out.push('\n');
        };
        match &self.plot {
            Plot::Lines(p) => {
                let mut header = vec!["year".to_owned()];
                header.extend(p.series.iter().map(|s| s.name.clone()));
                let (upper, lower) = if self.lang.is_zh() {
                    ("（上沿）", "（下沿）")
                } else {
                    (" (upper)", " (lower)")
                };
                for a in &p.areas {
                    header.push(format!("{}{upper}", a.name));
                    header.push(format!("{}{lower}", a.name));
                }
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
                    let mut row = vec![format!("{x}")];
                    for s in &p.series {
                        row.push(
                            s.points
                                .iter()
                                .find(|q| q[0] == x)
                                .map_or_else(String::new, |q| format!("{}", q[1])),
                        );
                    }
                    for a in &p.areas {
                        let q = a.points.iter().find(|q| q[0] == x);
                        for k in [1, 2] {
                            row.push(q.map_or_else(String::new, |q| format!("{}", q[k])));
                        }
                    }
                    line(row);
                }
            }
            Plot::Bars(b) => {
                let mut header = vec!["category".to_owned()];
                header.extend(b.groups.iter().map(|g| g.0.clone()));
                line(header);
                for (i, c) in b.categories.iter().enumerate() {
                    let mut row = vec![c.clone()];
                    for g in &b.groups {
                        row.push(g.2.get(i).map_or_else(String::new, |v| format!("{v}")));
                    }
                    line(row);
                }
            }
            Plot::Heat(h) => {
                line(vec![
                    h.x_label.clone(),
                    h.y_label.clone(),
                    h.value_label.clone(),
                ]);
                let nx = h.x.len();
                for (k, v) in h.cells.iter().enumerate() {
                    let (Some(x), Some(y)) = (h.x.get(k % nx.max(1)), h.y.get(k / nx.max(1)))
                    else {
                        continue;
                    };
                    line(vec![format!("{x}"), format!("{y}"), format!("{v}")]);
                }
            }
            Plot::Waterfall(w) => {
                line(vec![
                    "category".to_owned(),
                    "value".to_owned(),
                    "from".to_owned(),
                    "to".to_owned(),
                ]);
                let rows = w.bars(0.0);
                let last = rows.len() - 1;
                for (k, (label, from, to)) in rows.into_iter().enumerate() {
                    let value = if k == 0 || k == last {
                        to
                    } else {
                        w.steps[k - 1].1
                    };
                    line(vec![
                        label.to_owned(),
                        format!("{value}"),
                        format!("{from}"),
                        format!("{to}"),
                    ]);
                }
            }
            Plot::Tiles(t) => {
                line(vec!["region".to_owned(), t.value_label.clone()]);
                for tile in &t.tiles {
                    line(vec![
                        tile.name.clone(),
                        tile.value.map_or_else(String::new, |v| format!("{v}")),
                    ]);
                }
            }
            Plot::Grid(g) => {
                let years = g.rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
                let mut header = vec!["row".to_owned()];
                header.extend((0..years).map(|i| (g.first_year + i as i32).to_string()));
                line(header);
                for (name, values) in &g.rows {
                    let mut row = vec![name.clone()];
                    row.extend(
                        values
                            .iter()
                            .map(|v| v.map_or_else(String::new, |v| format!("{v}"))),
                    );
                    line(row);
                }
            }
        }
        out
    }
}

/// The chart as SVG text at the default size.
pub fn svg(chart: &Chart) -> String {
    svg::to_svg(&layout::layout(chart, WIDTH, HEIGHT))
}

/// The chart as PNG bytes at the default size and scale.
pub fn png(chart: &Chart) -> Result<Vec<u8>, RenderError> {
    png::to_png(&layout::layout(chart, WIDTH, HEIGHT), SCALE)
}

/// Rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The embedded font did not load.
    #[error("the embedded font did not load")]
    Font,
    /// The requested size is empty or too large.
    #[error("cannot draw a {0}×{1} pixel image")]
    Size(u32, u32),
    /// PNG encoding failed.
    #[error("PNG encoding failed: {0}")]
    Encode(String),
}
