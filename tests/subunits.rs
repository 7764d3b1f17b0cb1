//! Real pooling sub-units loaded from a prefecture accounts file (`--subunits`, docs/accounts.md
//! "Prefecture accounts", docs/model.md §12).

use yibao::model::output::{Level, YearRow};
use yibao::model::project::{base_rows, prepare};
use yibao::model::scenario::{Pooling, PoolingLevel, PoolingStep};
use yibao::model::subunits::{self, Subunits};
use yibao::model::warning::Warning;
use yibao::model::{Dataset, Fund, Projection, Scenario, project};

const HEAD: &str = "code,name,year,scheme,item,value,unit,tag,source_id\n";
const ITEMS: [&str; 4] = ["participants", "income", "expenditure", "balance"];

fn data() -> Dataset {
    Dataset::embedded().expect("embedded data parses")
}

/// Guizhou's base-year `[pooled, resident]` rows under current law.
fn guizhou(d: &Dataset) -> [YearRow; 2] {
    let prepared = prepare(d, &Scenario::default()).expect("calibrates");
    let p = prepared.codes.iter().position(|c| c == "GZ").expect("GZ");
    let rows = base_rows(&prepared).swap_remove(p);
    let [pooled, _, resident] = rows;
    [pooled, resident]
}

fn figure(r: &YearRow, k: usize) -> f64 {
    [
        r.participants,
        r.income_total(),
        r.expenditure_paid,
        r.balance,
    ][k]
}

/// A file of Guizhou units, each taking `shares[u]` of every base-year figure of the province.
fn file_of(base: &[YearRow; 2], shares: &[f64]) -> String {
    let mut out = HEAD.to_owned();
    for (u, share) in shares.iter().enumerate() {
        for (s, scheme) in ["employee_pooled", "resident"].iter().enumerate() {
            for (k, item) in ITEMS.iter().enumerate() {
                let unit = if k == 0 { "万人" } else { "亿元" };
                out.push_str(&format!(
                    "GZ-{:02},地市{},2022,{scheme},{item},{:.10},{unit},derived,TEST\n",
                    u + 1,
                    u + 1,
                    share * figure(&base[s], k)
                ));
            }
        }
    }
    out
}

fn prefecture_pooling() -> Scenario {
    let steps = vec![PoolingStep {
        from: 2023,
        level: PoolingLevel::Prefecture,
    }];
    Scenario {
        pooling: Pooling {
            resident: steps.clone(),
            employee: steps,
            adjustment: Vec::new(),
        },
        ..Scenario::default()
    }
}

fn load(d: &Dataset, text: &str) -> Result<(Dataset, Vec<subunits::Gap>), Vec<String>> {
    let codes: Vec<&str> = d.provinces.iter().map(|p| p.code.as_str()).collect();
    let parsed = Subunits::parse("gz.csv", text, &codes, d.base_year)
        .map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    subunits::load(d, parsed)
}

fn series<'a>(p: &'a Projection, unit: &str, fund: Fund) -> &'a [YearRow] {
    p.series
        .iter()
        .find(|s| s.unit == unit && s.fund == fund && s.level == Level::Subunit)
        .map_or(&[], |s| s.rows.as_slice())
}

