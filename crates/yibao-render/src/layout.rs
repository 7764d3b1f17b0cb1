//! From a [`Chart`] to a [`Scene`]: title and scenario on top, the plot with round-number
//! ticks, the legend in a column right of the plot (never over the data), the footer below.

use super::scene::{Anchor, Hit, LegendBox, Prim, Scene};
use super::text;
use super::ticks::{
    AxisUnit, edge_ticks, format_fixed, format_number, nice_ticks, tick_decimals, year_ticks,
};
use super::{
    BarPlot, Chart, Color, GridPlot, HeatPlot, Key, Lang, LinePlot, Plot, Stroke, TilePlot,
    WaterfallPlot,
};

const INK: Color = Color::rgb(0x21, 0x21, 0x21);
const MUTED: Color = Color::rgb(0x61, 0x61, 0x61);
const GRID: Color = Color::rgb(0xe3, 0xe3, 0xe3);
const AXIS: Color = Color::rgb(0x75, 0x75, 0x75);
const WHITE: Color = Color::rgb(0xff, 0xff, 0xff);

const TITLE: f32 = 32.0;
const SUBTITLE: f32 = 21.0;
const LABEL: f32 = 19.0;
const FOOTER: f32 = 15.0;
const LEGEND_W: f32 = 340.0;

/// The plot rectangle.
#[derive(Clone, Copy, Debug)]
struct Area {
    left: f32,
    top: f32,
    right: f32,
    bottom: f32,
}

impl Area {
    fn w(&self) -> f32 {
        self.right - self.left
    }
    fn h(&self) -> f32 {
        self.bottom - self.top
    }
}

/// Maps data to pixels.
struct Map {
    area: Area,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl Map {
    fn x(&self, x: f64) -> f32 {
        self.area.left + ((x - self.x0) / (self.x1 - self.x0).max(1e-12)) as f32 * self.area.w()
    }
    fn y(&self, y: f64) -> f32 {
        self.area.bottom - ((y - self.y0) / (self.y1 - self.y0).max(1e-12)) as f32 * self.area.h()
    }
}

fn text(x: f32, y: f32, s: &str, size: f32, color: Color, anchor: Anchor) -> Prim {
    Prim::Text {
        x,
        y,
        text: s.to_owned(),
        size,
        color,
        anchor,
        bold: false,
    }
}

fn hline(x0: f32, x1: f32, y: f32, color: Color, width: f32) -> Prim {
    Prim::Line {
        points: vec![(x0, y), (x1, y)],
        color,
        width,
        dash: None,
        series: None,
    }
}

/// The narrowest canvas on which the chart's title, subtitle and footer are drawn whole (the
/// layout shortens a line that does not fit).
pub fn min_width(chart: &Chart) -> f32 {
    text::width(&chart.title, TITLE)
        .max(text::width(&chart.subtitle, SUBTITLE))
        .max(text::width(&chart.footer, FOOTER))
        + 96.0
}

/// Lays out a chart on a `width`×`height` canvas.
pub fn layout(chart: &Chart, width: f32, height: f32) -> Scene {
    let mut prims = vec![Prim::Rect {
        x: 0.0,
        y: 0.0,
        w: width,
        h: height,
        fill: WHITE,
        outline: None,
    }];
    prims.push(Prim::Text {
        x: 48.0,
        y: 58.0,
        text: text::fit(&chart.title, TITLE, width - 96.0),
        size: TITLE,
        color: INK,
        anchor: Anchor::Start,
        bold: true,
    });
    prims.push(text(
        48.0,
        92.0,
        &text::fit(&chart.subtitle, SUBTITLE, width - 96.0),
        SUBTITLE,
        MUTED,
        Anchor::Start,
    ));
    prims.push(hline(48.0, width - 48.0, height - 52.0, GRID, 1.0));
    prims.push(text(
        48.0,
        height - 24.0,
        &text::fit(&chart.footer, FOOTER, width - 96.0),
        FOOTER,
        MUTED,
        Anchor::Start,
    ));
    // The legend column starts at 340 px and grows (the plot narrows) until every entry fits
    // in full above the footer.
    let base = prims.len();
    let draw = |prims: &mut Vec<Prim>, legend_w: f32| {
        prims.truncate(base);
        let area = Area {
            left: 140.0,
            top: 150.0,
            right: width - legend_w - 40.0,
            bottom: height - 120.0,
        };
        let mut legend = Legend::new(area, width, height);
        let mut hits = Vec::new();
        let plot = match &chart.plot {
            Plot::Lines(p) => lines(prims, &mut legend, p, area, chart.lang),
            Plot::Bars(b) => bars(prims, &mut legend, b, area, chart.lang),
            Plot::Grid(g) => grid(prims, &mut legend, &mut hits, g, area, chart.lang),
            Plot::Heat(h) => heat(prims, &mut legend, h, area),
            Plot::Waterfall(w) => waterfall(prims, &mut legend, w, area, chart.lang),
            Plot::Tiles(t) => tiles(prims, &mut legend, &mut hits, t, area),
        };
        (legend, plot, hits)
    };
    let (mut legend, mut plot, mut hits) = draw(&mut prims, LEGEND_W);
    for legend_w in [LEGEND_W + 120.0, LEGEND_W + 260.0] {
        if legend.fits() {
            break;
        }
        (legend, plot, hits) = draw(&mut prims, legend_w);
    }
    let legend = legend.finish(&mut prims);
    Scene {
        width,
        height,
        title: chart.title.clone(),
        prims,
        plot: [plot.left, plot.top, plot.right, plot.bottom],
        legend,
        hits,
    }
}

/// The y axis: unit label above it, grid lines and labels at the ticks.
fn y_axis(prims: &mut Vec<Prim>, area: Area, ticks: &[f64], unit: &AxisUnit, map: &Map) {
    prims.push(text(
        area.left - 12.0,
        area.top - 22.0,
        unit.label,
        LABEL,
        MUTED,
        Anchor::End,
    ));
    let decimals = tick_decimals(ticks);
    for &t in ticks {
        let y = map.y(t / unit.factor);
        prims.push(hline(area.left, area.right, y, GRID, 1.0));
        prims.push(text(
            area.left - 12.0,
            y + LABEL * 0.35,
            &format_fixed(t, decimals),
            LABEL,
            INK,
            Anchor::End,
        ));
    }
}

fn x_year_axis(prims: &mut Vec<Prim>, area: Area, map: &Map, lang: Lang) {
    prims.push(hline(area.left, area.right, area.bottom, AXIS, 1.5));
    for year in year_ticks(map.x0.ceil() as i32, map.x1.floor() as i32) {
        let x = map.x(f64::from(year));
        prims.push(Prim::Line {
            points: vec![(x, area.bottom), (x, area.bottom + 8.0)],
            color: AXIS,
            width: 1.5,
            dash: None,
            series: None,
        });
        prims.push(text(
            x,
            area.bottom + 34.0,
            &year.to_string(),
            LABEL,
            INK,
            Anchor::Middle,
        ));
    }
    let label = if lang.is_zh() { "年份" } else { "Year" };
    prims.push(text(
        area.right,
        area.bottom + 66.0,
        label,
        LABEL,
        MUTED,
        Anchor::End,
    ));
}

/// The legend: entries (a swatch, line or box, and the name) collected while the plot is drawn,
/// then laid out in the column right of the plot, names wrapped (never cut) and the type made
/// smaller when the column would run into the footer.
struct Legend {
    x: f32,
    top: f32,
    bottom: f32,
    right: f32,
    entries: Vec<(String, Swatch)>,
}

impl Legend {
    fn new(area: Area, width: f32, height: f32) -> Legend {
        Legend {
            x: area.right + 36.0,
            top: area.top + 4.0,
            bottom: height - 64.0,
            right: width - 24.0,
            entries: Vec::new(),
        }
    }

