//! Charts and tables leave the app: every export action writes exactly the plotted series,
//! the clipboard text round-trips into the same numbers, the chart image has the chart's size.

#![cfg(feature = "gui")]

mod app_support;

use app_support::{harness, temp_dir};
use eframe::egui::OutputCommand;
use egui_kittest::kittest::Queryable as _;
use yibao::app::plots::chart_data::{LineKind, PlotMetric};
use yibao::app::plots::export_chart::ChartFormat;
use yibao::app::plots::tabs::Tab;
use yibao::app::{Command, chart_data};

fn copied_text(h: &egui_kittest::Harness<'_, yibao::app::YibaoApp>) -> Option<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
}

/// 复制数据 gives a table a spreadsheet reads: a first line naming scenario, region, fund and
/// hash; a Chinese header with units; every series drawn, the backstop area included; numbers
/// at the precision shown (7534.1, not 7534.129999999998), tab-separated, no grouping.
#[test]
fn copy_data_puts_the_plotted_numbers_on_the_clipboard_ready_for_a_spreadsheet() {
    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Reserve));
    h.run();
    let panels = chart_data(h.state().state(), Tab::Reserve, &h.state().chart_view());
    h.query_all_by_label("复制数据")
        .next()
        .expect("a copy button per panel")
        .click();
    h.step();
    let text = copied_text(&h).expect("text copied");
    let mut lines = text.lines();
    let first: Vec<&str> = lines.next().expect("first line").split('\t').collect();
    let fund = h.state().fund().label(true);
    assert_eq!(first[0], "方案：现行政策（基准）", "{text}");
    assert_eq!(first[1], "地区：全国", "{text}");
    assert_eq!(first[2], format!("基金：{fund}"), "{text}");
    assert!(first[3].contains("方案哈希"), "{text}");
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    assert_eq!(header[0], "年份");
    let balance = &panels[0];
    // Every series drawn has its column, named with its unit.
    for l in &balance.lines {
        assert!(
            header.contains(&format!("{}（亿元）", l.name).as_str()),
            "{header:?}"
        );
    }
    let (shade_name, shade) = balance
        .shade
        .clone()
        .expect("the baseline needs a backstop");
    let shade_col = header
        .iter()
        .position(|c| *c == format!("{shade_name}（亿元）"))
        .expect("the backstop column");
    let scenario = balance
        .lines
        .iter()
        .find(|l| l.kind == LineKind::Scenario && l.metric == PlotMetric::Balance)
        .expect("scenario line");
    let col = header
        .iter()
        .position(|c| *c == format!("{}（亿元）", scenario.name))
        .expect("scenario column");
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), scenario.points.len());
    for (cells, [x, y]) in rows.iter().zip(&scenario.points) {
        assert_eq!(cells[0], format!("{x}"));
        // The number as shown: one decimal, and it reads as a number.
        assert_eq!(cells[col], format!("{y:.1}"));
        assert!(cells[col].parse::<f64>().is_ok());
        for c in &cells[1..] {
            assert!(
                c.is_empty() || c.split_once('.').is_some_and(|(_, d)| d.len() == 1),
                "{c}"
            );
        }
    }
    for [x, hi, lo] in shade {
        let row = rows
            .iter()
            .find(|r| r[0] == format!("{x}"))
            .expect("a row per year");
        assert_eq!(row[shade_col], format!("{:.1}", hi - lo));
    }
}

