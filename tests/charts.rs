//! Charts as files carry what the screen shows (issue 20): the depletion marker, the published
//! years' shading with its label, the shade of balancing measures and every legend entry in
//! full; no legend box overlaps the plot or leaves the canvas; and SVG snapshots of seven chart
//! kinds under `tests/golden/charts/` catch a moved axis, a lost marker or a clipped legend.
//!
//! Regenerate the snapshots on purpose with `YIBAO_UPDATE_GOLDEN=1 cargo test --test charts`
//! and look at them before committing; a mismatch writes `<name>.actual.svg` beside the file.

use std::path::{Path, PathBuf};
use yibao::model::metric::{Measure, Metric as ModelMetric};
use yibao::model::sensitivity::{Bar, INPUTS, Tornado};
use yibao::model::stochastic::Fan;
use yibao::model::{Dataset, Fund, Level};
use yibao::render::scene::{Prim, Scene};
use yibao::render::{self, Chart, HeatClass, HeatPlot, Lang, Plot, Quantity, layout, palette};
use yibao::report::charts::{Context, Run};
use yibao::report::metric::PlotMetric;
use yibao::report::spec::{self, ChartView, Runs};
use yibao::report::uncertainty::{Texts, fan_chart, overlays, tornado_chart};
use yibao::report::{Projected, baseline_for, projected, unit_names};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Setup {
    data: Dataset,
    main: Projected,
    base: Projected,
}

/// The roadmap scenario (its funds run out: a marker, a shade) against its baseline.
fn setup() -> Setup {
    let data = Dataset::embedded().expect("data");
    let scenario = yibao::scenario::load(&root().join("scenarios/roadmap-2035.ron"))
        .expect("shipped scenario")
        .scenario;
    let main = projected(&data, scenario).expect("calibrates");
    let base = projected(&data, baseline_for(&main.scenario)).expect("calibrates");
    Setup { data, main, base }
}

/// A footer that does not change with the program's version or data vintage.
const FOOTER: &str = "数据：测试 · yibao · 方案哈希 00000000";

fn context(s: &Setup, lang: Lang) -> Context<'_> {
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
        footer: FOOTER.to_owned(),
        units: unit_names(&s.data),
    }
}

