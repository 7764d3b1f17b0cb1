//! The briefing (`briefing.docx`, docs/reports.md): a Word/WPS document of a scenario with its
//! title and date, a one-sentence summary, the headline table against the current-law
//! baseline, the comparison, the key charts as images, optional sections (the decomposition,
//! the treasury's view: [`Extras`]), the assumptions and sources, and the scenario hash.
//!
//! Chinese text is set in SimSun (宋体; headings SimHei 黑体) through the East Asian font slot
//! of every run's fonts, Latin text in Arial; where those fonts are missing (LibreOffice on
//! Linux) the system's CJK font is used.
//!
//! Deterministic: the same inputs and [`Date`] give the same bytes (paragraph and picture ids
//! are numbered here, not by the writer's process-wide counters; the zip entries carry no time).

use super::tables::{Cell, Table, comparison_table, headline_table};
use super::{Projected, baseline_for, footer, projected, scenario_hash};
use crate::model::keys::NATION_CODE;
use crate::model::{Dataset, Fund, Projection};
use crate::render::Lang;
use crate::render::ticks::format_number;
use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, PageMargin, Paragraph, Pic, Run, RunFonts, Shading,
    Style, StyleType, TableCell, TableLayoutType, TableRow, WidthType,
};
use std::path::Path;

/// A calendar date (the briefing's date, the documents' creation date).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl Date {
    /// A date written `YYYY-MM-DD`, if valid.
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.trim().splitn(3, '-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        let y = date.year;
        let leap = y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400));
        let days = match date.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (date.year >= 1900 && (1..=days).contains(&date.day)).then_some(date)
    }

    /// The UTC date of a Unix time (seconds).
    pub fn from_unix(secs: i64) -> Date {
        // Days to civil date (H. Hinnant's algorithm, proleptic Gregorian).
        let z = secs.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: u16::try_from(year.clamp(1900, 9999)).unwrap_or(1900),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// Today: the date of `SOURCE_DATE_EPOCH` when set (the reproducible-builds convention, so
    /// that a pack can be made byte for byte again), else the system clock's UTC date.
    pub fn today() -> Date {
        let epoch = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok());
        let secs = epoch.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
        });
        Date::from_unix(secs)
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `2026年12月6日` or `6 December 2026`.
    pub fn text(self, lang: Lang) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        if lang.is_zh() {
            format!("{}年{}月{}日", self.year, self.month, self.day)
        } else {
            let m = MONTHS[usize::from(self.month.clamp(1, 12)) - 1];
            format!("{} {m} {}", self.day, self.year)
        }
    }
}

/// A chart as an image of the briefing.
#[derive(Clone, Debug)]
pub struct Image {
    /// PNG bytes.
    pub png: Vec<u8>,
    /// Caption under the image.
    pub caption: String,
}

/// An optional section of the briefing: a heading, paragraphs, tables and images, in that
/// order.
#[derive(Clone, Debug, Default)]
pub struct Section {
    /// Heading.
    pub title: String,
    /// Paragraphs of text.
    pub paragraphs: Vec<String>,
    /// Tables (see [`Table::from_csv`] to make one from a CSV file).
    pub tables: Vec<Table>,
    /// Images (charts).
    pub images: Vec<Image>,
}

/// What the briefing shows when present, after the charts: the reform decomposition (which
/// lever does the work) and the treasury's view (fiscal money into the funds). The writers of
/// those tables fill them; `tables` also go into `tables.xlsx` as sheets.
#[derive(Clone, Debug, Default)]
pub struct Extras {
    /// The reform decomposition.
    pub decomposition: Option<Section>,
    /// The treasury's view.
    pub fiscal: Option<Section>,
}

impl Extras {
    /// The sections present, in document order.
    pub fn sections(&self) -> impl Iterator<Item = &Section> {
        self.decomposition.iter().chain(self.fiscal.iter())
    }
}

/// Everything a briefing is made of.
pub struct Briefing<'a> {
    /// The data the projections used.
    pub data: &'a Dataset,
    /// The scenario.
    pub main: &'a Projected,
    /// Its current-law baseline ([`baseline_for`]).
    pub baseline: &'a Projected,
    /// Compared scenarios.
    pub compare: &'a [Projected],
    /// Language of the document.
    pub lang: Lang,
    /// Date on the title page and in the document properties.
    pub date: Date,
    /// The key charts ([`key_chart_stems`]).
    pub charts: Vec<Image>,
    /// Optional sections.
    pub extras: &'a Extras,
}

