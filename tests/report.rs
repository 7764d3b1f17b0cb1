//! The report pack and the chart renderer: SVG parses with its title and series, PNG decodes at
//! the requested size and is not blank, the CSV behind a chart equals the projection, the
//! baseline's summary.md matches its golden file, `--compare` lists both scenarios.

use quick_xml::Reader;
use quick_xml::events::Event;
use std::path::PathBuf;
use std::process::Command;
use yibao::model::{Dataset, Fund};
use yibao::render::{self, Lang};
use yibao::report::charts::{Context, Run};
use yibao::report::{Projected, baseline_for, footer, projected, summary_md, unit_names};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(name: &str) -> yibao::model::Scenario {
    yibao::scenario::load(&root().join("scenarios").join(name))
        .expect("shipped scenario loads")
        .scenario
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("yibao-report-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

struct Setup {
    data: Dataset,
    main: Projected,
    base: Projected,
}

fn setup(name: &str) -> Setup {
    let data = Dataset::embedded().expect("data");
    let main = projected(&data, load(name)).expect("calibrates");
    let base = projected(&data, baseline_for(&main.scenario)).expect("calibrates");
    Setup { data, main, base }
}

fn context<'a>(s: &'a Setup, lang: Lang) -> Context<'a> {
    Context {
        scenario: Run {
            name: &s.main.scenario.title,
            projection: &s.main.projection,
        },
        baseline: Run {
            name: &s.base.scenario.title,
            projection: &s.base.projection,
        },
        compare: Vec::new(),
        lang,
        footer: footer(&s.data, &s.main.scenario, lang),
        units: unit_names(&s.data),
    }
}

