//! Pooling levels, synthetic sub-units and adjustment funds (docs/model.md §12).

use std::collections::BTreeMap;
use yibao::model::output::{COLUMNS, Level};
use yibao::model::scenario::{AdjustmentScope, AdjustmentStep, Pooling, PoolingLevel, PoolingStep};
use yibao::model::{Dataset, Fund, LeverPath, Projection, Scenario, Series, project};

const POOLED: [Fund; 2] = [Fund::EmployeePooled, Fund::Resident];

fn data() -> Dataset {
    Dataset::embedded().expect("embedded data parses")
}

fn steps(levels: &[(i32, PoolingLevel)]) -> Vec<PoolingStep> {
    levels
        .iter()
        .map(|&(from, level)| PoolingStep { from, level })
        .collect()
}

fn scenario(
    levels: &[(i32, PoolingLevel)],
    adjustment: &[(i32, AdjustmentScope, f64)],
) -> Scenario {
    Scenario {
        pooling: Pooling {
            resident: steps(levels),
            employee: steps(levels),
            adjustment: adjustment
                .iter()
                .map(|&(from, scope, rate)| AdjustmentStep::new(from, scope, rate))
                .collect(),
        },
        ..Scenario::default()
    }
}

fn with_levers(mut s: Scenario, levers: &[(&str, &[(i32, f64)])]) -> Scenario {
    for (id, pairs) in levers {
        s.levers.insert(
            (*id).to_owned(),
            LeverPath::Steps(pairs.iter().copied().collect::<BTreeMap<_, _>>()),
        );
    }
    s
}

fn close(actual: f64, expected: f64, rel: f64, what: &str) {
    let tol = rel * expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= tol,
        "{what}: {actual} vs {expected} (tolerance {tol})"
    );
}

fn of(p: &Projection, level: Level, fund: Fund) -> Vec<&Series> {
    p.series
        .iter()
        .filter(|s| s.level == level && s.fund == fund)
        .collect()
}

fn subunits_of<'a>(p: &'a Projection, code: &str, fund: Fund) -> Vec<&'a Series> {
    let prefix = format!("{code}-");
    of(p, Level::Subunit, fund)
        .into_iter()
        .filter(|s| s.unit.starts_with(&prefix))
        .collect()
}

/// Every row of every series: current balance = income − paid, balance = previous + current +
/// transfers in − out + backstop.
fn check_identities(p: &Projection, label: &str) {
    for s in &p.series {
        for w in s.rows.windows(2) {
            let (prev, r) = (&w[0], &w[1]);
            let what = format!("{label} {} {} {}", s.unit, s.fund.id(), r.year);
            close(
                r.current_balance,
                r.income_total() - r.expenditure_paid,
                1e-9,
                &format!("{what}: current balance"),
            );
            close(
                r.balance,
                prev.balance + r.current_balance + r.transfers_in - r.transfers_out + r.backstop,
                1e-9,
                &format!("{what}: balance identity"),
            );
            assert!(r.transfers_in >= 0.0 && r.transfers_out >= 0.0, "{what}");
        }
    }
}

#[test]
fn a_pooling_section_at_province_level_changes_nothing() {
    let d = data();
    let base = project(&d, &Scenario::default()).expect("calibrates");
    let layer = project(&d, &scenario(&[(2023, PoolingLevel::Province)], &[])).expect("calibrates");
    // No sub-units, no adjustment rows: the same series, the same numbers.
    assert_eq!(base.series.len(), layer.series.len());
    for (a, b) in base.series.iter().zip(&layer.series) {
        assert_eq!((&a.unit, a.fund), (&b.unit, b.fund));
        for (x, y) in a.rows.iter().zip(&b.rows) {
            for c in COLUMNS {
                match (c.get(x), c.get(y)) {
                    (Some(u), Some(v)) => {
                        close(v, u, 1e-9, &format!("{} {} {}", a.unit, c.name, x.year))
                    }
                    (u, v) => assert_eq!(u.is_some(), v.is_some(), "{} {}", a.unit, c.name),
                }
            }
        }
    }
}