/// The charts of the pack the briefing shows (file stems under `charts/`): months of reserve
/// of the two pooled funds, the resident fund's balance (reserves held, net position and the
/// backstop between them) and the province grid of the resident fund; with compared scenarios
/// the comparison of the resident fund's months instead of its balance.
pub fn key_chart_stems(has_compare: bool) -> Vec<String> {
    let third = if has_compare {
        "CN_resident_compare_months"
    } else {
        "CN_resident_balance"
    };
    vec![
        "CN_employee_pooled_months".to_owned(),
        "CN_resident_months".to_owned(),
        third.to_owned(),
        "provinces_resident_months".to_owned(),
    ]
}

/// Renders the key charts (for a briefing made without a report pack, as the app's
/// 导出简报 does).
pub fn key_charts(
    data: &Dataset,
    main: &Projected,
    baseline: &Projected,
    compare: &[Projected],
    lang: Lang,
) -> Result<Vec<Image>, String> {
    let stems = key_chart_stems(!compare.is_empty());
    let charts = super::pack_charts(data, main, baseline, compare, &[], lang);
    stems
        .iter()
        .filter_map(|stem| charts.iter().find(|n| &n.stem == stem))
        .map(|n| {
            Ok(Image {
                png: crate::render::png(&n.chart).map_err(|e| format!("{}: {e}", n.stem))?,
                caption: n.chart.title.clone(),
            })
        })
        .collect()
}