    fn entry(&mut self, name: &str, swatch: Swatch) {
        self.entries.push((name.to_owned(), swatch));
    }

    /// The entries wrapped at a type size, their line height and the column's height.
    fn wrapped(&self, size: f32) -> (Vec<Vec<String>>, f32, f32) {
        let max = self.right - (self.x + 52.0);
        let line_h = (size * 1.3).round();
        let wrapped: Vec<Vec<String>> = self
            .entries
            .iter()
            .map(|(n, _)| text::wrap(n, size, max))
            .collect();
        let total: f32 = wrapped
            .iter()
            .map(|l| (l.len() as f32 * line_h).max(20.0) + gap(size))
            .sum();
        (wrapped, line_h, total)
    }

    /// The largest type size at which the column ends above the footer.
    fn size(&self) -> Option<f32> {
        LEGEND_SIZES
            .into_iter()
            .find(|s| self.top + self.wrapped(*s).2 <= self.bottom)
    }

    /// Whether every entry fits in full.
    fn fits(&self) -> bool {
        self.size().is_some()
    }

    /// Draws the entries and returns where each went.
    fn finish(self, prims: &mut Vec<Prim>) -> Vec<LegendBox> {
        let size = self.size().unwrap_or(LEGEND_SIZES[LEGEND_SIZES.len() - 1]);
        let (wrapped, line_h, _) = self.wrapped(size);
        let mut out = Vec::new();
        let mut y = self.top;
        for ((name, swatch), lines) in self.entries.iter().zip(wrapped) {
            let h = (lines.len() as f32 * line_h).max(20.0);
            let cy = y + line_h.min(h) / 2.0;
            match *swatch {
                Swatch::Line(color, width, dash) => prims.push(Prim::Line {
                    points: vec![(self.x, cy), (self.x + 40.0, cy)],
                    color,
                    width,
                    dash,
                    series: None,
                }),
                Swatch::Box(color) => prims.push(Prim::Rect {
                    x: self.x + 6.0,
                    y: cy - 10.0,
                    w: 28.0,
                    h: 20.0,
                    fill: color,
                    outline: Some((MUTED.alpha(0.5), 0.5)).filter(|_| color.a < 40),
                }),
            }
            let mut right = self.x + 40.0;
            for (i, line) in lines.iter().enumerate() {
                let base = y + (i as f32 + 0.5) * line_h + size * 0.35;
                prims.push(text(self.x + 52.0, base, line, size, INK, Anchor::Start));
                right = right.max(self.x + 52.0 + text::width(line, size));
            }
            out.push(LegendBox {
                name: name.clone(),
                rect: [self.x, y, right, y + h],
            });
            y += h + gap(size);
        }
        out
    }
}

/// Type sizes of the legend, largest first.
const LEGEND_SIZES: [f32; 5] = [
    LABEL - 1.0,
    LABEL - 3.0,
    LABEL - 5.0,
    LABEL - 7.0,
    LABEL - 8.0,
];

/// The space between two legend entries at a type size.
fn gap(size: f32) -> f32 {
    (size * 0.78).round()
}

enum Swatch {
    Line(Color, f32, Option<(f32, f32)>),
    Box(Color),
}

fn style(stroke: Stroke) -> (f32, Option<(f32, f32)>) {
    match stroke {
        Stroke::Faint => (2.5, None),
        Stroke::Solid => (4.0, None),
        Stroke::Dashed => (3.5, Some((14.0, 8.0))),
        Stroke::FaintDashed => (2.5, Some((10.0, 7.0))),
    }
}

fn lines(prims: &mut Vec<Prim>, legend: &mut Legend, p: &LinePlot, area: Area, lang: Lang) -> Area {
    let pts = p.series.iter().flat_map(|s| s.points.iter());
    let (mut x0, mut x1) = (f64::INFINITY, f64::NEG_INFINITY);
    // Stock axes from zero: the range always includes 0.
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for q in pts {
        x0 = x0.min(q[0]);
        x1 = x1.max(q[0]);
        if q[1].is_finite() {
            lo = lo.min(q[1]);
            hi = hi.max(q[1]);
        }
    }
    for b in p.band.iter().chain(&p.references) {
        lo = lo.min(b.lo);
        hi = hi.max(b.hi);
    }
    for q in p.areas.iter().flat_map(|a| a.points.iter()) {
        x0 = x0.min(q[0]);
        x1 = x1.max(q[0]);
        for v in [q[1], q[2]].into_iter().filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if !x0.is_finite() {
        x0 = 0.0;
        x1 = 1.0;
    }
    let unit = AxisUnit::for_values(p.quantity, lang, lo.abs().max(hi.abs()));
    let ticks = nice_ticks(lo * unit.factor, hi * unit.factor);
    let map = Map {
        area,
        x0,
        x1: x1.max(x0 + 1.0),
        y0: ticks.first().copied().unwrap_or(0.0) / unit.factor,
        y1: ticks.last().copied().unwrap_or(1.0) / unit.factor,
    };
    y_axis(prims, area, &ticks, &unit, &map);
    if let Some(span) = &p.published {
        // The published years: shaded over the whole height, labelled at the top (as the app).
        let (xa, xb) = (map.x(span.first.max(map.x0)), map.x(span.last.min(map.x1)));
        if xb > xa {
            prims.push(Prim::Rect {
                x: xa,
                y: area.top,
                w: xb - xa,
                h: area.h(),
                fill: span.color,
                outline: None,
            });
            prims.push(text(
                xa + 6.0,
                area.top + 20.0,
                &span.name,
                LABEL - 2.0,
                MUTED,
                Anchor::Start,
            ));
        }
    }
    if let Some(b) = &p.band {
        let (ya, yb) = (map.y(b.hi), map.y(b.lo));
        prims.push(Prim::Rect {
            x: area.left,
            y: ya,
            w: area.w(),
            h: yb - ya,
            fill: b.color.alpha(0.18),
            outline: None,
        });
    }
    for r in &p.references {
        if (r.hi - r.lo).abs() < 1e-12 {
            let dash = Some((6.0, 6.0));
            prims.push(Prim::Line {
                points: vec![(area.left, map.y(r.lo)), (area.right, map.y(r.lo))],
                color: r.color,
                width: 2.5,
                dash,
                series: None,
            });
        } else {
            let (ya, yb) = (map.y(r.hi), map.y(r.lo));
            prims.push(Prim::Rect {
                x: area.left,
                y: ya,
                w: area.w(),
                h: yb - ya,
                fill: r.color.alpha(0.25),
                outline: Some((r.color, 1.5)),
            });
        }
    }
    for a in &p.areas {
        // Upper edge left to right, then the lower edge back (points with a gap are left out).
        let finite = || {
            a.points
                .iter()
                .filter(|q| q[1].is_finite() && q[2].is_finite())
        };
        let mut points: Vec<(f32, f32)> = finite().map(|q| (map.x(q[0]), map.y(q[1]))).collect();
        points.extend(finite().rev().map(|q| (map.x(q[0]), map.y(q[2]))));
        prims.push(Prim::Polygon {
            points,
            fill: a.color,
        });
    }
    if lo < 0.0 || p.zero_line {
        prims.push(hline(area.left, area.right, map.y(0.0), AXIS, 1.5));
    }
    for s in &p.series {
        let (width, dash) = style(s.stroke);
        let color = if s.stroke.is_faint() {
            s.color.alpha(super::palette::BASELINE_OPACITY)
        } else {
            s.color
        };
        prims.push(Prim::Line {
            points: s
                .points
                .iter()
                .filter(|q| q[1].is_finite())
                .map(|q| (map.x(q[0]), map.y(q[1])))
                .collect(),
            color,
            width,
            dash,
            series: Some(s.name.clone()),
        });
    }
    for m in &p.markers {
        let x = map.x(m.x);
        let dash = Some((4.0, 5.0));
        prims.push(Prim::Line {
            points: vec![(x, area.top), (x, area.bottom)],
            color: m.color,
            width: 2.0,
            dash,
            series: None,
        });
        let right_half = x > area.left + area.w() * 0.7;
        prims.push(text(
            if right_half { x - 8.0 } else { x + 8.0 },
            area.top + 46.0,
            &m.label,
            LABEL,
            m.color,
            if right_half {
                Anchor::End
            } else {
                Anchor::Start
            },
        ));
    }
    for e in p.legend() {
        let swatch = match e.key {
            Key::Box => Swatch::Box(e.color),
            Key::Line(stroke) => {
                let (width, dash) = style(stroke);
                Swatch::Line(e.color, width, dash)
            }
        };
        legend.entry(&e.name, swatch);
    }
    x_year_axis(prims, area, &map, lang);
    area
}

fn bars(prims: &mut Vec<Prim>, legend: &mut Legend, b: &BarPlot, area: Area, lang: Lang) -> Area {
    if b.horizontal {
        return horizontal_bars(prims, legend, b, area, lang);
    }
    let (unit, ticks) = value_axis(b, lang);
    let n = b.categories.len().max(1) as f64;
    let map = Map {
        area,
        x0: -0.5,
        x1: n - 0.5,
        y0: ticks.first().copied().unwrap_or(0.0) / unit.factor,
        y1: ticks.last().copied().unwrap_or(1.0) / unit.factor,
    };
    y_axis(prims, area, &ticks, &unit, &map);
    let groups = b.groups.len().max(1) as f64;
    let slot = 0.76 / groups;
    for (gi, (name, color, vals)) in b.groups.iter().enumerate() {
        for (ci, v) in vals.iter().enumerate() {
            if !v.is_finite() {
                continue;
            }
            let xa = map.x(ci as f64 - 0.38 + gi as f64 * slot + slot * 0.08);
            let xb = map.x(ci as f64 - 0.38 + (gi + 1) as f64 * slot - slot * 0.08);
            let (ya, yb) = (map.y(v.max(0.0)), map.y(v.min(0.0)));
            prims.push(Prim::Rect {
                x: xa,
                y: ya,
                w: xb - xa,
                h: yb - ya,
                fill: *color,
                outline: None,
            });
        }
        legend.entry(name, Swatch::Box(*color));
    }
    prims.push(hline(area.left, area.right, map.y(0.0), AXIS, 1.5));
    for (ci, c) in b.categories.iter().enumerate() {
        prims.push(text(
            map.x(ci as f64),
            area.bottom + 34.0,
            c,
            LABEL,
            INK,
            Anchor::Middle,
        ));
    }
    area
}

/// The unit and ticks of a bar chart's value axis (always holding 0).
fn value_axis(b: &BarPlot, lang: Lang) -> (AxisUnit, Vec<f64>) {
    let values = b.groups.iter().flat_map(|g| g.2.iter().copied());
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((0.0f64, 0.0f64), |(l, h), v| (l.min(v), h.max(v)));
    let unit = AxisUnit::for_values(b.quantity, lang, lo.abs().max(hi.abs()));
    let ticks = nice_ticks(lo * unit.factor, hi * unit.factor);
    (unit, ticks)
}

/// Bars along x from zero, one row per category (first on top) with its label on the left;
/// the value axis runs along the bottom.
fn horizontal_bars(
    prims: &mut Vec<Prim>,
    legend: &mut Legend,
    b: &BarPlot,
    area: Area,
    lang: Lang,
) -> Area {
    let (unit, ticks) = value_axis(b, lang);
    // Room for the longest label, at most a third of the plot.
    let label_w = b
        .categories
        .iter()
        .map(|c| text::width(c, LABEL))
        .fold(0.0f32, f32::max)
        .min(area.w() / 3.0);
    let area = Area {
        left: (48.0 + label_w + 16.0).max(area.left),
        ..area
    };
    let n = b.categories.len().max(1) as f64;
    // x: values; y: category k at n − 1 − k so that the first is on top.
    let map = Map {
        area,
        x0: ticks.first().copied().unwrap_or(0.0) / unit.factor,
        x1: ticks.last().copied().unwrap_or(1.0) / unit.factor,
        y0: -0.5,
        y1: n - 0.5,
    };
    let decimals = tick_decimals(&ticks);
    for &t in &ticks {
        let x = map.x(t / unit.factor);
        prims.push(Prim::Line {
            points: vec![(x, area.top), (x, area.bottom)],
            color: GRID,
            width: 1.0,
            dash: None,
            series: None,
        });
        prims.push(text(
            x,
            area.bottom + 30.0,
            &format_fixed(t, decimals),
            LABEL,
            INK,
            Anchor::Middle,
        ));
    }
    prims.push(text(
        area.right,
        area.bottom + 62.0,
        unit.label,
        LABEL,
        MUTED,
        Anchor::End,
    ));
    let groups = b.groups.len().max(1) as f64;
    let slot = 0.76 / groups;
    for (gi, (name, color, vals)) in b.groups.iter().enumerate() {
        for (ci, v) in vals.iter().enumerate() {
            if !v.is_finite() {
                continue;
            }
            let row = n - 1.0 - ci as f64;
            // The first group sits higher in its row.
            let ya = map.y(row + 0.38 - gi as f64 * slot - slot * 0.08);
            let yb = map.y(row + 0.38 - (gi + 1) as f64 * slot + slot * 0.08);
            let (xa, xb) = (map.x(v.min(0.0)), map.x(v.max(0.0)));
            prims.push(Prim::Rect {
                x: xa,
                y: ya,
                w: xb - xa,
                h: yb - ya,
                fill: *color,
                outline: None,
            });
        }
        legend.entry(name, Swatch::Box(*color));
    }
    let zero = map.x(0.0);
    prims.push(Prim::Line {
        points: vec![(zero, area.top), (zero, area.bottom)],
        color: AXIS,
        width: 1.5,
        dash: None,
        series: None,
    });
    for (ci, c) in b.categories.iter().enumerate() {
        let y = map.y(n - 1.0 - ci as f64);
        prims.push(text(
            area.left - 16.0,
            y + LABEL * 0.35,
            &text::fit(c, LABEL, label_w),
            LABEL,
            INK,
            Anchor::End,
        ));
    }
    area
}

/// The province grid: a row per province (its name, then a cell per year) and the colour
/// classes in the legend; every cell and row name is recorded as a [`Hit`].
fn grid(
    prims: &mut Vec<Prim>,
    legend: &mut Legend,
    hits: &mut Vec<Hit>,
    g: &GridPlot,
    area: Area,
    lang: Lang,
) -> Area {
    let years = g.rows.iter().map(|r| r.1.len()).max().unwrap_or(0).max(1);
    let name_w = if lang.is_zh() { 70.0 } else { 140.0 };
    let left = area.left - 90.0 + name_w;
    let top = area.top - 20.0;
    let row_h = ((area.bottom - top) / g.rows.len().max(1) as f32).min(30.0);
    let cell_w = (area.right - left) / years as f32;
    let size = (row_h * 0.72).clamp(10.0, 16.0);
    for (r, (name, values)) in g.rows.iter().enumerate() {
        let y = top + r as f32 * row_h;
        prims.push(text(
            left - 8.0,
            y + row_h * 0.5 + size * 0.35,
            name,
            size,
            INK,
            Anchor::End,
        ));
        hits.push(Hit {
            name: name.clone(),
            row: r,
            col: None,
            rect: [left - name_w - 8.0, y, left, y + row_h],
        });
        for (c, v) in values.iter().enumerate() {
            let x = left + c as f32 * cell_w;
            prims.push(Prim::Rect {
                x,
                y,
                w: cell_w - 1.0,
                h: row_h - 1.0,
                fill: super::palette::months_color(*v),
                outline: None,
            });
            hits.push(Hit {
                name: name.clone(),
                row: r,
                col: Some(c),
                rect: [x, y, x + cell_w, y + row_h],
            });
        }
    }
    let bottom = top + g.rows.len() as f32 * row_h;
    let last = g.first_year + years as i32 - 1;
    for year in year_ticks(g.first_year, last) {
        let c = (year - g.first_year) as f32;
        prims.push(text(
            left + (c + 0.5) * cell_w,
            bottom + 26.0,
            &year.to_string(),
            LABEL - 2.0,
            INK,
            Anchor::Middle,
        ));
    }
    legend.entry(
        if lang.is_zh() {
            "可支付月数（月）"
        } else {
            "Months of reserve"
        },
        Swatch::Box(WHITE),
    );
    for (label, color) in &g.classes {
        legend.entry(label, Swatch::Box(*color));
    }
    Area {
        left,
        top,
        right: area.right,
        bottom,
    }
}

/// The tile map: square tiles as large as the plot allows, each with its label over its value
/// in black or white (whichever reads on the fill); every tile is a [`Hit`] (its index as the
/// row).
fn tiles(
    prims: &mut Vec<Prim>,
    legend: &mut Legend,
    hits: &mut Vec<Hit>,
    t: &TilePlot,
    area: Area,
) -> Area {
    let cols = t.tiles.iter().map(|x| x.col).max().map_or(1, |c| c + 1);
    let rows = t.tiles.iter().map(|x| x.row).max().map_or(1, |r| r + 1);
    let left = area.left - 90.0;
    let top = area.top - 20.0;
    let side = ((area.right - left) / f32::from(cols)).min((area.bottom - top) / f32::from(rows));
    let label = (side * 0.24).clamp(10.0, 22.0);
    let value = (side * 0.2).clamp(9.0, 18.0);
    for (i, tile) in t.tiles.iter().enumerate() {
        let x = left + f32::from(tile.col) * side;
        let y = top + f32::from(tile.row) * side;
        let w = side - 3.0;
        prims.push(Prim::Rect {
            x,
            y,
            w,
            h: w,
            fill: tile.fill,
            outline: None,
        });
        let c = tile.fill;
        let ink = if u32::from(c.r) + u32::from(c.g) + u32::from(c.b) > 380 {
            Color::rgb(0, 0, 0)
        } else {
            WHITE
        };
        let cx = x + w / 2.0;
        prims.push(text(
            cx,
            y + w * 0.42,
            &tile.label,
            label,
            ink,
            Anchor::Middle,
        ));
        prims.push(text(
            cx,
            y + w * 0.42 + value * 1.3,
            &tile.value_text,
            value,
            ink,
            Anchor::Middle,
        ));
        hits.push(Hit {
            name: tile.name.clone(),
            row: i,
            col: None,
            rect: [x, y, x + w, y + w],
        });
    }
    legend.entry(&t.legend_title, Swatch::Box(WHITE));
    for (name, color) in &t.legend {
        legend.entry(name, Swatch::Box(*color));
    }
    Area {
        left,
        top,
        right: left + side * f32::from(cols),
        bottom: top + side * f32::from(rows),
    }
}

/// An axis value as text: whole when whole, else to two decimals.
fn axis_value(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format_fixed(v, 0)
    } else {
        format_fixed(v, 2)
    }
}

fn heat(prims: &mut Vec<Prim>, legend: &mut Legend, h: &HeatPlot, area: Area) -> Area {
    let (nx, ny) = (h.x.len().max(1), h.y.len().max(1));
    let left = area.left;
    let top = area.top;
    let bottom = area.bottom - 30.0;
    let cell_w = (area.right - left) / nx as f32;
    let cell_h = (bottom - top) / ny as f32;
    for (k, v) in h.cells.iter().enumerate() {
        let (ix, iy) = (k % nx, k / nx);
        // Row 0 (lowest y) at the bottom.
        prims.push(Prim::Rect {
            x: left + ix as f32 * cell_w,
            y: bottom - (iy + 1) as f32 * cell_h,
            w: cell_w + 0.5,
            h: cell_h + 0.5,
            fill: h.color(*v),
            outline: None,
        });
    }
    // Ticks sit between the first and the last cell's centre, where their value falls.
    let along = |vals: &[f64], v: f64| -> f32 {
        let (a, b) = (
            vals.first().copied().unwrap_or(0.0),
            vals.last().copied().unwrap_or(0.0),
        );
        let t = if b > a {
            ((v - a) / (b - a)) as f32
        } else {
            0.0
        };
        (t * (vals.len().max(1) as f32 - 1.0) + 0.5) / vals.len().max(1) as f32
    };
    if let (Some(a), Some(b)) = (h.x.first(), h.x.last()) {
        for v in edge_ticks(*a, *b) {
            prims.push(text(
                left + along(&h.x, v) * (area.right - left),
                bottom + 26.0,
                &axis_value(v),
                LABEL - 2.0,
                INK,
                Anchor::Middle,
            ));
        }
    }
    if let (Some(a), Some(b)) = (h.y.first(), h.y.last()) {
        for v in edge_ticks(*a, *b) {
            prims.push(text(
                left - 10.0,
                bottom - along(&h.y, v) * (bottom - top) + 6.0,
                &axis_value(v),
                LABEL - 2.0,
                INK,
                Anchor::End,
            ));
        }
    }
    prims.push(text(
        (left + area.right) / 2.0,
        bottom + 58.0,
        &text::fit(&h.x_label, LABEL, area.w()),
        LABEL,
        MUTED,
        Anchor::Middle,
    ));
    prims.push(text(
        left - 100.0,
        top - 18.0,
        &text::fit(&h.y_label, LABEL, area.w()),
        LABEL,
        MUTED,
        Anchor::Start,
    ));
    // The marked point: a ring of two squares (visible on any cell colour) at its position
    // between the axis values.
    if let Some(([mx, my], _)) = &h.marker {
        let pos = |vals: &[f64], v: f64, n: usize| -> Option<f32> {
            let (first, last) = (*vals.first()?, *vals.last()?);
            let t = if last > first {
                ((v - first) / (last - first)) as f32
            } else {
                0.5
            };
            (-0.01..=1.01)
                .contains(&t)
                .then(|| (t * (n as f32 - 1.0) + 0.5) / n as f32)
        };
        if let (Some(tx), Some(ty)) = (pos(&h.x, *mx, nx), pos(&h.y, *my, ny)) {
            let cx = left + tx * (area.right - left);
            let cy = bottom - ty * (bottom - top);
            for (r, c, w) in [(11.0, WHITE, 5.0), (11.0, INK, 2.5)] {
                prims.push(Prim::Rect {
                    x: cx - r,
                    y: cy - r,
                    w: 2.0 * r,
                    h: 2.0 * r,
                    fill: Color::rgb(0, 0, 0).alpha(0.0),
                    outline: Some((c, w)),
                });
            }
        }
    }
    legend.entry(&h.value_label, Swatch::Box(WHITE));
    // Highest class on top, as the cells read from bottom to top.
    for c in h.classes.iter().rev() {
        legend.entry(&c.label, Swatch::Box(c.color));
    }
    if let Some((_, label)) = &h.marker {
        legend.entry(label, Swatch::Line(INK, 2.5, None));
    }
    Area {
        left,
        top,
        right: area.right,
        bottom,
    }
}

/// A waterfall, one row per bar from the top (first total, steps, last total) with its label
/// on the left, values along the bottom. The value axis covers every running total (not
/// necessarily 0, so that small steps stay visible); totals are drawn from the axis's start
/// (from 0 when 0 is on the axis), steps float from the running total, thin connectors join
/// each bar's end to the next, and each bar is labelled with its signed change (totals with
/// their value).
fn waterfall(
    prims: &mut Vec<Prim>,
    legend: &mut Legend,
    w: &WaterfallPlot,
    area: Area,
    lang: Lang,
) -> Area {
    let raw = w.bars(0.0);
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (_, a, b) in raw.iter().skip(1).take(raw.len() - 2) {
        lo = lo.min(a.min(*b));
        hi = hi.max(a.max(*b));
    }
    for v in [w.start.1, w.end.1] {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() || !hi.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    // Room on both sides for the value labels.
    let pad = (hi - lo).max(hi.abs().max(1.0) * 1e-6) * 0.12;
    let (lo, hi) = (lo - pad, hi + pad);
    let unit = match w.quantity {
        Some(q) => AxisUnit::for_values(q, lang, lo.abs().max(hi.abs())),
        None => AxisUnit {
            factor: 1.0,
            label: "",
        },
    };
    let unit_label = if w.quantity.is_some() {
        unit.label.to_owned()
    } else {
        w.unit.clone()
    };
    let ticks = nice_ticks(lo * unit.factor, hi * unit.factor);
    let label_w = raw
        .iter()
        .map(|(c, _, _)| text::width(c, LABEL))
        .fold(0.0f32, f32::max)
        .min(area.w() / 3.0);
    let area = Area {
        left: (48.0 + label_w + 16.0).max(area.left),
        ..area
    };
    let n = raw.len() as f64;
    let (x0, x1) = (
        ticks.first().copied().unwrap_or(0.0) / unit.factor,
        ticks.last().copied().unwrap_or(1.0) / unit.factor,
    );
    let map = Map {
        area,
        x0,
        x1,
        y0: -0.5,
        y1: n - 0.5,
    };
    let decimals = if w.quantity.is_none() {
        0
    } else {
        tick_decimals(&ticks)
    };
    // Totals as the axis shows them (a year whole); changes with two more decimals, trailing
    // zeros dropped, so that a fraction of a year or a small change still shows.
    let show = |v: f64, total: bool| {
        if w.quantity.is_none() && total {
            format!("{:.0}", v * unit.factor)
        } else {
            format_number(v * unit.factor, decimals + 2)
        }
    };
    for &t in &ticks {
        let x = map.x(t / unit.factor);
        prims.push(Prim::Line {
            points: vec![(x, area.top), (x, area.bottom)],
            color: GRID,
            width: 1.0,
            dash: None,
            series: None,
        });
        let label = if w.quantity.is_none() {
            format!("{t:.0}")
        } else {
            format_fixed(t, decimals)
        };
        prims.push(text(
            x,
            area.bottom + 30.0,
            &label,
            LABEL,
            INK,
            Anchor::Middle,
        ));
    }
    prims.push(text(
        area.right,
        area.bottom + 62.0,
        &unit_label,
        LABEL,
        MUTED,
        Anchor::End,
    ));
    let origin = if x0 <= 0.0 && 0.0 <= x1 { 0.0 } else { x0 };
    let bars = w.bars(origin);
    let last = bars.len() - 1;
    let [up, down, total] = w.colors;
    let half = 0.34;
    for (k, (label, from, to)) in bars.iter().enumerate() {
        let row = n - 1.0 - k as f64;
        let is_total = k == 0 || k == last;
        let color = if is_total {
            total
        } else if to == from {
            AXIS
        } else if to >= from {
            up
        } else {
            down
        };
        let (ya, yb) = (map.y(row + half), map.y(row - half));
        let (xa, xb) = (map.x(from.min(*to)), map.x(from.max(*to)));
        prims.push(Prim::Rect {
            x: xa,
            y: ya,
            w: (xb - xa).max(1.5),
            h: yb - ya,
            fill: color,
            outline: None,
        });
        // The connector to the next bar's start.
        if k < last {
            let x = map.x(*to);
            prims.push(Prim::Line {
                points: vec![(x, yb), (x, map.y(row - 1.0 + half))],
                color: AXIS,
                width: 1.0,
                dash: Some((4.0, 4.0)),
                series: None,
            });
        }
        let value = if is_total {
            show(*to, true)
        } else {
            let d = w.steps[k - 1].1;
            let s = show(d.abs(), false);
            if d == 0.0 {
                "0".to_owned()
            } else if d < 0.0 {
                format!("−{s}")
            } else {
                format!("+{s}")
            }
        };
        let right = to >= from || is_total;
        prims.push(text(
            if right { xb + 8.0 } else { xa - 8.0 },
            map.y(row) + LABEL * 0.35,
            &value,
            LABEL - 1.0,
            INK,
            if right { Anchor::Start } else { Anchor::End },
        ));
        prims.push(text(
            area.left - 16.0,
            map.y(row) + LABEL * 0.35,
            &text::fit(label, LABEL, label_w),
            LABEL,
            if is_total { INK } else { MUTED },
            Anchor::End,
        ));
    }
    for (name, color) in w.names.iter().zip(w.colors) {
        legend.entry(name, Swatch::Box(color));
    }
    area
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every cell of the grid is a hit region around its drawn rectangle, every row name one
    /// left of its cells; a point in a cell finds that cell.
    #[test]
    fn the_grid_records_a_hit_per_cell_and_row_name() {
        let rows = vec![
            ("甲".to_owned(), vec![Some(3.0), Some(7.0), None]),
            ("乙".to_owned(), vec![Some(12.0), Some(1.0), Some(8.0)]),
        ];
        let chart = Chart {
            title: "t".into(),
            subtitle: String::new(),
            footer: String::new(),
            lang: Lang::Zh,
            plot: Plot::Grid(GridPlot {
                first_year: 2024,
                rows: rows.clone(),
                classes: Vec::new(),
            }),
        };
        let scene = layout(&chart, 1600.0, 900.0);
        assert_eq!(scene.hits.len(), 2 * (1 + 3));
        let cells: Vec<&Prim> = scene
            .prims
            .iter()
            .filter(|p| {
                matches!(p, Prim::Rect { x, y, .. }
                    if *x >= scene.plot[0] && *x < scene.plot[2]
                        && *y >= scene.plot[1] && *y < scene.plot[3])
            })
            .collect();
        assert_eq!(cells.len(), 6);
        let mut k = 0;
        for (r, (name, values)) in rows.iter().enumerate() {
            let label = &scene.hits[r * 4];
            assert_eq!(
                (label.name.as_str(), label.row, label.col),
                (name.as_str(), r, None)
            );
            for (c, v) in values.iter().enumerate() {
                let hit = &scene.hits[r * 4 + 1 + c];
                assert_eq!((hit.row, hit.col), (r, Some(c)));
                assert!(hit.rect[0] >= label.rect[2]);
                let Prim::Rect {
                    x, y, w, h, fill, ..
                } = cells[k]
                else {
                    unreachable!()
                };
                assert_eq!(*fill, super::super::palette::months_color(*v));
                assert!(hit.rect[0] <= *x && hit.rect[2] >= x + w);
                assert!(hit.rect[1] <= *y && hit.rect[3] >= y + h);
                let (cx, cy) = (x + w / 2.0, y + h / 2.0);
                assert_eq!(scene.hit_at(cx, cy), Some(hit));
                k += 1;
            }
        }
        assert!(scene.hit_at(1.0, 1.0).is_none());
    }

    /// Every tile is drawn in its fill at its column and row, its label and value on it, and
    /// recorded as a hit region by its full name; the legend has the title and the swatches;
    /// the data file lists each region's value.
    #[test]
    fn a_tile_map_draws_each_tile_in_place_with_a_hit_region() {
        let tile = |name: &str, col, row, v: Option<f64>, fill| crate::Tile {
            name: name.to_owned(),
            label: name.chars().take(1).collect(),
            value: v,
            value_text: v.map_or("—".to_owned(), |v| format!("{v:.1}")),
            col,
            row,
            fill,
        };
        let (red, blue) = (Color::rgb(200, 0, 0), Color::rgb(0, 0, 200));
        let chart = Chart {
            title: "t".into(),
            subtitle: String::new(),
            footer: String::new(),
            lang: Lang::En,
            plot: Plot::Tiles(TilePlot {
                tiles: vec![
                    tile("Alpha", 0, 0, Some(1.5), red),
                    tile("Beta", 2, 1, None, blue),
                ],
                legend_title: "Colour: months".into(),
                legend: vec![("low".into(), red), ("high".into(), blue)],
                value_label: "months".into(),
            }),
        };
        let scene = layout(&chart, 1600.0, 900.0);
        assert_eq!(scene.hits.len(), 2);
        let (a, b) = (&scene.hits[0], &scene.hits[1]);
        assert_eq!((a.name.as_str(), a.row), ("Alpha", 0));
        assert_eq!((b.name.as_str(), b.row), ("Beta", 1));
        // Beta sits two columns right of and one row below Alpha, on the same pitch.
        let side = a.rect[2] - a.rect[0];
        assert!((b.rect[1] - a.rect[1] - (b.rect[0] - a.rect[0]) / 2.0).abs() < 0.01);
        assert!(b.rect[0] - a.rect[0] > 2.0 * side);
        for (hit, fill, value) in [(a, red, "1.5"), (b, blue, "—")] {
            assert!(scene.prims.iter().any(|p| matches!(p,
                Prim::Rect { x, y, fill: f, .. } if *x == hit.rect[0] && *y == hit.rect[1] && *f == fill)));
            assert!(scene.prims.iter().any(|p| matches!(p,
                Prim::Text { x, y, text, .. } if text == value
                    && hit.contains(*x, *y))));
        }
        let names: Vec<&str> = scene.legend.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["Colour: months", "low", "high"]);
        assert_eq!(chart.data_csv(), "region,months\nAlpha,1.5\nBeta,\n");
    }
}