/// The comparison table names its region and fund and carries units.
#[test]
fn copy_table_of_the_compare_tab_round_trips() {
    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Compare));
    h.run();
    h.get_by_label("复制表格").click();
    h.step();
    let text = copied_text(&h).expect("table copied");
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(
        rows.len(),
        4,
        "first line, header, baseline, current: {text}"
    );
    let fund = h.state().fund().label(true);
    assert_eq!(rows[0][0], "地区：全国");
    assert_eq!(rows[0][1], format!("基金：{fund}"));
    assert!(rows[0][2].contains("方案哈希"));
    assert!(rows[1][3].ends_with("（个月）"), "{:?}", rows[1]);
    assert_eq!(rows[1][5], "累计财政兜底（亿元）");
    assert!(rows[2..].iter().all(|r| r.len() == 6));
    let h2 = yibao::app::panels::headline::headline(
        &h.state().state().projection,
        "CN",
        h.state().fund(),
    );
    assert_eq!(
        rows[3][1].parse::<i32>().ok(),
        h2.depletion_year,
        "depletion year pastes as a number"
    );
    assert_eq!(rows[3][5], format!("{:.1}", h2.cumulative_backstop));
    // In English the money is in billion yuan, as the app shows it.
    h.state_mut()
        .apply(Command::SetLang(yibao::app::i18n::Lang::En));
    h.run();
    h.get_by_label("Copy table").click();
    h.step();
    let text = copied_text(&h).expect("table copied");
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert!(rows[1][5].ends_with("(billion yuan)"), "{:?}", rows[1]);
    assert_eq!(rows[3][5], format!("{:.1}", h2.cumulative_backstop * 0.1));
}

#[test]
fn copy_image_puts_the_chart_image_on_the_clipboard() {
    let mut h = harness();
    h.query_all_by_label("复制图片")
        .next()
        .expect("a copy-image button")
        .click();
    h.step();
    let image = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            OutputCommand::CopyImage(i) => Some(i.clone()),
            _ => None,
        })
        .expect("image copied");
    assert_eq!(image.size, [1600, 900]);
    assert!(
        image.pixels.iter().any(|p| p.r() < 100),
        "the image is not blank"
    );
}

#[test]
fn export_buttons_are_on_every_line_chart_and_the_grid() {
    let mut h = harness();
    for tab in [
        Tab::Flows,
        Tab::Reserve,
        Tab::Gaps,
        Tab::Compare,
        Tab::Provinces,
    ] {
        h.state_mut().apply(Command::SelectTab(tab));
        h.run();
        for f in ChartFormat::ALL {
            assert!(
                h.query_all_by_label(f.label()).next().is_some(),
                "{tab:?}: {} button",
                f.label()
            );
        }
        // The dialog half is inert in tests (no native dialogs) and must not fail.
        h.query_all_by_label("PNG").next().expect("button").click();
        h.run();
        assert!(h.state().dialog().is_none());
    }
}

#[test]
fn export_chart_writes_png_svg_and_csv_of_the_plotted_series() {
    let dir = temp_dir("export-chart");
    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Reserve));
    h.run();
    let panels = chart_data(h.state().state(), Tab::Reserve, &h.state().chart_view());
    for f in ChartFormat::ALL {
        let path = dir.join(format!("months.{}", f.ext()));
        h.state_mut()
            .apply(Command::ExportChart(1, f, path.clone()));
        assert!(h.state().dialog().is_none(), "{:?}", h.state().dialog());
        let bytes = std::fs::read(&path).expect("written");
        match f {
            ChartFormat::Png => {
                let p = tiny_skia::Pixmap::decode_png(&bytes).expect("PNG decodes");
                assert_eq!((p.width(), p.height()), (3200, 1800));
            }
            ChartFormat::Svg => {
                let svg = String::from_utf8(bytes).expect("utf-8");
                // The title names the unit and, as every line reads one fund, the fund.
                assert!(svg.contains(&format!(
                    "<title>{}｜全国｜城乡居民医保基金</title>",
                    panels[1].title
                )));
                for l in &panels[1].lines {
                    assert!(
                        svg.contains(&format!("data-series=\"{}\"", l.name)),
                        "{}",
                        l.name
                    );
                }
            }
            ChartFormat::Csv => {
                let csv = String::from_utf8(bytes).expect("utf-8");
                let mut lines = csv.lines();
                let header: Vec<&str> = lines.next().expect("header").split(',').collect();
                assert_eq!(header.len(), panels[1].lines.len() + 1);
                for (line, i) in lines.zip(0..) {
                    let cells: Vec<&str> = line.split(',').collect();
                    for (c, l) in panels[1].lines.iter().enumerate() {
                        assert_eq!(
                            cells[c + 1].parse::<f64>().ok(),
                            l.points.get(i).map(|p| p[1])
                        );
                    }
                }
            }
        }
    }
    // The balance chart carries the depletion year the card shows, marked as in the report.
    let path = dir.join("balance.svg");
    h.state_mut()
        .apply(Command::ExportChart(0, ChartFormat::Svg, path.clone()));
    let svg = std::fs::read_to_string(&path).expect("balance written");
    let year = panels[0].marker.as_ref().expect("the baseline runs out").1;
    assert!(svg.contains(&format!("{year}年耗尽")), "marker in the file");
    // And what else the screen shows: the published years' label, the shade and every
    // legend entry of the screen's legend row, in full.
    assert!(svg.contains(">已公布</text>"), "published years shaded");
    let legend = panels[0].line_plot().legend();
    assert!(legend.len() > panels[0].lines.len());
    let scene = yibao::render::layout::layout(
        &h.state().export_chart(0).expect("the balance chart"),
        yibao::render::WIDTH,
        yibao::render::HEIGHT,
    );
    let drawn: Vec<String> = scene.legend.iter().map(|b| b.name.clone()).collect();
    let shown: Vec<String> = legend.into_iter().map(|e| e.name).collect();
    assert_eq!(drawn, shown, "the file's legend is the screen's");
    assert!(!svg.contains('…'), "no text cut");
    // The grid of the Provinces tab.
    h.state_mut().apply(Command::SelectTab(Tab::Provinces));
    let path = dir.join("grid.csv");
    h.state_mut()
        .apply(Command::ExportChart(0, ChartFormat::Csv, path.clone()));
    let csv = std::fs::read_to_string(&path).expect("grid written");
    assert_eq!(csv.lines().count(), 32, "header and 31 provinces");
}