/// Width and height in pixels of a PNG (from its header).
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[..8] != b"\x89PNG\r\n\x1a\n" || &png[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(png[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(png[20..24].try_into().ok()?);
    (w > 0 && h > 0).then_some((w, h))
}

fn months(p: &Projection, fund: Fund, year: i32) -> Option<f64> {
    p.series(NATION_CODE, fund)
        .and_then(|s| s.row(year))
        .and_then(|r| r.months_of_reserve)
}

/// The one-sentence summary: for the two pooled national funds the depletion year and the
/// months of reserve in [`super::charts::MID_YEAR`] against the current-law baseline, then the
/// change of the cumulative backstop of all funds.
pub fn summary_sentence(main: &Projected, baseline: &Projected, lang: Lang) -> String {
    let zh = lang.is_zh();
    let (s, b) = (&main.projection, &baseline.projection);
    let mid = super::charts::MID_YEAR;
    let horizon = s.horizon;
    let changed = s != b;
    let mut clauses = Vec::new();
    for fund in [Fund::EmployeePooled, Fund::Resident] {
        let dep = |p: &Projection| p.summary(NATION_CODE, fund).and_then(|x| x.depletion_year);
        let depletion = match (dep(s), dep(b), changed) {
            (Some(a), _, false) if zh => format!("将在{a}年耗尽累计结存"),
            (Some(a), _, false) => format!("runs out of reserves in {a}"),
            (None, _, false) if zh => format!("在{horizon}年前不会耗尽"),
            (None, _, false) => format!("does not run out before {horizon}"),
            (Some(a), Some(c), _) if a > c && zh => format!("耗尽年份推迟{}年至{a}年", a - c),
            (Some(a), Some(c), _) if a > c => {
                let n = a - c;
                let years = if n == 1 { "year" } else { "years" };
                format!("runs out {n} {years} later, in {a}")
            }
            (Some(a), Some(c), _) if a < c && zh => format!("耗尽年份提前{}年至{a}年", c - a),
            (Some(a), Some(c), _) if a < c => {
                let n = c - a;
                let years = if n == 1 { "year" } else { "years" };
                format!("runs out {n} {years} earlier, in {a}")
            }
            (Some(a), Some(_), _) if zh => format!("耗尽年份不变（{a}年）"),
            (Some(a), Some(_), _) => format!("still runs out in {a}"),
            (None, Some(c), _) if zh => format!("由{c}年耗尽变为{horizon}年前不耗尽"),
            (None, Some(c), _) => {
                format!("would have run out in {c} but now lasts beyond {horizon}")
            }
            (Some(a), None, _) if zh => format!("将在{a}年耗尽（基准下{horizon}年前不耗尽）"),
            (Some(a), None, _) => format!("now runs out in {a} (baseline: not before {horizon})"),
            (None, None, _) if zh => format!("与基准一样在{horizon}年前不耗尽"),
            (None, None, _) => format!("like the baseline, does not run out before {horizon}"),
        };
        let m = |v: f64| format_number(v, 1);
        let reserve = match (months(s, fund, mid), months(b, fund, mid)) {
            (Some(a), _) if !changed && zh => format!("{mid}年可支付{}个月", m(a)),
            (Some(a), _) if !changed => format!("{} months of reserve in {mid}", m(a)),
            (Some(a), Some(c)) if (a - c).abs() < 0.05 && zh => {
                format!("{mid}年可支付月数基本不变（{}个月）", m(a))
            }
            (Some(a), Some(c)) if (a - c).abs() < 0.05 => {
                format!("months of reserve in {mid} about unchanged ({})", m(a))
            }
            (Some(a), Some(c)) if zh => format!(
                "{mid}年可支付月数{}{}个月至{}个月",
                if a > c { "增加" } else { "减少" },
                m((a - c).abs()),
                m(a)
            ),
            (Some(a), Some(c)) => format!(
                "months of reserve in {mid} {} by {} to {}",
                if a > c { "rise" } else { "fall" },
                m((a - c).abs()),
                m(a)
            ),
            _ if zh => format!("{mid}年可支付月数无法计算"),
            _ => format!("months of reserve in {mid} not available"),
        };
        let name = fund.label(zh);
        clauses.push(if zh {
            format!("{name}{depletion}，{reserve}")
        } else {
            format!("the {} {depletion}, {reserve}", name.to_lowercase())
        });
    }
    let backstop = |p: &Projection| -> f64 {
        Fund::MAIN
            .iter()
            .filter_map(|f| p.summary(NATION_CODE, *f))
            .map(|x| x.cumulative_backstop)
            .sum()
    };
    let (bs, bb) = (backstop(s), backstop(b));
    let money = |v: f64| super::summary_md::money(v, zh);
    let backstop_clause = match (bs.abs() < 0.05 && bb.abs() < 0.05, changed) {
        (true, _) if zh => "无需财政兜底".to_owned(),
        (true, _) => "no backstop is needed".to_owned(),
        (false, false) if zh => format!("累计财政兜底{}", money(bs)),
        (false, false) => format!("the cumulative backstop is {}", money(bs)),
        _ if (bs - bb).abs() < 0.05 && zh => "累计财政兜底不变".to_owned(),
        _ if (bs - bb).abs() < 0.05 => "the cumulative backstop is unchanged".to_owned(),
        _ if zh => format!(
            "累计财政兜底{}{}至{}",
            if bs > bb { "增加" } else { "减少" },
            money((bs - bb).abs()),
            money(bs)
        ),
        _ => format!(
            "the cumulative backstop {} by {} to {}",
            if bs > bb { "rises" } else { "falls" },
            money((bs - bb).abs()),
            money(bs)
        ),
    };
    let (first, second) = (&clauses[0], &clauses[1]);
    match (zh, changed) {
        (true, true) => {
            format!("与现行政策相比，全国{first}；{second}；{backstop_clause}（至{horizon}年）。")
        }
        (true, false) => {
            format!("现行政策下，全国{first}；{second}；{backstop_clause}（至{horizon}年）。")
        }
        (false, true) => format!(
            "Compared with current law, nationally {first}; {second}; {backstop_clause} (to {horizon})."
        ),
        (false, false) => format!(
            "Under current law, nationally {first}; {second}; {backstop_clause} (to {horizon})."
        ),
    }
}

/// A4 in twentieths of a point, and the margins.
const PAGE_W: u32 = 11_906;
const PAGE_H: u32 = 16_838;
const MARGIN: i32 = 1_304; // 2.3 cm
/// Width of the text column, twips.
const TEXT_W: usize = PAGE_W as usize - 2 * MARGIN as usize;
/// The narrowest table column, twips (four Chinese characters at 9 pt and the cell margins).
const MIN_COLUMN: usize = 1_000;
/// EMU per twip (914 400 EMU per inch, 1 440 twips per inch).
const EMU_PER_TWIP: u32 = 635;

/// Fonts of body text: Arial for Latin, SimSun (宋体) for Chinese.
fn body_fonts() -> RunFonts {
    RunFonts::new()
        .ascii("Arial")
        .hi_ansi("Arial")
        .cs("Arial")
        .east_asia("SimSun")
        .hint("eastAsia")
}

/// Fonts of headings: Arial and SimHei (黑体).
fn heading_fonts() -> RunFonts {
    RunFonts::new()
        .ascii("Arial")
        .hi_ansi("Arial")
        .cs("Arial")
        .east_asia("SimHei")
        .hint("eastAsia")
}

/// Makes paragraphs with ids numbered in document order (the writer's own ids come from a
/// per-thread counter that earlier documents advance).
struct Ids(u32);

impl Ids {
    fn p(&mut self) -> Paragraph {
        self.0 += 1;
        Paragraph::new().id(format!("{:08X}", self.0))
    }
}

fn text_run(text: &str) -> Run {
    Run::new().add_text(text).fonts(body_fonts())
}

/// Display width of a text in character cells (CJK characters are two wide).
fn width(s: &str) -> usize {
    s.chars().map(|c| if c > '\u{2e80}' { 2 } else { 1 }).sum()
}

/// Column widths in twips summing to the text width: proportional to each column's widest
/// line (headers count up to 16 cells, so that they wrap), at least [`MIN_COLUMN`].
fn column_widths(t: &Table, cells: &[Vec<String>]) -> Vec<usize> {
    let n = t.columns.len().max(1);
    let want: Vec<usize> = (0..n)
        .map(|c| {
            let head = t.columns.get(c).map_or(0, |h| width(h).min(16));
            let body = cells
                .iter()
                .filter_map(|r| r.get(c))
                .flat_map(|s| s.split('\n'))
                .map(width)
                .max()
                .unwrap_or(0);
            head.max(body).max(4)
        })
        .collect();
    let total: usize = want.iter().sum();
    let mut widths: Vec<usize> = want
        .iter()
        .map(|w| (w * TEXT_W / total.max(1)).max(MIN_COLUMN))
        .collect();
    // Take any excess from the widest column.
    let sum: usize = widths.iter().sum();
    if sum > TEXT_W
        && let Some(i) = (0..n).max_by_key(|&i| widths[i])
    {
        widths[i] = widths[i].saturating_sub(sum - TEXT_W).max(MIN_COLUMN);
    } else if sum < TEXT_W
        && let Some(last) = widths.last_mut()
    {
        *last += TEXT_W - sum;
    }
    widths
}

/// A table of the document: header row shaded and bold, numbers right-aligned, 9 pt.
/// `signed`: columns whose numbers print with a sign (differences). A first-column text equal
/// to the row above is left out (the rows of one fund read as a group). A cell's text may hold
/// line breaks (`\n`).
fn doc_table(ids: &mut Ids, t: &Table, signed: &[usize], empty: &str) -> docx_rs::Table {
    let mut cells: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .map(|(c, cell)| match cell {
                    Cell::Number(v, n) if signed.contains(&c) && *v > 0.0 => {
                        format!("+{}", n.text(*v))
                    }
                    Cell::Number(v, n) if signed.contains(&c) && *v < 0.0 => {
                        format!("−{}", n.text(-*v))
                    }
                    _ => cell.text(empty),
                })
                .collect()
        })
        .collect();
    for r in (1..cells.len()).rev() {
        if matches!(t.rows[r].first(), Some(Cell::Text(_)))
            && !cells[r].is_empty()
            && cells[r].first() == cells[r - 1].first()
        {
            cells[r][0].clear();
        }
    }
    let widths = column_widths(t, &cells);
    let cell = |ids: &mut Ids, text: &str, w: usize, right: bool, head: bool| {
        let mut c = TableCell::new().width(w, WidthType::Dxa);
        for line in text.split('\n') {
            let mut run = text_run(line).size(18);
            if head {
                run = run.bold();
            }
            let p = ids
                .p()
                .add_run(run)
                .align(if right {
                    AlignmentType::Right
                } else {
                    AlignmentType::Left
                })
                .line_spacing(LineSpacing::new().before(20).after(20));
            c = c.add_paragraph(p);
        }
        if head {
            c.shading(Shading::new().fill("DCE6F1"))
        } else {
            c
        }
    };
    let mut rows = Vec::new();
    rows.push(TableRow::new(
        t.columns
            .iter()
            .zip(&widths)
            .map(|(h, w)| cell(ids, h, *w, false, true))
            .collect(),
    ));
    for (r, texts) in t.rows.iter().zip(&cells) {
        rows.push(TableRow::new(
            r.iter()
                .zip(texts)
                .zip(&widths)
                .map(|((c, text), w)| cell(ids, text, *w, matches!(c, Cell::Number(..)), false))
                .collect(),
        ));
    }
    docx_rs::Table::new(rows)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .width(TEXT_W, WidthType::Dxa)
}