#[test]
fn loaded_units_start_from_the_files_figures_and_the_rest_takes_up_the_gap() {
    let d = data();
    let base = guizhou(&d);
    let text = file_of(&base, &[0.3, 0.25, 0.2]);
    let (loaded, gaps) = load(&d, &text).expect("below the province");
    // Every figure is missed by a quarter.
    assert_eq!(gaps.len(), 8);
    for g in &gaps {
        assert!((g.miss() - 0.25).abs() < 1e-6, "{g:?}");
    }
    let p = project(&loaded, &prefecture_pooling()).expect("calibrates");
    let parsed = Subunits::parse("gz.csv", &text, &["GZ"], 2022).expect("parses");
    for u in &parsed.units {
        for (s, fund) in [Fund::EmployeePooled, Fund::Resident]
            .into_iter()
            .enumerate()
        {
            let row = &series(&p, &u.code, fund)[0];
            for k in 0..4 {
                let (got, want) = (figure(row, k), u.figures[s][k]);
                assert!(
                    (got - want).abs() <= 1e-9 * want.abs().max(1.0),
                    "{} {} item {k}: {got} vs the file's {want}",
                    u.code,
                    fund.id()
                );
            }
        }
    }
    // The remainder GZ-00 exists and the units add up to the province in every year.
    for fund in [Fund::EmployeePooled, Fund::Resident] {
        let units: Vec<&[YearRow]> = ["GZ-00", "GZ-01", "GZ-02", "GZ-03"]
            .iter()
            .map(|u| series(&p, u, fund))
            .collect();
        assert!(units.iter().all(|rows| rows.len() == 39), "{}", fund.id());
        let province = p
            .series
            .iter()
            .find(|s| s.unit == "GZ" && s.fund == fund && s.level == Level::Province)
            .expect("GZ");
        for (t, r) in province.rows.iter().enumerate() {
            for (what, f) in [
                ("balance", (|r: &YearRow| r.balance) as fn(&YearRow) -> f64),
                ("backstop", |r| r.backstop),
                ("paid", |r| r.expenditure_paid),
                ("income", |r| r.income_total()),
            ] {
                let sum: f64 = units.iter().map(|rows| f(&rows[t])).sum();
                assert!(
                    (sum - f(r)).abs() <= 1e-7 * f(r).abs().max(1.0),
                    "{} {} {what}: {sum} vs {}",
                    fund.id(),
                    r.year,
                    f(r)
                );
            }
        }
        // The province's base year is the calibrated one.
        let s = if fund == Fund::Resident { 1 } else { 0 };
        for k in 0..4 {
            let (got, want) = (figure(&province.rows[0], k), figure(&base[s], k));
            assert!((got - want).abs() <= 1e-9 * want.abs().max(1.0));
        }
    }
    // Every loaded and rest unit keeps the fund identities in every year.
    for unit in ["GZ-00", "GZ-01", "GZ-02", "GZ-03"] {
        for fund in [Fund::EmployeePooled, Fund::Resident] {
            for w in series(&p, unit, fund).windows(2) {
                let (prev, r) = (&w[0], &w[1]);
                let tol = 1e-9 * r.balance.abs().max(prev.balance.abs()).max(1.0);
                assert!(
                    (r.current_balance - (r.income_total() - r.expenditure_paid)).abs() <= tol,
                    "{unit} {} {}: current balance",
                    fund.id(),
                    r.year
                );
                let identity = prev.balance + r.current_balance + r.transfers_in - r.transfers_out
                    + r.backstop;
                assert!(
                    (r.balance - identity).abs() <= tol,
                    "{unit} {} {}: balance identity",
                    fund.id(),
                    r.year
                );
            }
        }
    }
    // Only Guizhou's units are replaced: Guangdong keeps synthetic ones.
    assert!(!series(&p, "GD-01", Fund::Resident).is_empty());
    assert!(series(&p, "GZ-04", Fund::Resident).is_empty());
}

#[test]
fn loaded_units_are_labelled_real_and_the_miss_is_reported() {
    let d = data();
    let base = guizhou(&d);
    let (loaded, _) = load(&d, &file_of(&base, &[0.5, 0.4])).expect("valid");
    let p = project(&loaded, &prefecture_pooling()).expect("calibrates");
    assert!(p.warnings.contains(&Warning::LoadedSubunits {
        file: "gz.csv".into(),
        provinces: vec!["GZ".into()],
    }));
    let remainder = p
        .warnings
        .iter()
        .find_map(|w| match w {
            Warning::SubunitsRemainder { province, misses } if province == "GZ" => Some(misses),
            _ => None,
        })
        .expect("a remainder note");
    assert_eq!(remainder.len(), 8);
    assert!(remainder.iter().all(|(_, m)| (m - 0.1).abs() < 1e-6));
    let text: Vec<String> = p.warnings.iter().map(ToString::to_string).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("GZ's loaded sub-units miss") && t.contains("10.00 %")),
        "{text:?}"
    );
    // Other provinces stay synthetic, and say so.
    assert!(
        p.warnings
            .iter()
            .any(|w| matches!(w, Warning::SyntheticSubunits { .. }))
    );
    // Units that add up exactly leave no remainder and no note.
    let (exact, gaps) = load(&d, &file_of(&base, &[0.5, 0.5])).expect("valid");
    assert!(gaps.is_empty(), "{gaps:?}");
    let q = project(&exact, &prefecture_pooling()).expect("calibrates");
    assert!(series(&q, "GZ-00", Fund::Resident).is_empty());
    assert!(!series(&q, "GZ-02", Fund::Resident).is_empty());
    assert!(
        !q.warnings
            .iter()
            .any(|w| matches!(w, Warning::SubunitsRemainder { .. }))
    );
    // A scenario without sub-units does not use them, and says so.
    let r = project(&loaded, &Scenario::default()).expect("calibrates");
    assert!(r.warnings.contains(&Warning::SubunitsUnused {
        file: "gz.csv".into()
    }));
}