#[test]
fn months_band_only_on_pooled_funds() {
    let mut h = harness();
    for (fund, band) in [
        (yibao::model::Fund::Resident, true),
        (yibao::model::Fund::EmployeePooled, true),
        (yibao::model::Fund::EmployeeAccounts, false),
    ] {
        h.state_mut().apply(Command::SelectFund(fund));
        let panels = chart_data(h.state().state(), Tab::Reserve, &h.state().chart_view());
        assert_eq!(panels[1].band.is_some(), band, "{fund:?}");
    }
}

#[test]
fn export_report_writes_the_pack_on_a_worker_thread() {
    let dir = temp_dir("export-report");
    let mut h = harness();
    h.state_mut()
        .apply(Command::SelectUnit("GD".parse().expect("a province")));
    h.state_mut().apply(Command::ExportReport(dir.clone()));
    assert!(
        h.state().report_progress().is_some(),
        "running off the UI thread"
    );
    h.state_mut().finish_report();
    assert!(h.state().report_progress().is_none());
    assert!(h.state().dialog().is_none(), "{:?}", h.state().dialog());
    for f in ["projection.csv", "summary.csv", "summary.md"] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    assert!(dir.join("charts/CN_resident_months.png").is_file());
    assert!(
        dir.join("charts/GD_resident_months.svg").is_file(),
        "the selected province"
    );
}

#[test]
fn export_briefing_writes_a_docx_on_a_worker_thread() {
    let dir = temp_dir("export-briefing");
    let path = dir.join("简报.docx");
    let mut h = harness();
    h.state_mut().apply(Command::ExportBriefing(path.clone()));
    assert!(
        h.state().report_progress().is_some(),
        "running off the UI thread"
    );
    h.state_mut().finish_report();
    assert!(h.state().dialog().is_none(), "{:?}", h.state().dialog());
    let bytes = std::fs::read(&path).expect("the briefing was written");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").expect("document.xml"),
        &mut xml,
    )
    .expect("utf-8");
    let title = h.state().state().scenario.title.clone();
    assert!(xml.contains(&title), "the scenario's title");
    assert_eq!(xml.matches("<w:drawing>").count(), 4, "the key charts");
    // A failed write (a folder in the way) shows the error and leaves no file.
    h.state_mut().apply(Command::ExportBriefing(dir.clone()));
    h.state_mut().finish_report();
    assert!(h.state().dialog().is_some(), "the error is shown");
}