/// Adds a table and a blank line after it.
fn add_table(doc: Docx, ids: &mut Ids, t: &Table, signed: &[usize], empty: &str) -> Docx {
    let table = doc_table(ids, t, signed, empty);
    let gap = ids.p().add_run(text_run("").size(12));
    doc.add_table(table).add_paragraph(gap)
}

fn heading(ids: &mut Ids, text: &str) -> Paragraph {
    ids.p()
        .style("Heading1")
        .keep_next(true)
        .add_run(Run::new().add_text(text).fonts(heading_fonts()))
}

fn para(ids: &mut Ids, text: &str) -> Paragraph {
    ids.p().add_run(text_run(text))
}

/// Adds an image at the text width, keeping its aspect ratio, with its caption.
fn add_image(mut doc: Docx, ids: &mut Ids, n: &mut usize, image: &Image, zh: bool) -> Docx {
    let Some((w, h)) = png_size(&image.png) else {
        return doc;
    };
    *n += 1;
    let emu_w = TEXT_W as u32 * EMU_PER_TWIP;
    let emu_h = (u64::from(emu_w) * u64::from(h) / u64::from(w)) as u32;
    let pic = Pic::new_with_dimensions(image.png.clone(), w, h)
        .id(format!("rIdImage{n}"))
        .size(emu_w, emu_h);
    doc = doc.add_paragraph(
        ids.p()
            .add_run(Run::new().add_image(pic))
            .align(AlignmentType::Center)
            .keep_next(true),
    );
    let caption = if zh {
        format!("图{n}　{}", image.caption)
    } else {
        format!("Figure {n}. {}", image.caption)
    };
    doc.add_paragraph(
        ids.p()
            .add_run(text_run(&caption).size(18))
            .align(AlignmentType::Center)
            .line_spacing(LineSpacing::new().after(200)),
    )
}