fn texts(scene: &Scene) -> Vec<(f32, f32, String)> {
    scene
        .prims
        .iter()
        .filter_map(|p| match p {
            Prim::Text { x, y, text, .. } => Some((*x, *y, text.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn an_exported_reserve_chart_carries_marker_shading_shade_and_full_legend() {
    let s = setup();
    let cx = context(&s, Lang::Zh);
    let runs = Runs {
        scenario_name: &s.main.scenario.title,
        scenario: &s.main.projection,
        baseline: &s.base.projection,
        compare: Vec::new(),
    };
    let view = ChartView {
        unit: "CN".to_owned(),
        fund: Fund::EmployeePooled,
        lang: Lang::Zh,
        reference_lines: true,
        compare_metric: PlotMetric::Balance,
    };
    let panel = spec::reserve(&runs, &view).remove(0);
    let (marker, year) = panel
        .marker
        .clone()
        .expect("the roadmap's pooled fund runs out");
    assert_eq!(marker, format!("{year}年耗尽"));
    let (published, first, last) = panel.published.clone().expect("published years");
    assert_eq!(
        (published.as_str(), first, last),
        ("已公布", 2022.0, 2025.0)
    );
    let chart = cx.balance("CN", Fund::EmployeePooled);
    assert_eq!(chart.title, "累计结存｜全国｜职工医保统筹基金");
    let scene = layout::layout(&chart, render::WIDTH, render::HEIGHT);
    let svg = render::svg::to_svg(&scene);
    let [left, top, right, bottom] = scene.plot;
    let map_x = |x: f64| left + ((x - 2022.0) / (2060.0 - 2022.0)) as f32 * (right - left);
    // The marker: a dashed vertical line over the plot's height at the year, in the
    // marker's colour, and its label.
    let marker_x = map_x(year);
    assert!(scene.prims.iter().any(|p| matches!(p,
        Prim::Line { points, color, dash: Some(_), .. }
            if *color == spec::MARKER_COLOR
                && points.len() == 2
                && (points[0].0 - marker_x).abs() < 0.5
                && (points[1].0 - marker_x).abs() < 0.5
                && points[0].1 == top && points[1].1 == bottom)));
    assert!(svg.contains(&format!(">{year}年耗尽</text>")));
    // The published years: a rect from 2022 to 2025 over the whole height, and its label.
    let shading = palette::PUBLISHED.alpha(palette::PUBLISHED_OPACITY);
    assert!(scene.prims.iter().any(|p| matches!(p,
        Prim::Rect { x, y, w, h, fill, .. }
            if *fill == shading
                && (*x - left).abs() < 0.5
                && (*x + *w - map_x(2025.0)).abs() < 0.5
                && *y == top && (*y + *h - bottom).abs() < 0.5)));
    assert!(svg.contains(">已公布</text>"));
    // The shade of what balancing measures put in (a total's cumulative backstop).
    assert!(
        scene
            .prims
            .iter()
            .any(|p| matches!(p, Prim::Polygon { fill, .. } if *fill == spec::shade_fill()))
    );
    // Every legend entry of the screen's legend row, in full: the same list, in order, and
    // the text drawn for it is the whole name (wrapped, never cut).
    let expected: Vec<String> = panel
        .line_plot()
        .legend()
        .into_iter()
        .map(|e| e.name)
        .collect();
    let drawn: Vec<String> = scene.legend.iter().map(|b| b.name.clone()).collect();
    assert_eq!(drawn, expected);
    assert!(
        expected.iter().any(|n| n == &marker),
        "the marker is in the legend"
    );
    let legend_text: String = texts(&scene)
        .into_iter()
        .filter(|(x, _, _)| *x > right)
        .map(|t| t.2)
        .collect();
    for name in &expected {
        assert!(
            legend_text.contains(name.as_str()),
            "legend text holds {name} in full"
        );
    }
    assert!(!legend_text.contains('…'), "no legend entry is cut");
}

/// Checks that every legend box of a scene lies right of the plot, inside the canvas and above
/// the footer, that no two overlap, and that no text is cut.
fn check_legend(name: &str, scene: &Scene) {
    let [left, top, right, bottom] = scene.plot;
    assert!(
        left < right && top < bottom,
        "{name}: plot {:?}",
        scene.plot
    );
    let footer_rule = scene.height - 52.0;
    for b in &scene.legend {
        let [l, t, r, bt] = b.rect;
        assert!(l >= right, "{name}: legend «{}» overlaps the plot", b.name);
        assert!(
            r <= scene.width,
            "{name}: legend «{}» leaves the chart",
            b.name
        );
        assert!(
            t >= 0.0 && bt <= footer_rule,
            "{name}: legend «{}» at {t}–{bt}",
            b.name
        );
    }
    for w in scene.legend.windows(2) {
        assert!(
            w[0].rect[3] <= w[1].rect[1],
            "{name}: legend entries overlap"
        );
    }
    for (x, _, text) in texts(scene) {
        if x > right {
            assert!(!text.contains('…'), "{name}: legend text cut: {text}");
        }
    }
    // Legend text does not reach past the canvas either.
    for p in &scene.prims {
        if let Prim::Text { x, text, size, .. } = p
            && *x > right
        {
            let w = render::text::width(text, *size);
            assert!(x + w <= scene.width, "{name}: «{text}» runs off the chart");
        }
    }
}

#[test]
fn no_legend_overlaps_the_plot_or_is_cut_in_any_chart_of_a_pack() {
    let s = setup();
    for lang in [Lang::Zh, Lang::En] {
        let cx = context(&s, lang);
        let mut charts = cx.unit_charts("CN");
        charts.extend(cx.unit_charts("GD"));
        charts.extend(cx.gaps());
        assert!(charts.len() > 30);
        for named in charts {
            let scene = layout::layout(&named.chart, render::WIDTH, render::HEIGHT);
            check_legend(&named.stem, &scene);
            if let Plot::Lines(p) = &named.chart.plot {
                let names: Vec<String> = p.legend().into_iter().map(|e| e.name).collect();
                let drawn: Vec<String> = scene.legend.iter().map(|b| b.name.clone()).collect();
                assert_eq!(drawn, names, "{}: every legend entry drawn", named.stem);
            }
        }
        let grid = cx.province_grid(Fund::Resident);
        check_legend(
            "grid",
            &layout::layout(&grid, render::WIDTH, render::HEIGHT),
        );
    }
    // A legend of many long names still fits: the type gets smaller, nothing is cut.
    let mut chart = context(&s, Lang::En).balance("CN", Fund::EmployeePooled);
    if let Plot::Lines(p) = &mut chart.plot {
        let first = p.series[0].clone();
        for i in 0..12 {
            let mut extra = first.clone();
            extra.name = format!("A long compared scenario name number {i} with more words");
            p.series.push(extra);
        }
    }
    check_legend(
        "many",
        &layout::layout(&chart, render::WIDTH, render::HEIGHT),
    );
}

/// The snapshot charts: seven kinds.
fn snapshot_charts(s: &Setup) -> Vec<(&'static str, Chart)> {
    let zh = context(s, Lang::Zh);
    let en = context(s, Lang::En);
    let texts = |lang| Texts {
        unit_name: if lang == Lang::Zh { "全国" } else { "China" }.to_owned(),
        fund: Fund::Resident,
        scenario: s.main.scenario.title.clone(),
        footer: FOOTER.to_owned(),
        lang,
        draws: 100,
        seed: 1,
    };
    // A fixed fan (the renderer is tested, not the draws).
    let years: Vec<i32> = (2022..=2050).collect();
    let t = |y: i32| f64::from(y - 2022);
    let fan = Fan {
        unit: "CN".to_owned(),
        level: Level::Nation,
        fund: Fund::Resident,
        years: years.clone(),
        balance: years
            .iter()
            .map(|&y| {
                let m = 8000.0 + 300.0 * t(y) - 12.0 * t(y) * t(y);
                let w = 40.0 * t(y) * t(y).sqrt();
                [m - 2.0 * w, m - w, m, m + w, m + 2.0 * w]
            })
            .collect(),
        months: years.iter().map(|_| None).collect(),
        p_depleted: years.iter().map(|&y| (t(y) / 40.0).powi(3)).collect(),
    };
    let det: Vec<f64> = fan.balance.iter().map(|p| p[2] + 150.0).collect();
    let low: Vec<f64> = fan.balance.iter().map(|p| p[3]).collect();
    let high: Vec<f64> = fan.balance.iter().map(|p| p[1]).collect();
    let tornado = Tornado {
        metric: ModelMetric {
            fund: None,
            measure: Measure::Depletion,
        },
        unit: "CN".to_owned(),
        fund: Fund::Resident,
        base: 2041.0,
        bars: INPUTS
            .iter()
            .take(5)
            .enumerate()
            .map(|(i, input)| {
                let d = 5.0 - i as f64;
                Bar {
                    input: *input,
                    low: 2041.0 - d,
                    high: 2041.0 + d * 0.6,
                    swing: d * 1.6,
                }
            })
            .collect(),
    };
    let heat = HeatPlot {
        x_label: "居民财政补助（元/人/年）".to_owned(),
        y_label: "医疗费用增长（%/年）".to_owned(),
        value_label: "耗尽年份".to_owned(),
        x: vec![600.0, 800.0, 1000.0, 1200.0],
        y: vec![4.0, 5.0, 6.0],
        cells: vec![
            2035.0, 2038.0, 2042.0, 2047.0, 2032.0, 2035.0, 2038.0, 2041.0, 2030.0, 2032.0, 2034.0,
            2036.0,
        ],
        classes: vec![
            HeatClass {
                lower: f64::NEG_INFINITY,
                color: palette::MONTHS_CLASSES[0].1,
                label: "2035年前".to_owned(),
            },
            HeatClass {
                lower: 2035.0,
                color: palette::MONTHS_CLASSES[2].1,
                label: "2035–2039年".to_owned(),
            },
            HeatClass {
                lower: 2040.0,
                color: palette::MONTHS_CLASSES[4].1,
                label: "2040年及以后".to_owned(),
            },
        ],
        marker: Some(([800.0, 5.0], "当前方案".to_owned())),
    };
    vec![
        ("reserve_balance_zh", zh.balance("CN", Fund::EmployeePooled)),
        ("reserve_months_en", en.months("CN", Fund::EmployeePooled)),
        ("flows_zh", zh.flows("CN", Fund::Resident)),
        (
            "fan_en",
            fan_chart(
                &fan,
                &overlays(Lang::En, det, [low, high]),
                &texts(Lang::En),
            ),
        ),
        ("burden_bars_zh", zh.burden_bars("CN", 2035)),
        (
            "tornado_zh",
            tornado_chart(&tornado, "耗尽年份", Quantity::Ratio, &texts(Lang::Zh)),
        ),
        (
            "heatmap_zh",
            Chart {
                title: "耗尽年份热力图｜全国｜城乡居民医保基金".to_owned(),
                subtitle: "两项政策参数的组合".to_owned(),
                footer: FOOTER.to_owned(),
                lang: Lang::Zh,
                plot: Plot::Heat(heat),
            },
        ),
        ("province_grid_zh", zh.province_grid(Fund::Resident)),
    ]
}

fn golden_dir() -> PathBuf {
    root().join("tests/golden/charts")
}

/// The first differing line of two texts, for the failure message.
fn first_difference(expected: &str, actual: &str) -> String {
    for (i, (e, a)) in expected.lines().zip(actual.lines()).enumerate() {
        if e != a {
            return format!("line {}:\n  expected {e}\n  actual   {a}", i + 1);
        }
    }
    format!(
        "line counts {} vs {}",
        expected.lines().count(),
        actual.lines().count()
    )
}

fn compare_snapshot(path: &Path, actual: &str) -> Option<String> {
    if std::env::var_os("YIBAO_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("folder")).expect("golden folder");
        std::fs::write(path, actual).expect("golden written");
        return None;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    let out = path.with_extension("actual.svg");
    let _ = std::fs::write(&out, actual);
    Some(format!(
        "{} differs ({}); the new drawing is {}",
        path.display(),
        first_difference(&expected, actual),
        out.display()
    ))
}

#[test]
fn svg_snapshots_of_seven_chart_kinds() {
    let s = setup();
    let mut failures = Vec::new();
    for (name, chart) in snapshot_charts(&s) {
        let scene = layout::layout(&chart, render::WIDTH, render::HEIGHT);
        check_legend(name, &scene);
        let svg = render::svg::to_svg(&scene);
        failures.extend(compare_snapshot(
            &golden_dir().join(format!("{name}.svg")),
            &svg,
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The snapshots would catch what they are for: a moved axis, a lost marker, a cut legend.
#[test]
fn snapshots_catch_a_moved_axis_a_lost_marker_and_a_cut_legend() {
    if std::env::var_os("YIBAO_UPDATE_GOLDEN").is_some() {
        return;
    }
    let s = setup();
    let (name, chart) = snapshot_charts(&s).remove(0);
    let path = golden_dir().join(format!("{name}.svg"));
    let golden = std::fs::read_to_string(&path).expect("snapshot stored");
    let scene = layout::layout(&chart, render::WIDTH, render::HEIGHT);
    assert_eq!(render::svg::to_svg(&scene), golden);
    let tmp = std::env::temp_dir().join(format!("yibao-charts-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("temp");
    let probe = tmp.join("probe.svg");
    std::fs::write(&probe, &golden).expect("probe");
    // A moved axis: the plot one pixel lower.
    let mut moved = scene.clone();
    for p in &mut moved.prims {
        if let Prim::Line { points, .. } = p {
            for q in points.iter_mut() {
                q.1 += 1.0;
            }
        }
    }
    // A lost marker: its line and label gone.
    let mut lost = scene.clone();
    lost.prims.retain(|p| match p {
        Prim::Line { color, dash, .. } => !(*color == spec::MARKER_COLOR && dash.is_some()),
        Prim::Text { text, .. } => !text.ends_with("年耗尽"),
        _ => true,
    });
    // A cut legend: a legend text ending in an ellipsis.
    let mut cut = scene.clone();
    let right = scene.plot[2];
    if let Some(Prim::Text { text, .. }) = cut
        .prims
        .iter_mut()
        .find(|p| matches!(p, Prim::Text { x, text, .. } if *x > right && text.chars().count() > 4))
    {
        let keep: String = text.chars().take(3).collect();
        *text = format!("{keep}…");
    }
    for (what, changed) in [
        ("moved axis", moved),
        ("lost marker", lost),
        ("cut legend", cut),
    ] {
        let svg = render::svg::to_svg(&changed);
        assert!(
            compare_snapshot(&probe, &svg).is_some(),
            "the snapshot misses a {what}"
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