#[test]
fn units_above_the_province_are_an_error_at_the_first_units_cell() {
    let d = data();
    let base = guizhou(&d);
    // 0.6 + 0.45 = 105 % of every figure.
    let e = load(&d, &file_of(&base, &[0.6, 0.45])).unwrap_err();
    assert_eq!(e.len(), 8, "{e:?}");
    assert!(
        e[0].starts_with("gz.csv:2:")
            && e[0].contains("error: the sub-units of GZ sum to")
            && e[0].contains("employee_pooled participants above the province's")
            && e[0].contains("(5.0 %, more than the 1 % tolerance)"),
        "{}",
        e[0]
    );
    // 100.5 % is within the tolerance: the remainder is slightly negative.
    let (_, gaps) = load(&d, &file_of(&base, &[0.6, 0.405])).expect("within tolerance");
    assert!(gaps.iter().all(|g| (g.miss() + 0.005).abs() < 1e-6));
}

#[test]
fn the_cli_takes_subunits_and_reports_positioned_errors() {
    let d = data();
    let base = guizhou(&d);
    let dir = std::env::temp_dir().join(format!("yibao-subunits-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let good = dir.join("gz.csv");
    std::fs::write(&good, file_of(&base, &[0.3, 0.25, 0.2])).expect("written");
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        format!("{HEAD}GZ-01,贵阳市,2022,resident,income,lots,亿元,derived,T\n"),
    )
    .expect("written");
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let run = |file: &std::path::Path, out: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_yibao"))
            .arg("run")
            .arg(root.join("scenarios/provincial-pooling-2025.ron"))
            .arg("--out")
            .arg(dir.join(out))
            .arg("--subunits")
            .arg(file)
            .output()
            .expect("yibao runs")
    };
    let o = run(&bad, "bad");
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(&format!(
            "{}:2:32: error: `lots` is not a number",
            bad.display()
        )),
        "{stderr}"
    );
    let o = run(&good, "good");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("the sub-units of GZ are real prefectures loaded from"),
        "{stderr}"
    );
    let csv = std::fs::read_to_string(dir.join("good/projection.csv")).expect("projection.csv");
    for unit in ["GZ-00", "GZ-01", "GZ-03", "GD-01"] {
        assert!(
            csv.lines()
                .any(|l| l.starts_with(&format!("{unit},subunit,resident,2030,"))),
            "{unit}"
        );
    }
    assert!(!csv.lines().any(|l| l.starts_with("GZ-04,subunit,")));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_illustrative_fixture_and_the_template_follow_the_format() {
    let d = data();
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/fixtures/subunits_gz_illustrative.csv"))
        .expect("fixture");
    let (loaded, gaps) = load(&d, &text).expect("the fixture loads");
    assert_eq!(loaded.subunits.units.len(), 9);
    assert!(!gaps.is_empty() && gaps.iter().all(|g| g.miss() > 0.0));
    let p = project(&loaded, &prefecture_pooling()).expect("calibrates");
    for u in ["GZ-00", "GZ-01", "GZ-09"] {
        assert_eq!(series(&p, u, Fund::Resident).len(), 39, "{u}");
    }
    // The template must be filled in: its empty values are positioned errors.
    let template =
        std::fs::read_to_string(root.join("docs/subunits-template.csv")).expect("template");
    let e = load(&d, &template).unwrap_err();
    assert_eq!(e.len(), 16);
    assert!(e[0].starts_with("gz.csv:2:"), "{}", e[0]);
    assert!(e[0].ends_with("error: `` is not a number"), "{}", e[0]);
}

#[test]
fn a_unit_whose_income_is_below_its_subsidy_share_is_an_error_at_its_income_cell() {
    let d = data();
    let base = guizhou(&d);
    // Half the resident members but 1 % of the resident income: less than half the subsidy.
    let text = file_of(&base, &[0.5]).replacen(
        &format!(",resident,income,{:.10},", 0.5 * base[1].income_total()),
        &format!(",resident,income,{:.10},", 0.01 * base[1].income_total()),
        1,
    );
    let e = load(&d, &text).unwrap_err();
    // Every error is at the income cell: the sense checks (income per member, margin) and the
    // subsidy share.
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(
        e.iter()
            .all(|m| m.starts_with("gz.csv:7:32: error: `GZ-01` resident"))
    );
    assert!(
        e[2].starts_with("gz.csv:7:32: error: `GZ-01` resident income")
            && e[2].contains("is below its share of the province's subsidy"),
        "{}",
        e[2]
    );
}