/// The lever table of `summary.md` as a table (lever, region, from year, baseline value,
/// scenario value, unit); `None` when the scenario changes no lever.
fn levers(b: &Briefing) -> Option<Table> {
    if b.main.scenario.levers.is_empty() {
        return None;
    }
    let zh = b.lang.is_zh();
    let md = super::summary_md::levers_table(b.data, b.main, b.baseline, zh);
    let split = |l: &str| -> Vec<String> {
        l.trim()
            .trim_matches('|')
            .split('|')
            .map(|c| {
                c.trim()
                    .replace(" (`", "\n")
                    .replace("`)", "")
                    .replace('`', "")
            })
            .collect()
    };
    let mut lines = md.lines().filter(|l| l.starts_with('|'));
    let columns = split(lines.next()?);
    let rows = lines
        .skip(1)
        .map(|l| split(l).into_iter().map(Cell::Text).collect())
        .collect();
    Some(Table {
        sheet: (if zh { "政策参数" } else { "levers" }).to_owned(),
        title: String::new(),
        columns,
        rows,
    })
}

/// The briefing's bytes (.docx).
pub fn briefing_docx(b: &Briefing) -> Result<Vec<u8>, String> {
    let zh = b.lang.is_zh();
    let lang = b.lang;
    let p = &b.main.projection;
    let hash = scenario_hash(&b.main.scenario);
    let version = env!("CARGO_PKG_VERSION");
    let empty = "—";
    let mut ids = Ids(0);
    let stamp = format!("{}T00:00:00Z", b.date.iso());
    let footer_text = footer(b.data, &b.main.scenario, lang);
    let mut doc = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(700)
                .footer(700),
        )
        .default_fonts(body_fonts())
        .default_size(21)
        .created_at(&stamp)
        .updated_at(&stamp)
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .fonts(heading_fonts())
                .size(36)
                .bold()
                .align(AlignmentType::Center),
        )
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("heading 1")
                .fonts(heading_fonts())
                .size(28)
                .bold()
                .outline_lvl(0)
                .line_spacing(LineSpacing::new().before(240).after(120)),
        )
        .footer(
            Footer::new().add_paragraph(
                ids.p()
                    .add_run(text_run(&footer_text).size(16).color("666666"))
                    .align(AlignmentType::Center),
            ),
        );
    // Title, subtitle with the date, the scenario's description.
    doc = doc.add_paragraph(
        ids.p().style("Title").add_run(
            Run::new()
                .add_text(&b.main.scenario.title)
                .fonts(heading_fonts()),
        ),
    );
    let subtitle = if zh {
        format!(
            "医保基金政策简报 · {} · 医保基金政策模拟器 yibao {version}",
            b.date.text(lang)
        )
    } else {
        format!(
            "Health insurance fund briefing · {} · Yibao {version}",
            b.date.text(lang)
        )
    };
    doc = doc.add_paragraph(
        ids.p()
            .add_run(text_run(&subtitle).color("444444"))
            .align(AlignmentType::Center),
    );
    if !b.main.scenario.description.is_empty() {
        doc = doc.add_paragraph(
            ids.p()
                .add_run(text_run(&b.main.scenario.description.replace('\n', " ")).italic()),
        );
    }
    // The sentence.
    doc = doc.add_paragraph(heading(&mut ids, if zh { "摘要" } else { "Summary" }));
    doc = doc.add_paragraph(
        ids.p().add_run(
            text_run(&summary_sentence(b.main, b.baseline, lang))
                .bold()
                .size(22),
        ),
    );
    // Headline table and comparison.
    let head = headline_table(b.main, b.baseline, lang);
    doc = doc.add_paragraph(heading(&mut ids, &head.title));
    let note = if zh {
        format!(
            "预测期 {}–{} 年；收支平衡规则：{}。耗尽年份按全国净头寸（各省结存之和）计算；差异为方案减基准。",
            p.base_year,
            p.horizon,
            b.main.scenario.balancing.label(true)
        )
    } else {
        format!(
            "Projection {}–{}; balancing rule: {}. Depletion years are those of the national net position (the sum of the provinces' balances); differences are scenario minus baseline.",
            p.base_year,
            p.horizon,
            b.main.scenario.balancing.label(false)
        )
    };
    doc = doc.add_paragraph(para(&mut ids, &note));
    doc = add_table(doc, &mut ids, &head, &[4], empty);
    if let Some(t) = comparison_table(b.main, b.baseline, b.compare, lang) {
        doc = doc.add_paragraph(heading(&mut ids, &t.title));
        doc = add_table(doc, &mut ids, &t, &[], empty);
    }
    // Charts.
    let mut pictures = 0;
    if !b.charts.is_empty() {
        doc = doc.add_paragraph(heading(
            &mut ids,
            if zh { "主要图表" } else { "Key charts" },
        ));
        for image in &b.charts {
            doc = add_image(doc, &mut ids, &mut pictures, image, zh);
        }
    }
    // Optional sections.
    for s in b.extras.sections() {
        doc = doc.add_paragraph(heading(&mut ids, &s.title));
        for text in &s.paragraphs {
            doc = doc.add_paragraph(para(&mut ids, text));
        }
        for t in &s.tables {
            if !t.title.is_empty() {
                doc = doc.add_paragraph(ids.p().add_run(text_run(&t.title).bold()));
            }
            doc = add_table(doc, &mut ids, t, &[], empty);
        }
        for image in &s.images {
            doc = add_image(doc, &mut ids, &mut pictures, image, zh);
        }
    }
    // Assumptions and sources.
    doc = doc.add_paragraph(heading(
        &mut ids,
        if zh {
            "假设与来源"
        } else {
            "Assumptions and sources"
        },
    ));
    match levers(b) {
        Some(t) => {
            doc = doc.add_paragraph(para(
                &mut ids,
                if zh {
                    "本方案相对现行政策基准调整的政策参数："
                } else {
                    "Levers the scenario changes from the current-law baseline:"
                },
            ));
            doc = add_table(doc, &mut ids, &t, &[], empty);
        }
        None => {
            doc = doc.add_paragraph(para(
                &mut ids,
                if zh {
                    "本方案未修改任何政策参数（即现行政策基准）。"
                } else {
                    "The scenario changes no lever (it is the current-law baseline)."
                },
            ));
        }
    }
    let mut sources: Vec<String> = if zh {
        vec![
            format!(
                "基础数据：{}（各项数据的出处与口径见 Yibao 源代码的 assets/data/README.md 及 yibao data 输出）。",
                b.data.vintage_zh
            ),
            "模型方程与假设：docs/model.md；其余未公开的省级输入为推算或假设，见 summary.md 的“各省数据基础”。".to_owned(),
            "6–9个月目标区间为职工医保统筹基金的官方目标。".to_owned(),
        ]
    } else {
        vec![
            format!(
                "Data: {} (sources and definitions in the source code's assets/data/README.md and the output of yibao data).",
                b.data.vintage
            ),
            "Model equations and assumptions: docs/model.md; provincial inputs not published are derived or assumed, see \"What the provinces rest on\" in summary.md.".to_owned(),
            "The 6–9 month band is the official target of the employee pooled fund.".to_owned(),
        ]
    };
    sources.extend(b.main.scenario.references.iter().cloned());
    for s in &sources {
        doc = doc.add_paragraph(para(&mut ids, &format!("• {s}")));
    }
    let trace = if zh {
        format!(
            "方案哈希 {hash}（方案规范文本的 FNV-1a 哈希，与各图表脚注一致）；程序版本 yibao {version}；生成日期 {}。",
            b.date.iso()
        )
    } else {
        format!(
            "Scenario hash {hash} (FNV-1a of the scenario's canonical text, as in every chart's footer); program yibao {version}; made on {}.",
            b.date.iso()
        )
    };
    doc = doc.add_paragraph(ids.p().add_run(text_run(&trace).size(18).color("444444")));
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| format!("briefing.docx: {e}"))?;
    Ok(out.into_inner())
}