#[test]
fn with_prefecture_pooling_and_no_fund_the_provinces_are_the_sums_of_their_subunits() {
    let d = data();
    let p = project(&d, &scenario(&[(2023, PoolingLevel::Prefecture)], &[])).expect("calibrates");
    let base = project(&d, &Scenario::default()).expect("calibrates");
    check_identities(&p, "prefecture");
    let codes: Vec<&str> = d.provinces.iter().map(|x| x.code.as_str()).collect();
    for fund in POOLED {
        for code in &codes {
            let subs = subunits_of(&p, code, fund);
            let k = d
                .provinces
                .iter()
                .find(|x| x.code == *code)
                .map_or(1, |x| x.prefectures.max(1));
            assert_eq!(subs.len(), k, "{code}: K sub-units");
            assert!(subs.iter().all(|s| s.unit.len() == code.len() + 3));
            let prov = p.series(code, fund).expect("province series");
            let mut backstop = 0.0;
            for (t, r) in prov.rows.iter().enumerate() {
                // Every additive column but the net position (docs/model.md §7: a province
                // with sub-units is a total, its net position the reserves held less the
                // sub-units' backstop so far).
                for c in COLUMNS
                    .iter()
                    .filter(|c| c.additive() && c.name != "balance_before_rule")
                {
                    let sum: f64 = subs.iter().filter_map(|s| c.get(&s.rows[t])).sum();
                    let what = format!("{code} {} {} {}", fund.id(), c.name, r.year);
                    close(sum, c.get(r).unwrap_or(0.0), 1e-9, &what);
                }
                if t > 0 {
                    backstop += r.backstop;
                }
                close(
                    r.balance_before_rule,
                    r.balance - backstop,
                    1e-9,
                    &format!("{code} {} net position {}", fund.id(), r.year),
                );
                // No transfers between prefecture funds without an adjustment fund.
                assert_eq!(r.transfers_in, 0.0);
            }
            // The base year reproduces the province exactly.
            let b0 = &base.series(code, fund).expect("baseline").rows[0];
            let p0 = &prov.rows[0];
            for c in COLUMNS.iter().filter(|c| c.additive()) {
                close(
                    c.get(p0).unwrap_or(0.0),
                    c.get(b0).unwrap_or(0.0),
                    1e-9,
                    &format!("{code} base year {}", c.name),
                );
            }
        }
    }
}