/// The `<title>` text and the `data-series` names of an SVG document; panics if it is not XML.
fn svg_title_and_series(svg: &str) -> (String, Vec<String>) {
    let mut reader = Reader::from_str(svg);
    let mut title = String::new();
    let mut series = Vec::new();
    let mut in_title = false;
    loop {
        match reader.read_event().expect("SVG parses as XML") {
            Event::Start(e) if e.name().as_ref() == b"title" => in_title = true,
            Event::End(e) if e.name().as_ref() == b"title" => in_title = false,
            Event::Text(t) if in_title => {
                title.push_str(&t.decode().expect("utf-8"));
            }
            Event::GeneralRef(r) if in_title => {
                let name = r.decode().expect("utf-8");
                title.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    _ => "?",
                });
            }
            Event::Empty(e) => {
                for a in e.attributes() {
                    let a = a.expect("attribute");
                    if a.key.as_ref() == b"data-series" {
                        series.push(
                            quick_xml::escape::unescape(&String::from_utf8_lossy(&a.value))
                                .expect("value")
                                .into_owned(),
                        );
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (title, series)
}

#[test]
fn svg_parses_with_its_title_and_series_in_both_languages() {
    let s = setup("roadmap-2035.ron");
    for (lang, title, series) in [
        // The nation's balance is a total of provincial funds: its line is the reserves held
        // (docs/model.md §7).
        (
            Lang::Zh,
            "累计结存｜全国｜城乡居民医保基金",
            "累计结存（实际持有）",
        ),
        (
            Lang::En,
            "Accumulated balance | China | Resident fund",
            "Reserves held",
        ),
    ] {
        let chart = context(&s, lang).balance("CN", Fund::Resident);
        let svg = render::svg(&chart);
        let (t, names) = svg_title_and_series(&svg);
        assert_eq!(t, title);
        assert!(names.iter().any(|n| n == series), "{names:?}");
        assert!(names.iter().any(|n| n.contains(if lang == Lang::Zh {
            "基准"
        } else {
            "baseline"
        })));
        assert!(svg.contains("Microsoft YaHei") && svg.contains("sans-serif"));
        assert!(svg.contains("width=\"1600\" height=\"900\""));
    }
}

#[test]
fn png_decodes_at_the_requested_size_and_is_not_blank() {
    let s = setup("roadmap-2035.ron");
    for lang in [Lang::Zh, Lang::En] {
        let chart = context(&s, lang).months("CN", Fund::EmployeePooled);
        let bytes = render::png(&chart).expect("renders");
        let pixmap = tiny_skia::Pixmap::decode_png(&bytes).expect("PNG decodes");
        assert_eq!((pixmap.width(), pixmap.height()), (3200, 1800));
        let pixels = pixmap.pixels();
        let white = pixels
            .iter()
            .filter(|p| p.red() == 255 && p.green() == 255 && p.blue() == 255)
            .count();
        let blue = pixels
            .iter()
            .filter(|p| (p.red(), p.green(), p.blue()) == (0x1f, 0x6f, 0xd1))
            .count();
        assert!(white < pixels.len() * 98 / 100, "nearly blank");
        assert!(blue > 1000, "the scenario's line is drawn: {blue} pixels");
        // Text is drawn: dark pixels in the title strip.
        let dark_title = (60..130)
            .flat_map(|y| (80..900).map(move |x| (x, y)))
            .filter(|&(x, y)| pixels[y * 3200 + x].red() < 100)
            .count();
        assert!(dark_title > 500, "title text drawn: {dark_title}");
    }
}

/// The PNG writer (a pixmap reused per thread, its own encoder) gives the bytes of a fresh
/// pixmap through tiny-skia's encoder, whatever was drawn on the thread before.
#[test]
fn png_bytes_are_those_of_a_fresh_pixmap() {
    let s = setup("roadmap-2035.ron");
    let a = context(&s, Lang::Zh).months("CN", Fund::EmployeePooled);
    let b = context(&s, Lang::En).months("CN", Fund::Resident);
    let fresh = |chart: &yibao::render::Chart| {
        let scene =
            yibao::render::layout::layout(chart, yibao::render::WIDTH, yibao::render::HEIGHT);
        render::png::rasterize(&scene, yibao::render::SCALE)
            .expect("draws")
            .encode_png()
            .expect("encodes")
    };
    let (fa, fb) = (fresh(&a), fresh(&b));
    assert_ne!(fa, fb);
    for chart_bytes in [(&a, &fa), (&b, &fb), (&a, &fa)] {
        assert_eq!(&render::png(chart_bytes.0).expect("renders"), chart_bytes.1);
    }
}

#[test]
fn chart_csv_equals_the_projection() {
    let s = setup("roadmap-2035.ron");
    let chart = context(&s, Lang::En).balance("CN", Fund::Resident);
    let csv = chart.data_csv();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = header
        .iter()
        .position(|h| *h == "Reserves held")
        .expect("scenario column");
    let base_col = header
        .iter()
        .position(|h| *h == "Reserves held (baseline)")
        .expect("baseline column");
    let rows = &s
        .main
        .projection
        .series("CN", Fund::Resident)
        .expect("series")
        .rows;
    let base_rows = &s
        .base
        .projection
        .series("CN", Fund::Resident)
        .expect("series")
        .rows;
    let mut n = 0;
    for (line, (r, b)) in lines.zip(rows.iter().zip(base_rows)) {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[0].parse::<i32>().expect("year"), r.year);
        assert_eq!(cells[col].parse::<f64>().expect("value"), r.balance);
        assert_eq!(cells[base_col].parse::<f64>().expect("value"), b.balance);
        n += 1;
    }
    assert_eq!(n, rows.len());
}

#[test]
fn baseline_summary_md_matches_its_golden_file() {
    let s = setup("baseline.ron");
    let text = summary_md::summary_md(&s.data, &s.main, &s.base, &[]);
    let path = root().join("tests/golden/baseline/summary.md");
    if std::env::var_os("YIBAO_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &text).expect("golden written");
    }
    let expected = std::fs::read_to_string(&path).expect("golden file exists");
    assert_eq!(text, expected, "summary.md differs from {}", path.display());
    assert!(text.contains("## 主要结果（全国）") && text.contains("# English summary"));
    assert!(text.contains("本方案未修改任何政策参数"));
}

#[test]
fn summary_md_tables_the_changed_levers() {
    let s = setup("roadmap-2035.ron");
    let text = summary_md::summary_md(&s.data, &s.main, &s.base, &[]);
    let row = text
        .lines()
        .find(|l| l.contains("`employee.retiree_rate`"))
        .expect("lever row");
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    // | label (`id`) | region | from | baseline | scenario | unit |
    assert_eq!(cells[2], "全国");
    assert_eq!(cells[3], "2026");
    assert_eq!(cells[4], "0");
    assert_eq!(cells[5], "Linear 2026: 0 → 2030: 2");
    assert_eq!(cells[6], "%");
}

fn yibao(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_yibao"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn report_with_compare_writes_the_pack_and_lists_both_scenarios() {
    let out = tmp("compare");
    let roadmap = root().join("scenarios/roadmap-2035.ron");
    let freeze = root().join("scenarios/premium-freeze.ron");
    let o = yibao(&[
        "report",
        roadmap.to_str().expect("path"),
        "--compare",
        freeze.to_str().expect("path"),
        "--units",
        "GD",
        "--lang",
        "en",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let md = std::fs::read_to_string(out.join("summary.md")).expect("summary.md");
    let main_title = load("roadmap-2035.ron").title;
    let other_title = load("premium-freeze.ron").title;
    let compare = md.split("## 方案对比").nth(1).expect("comparison section");
    assert!(compare.contains(&main_title) && compare.contains(&other_title));
    for f in ["projection.csv", "summary.csv", "fiscal.csv", "tables.xlsx"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // The treasury's view: one row per unit (nation and 31 provinces) and year.
    let fiscal = std::fs::read_to_string(out.join("fiscal.csv")).expect("fiscal.csv");
    assert_eq!(
        fiscal.lines().next(),
        Some(yibao::export::FISCAL_HEADER),
        "fiscal.csv header"
    );
    assert_eq!(fiscal.lines().count(), 1 + 32 * (2060 - 2022 + 1));
    let svg = std::fs::read_to_string(out.join("charts/GD_resident_compare_months.svg"))
        .expect("comparison chart of the chosen province");
    let (_, series) = svg_title_and_series(&svg);
    assert!(
        series.contains(&main_title) && series.contains(&other_title),
        "{series:?}"
    );
    assert!(out.join("charts/CN_resident_months.png").is_file());
    assert!(out.join("charts/provinces_resident_months.csv").is_file());
}

#[test]
fn report_usage_errors_never_open_the_window() {
    let o = yibao(&["report"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("yibao report SCENARIO.ron --out DIR"));
    let out = tmp("bad-unit");
    let o = yibao(&[
        "report",
        root()
            .join("scenarios/baseline.ron")
            .to_str()
            .expect("path"),
        "--units",
        "XX",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("`XX`"));
    let o = yibao(&[
        "report",
        "missing.ron",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn report_csv_headers_zh_and_excel_bom() {
    let out = tmp("zh");
    let o = yibao(&[
        "report",
        root()
            .join("scenarios/baseline.ron")
            .to_str()
            .expect("path"),
        "--headers",
        "zh",
        "--excel",
        "--out",
        out.to_str().expect("path"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(out.join("projection.csv")).expect("csv");
    assert!(csv.starts_with("\u{feff}地区代码,层级,基金,年份,"));
}

#[test]
fn run_takes_headers_zh_and_excel_without_changing_numbers() {
    let plain = tmp("run-plain");
    let zh = tmp("run-zh");
    let baseline = root().join("scenarios/baseline.ron");
    let b = baseline.to_str().expect("path");
    assert!(
        yibao(&["run", b, "--out", plain.to_str().expect("path")])
            .status
            .success()
    );
    assert!(
        yibao(&[
            "run",
            b,
            "--headers",
            "zh",
            "--excel",
            "--out",
            zh.to_str().expect("path")
        ])
        .status
        .success()
    );
    for f in ["projection.csv", "summary.csv"] {
        let a = std::fs::read_to_string(plain.join(f)).expect("plain");
        let z = std::fs::read_to_string(zh.join(f)).expect("zh");
        assert!(z.starts_with('\u{feff}'), "{f}");
        assert!(!a.starts_with('\u{feff}'), "{f}");
        let body = |t: &str| t.split_once('\n').map(|x| x.1.to_owned());
        assert_eq!(body(&a), body(&z), "{f}: numbers unchanged");
        assert_ne!(
            a.lines().next(),
            z.trim_start_matches('\u{feff}').lines().next()
        );
    }
}

/// Each section of summary.md reads in one language: the baseline's English description opens
/// the English section, not the Chinese one; a Chinese description stays in the Chinese one.
#[test]
fn each_section_of_summary_md_reads_in_one_language() {
    let s = setup("baseline.ron");
    let text = summary_md::summary_md(&s.data, &s.main, &s.base, &[]);
    let (zh, en) = text.split_once("# English summary").expect("two sections");
    let description = &s.main.scenario.description;
    assert!(!description.is_empty());
    assert!(!zh.contains(description.as_str()), "{zh}");
    assert!(en.contains(description.as_str()), "{en}");
    let mut chinese = s.main.scenario.clone();
    chinese.description = "保持现行政策不变。".to_owned();
    let main = projected(&s.data, chinese).expect("calibrates");
    let text = summary_md::summary_md(&s.data, &main, &s.base, &[]);
    let (zh, en) = text.split_once("# English summary").expect("two sections");
    assert!(zh.contains("> 保持现行政策不变。"));
    assert!(!en.contains("保持现行政策不变"));
}

/// `--compare scenarios/baseline.ron` does not show the baseline twice (现行政策基准 and
/// 现行政策（基准）): the file is the baseline the pack shows anyway, and a note says so.
#[test]
fn comparing_with_the_baseline_file_names_the_baseline_once() {
    let out = tmp("report-compare-baseline");
    let o = Command::new(env!("CARGO_BIN_EXE_yibao"))
        .args(["report"])
        .arg(root().join("scenarios/premium-freeze.ron"))
        .arg("--compare")
        .arg(root().join("scenarios/baseline.ron"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("current-law baseline"));
    let md = std::fs::read_to_string(out.join("summary.md")).expect("summary.md");
    assert!(md.contains("现行政策基准"));
    assert!(!md.contains("现行政策（基准）"), "{md}");
    // Nor in the charts' legends.
    for entry in std::fs::read_dir(out.join("charts")).expect("charts") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "svg") {
            let svg = std::fs::read_to_string(&path).expect("svg");
            assert!(!svg.contains("现行政策（基准）"), "{}", path.display());
        }
    }
    let _ = std::fs::remove_dir_all(&out);
}