#[test]
fn difference_tab_plots_scenario_minus_baseline() {
    let mut h = harness();
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/subsidy-plus-50.ron");
    h.state_mut()
        .state_mut()
        .open_path(&file)
        .expect("scenario opens");
    let view = h.state().chart_view();
    let diff = chart_data(h.state().state(), Tab::Difference, &view);
    let reserve = chart_data(h.state().state(), Tab::Reserve, &view);
    let base = reserve[0]
        .points(PlotMetric::Balance, LineKind::Baseline)
        .expect("baseline");
    let scen = reserve[0]
        .points(PlotMetric::Balance, LineKind::Scenario)
        .expect("scenario");
    let d = &diff[0].lines[0].points;
    assert_eq!(d.len(), scen.len());
    for ((x, s), b) in d.iter().zip(scen).zip(base) {
        assert_eq!(x[0], s[0]);
        assert!((x[1] - (s[1] - b[1])).abs() < 1e-9);
    }
    assert!(
        d.iter().any(|p| p[1] > 0.0),
        "a higher subsidy raises the balance"
    );
}

#[test]
fn burden_bars_export_as_the_chart_after_the_line_panels() {
    let dir = temp_dir("export-burden");
    let mut h = harness();
    h.state_mut().apply(Command::SelectTab(Tab::Burden));
    h.run();
    // The tab's export buttons include the bars' (one more PNG button than line panels).
    let panels = chart_data(h.state().state(), Tab::Burden, &h.state().chart_view());
    assert_eq!(h.query_all_by_label("PNG").count(), panels.len() + 1);
    let path = dir.join("bars.csv");
    h.state_mut().apply(Command::ExportChart(
        panels.len(),
        ChartFormat::Csv,
        path.clone(),
    ));
    assert!(h.state().dialog().is_none(), "{:?}", h.state().dialog());
    let csv = std::fs::read_to_string(&path).expect("bars written");
    // A header and the five quintiles, each with the baseline and the scenario.
    assert_eq!(csv.lines().count(), 6, "{csv}");
    let svg_path = dir.join("bars.svg");
    h.state_mut().apply(Command::ExportChart(
        panels.len(),
        ChartFormat::Svg,
        svg_path.clone(),
    ));
    let svg = std::fs::read_to_string(&svg_path).expect("svg written");
    assert!(svg.contains("<title>"), "{}", &svg[..200.min(svg.len())]);
}

/// The scenario names of every table row in `summary.md` (the first cell of each row).
fn row_names(summary: &str) -> Vec<String> {
    summary
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("|---"))
        .map(|l| l.split('|').nth(1).unwrap_or("").trim().to_owned())
        .collect()
}

#[test]
fn export_report_names_a_pinned_baseline_once() {
    let dir = temp_dir("export-report-pinned");
    let mut h = harness();
    // Pin the working scenario while it is current law, then change it.
    h.state_mut().apply(Command::PinCurrent);
    assert_eq!(h.state().state().compare.len(), 1, "pinned");
    let pinned = h.state().state().compare[0].name.clone();
    h.state_mut().apply(Command::SetLever {
        key: yibao::model::LeverKey::national(yibao::model::Lever::ResidentPremium),
        path: Some(yibao::model::LeverPath::constant(520.0)),
        edit: yibao::app::session::history::Edit::Path {
            key: yibao::model::LeverKey::national(yibao::model::Lever::ResidentPremium),
        },
        continuing: false,
    });
    h.state_mut().apply(Command::ExportReport(dir.clone()));
    h.state_mut().finish_report();
    assert!(h.state().dialog().is_none(), "{:?}", h.state().dialog());
    let summary = std::fs::read_to_string(dir.join("summary.md")).expect("summary.md");
    let rows = row_names(&summary);
    // The pack's own current-law baseline is there; the pinned copy of it, under its own
    // name, is not a second baseline beside it.
    assert!(rows.iter().any(|r| r == "现行政策基准"), "{rows:?}");
    assert!(!rows.contains(&pinned), "{pinned} in {rows:?}");
    // The premium set in every year (a constant path) is listed from the base year.
    let base = h.state().state().projection.base_year;
    assert!(
        summary.contains(&format!("(`resident.premium`) | 全国 | {base} |")),
        "{summary}"
    );
}