#[test]
fn adjustment_transfers_sum_to_minus_the_change_of_the_fund_reserve() {
    let d = data();
    for scope in [AdjustmentScope::National, AdjustmentScope::Province] {
        let s = scenario(&[(2023, PoolingLevel::Prefecture)], &[(2025, scope, 0.05)]);
        let p = project(&d, &s).expect("calibrates");
        check_identities(&p, &format!("{scope:?}"));
        for (fund, adj) in [
            (Fund::EmployeePooled, Fund::EmployeeAdjustment),
            (Fund::Resident, Fund::ResidentAdjustment),
        ] {
            let members = of(&p, Level::Subunit, fund);
            let reserves: Vec<&Series> = p.series.iter().filter(|s| s.fund == adj).collect();
            let expected_rows = match scope {
                AdjustmentScope::National => 1,
                AdjustmentScope::Province => d.provinces.len(),
            };
            assert_eq!(reserves.len(), expected_rows);
            let years = members[0].rows.len();
            let mut paid_any = false;
            for t in 1..years {
                let net: f64 = members
                    .iter()
                    .map(|m| m.rows[t].transfers_in - m.rows[t].transfers_out)
                    .sum();
                let change: f64 = reserves
                    .iter()
                    .map(|r| r.rows[t].balance - r.rows[t - 1].balance)
                    .sum();
                close(
                    net,
                    -change,
                    1e-9,
                    &format!("{scope:?} {} t={t}", fund.id()),
                );
                paid_any |= reserves.iter().any(|r| r.rows[t].transfers_out > 0.0);
                // Before the fund starts nothing moves.
                if members[0].rows[t].year < 2025 {
                    assert_eq!(net, 0.0);
                    assert!(reserves.iter().all(|r| r.rows[t].balance == 0.0));
                }
            }
            assert!(
                paid_any,
                "{scope:?} {}: the fund never paid a deficit",
                fund.id()
            );
            // Per province for a provincial fund.
            if scope == AdjustmentScope::Province {
                for r in &reserves {
                    let subs = subunits_of(&p, &r.unit, fund);
                    for t in 1..years {
                        let net: f64 = subs
                            .iter()
                            .map(|m| m.rows[t].transfers_in - m.rows[t].transfers_out)
                            .sum();
                        let change = r.rows[t].balance - r.rows[t - 1].balance;
                        close(
                            net,
                            -change,
                            1e-9,
                            &format!("{} {} t={t}", r.unit, fund.id()),
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn merging_pools_never_creates_or_destroys_money() {
    let d = data();
    let s = scenario(
        &[
            (2023, PoolingLevel::Prefecture),
            (2026, PoolingLevel::Province),
            (2030, PoolingLevel::National),
        ],
        &[],
    );
    let p = project(&d, &s).expect("calibrates");
    check_identities(&p, "merge");
    for fund in POOLED {
        let members = of(&p, Level::Subunit, fund);
        let nation = p.series("CN", fund).expect("nation");
        let mut moved = false;
        for t in 1..nation.rows.len() {
            let tin: f64 = members.iter().map(|m| m.rows[t].transfers_in).sum();
            let tout: f64 = members.iter().map(|m| m.rows[t].transfers_out).sum();
            close(tin, tout, 1e-9, &format!("{} t={t}", fund.id()));
            moved |= tin > 0.0;
            // The nation's balance moves only by its own flows and the backstop.
            let (prev, r) = (&nation.rows[t - 1], &nation.rows[t]);
            close(
                r.balance,
                prev.balance + r.current_balance + r.backstop,
                1e-9,
                &format!("CN {} {}", fund.id(), r.year),
            );
            // Under national pooling, backstop only when the whole nation is empty.
            if r.year >= 2030 && r.backstop > 0.0 {
                let held: f64 = members.iter().map(|m| m.rows[t].balance.max(0.0)).sum();
                assert!(
                    held < 1e-6,
                    "{} {}: {held} held while backstopped",
                    fund.id(),
                    r.year
                );
            }
        }
        assert!(moved, "{}: pooling moved no money", fund.id());
    }
}

#[test]
fn provincial_pooling_never_needs_more_backstop_than_prefecture_pooling() {
    let d = data();
    // Without interest the fiscal cost is the nominal backstop: compare it cumulatively.
    let zero = [(2023, 0.0)];
    let prefecture = project(
        &d,
        &with_levers(
            scenario(&[(2023, PoolingLevel::Prefecture)], &[]),
            &[("economy.interest_rate", &zero)],
        ),
    )
    .expect("calibrates");
    let province = project(
        &d,
        &with_levers(
            scenario(
                &[
                    (2023, PoolingLevel::Prefecture),
                    (2024, PoolingLevel::Province),
                ],
                &[],
            ),
            &[("economy.interest_rate", &zero)],
        ),
    )
    .expect("calibrates");
    let mut strictly_less = false;
    for fund in POOLED {
        for (a, b) in
            of(&province, Level::Province, fund)
                .iter()
                .zip(of(&prefecture, Level::Province, fund))
        {
            assert_eq!(a.unit, b.unit);
            let (mut ca, mut cb) = (0.0, 0.0);
            for (x, y) in a.rows.iter().zip(&b.rows) {
                ca += x.backstop;
                cb += y.backstop;
                assert!(
                    ca <= cb * (1.0 + 1e-9) + 1e-9,
                    "{} {} {}: province {ca} > prefecture {cb}",
                    a.unit,
                    fund.id(),
                    x.year
                );
            }
            strictly_less |= ca < cb - 1.0;
        }
    }
    assert!(strictly_less, "pooling never saved any backstop");
}

#[test]
fn the_same_seed_gives_the_same_subunits_and_another_seed_others() {
    let d = data();
    let s = scenario(&[(2023, PoolingLevel::Prefecture)], &[]);
    let a = project(&d, &s).expect("calibrates");
    let b = project(&d, &s).expect("calibrates");
    let c = project(
        &d,
        &with_levers(s.clone(), &[("pooling.seed", &[(2022, 7.0)])]),
    )
    .expect("calibrates");
    let subs = |p: &Projection| -> Vec<Series> {
        p.series
            .iter()
            .filter(|x| x.level == Level::Subunit)
            .cloned()
            .collect()
    };
    assert_eq!(subs(&a), subs(&b));
    let (sa, sc) = (subs(&a), subs(&c));
    assert_eq!(sa.len(), sc.len());
    let gd = |v: &[Series]| -> Vec<f64> {
        v.iter()
            .filter(|x| x.unit.starts_with("GD-") && x.fund == Fund::Resident)
            .map(|x| x.rows[0].participants)
            .collect()
    };
    assert_ne!(gd(&sa), gd(&sc), "another seed draws other sub-units");
    // Both still add up to the province.
    let total: f64 = gd(&sc).iter().sum();
    let prov = a.series("GD", Fund::Resident).expect("GD").rows[0].participants;
    close(total, prov, 1e-9, "GD participants");
}

#[test]
fn the_dispersion_levers_spread_the_subunits() {
    let d = data();
    let s = scenario(&[(2023, PoolingLevel::Prefecture)], &[]);
    let spread = |p: &Projection| -> f64 {
        let per_head: Vec<f64> = subunits_of(p, "SC", Fund::Resident)
            .iter()
            .filter_map(|x| x.row(2030))
            .map(|r| r.per_capita_expenditure_yuan)
            .collect();
        let max = per_head.iter().copied().fold(f64::MIN, f64::max);
        let min = per_head.iter().copied().fold(f64::MAX, f64::min);
        max / min
    };
    let flat = project(
        &d,
        &with_levers(s.clone(), &[("pooling.sigma_cost", &[(2022, 0.0)])]),
    )
    .expect("calibrates");
    let wide = project(
        &d,
        &with_levers(s, &[("pooling.sigma_cost", &[(2022, 0.4)])]),
    )
    .expect("calibrates");
    close(
        spread(&flat),
        1.0,
        1e-9,
        "σ_cost = 0: equal spending per head",
    );
    assert!(
        spread(&wide) > 1.3,
        "σ_cost = 0.4 spreads spending: {}",
        spread(&wide)
    );
}

#[test]
fn fragmentation_shows_idle_surplus_only_while_prefectures_are_separate() {
    let d = data();
    let prefecture =
        project(&d, &scenario(&[(2023, PoolingLevel::Prefecture)], &[])).expect("calibrates");
    let province = project(
        &d,
        &scenario(
            &[
                (2023, PoolingLevel::Prefecture),
                (2025, PoolingLevel::Province),
            ],
            &[],
        ),
    )
    .expect("calibrates");
    let idle = |p: &Projection, from: i32| -> f64 {
        p.fragmentation
            .iter()
            .filter(|f| f.unit != "CN" && f.year >= from)
            .map(|f| f.idle_surplus)
            .sum()
    };
    assert!(idle(&prefecture, 2025) > 0.0);
    assert_eq!(idle(&province, 2025), 0.0);
    // Idle surplus is counted only in years with a backstop, and equals the positive balances.
    for f in prefecture.fragmentation.iter().filter(|f| f.unit != "CN") {
        let subs = subunits_of(&prefecture, &f.unit, f.fund);
        let held: f64 = subs
            .iter()
            .filter_map(|s| s.row(f.year))
            .map(|r| r.balance.max(0.0))
            .sum();
        if f.backstop > 0.0 {
            close(
                f.idle_surplus,
                held,
                1e-9,
                &format!("{} {}", f.unit, f.year),
            );
        } else {
            assert_eq!(f.idle_surplus, 0.0);
        }
    }
}

#[test]
fn run_writes_subunit_rows_adjustment_rows_and_fragmentation_for_a_pooling_scenario() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join(format!("yibao-pooling-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let run = |file: &str, dir: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_yibao"))
            .arg("run")
            .arg(root.join("scenarios").join(file))
            .arg("--out")
            .arg(dir)
            .output()
            .expect("yibao runs")
    };
    let o = run("national-adjustment-fund.ron", &out.join("fund"));
    assert_eq!(o.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("synthetic"), "{stderr}");
    assert!(!stderr.contains("not yet projected"), "{stderr}");
    let csv = std::fs::read_to_string(out.join("fund/projection.csv")).expect("projection.csv");
    assert!(
        csv.lines()
            .any(|l| l.starts_with("GD-01,subunit,resident,2030,"))
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("CN,nation,resident_adjustment,2030,"))
    );
    let frag = std::fs::read_to_string(out.join("fund/fragmentation.csv")).expect("fragmentation");
    assert_eq!(
        frag.lines().next(),
        Some("unit,fund,year,backstop,idle_surplus")
    );
    // 31 provinces and the nation, two funds, every year 2022–2060.
    assert_eq!(frag.lines().count(), 1 + 32 * 2 * 39);
    // The baseline writes the same three files (its units are the provinces), so that a run
    // never leaves an earlier scenario's fragmentation beside its own pair.
    let o = run("baseline.ron", &out.join("base"));
    assert_eq!(o.status.code(), Some(0));
    let base = std::fs::read_to_string(out.join("base/fragmentation.csv")).expect("written");
    assert_eq!(base.lines().count(), 1 + 32 * 2 * 39);
    let _ = std::fs::remove_dir_all(&out);
}

/// A provincial fund from 2025 with the two-part design's fields.
fn two_part(
    rate: f64,
    extra: f64,
    limit: Option<f64>,
    last_year: bool,
    excluded: &[&str],
) -> Scenario {
    let mut s = scenario(&[(2023, PoolingLevel::Prefecture)], &[]);
    s.pooling.adjustment = vec![AdjustmentStep {
        extra_rate: extra,
        growth_limit: limit,
        last_year_base: last_year,
        excluded: excluded.iter().map(|c| (*c).to_owned()).collect(),
        ..AdjustmentStep::new(2025, AdjustmentScope::Province, rate)
    }];
    s
}

#[test]
fn the_two_part_design_charges_the_extra_rate_to_fast_growers_only() {
    let d = data();
    let csv = |s: &Scenario| yibao::export::projection_csv(&project(&d, s).expect("calibrates"));
    // Every unit grows faster than −100 %: all pay α + extra, as a one-rate fund of the sum.
    assert_eq!(
        csv(&two_part(0.02, 0.01, Some(-1.0), false, &[])),
        csv(&two_part(0.03, 0.0, None, false, &[]))
    );
    // No unit grows faster than +100 %: nobody pays the extra rate.
    assert_eq!(
        csv(&two_part(0.02, 0.01, Some(1.0), false, &[])),
        csv(&two_part(0.02, 0.0, None, false, &[]))
    );
    // A limit that splits the units charges more than the base rate and less than both.
    let collected = |s: &Scenario| -> f64 {
        project(&d, s)
            .expect("calibrates")
            .series
            .iter()
            .filter(|x| x.fund == Fund::ResidentAdjustment)
            .flat_map(|x| x.rows.iter())
            .map(|r| r.transfers_in)
            .sum()
    };
    let low = collected(&two_part(0.02, 0.0, None, false, &[]));
    let mid = collected(&two_part(0.02, 0.01, Some(0.06), false, &[]));
    let high = collected(&two_part(0.03, 0.0, None, false, &[]));
    assert!(low < mid && mid < high, "{low} < {mid} < {high}");
}

#[test]
fn the_two_part_design_can_charge_last_years_income_and_exclude_a_unit() {
    let d = data();
    // A Guizhou unit the fund pays when nobody is excluded.
    let open = project(&d, &two_part(0.02, 0.0, None, true, &[])).expect("calibrates");
    let received = subunits_of(&open, "GZ", Fund::Resident)
        .into_iter()
        .find(|s| s.rows.iter().any(|r| r.transfers_in > 0.0))
        .map(|s| s.unit.clone())
        .expect("some Guizhou unit receives adjustment");
    let p =
        project(&d, &two_part(0.02, 0.0, None, true, &[received.as_str()])).expect("calibrates");
    check_identities(&p, "two-part");
    let fund = p.series("GZ", Fund::ResidentAdjustment).expect("GZ fund");
    let subs = subunits_of(&p, "GZ", Fund::Resident);
    for t in 1..fund.rows.len() {
        let year = fund.rows[t].year;
        if year < 2025 {
            continue;
        }
        // Collections are α of last year's contributions.
        let last: f64 = subs
            .iter()
            .map(|s| s.rows[t - 1].income_contributions)
            .sum();
        close(
            fund.rows[t].transfers_in,
            0.02 * last,
            1e-9,
            &format!("GZ {year}"),
        );
    }
    // The excluded unit pays in but never receives.
    let unit = subs
        .iter()
        .find(|s| s.unit == received)
        .expect("excluded unit");
    assert!(
        unit.rows.iter().all(|r| r.transfers_in == 0.0),
        "{received}"
    );
    assert!(
        unit.rows.iter().any(|r| r.transfers_out > 0.0),
        "{received}"
    );
}

#[test]
fn an_unknown_excluded_unit_is_an_error_with_its_place() {
    let src = "Scenario(format: 1, title: \"t\", pooling: (adjustment: [(from: 2025, scope: Province, rate: 0.02, extra_rate: 0.6, excluded: [\"XX-01\"])]))";
    let d = yibao::scenario::parse_str(src, "t.ron").unwrap_err();
    let msgs: Vec<&str> = d.iter().map(|x| x.message.as_str()).collect();
    assert!(
        msgs.contains(&"pooling.adjustment[0]: excluded unit \"XX-01\" is not a province code or CODE-NN (e.g. GZ-03)"),
        "{msgs:?}"
    );
    assert!(
        msgs.contains(&"pooling.adjustment[0]: extra_rate 0.6 is outside 0–0.5"),
        "{msgs:?}"
    );
    assert!(d.iter().all(|x| x.line == 1), "{d:?}");
}

fn row_with(contributions: f64, added: f64) -> yibao::model::output::YearRow {
    yibao::model::output::YearRow {
        income_contributions: contributions,
        contributions_added: added,
        ..Default::default()
    }
}

#[test]
fn the_collection_target_is_last_years_collection_grown_with_the_contribution_base() {
    use yibao::model::pooling::missed_target;
    let rows = |a: f64, b: f64| vec![row_with(90.0, 0.0), row_with(a, 0.0), row_with(b, 0.0)];
    // Year t = 3 looks at years 1 and 2: 100 → 104 misses a 5 % target, 100 → 105 meets it.
    assert!(missed_target(&rows(100.0, 104.0), 3, 0.05));
    assert!(!missed_target(&rows(100.0, 105.0), 3, 0.05));
    assert!(!missed_target(&rows(100.0, 96.0), 3, -0.05));
    // Contributions the balancing rule added are not collection.
    let mut r = rows(100.0, 110.0);
    r[2].contributions_added = 10.0;
    assert!(missed_target(&r, 3, 0.05));
    // Not before two years of history.
    assert!(!missed_target(&rows(100.0, 50.0), 1, 0.05));
}

#[test]
fn units_that_miss_their_collection_target_pay_the_extra_rate_and_others_do_not() {
    let d = data();
    // Provinces are the members (national fund, provincial pooling): each province's
    // transfers out are exactly its payment into the fund. Wages and incomes grow 5 % a year.
    let (alpha, extra, g) = (0.02, 0.01, 0.05);
    let mut s = scenario(&[(2023, PoolingLevel::Province)], &[]);
    s.pooling.adjustment = vec![AdjustmentStep {
        extra_rate: extra,
        last_year_base: true,
        missed_target: true,
        ..AdjustmentStep::new(2027, AdjustmentScope::National, alpha)
    }];
    let s = with_levers(
        s,
        &[
            ("economy.income_growth", &[(2023, g)]),
            ("economy.wage_growth", &[(2023, g)]),
        ],
    );
    let p = project(&d, &s).expect("calibrates");
    let own = |r: &yibao::model::output::YearRow| r.income_contributions - r.contributions_added;
    let (mut missed, mut met, mut dropped_and_missed) = (0, 0, 0);
    for fund in POOLED {
        for series in of(&p, Level::Province, fund) {
            let rows = &series.rows;
            for t in 2..rows.len() {
                if rows[t].year < 2027 {
                    continue;
                }
                let misses = own(&rows[t - 1]) < own(&rows[t - 2]) * (1.0 + g) * (1.0 - 1e-9);
                let rate = if misses { alpha + extra } else { alpha };
                let what = format!("{} {} {}", series.unit, fund.id(), rows[t].year);
                close(rows[t].transfers_out, rate * own(&rows[t - 1]), 1e-9, &what);
                if misses {
                    missed += 1;
                    // A unit whose members fell (at 5 % wage and income growth) is among them.
                    if rows[t - 1].participants < rows[t - 2].participants {
                        dropped_and_missed += 1;
                    }
                } else {
                    met += 1;
                }
            }
        }
    }
    // Both kinds occur, so the check above tests both rates.
    assert!(missed > 0 && met > 0, "missed {missed}, met {met}");
    assert!(dropped_and_missed > 0);
}