/// Writes the briefing of `main` (with its baseline, the compared scenarios and the key charts
/// rendered here) to `path` atomically: the plain path function behind the app's 导出简报.
pub fn write_briefing(
    path: &Path,
    data: &Dataset,
    main: &Projected,
    compare: &[Projected],
    lang: Lang,
    date: Date,
    extras: &Extras,
) -> Result<(), String> {
    let baseline = projected(data, baseline_for(&main.scenario))
        .map_err(|e| format!("the current-law baseline: {e}"))?;
    let charts = key_charts(data, main, &baseline, compare, lang)?;
    let bytes = briefing_docx(&Briefing {
        data,
        main,
        baseline: &baseline,
        compare,
        lang,
        date,
        charts,
        extras,
    })?;
    crate::files::write_atomic(path, &bytes)
        .map_err(|e| format!("cannot write the briefing: {e}: {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_convert() {
        assert_eq!(
            Date::parse("2024-02-29"),
            Some(Date {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2023-13-01"), None);
        assert_eq!(Date::parse("23-01-01"), None);
        assert_eq!(Date::from_unix(0).iso(), "1970-01-01");
        assert_eq!(Date::from_unix(1_709_164_800).iso(), "2024-02-29");
        assert_eq!(Date::from_unix(1_798_675_200).iso(), "2026-12-31");
        let d = Date::parse("2026-12-06").expect("valid");
        assert_eq!(d.text(Lang::Zh), "2026年12月6日");
        assert_eq!(d.text(Lang::En), "6 December 2026");
    }

    #[test]
    fn png_size_reads_the_header() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(3200u32.to_be_bytes());
        png.extend(1800u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((3200, 1800)));
        assert_eq!(png_size(b"GIF89a"), None);
    }
}
