//! The yearly projection (docs/model.md §4–6): per province, then the nation as their sum.

use super::calibrate::{
    Calibration, CalibrationError, ProvinceBase, Steps, calibrate_steps, calibration_steps, yi,
};
use super::data::{BANDS, Dataset, Tier};
use super::demography::{self, Cohorts, Coverage, Members};
use super::history::{self, History, ProvinceFactors, SharedHistory};
use super::keys::NATION_CODE;
use super::levers::Lever;
use super::output::{
    self, Fund, Funds, Inputs, Level, Projection, Series, YearRow, months_of_reserve,
};
use super::pooling;
use super::resolve::{Resolved, resolve, resolve_for};
use super::scenario::{Balancing, Pooling, Scenario};
use super::summary;
use super::warning::{self, Warning};
use rayon::prelude::*;
use std::ops::ControlFlow;
use std::sync::Arc;

/// Highest reimbursement rate the projection allows (the induced-demand term diverges at 1).
pub const MAX_REIMBURSEMENT: f64 = 0.99;

/// Projects a scenario: the base year and every year to the horizon, for the 31 provinces and
/// the nation. Deterministic: the same inputs give the same numbers. A calibration that fails
/// its guard rails (calibration step 12, docs/model.md §11: possible with user-supplied accounts
/// or base-year levers that leave no room) is an error naming the province and the step; there
/// is no projection then.
pub fn project(data: &Dataset, scenario: &Scenario) -> Result<Projection, CalibrationError> {
    let prepared = prepare(data, scenario)?;
    let (levers, rule) = (&prepared.levers, scenario.balancing);
    let (rows, notes) = province_rows(&prepared, levers, rule);
    let ranges = estimate_ranges(data, &prepared, rule, &rows)?;
    let series = finish_series(
        &prepared,
        levers,
        rule,
        true,
        &prepared.pooling,
        rows,
        notes,
    );
    let mut p = with_summaries(&prepared, levers, series);
    for s in &mut p.summaries {
        if s.level == Level::Province && s.fund == Fund::Resident {
            s.estimate = ranges.iter().find(|(u, _)| *u == s.unit).map(|(_, r)| *r);
        }
    }
    Ok(p)
}

/// The range of the depletion year of every estimated province's resident fund (no published
/// figure informs its margin, docs/model.md §3), by unit code: the scenario again with every
/// estimated margin moved down, then up, by the spread of the published provinces'
/// deviations. The provinces' funds are apart, so one run per direction serves all of them
/// (with an adjustment fund or national pooling the range is that of all estimates moving
/// together). `rows` are the provinces' own rows of the unshifted projection.
///
/// The shifted margins move only the resident fund of the provinces whose calibrated base
/// they change: a shifted run projects those provinces' resident funds alone. When the
/// provinces are their own pooling units, a province's series is its own rows, and its run
/// stops at the first depleted year (all the range reads); otherwise every other row is
/// taken from `rows` and the whole is pooled and summed like any projection
/// ([`shifted_series`]). The numbers are those of a full projection at the shifted margins (a
/// resident year reads no employee fund; `tests/speed.rs` and
/// `shifted_series_are_those_of_full_projections` hold them to it).
fn estimate_ranges(
    data: &Dataset,
    prepared: &Prepared,
    rule: Balancing,
    rows: &[[Vec<YearRow>; 3]],
) -> Result<Vec<(String, output::EstimateRange)>, CalibrationError> {
    let spread = prepared.cal.margin_spread;
    let estimated: Vec<usize> = (0..rows.len())
        .filter(|&p| prepared.cal.provinces[p].resident_estimate)
        .collect();
    if estimated.is_empty() || spread <= 0.0 {
        return Ok(Vec::new());
    }
    // The depletion year of each estimated province's resident fund at a shifted margin.
    let depletion = |offset: f64| -> Result<Vec<Option<i32>>, CalibrationError> {
        if prepared.pooling.is_empty() {
            // The provinces are their own pooling units: a province's resident series is its
            // own rows, and nothing else is read.
            let cal = calibrate_steps(data, &prepared.levers, &prepared.steps, offset)?;
            let year = |p: usize| {
                let fresh;
                let own = if cal.provinces[p] == prepared.cal.provinces[p] {
                    &rows[p][2]
                } else {
                    fresh = shifted_resident(&cal, prepared, rule, p, Until::Depleted);
                    &fresh
                };
                summary::depleted_at(own).map(|t| own[t].year)
            };
            Ok(if in_parallel() {
                estimated.par_iter().map(|&p| year(p)).collect()
            } else {
                estimated.iter().map(|&p| year(p)).collect()
            })
        } else {
            let q = shifted_series(data, prepared, rule, rows, offset)?;
            Ok(estimated
                .iter()
                .map(|&p| {
                    let unit = &prepared.codes[p];
                    q.series
                        .iter()
                        .find(|s| {
                            s.level == Level::Province
                                && s.fund == Fund::Resident
                                && s.unit == *unit
                        })
                        .and_then(summary::depletion_year)
                })
                .collect())
        }
    };
    let (low, high) = (depletion(-spread)?, depletion(spread)?);
    Ok(estimated
        .iter()
        .zip(low.into_iter().zip(high))
        .map(|(&p, (low, high))| {
            let range = output::EstimateRange { low, high, spread };
            (prepared.codes[p].clone(), range)
        })
        .collect())
}

/// Province `p`'s resident rows under the shifted calibration `cal`, up to `until`. The shift
/// moves the resident expenditure and what follows from it (the unit cost, the implied
/// opening balance's interest, the top-up), none of which a run's start or members read: the
/// run starts from `prepared`'s start and members (the unit test
/// `shifted_series_are_those_of_full_projections` compares with runs that compute both).
fn shifted_resident(
    cal: &Calibration,
    prepared: &Prepared,
    rule: Balancing,
    p: usize,
    until: Until,
) -> Vec<YearRow> {
    let levers = &prepared.levers;
    let mut run = ProvinceRun::bare(cal, levers, &prepared.growth, rule, &prepared.history, p);
    run.start = prepared.starts[p].clone();
    run.resident_rows(Some(&prepared.members[p]), until)
}

/// The series (without totals) of `prepared`'s scenario with the estimated provinces'
/// resident margins moved by `offset` ([`calibrate_with_offset`](super::calibrate::calibrate_with_offset)), from the unshifted rows
/// `rows` (see [`estimate_ranges`]).
fn shifted_series(
    data: &Dataset,
    prepared: &Prepared,
    rule: Balancing,
    rows: &[[Vec<YearRow>; 3]],
    offset: f64,
) -> Result<Projection, CalibrationError> {
    let levers = &prepared.levers;
    let cal = calibrate_steps(data, levers, &prepared.steps, offset)?;
    let mut shifted = rows.to_vec();
    let changed: Vec<usize> = (0..shifted.len())
        .filter(|&p| cal.provinces[p] != prepared.cal.provinces[p])
        .collect();
    let fresh: Vec<Vec<YearRow>> = if in_parallel() {
        changed
            .par_iter()
            .map(|&p| shifted_resident(&cal, prepared, rule, p, Until::Horizon))
            .collect()
    } else {
        changed
            .iter()
            .map(|&p| shifted_resident(&cal, prepared, rule, p, Until::Horizon))
            .collect()
    };
    for (p, r) in changed.into_iter().zip(fresh) {
        shifted[p][2] = r;
    }
    let pooling = &prepared.pooling;
    Ok(finish_series(
        prepared,
        levers,
        rule,
        false,
        pooling,
        shifted,
        Vec::new(),
    ))
}

/// The history factors (calibration step 11, docs/model.md §11) of `data` for a calibration: derived from a
/// current-law run through the last history year.
pub fn history_factors(data: &Dataset, cal: &Calibration) -> History {
    let b = data.base_year;
    if data.history_years().next().is_none() {
        return History::none(b);
    }
    let last = data
        .history_years()
        .map(|y| y.year)
        .max()
        .unwrap_or(b)
        .max(b + 1);
    let codes: Vec<&str> = data.provinces.iter().map(|p| p.code.as_str()).collect();
    let current_law = Scenario::default();
    let (levers, _) = resolve(&current_law, &codes, b, last);
    let growth = demography::growth_factors(&data.population, b, last);
    history::derive(data, |h| {
        (0..codes.len())
            .map(|p| {
                ProvinceRun::new(cal, &levers, &growth, current_law.balancing, h, p)
                    .run(None)
                    .0
            })
            .collect()
    })
}

/// The history factors of `data`, derived once from its current-law calibration and kept in the
/// data set's memo (calibration step 11, docs/model.md §11: the same factors in every scenario).
pub fn baseline_history(data: &Dataset) -> Result<SharedHistory, CalibrationError> {
    data.history_memo.get_or(data, || {
        let cal = super::calibrate::current_law(data)?;
        Ok(history_factors(data, &cal))
    })
}

/// What a projection needs besides the lever paths after the base year: the scenario's
/// resolved levers, the calibrated base state, the population growth factors and the
/// scenario's warnings. Projections that change only lever values after the base year (Monte
/// Carlo draws, sensitivity runs, goal seek) prepare once and call [`project_prepared`] with
/// their own lever table, skipping calibration.
pub struct Prepared {
    /// Province codes in data order.
    pub codes: Vec<String>,
    /// The scenario's levers as resolved.
    pub levers: Resolved,
    /// The calibrated 2022 base state (depends on base-year lever values only), shared with
    /// every projection made from it.
    pub cal: Arc<Calibration>,
    /// Population growth factors per year, sex and age band.
    pub growth: Vec<[[f64; BANDS]; 2]>,
    /// The history years' factors (calibration step 11, docs/model.md §11), the same for every scenario of the data.
    pub history: SharedHistory,
    /// The scenario's warnings (unknown keys, calibration notes, a clamped horizon).
    pub warnings: Vec<Warning>,
    /// The scenario's pooling levels and adjustment funds (docs/model.md §12).
    pub pooling: Pooling,
    /// Prefecture-level divisions per province (the synthetic sub-units' count K_p).
    pub prefectures: Vec<usize>,
    /// Each province run's start (base-year coverage by age, burden, cost-weight scales).
    starts: Vec<Start>,
    /// Each province's members by year under `levers`: projections whose retirement ages and
    /// formalisation equal these (Monte Carlo draws, most sensitivity, heatmap and goal-seek
    /// runs) reuse them instead of running the cohort model again.
    members: Vec<MemberPath>,
    /// Loaded real sub-units (`--subunits`), replacing the synthetic ones of their provinces.
    pub subunits: super::subunits::Subunits,
    /// The calibration's steps before the per-province assembly (what the estimate ranges'
    /// calibrations at shifted margins share with `cal`).
    steps: Arc<Steps>,
}

/// Resolves and calibrates a scenario (the first half of [`project`]).
pub fn prepare(data: &Dataset, scenario: &Scenario) -> Result<Prepared, CalibrationError> {
    prepare_with_offset(data, scenario, 0.0)
}

/// [`prepare`] with the estimated provinces' base-year resident margins moved by `offset`
/// ([`calibrate_with_offset`](super::calibrate::calibrate_with_offset)).
pub fn prepare_with_offset(
    data: &Dataset,
    scenario: &Scenario,
    offset: f64,
) -> Result<Prepared, CalibrationError> {
    let b = data.base_year;
    let (levers, mut warnings) = resolve_for(data, scenario);
    let horizon = b + levers.years as i32 - 1;
    let codes: Vec<&str> = data.provinces.iter().map(|p| p.code.as_str()).collect();
    let steps = calibration_steps(data, &levers);
    let cal = calibrate_steps(data, &levers, &steps, offset)?;
    warnings.extend(cal.warnings.iter().cloned().map(Warning::from));
    let history = baseline_history(data)?;
    warnings.extend(history.warnings.iter().cloned().map(Warning::from));
    if horizon != scenario.horizon {
        warnings.push(Warning::HorizonClamped {
            requested: scenario.horizon,
            used: horizon,
        });
    }
    let growth = demography::growth_factors(&data.population, b, horizon);
    let start = |p: usize| {
        let run = ProvinceRun::new(&cal, &levers, &growth, scenario.balancing, &history, p);
        let path = run.member_path();
        (run.start, path)
    };
    let (starts, members) = if in_parallel() {
        (0..codes.len()).into_par_iter().map(start).unzip()
    } else {
        (0..codes.len()).map(start).unzip()
    };
    Ok(Prepared {
        codes: codes.iter().map(|c| (*c).to_owned()).collect(),
        levers,
        cal: Arc::new(cal),
        growth,
        history,
        warnings,
        pooling: scenario.pooling.clone(),
        prefectures: data.provinces.iter().map(|p| p.prefectures).collect(),
        starts,
        members,
        subunits: data.subunits.clone(),
        steps: Arc::new(steps),
    })
}

/// The base-year rows `[pooled, accounts, resident]` of every province (the calibrated state
/// every projection starts from).
pub fn base_rows(prepared: &Prepared) -> Vec<[YearRow; 3]> {
    (0..prepared.codes.len())
        .map(|p| {
            ProvinceRun::new(
                &prepared.cal,
                &prepared.levers,
                &prepared.growth,
                Balancing::FiscalBackstop,
                &prepared.history,
                p,
            )
            .base_rows()
        })
        .collect()
}

/// Projects with a prepared base state and a lever table `levers` that must cover the same
/// years and provinces as `prepared.levers` and agree with it in the base year (the
/// calibration used it). Provinces run in parallel when there is more than one thread and
/// the caller is not itself on a rayon worker (a caller running many projections in parallel
/// already uses the cores).
pub fn project_prepared(prepared: &Prepared, levers: &Resolved, rule: Balancing) -> Projection {
    with_summaries(
        prepared,
        levers,
        project_series(prepared, levers, rule, true),
    )
}

/// A projection's series with their summaries, benefit gaps and fragmentation table.
fn with_summaries(prepared: &Prepared, levers: &Resolved, mut p: Projection) -> Projection {
    let codes: Vec<&str> = prepared.codes.iter().map(String::as_str).collect();
    let discount: Vec<Vec<f64>> = (0..codes.len())
        .map(|i| discount_factors(levers, i))
        .collect();
    p.summaries = summary::summaries(&p.series, &codes, &discount);
    p.gaps = summary::gaps(&p.series);
    p.fragmentation = summary::fragmentation(&p.series);
    p
}

/// [`project_prepared`] without the summaries, benefit gaps and fragmentation table (left
/// empty): the yearly series and the warnings only, and without the total series (`employee`,
/// `all`) unless `totals`. The series it keeps are the same numbers in the same order. For
/// analyses that read series alone (Monte Carlo draws, heatmap cells, sensitivity and
/// goal-seek runs).
pub fn project_series(
    prepared: &Prepared,
    levers: &Resolved,
    rule: Balancing,
    totals: bool,
) -> Projection {
    project_series_pooled(prepared, levers, rule, totals, &prepared.pooling)
}

/// [`project_series`] under a pooling section other than the prepared scenario's (the reform
/// decomposition's subsets, `decompose.rs`): the pooling layer is applied after the provinces'
/// own runs and does not enter the calibration, so a preparation serves every pooling section.
pub fn project_series_pooled(
    prepared: &Prepared,
    levers: &Resolved,
    rule: Balancing,
    totals: bool,
    pooling: &Pooling,
) -> Projection {
    let (rows, notes) = province_rows(prepared, levers, rule);
    finish_series(prepared, levers, rule, totals, pooling, rows, notes)
}

/// [`project_series_pooled`] under each of several pooling sections, the provinces' own runs
/// made once and shared (the pooling layer comes after them): the same numbers as one call per
/// section, in the order of `poolings`.
pub fn project_series_poolings(
    prepared: &Prepared,
    levers: &Resolved,
    rule: Balancing,
    totals: bool,
    poolings: &[&Pooling],
) -> Vec<Projection> {
    let (rows, notes) = province_rows(prepared, levers, rule);
    poolings
        .iter()
        .map(|pooling| {
            finish_series(
                prepared,
                levers,
                rule,
                totals,
                pooling,
                rows.clone(),
                notes.clone(),
            )
        })
        .collect()
}

/// The pooling layer, the provinces' series and the nation from the provinces' own rows.
fn finish_series(
    prepared: &Prepared,
    levers: &Resolved,
    rule: Balancing,
    totals: bool,
    pooling: &Pooling,
    mut rows: Vec<[Vec<YearRow>; 3]>,
    notes: Vec<Warning>,
) -> Projection {
    let b = levers.first_year;
    let mut warnings = prepared.warnings.clone();
    warnings.extend(notes);
    // Pooling levels and adjustment funds (docs/model.md §12): a scenario without a pooling section
    // keeps the provinces as its pooling units, untouched.
    let mut extra = Vec::new();
    if !pooling.is_empty() {
        let pooled = pooling::apply(
            pooling,
            &prepared.codes,
            &prepared.prefectures,
            &prepared.subunits,
            levers,
            rule,
            &mut rows,
        );
        warnings.extend(pooled.notes);
        extra.extend(pooled.subunits);
        extra.extend(pooled.adjustment);
    } else if !prepared.subunits.is_empty() {
        warnings.push(Warning::SubunitsUnused {
            file: prepared.subunits.file.clone(),
        });
    }
    // Each province's series (with its totals), in parallel like the runs themselves.
    let unit = |(p, rows): (usize, [Vec<YearRow>; 3])| {
        let mut out = Vec::with_capacity(5);
        push_unit(&mut out, &prepared.codes[p], Level::Province, rows, totals);
        out
    };
    let units: Vec<Vec<Series>> = if in_parallel() {
        rows.into_par_iter().enumerate().map(unit).collect()
    } else {
        rows.into_iter().enumerate().map(unit).collect()
    };
    let mut series = Vec::with_capacity((units.len() + 1) * 5 + extra.len());
    series.extend(units.into_iter().flatten());
    // The nation: the provinces' rows and, in the pooled funds, the national adjustment
    // fund's reserve (docs/model.md §7: a reserve is part of the total of its scope).
    let nation = Fund::MAIN.map(|fund| {
        let adjustment = match fund {
            Fund::EmployeePooled => Some(Fund::EmployeeAdjustment),
            Fund::Resident => Some(Fund::ResidentAdjustment),
            _ => None,
        };
        let parts: Vec<&[YearRow]> = series
            .iter()
            .filter(|s| s.fund == fund && s.level == Level::Province)
            .chain(
                extra
                    .iter()
                    .filter(|s| s.level == Level::Nation && Some(s.fund) == adjustment),
            )
            .map(|s| s.rows.as_slice())
            .collect();
        let mut rows = nation_rows(fund, &parts);
        if adjustment.is_some() {
            output::net_position(&mut rows);
        }
        rows
    });
    // The nation's totals from its funds (so with the adjustment reserve and the net
    // positions: not the sums of the provinces' totals in those two columns).
    push_unit(&mut series, NATION_CODE, Level::Nation, nation, totals);
    series.extend(extra);
    series.sort_by(|a, c| (a.level, &a.unit, a.fund.id()).cmp(&(c.level, &c.unit, c.fund.id())));
    warning::sort_dedup(&mut warnings);
    Projection {
        base_year: b,
        horizon: b + levers.years as i32 - 1,
        series,
        summaries: Vec::new(),
        gaps: Vec::new(),
        warnings,
        fragmentation: Vec::new(),
        inputs: Arc::new(Inputs {
            levers: levers.clone(),
            base: Some(Arc::clone(&prepared.cal)),
        }),
    }
}

/// Every province's rows `[pooled, accounts, resident]` in data order, and their notes.
fn province_rows(
    prepared: &Prepared,
    levers: &Resolved,
    rule: Balancing,
) -> (Vec<[Vec<YearRow>; 3]>, Vec<Warning>) {
    per_province(prepared, levers, rule, |run, members| run.run(members))
}

/// `f` on every province's run (with its prepared members when they apply), in data order.
/// Provinces are independent until the nation sums them: they run in parallel when there is
/// more than one thread (on one thread rayon's hand-off costs more than it saves). Both paths
/// keep the provinces' order, so the result is the same at any thread count.
fn per_province<T: Send>(
    prepared: &Prepared,
    levers: &Resolved,
    rule: Balancing,
    f: impl Fn(&ProvinceRun, Option<&MemberPath>) -> (T, Vec<Warning>) + Sync,
) -> (Vec<T>, Vec<Warning>) {
    let (cal, growth, history) = (&prepared.cal, &prepared.growth, &prepared.history);
    // The starts depend on base-year values only, which `levers` shares with the preparation.
    let run = |p: usize| {
        let mut run = ProvinceRun::bare(cal, levers, growth, rule, history, p);
        run.start = prepared.starts[p].clone();
        let same_members = MEMBER_LEVERS
            .iter()
            .all(|&l| levers.series(l, p) == prepared.levers.series(l, p));
        f(&run, same_members.then(|| &prepared.members[p]))
    };
    let n = prepared.codes.len();
    let runs: Vec<_> = if in_parallel() {
        (0..n).into_par_iter().map(run).collect()
    } else {
        (0..n).map(run).collect()
    };
    let mut out = Vec::with_capacity(n);
    let mut notes = Vec::new();
    for (r, w) in runs {
        out.push(r);
        notes.extend(w);
    }
    (out, notes)
}

/// Whether a projection's per-province work runs in parallel: when there is more than one
/// thread and the caller is not itself on a rayon worker (a caller running many projections in
/// parallel already uses the cores). Either way the results keep the provinces' order.
fn in_parallel() -> bool {
    rayon::current_num_threads() > 1 && rayon::current_thread_index().is_none()
}

/// A projection's key columns by unit ([`output::KeyColumns`]): the same numbers as
/// [`project_series`] for the provinces' three funds and the nation's, without building whole
/// rows. For runs over many units (a county-level data set: whole rows of 2,850 units to 2100
/// are 330 MB). `None` for a scenario with pooling levels or adjustment funds, which need whole
/// rows ([`project_series`]).
///
/// No command or screen calls it today, and it stays on purpose: the product's only runs over
/// many units are pooling scenarios (synthetic or loaded sub-units), whose adjustment funds and
/// settlement read whole rows, and every output it writes (`projection.csv`, the report, the
/// app's charts) shows whole rows. It is the measured path for a data set of county-sized
/// units (the 2,850-unit bench in `benches/projection.rs`, issue 12's ≤ 50 ms target), and a
/// test holds it to the rows' numbers so that it is ready when such a data set is loaded.
pub fn project_key_columns(
    prepared: &Prepared,
    levers: &Resolved,
    rule: Balancing,
) -> Option<output::KeyProjection> {
    if !prepared.pooling.is_empty() {
        return None;
    }
    let (units, notes) = per_province(prepared, levers, rule, |run, members| {
        let mut cols = Funds::from_fn(|_| output::KeyColumns::with_capacity(levers.years));
        let notes = run.run_into::<ALL_FUNDS>(members, |rows| {
            for ((_, c), r) in cols.iter_mut().zip(rows) {
                c.push(r);
            }
            ControlFlow::Continue(())
        });
        (cols, notes)
    });
    let mut warnings = prepared.warnings.clone();
    warnings.extend(notes);
    warning::sort_dedup(&mut warnings);
    let sum = |fund: fn(&Funds<output::KeyColumns>) -> &output::KeyColumns| {
        output::KeyColumns::sum(units.iter().map(fund))
    };
    let nation = Funds {
        employee_pooled: sum(|u| &u.employee_pooled).net_position(),
        // The accounts have no balancing measure (docs/model.md §7).
        employee_accounts: sum(|u| &u.employee_accounts),
        resident: sum(|u| &u.resident).net_position(),
    };
    Some(output::KeyProjection {
        codes: prepared.codes.clone(),
        units,
        nation,
        warnings,
    })
}

/// Pushes a unit's three fund series and, if `totals`, its two total series (`employee`, `all`).
fn push_unit(
    series: &mut Vec<Series>,
    unit: &str,
    level: Level,
    rows: [Vec<YearRow>; 3],
    totals: bool,
) {
    let [pooled, accounts, resident] = rows;
    let totals = totals
        .then(|| fund_totals(&pooled, &accounts, &resident))
        .into_iter()
        .flatten();
    for (fund, rows) in [
        (Fund::EmployeePooled, pooled),
        (Fund::EmployeeAccounts, accounts),
        (Fund::Resident, resident),
    ]
    .into_iter()
    .chain(totals)
    {
        series.push(Series {
            unit: unit.to_owned(),
            level,
            fund,
            rows,
        });
    }
}

/// Discount factors 1/Π(1+i) from the base year, per year, at the province's interest path.
fn discount_factors(levers: &Resolved, p: usize) -> Vec<f64> {
    let mut f = 1.0;
    levers
        .series(Lever::EconomyInterestRate, p)
        .iter()
        .enumerate()
        .map(|(t, i)| {
            if t > 0 {
                f /= 1.0 + i;
            }
            f
        })
        .collect()
}

/// The outcome of the balancing rule for one fund in one year.
#[derive(Clone, Copy, Debug, Default)]
struct Settled {
    /// The balance before the rule: last year's plus this year's income less scheduled.
    raw: f64,
    paid: f64,
    added: f64,
    backstop: f64,
    balance: f64,
}

/// Applies the balancing rule (docs/model.md §6) to a fund with opening balance `prev`, income
/// `income` and scheduled expenditure `scheduled`.
fn settle(rule: Balancing, prev: f64, income: f64, scheduled: f64) -> Settled {
    let raw = prev + income - scheduled;
    let mut s = Settled {
        raw,
        paid: scheduled,
        added: 0.0,
        backstop: 0.0,
        balance: raw,
    };
    if raw >= 0.0 {
        return s;
    }
    match rule {
        Balancing::FiscalBackstop => {
            s.backstop = -raw;
            s.balance = 0.0;
        }
        Balancing::Debt => {}
        Balancing::CutBenefits => {
            s.paid = (scheduled + raw).max(0.0);
            s.balance = prev + income - s.paid;
        }
        Balancing::RaiseContributions => {
            s.added = -raw;
            s.balance = 0.0;
        }
    }
    s
}

/// `x^y`, without calling `powf` when `x` is 1 (the power is then exactly 1): in most years the
/// reimbursement rate is the base year's and induced demand stays 1.
fn pow_or_one(x: f64, y: f64) -> f64 {
    if x == 1.0 { 1.0 } else { x.powf(y) }
}

/// Yuan per head from 亿元 and 万人 (the inverse of [`yi`]); 0 when there is nobody.
pub fn per_head(yi_amount: f64, wan: f64) -> f64 {
    if wan > 0.0 {
        yi_amount * 1e4 / wan
    } else {
        0.0
    }
}

/// Who a fund row counts: employee members (active, retired) or resident participants.
#[derive(Clone, Copy, Debug)]
struct Heads {
    active: Option<f64>,
    retired: Option<f64>,
    participants: f64,
    /// Who pays an added contribution (resident participants, employee actives).
    contributors: f64,
}

impl Heads {
    fn employees(active: f64, retired: f64) -> Self {
        Heads {
            active: Some(active),
            retired: Some(retired),
            participants: active + retired,
            contributors: active,
        }
    }

    fn residents(participants: f64) -> Self {
        Heads {
            active: None,
            retired: None,
            participants,
            contributors: participants,
        }
    }
}

/// A fund's income (before any balancing rule) and scheduled expenditure in one year.
#[derive(Clone, Copy, Debug, Default)]
struct Flows {
    contributions: f64,
    subsidy: f64,
    interest: f64,
    other: f64,
    scheduled: f64,
}

impl Flows {
    fn income(&self) -> f64 {
        self.contributions + self.subsidy + self.other + self.interest
    }
}

/// The one row builder of every fund: flows, the balancing rule's outcome and the scheduled
/// reimbursement rate (`None` for the accounts) give the year's row.
fn fund_row(year: i32, heads: Heads, f: Flows, s: Settled, rho: Option<f64>) -> YearRow {
    YearRow {
        year,
        active: heads.active,
        retired: heads.retired,
        participants: heads.participants,
        income_contributions: f.contributions + s.added,
        income_subsidy: f.subsidy,
        income_interest: f.interest,
        income_other: f.other,
        expenditure_scheduled: f.scheduled,
        expenditure_paid: s.paid,
        current_balance: f.income() + s.added - s.paid,
        balance: s.balance,
        own_money: s.raw,
        months_of_reserve: months_of_reserve(s.balance, s.paid),
        backstop: s.backstop,
        // The rate actually paid: cuts lower it in proportion to the spending cut.
        reimbursement_rate: rho.map(|r| {
            if f.scheduled > 0.0 {
                r * s.paid / f.scheduled
            } else {
                r
            }
        }),
        per_capita_expenditure_yuan: per_head(s.paid, heads.participants),
        contributions_added: s.added,
        added_contribution_per_head_yuan: per_head(s.added, heads.contributors),
        ..YearRow::default()
    }
}

/// Running indices of a province's projection: products of the yearly growth rates.
#[derive(Clone, Copy, Debug)]
struct Indices {
    /// C(t), medical cost per weighted head relative to the base year (employee scheme).
    cost: f64,
    /// C_R(t), the same for the resident scheme (its own growth path, by default g_m).
    cost_resident: f64,
    /// w_p(t), yuan.
    wage: f64,
    /// y_p(t), yuan.
    income: f64,
    /// τ_p(t), yuan.
    topup: f64,
}

/// What the employee pooled year hands to the accounts year.
#[derive(Clone, Copy, Debug)]
struct AccountFlows {
    /// (1 − φ)(I_PA* + K), 亿元.
    income: f64,
    /// Outpatient spending members would draw from accounts without reform, 亿元.
    need: f64,
    /// φ·ψ: the share of that need the pooled fund now pays.
    pooled_share: f64,
}

/// The year a stage projects: its index, calendar year and history factors.
#[derive(Clone, Copy, Debug)]
struct Year {
    t: usize,
    year: i32,
    hf: ProvinceFactors,
    /// Whether the year is a history year (its interest is held to the published income too).
    history: bool,
}

impl Year {
    /// The factor on a fund's interest: the fund's income factor in history years (every
    /// published income item alike), 1 in forecast years (interest is the rate lever times the
    /// balance).
    fn interest_factor(&self, income: fn(&Funds<f64>) -> f64) -> f64 {
        if self.history {
            income(&self.hf.income)
        } else {
            1.0
        }
    }
}

/// The funds a province run projects ([`ProvinceRun::run_into`]'s `ALL`): all three, or the
/// resident fund alone (the estimate ranges, whose shifted margins move only the resident
/// fund; the employee rows then stay at the base year's and are not read).
const ALL_FUNDS: bool = true;
const RESIDENT_ONLY: bool = false;

/// How far a resident-only run goes: to the horizon, or to the first projected year the fund
/// is depleted (all an estimate range reads of it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Until {
    Horizon,
    Depleted,
}

/// Conditions met while projecting, reported once per province.
#[derive(Clone, Copy, Debug, Default)]
struct Flags {
    clamped_rho: bool,
    empty_pool: bool,
}

/// One province's projection.
struct ProvinceRun<'a> {
    base: &'a ProvinceBase,
    quintile_ratio: [f64; 5],
    levers: &'a Resolved,
    growth: &'a [[[f64; BANDS]; 2]],
    rule: Balancing,
    /// History-year factors (calibration step 11, docs/model.md §11).
    history: &'a History,
    p: usize,
    /// What the run starts from.
    start: Start,
}

/// What a province's run starts from. It depends on the calibration and the base year's lever
/// values only, so [`prepare`] computes it once for every projection of a [`Prepared`].
#[derive(Clone, Debug, PartialEq)]
struct Start {
    /// β_q(B): the base-year premium burden per quintile.
    burden0: [f64; 5],
    /// The base year's adult premium per quintile, yuan.
    premium0: [f64; 5],
    /// e_p(x, B): base-year employee coverage by sex and single age, the part cohorts carry.
    coverage0: Coverage,
    /// The working-age coverage above the insured share, a profile of the ages
    /// ([`demography::base_coverage_split`]).
    excess: Coverage,
    /// N(B) ÷ Σ_x max(cov·P − E, 0)(B): residents per insured person of the ages that
    /// employees do not fill (1 where no age is over-filled).
    resident_scale: f64,
    /// Factors that carry the calibration's cost weights (employee, resident) over to the
    /// by-age members, so that the base year's unit costs apply unchanged (both are 1 up to the
    /// split of the age holding the retirement age).
    omega_scale: [f64; 2],
}

/// A province's members by year index (the base year's entry is unused), and whether the
/// employee members ever filled the insured (an empty resident pool).
#[derive(Clone, Debug, PartialEq)]
struct MemberPath {
    members: Vec<Members>,
    empty_pool: bool,
}

/// The levers a [`MemberPath`] depends on (besides the prepared base state).
const MEMBER_LEVERS: [Lever; 3] = [
    Lever::RetirementAgeMen,
    Lever::RetirementAgeWomen,
    Lever::EmployeeFormalisation,
];

impl<'a> ProvinceRun<'a> {
    /// A run whose [`Start`] is still to be set.
    fn bare(
        cal: &'a Calibration,
        levers: &'a Resolved,
        growth: &'a [[[f64; BANDS]; 2]],
        rule: Balancing,
        history: &'a History,
        p: usize,
    ) -> Self {
        ProvinceRun {
            base: &cal.provinces[p],
            quintile_ratio: cal.quintile_ratio,
            levers,
            growth,
            rule,
            history,
            p,
            start: Start {
                burden0: [0.0; 5],
                premium0: [0.0; 5],
                coverage0: [[0.0; demography::AGES]; 2],
                excess: [[0.0; demography::AGES]; 2],
                resident_scale: 1.0,
                omega_scale: [1.0; 2],
            },
        }
    }

    fn new(
        cal: &'a Calibration,
        levers: &'a Resolved,
        growth: &'a [[[f64; BANDS]; 2]],
        rule: Balancing,
        history: &'a History,
        p: usize,
    ) -> Self {
        let mut run = Self::bare(cal, levers, growth, rule, history, p);
        run.start = run.first_start();
        run
    }

    /// The run's [`Start`] from the calibration and the base year's lever values.
    fn first_start(&self) -> Start {
        let base = self.base;
        let y0 = base.income.value;
        let premium0 = self.premiums(0, y0);
        let burden0 = self.burden(&premium0, y0);
        let bands =
            demography::province_bands(base.population.value, &base.shares, &self.growth[0]);
        let retirement = self.retirement(0);
        let (coverage0, excess) = demography::base_coverage_split(
            &bands,
            retirement,
            base.active.value,
            base.retired.value,
            base.coverage.value,
        );
        let m0 = demography::members(&coverage0, &excess, &bands, retirement, base.coverage.value);
        let resident_scale = if m0.uncovered > 0.0 {
            m0.residents / m0.uncovered
        } else {
            1.0
        };
        let calibrated = base.active.value * base.pools.omega_active
            + base.retired.value * base.pools.omega_retired;
        let by_age = m0.active * m0.omega_active + m0.retired * m0.omega_retired;
        let ratio = |a: f64, b: f64| if a > 0.0 && b > 0.0 { a / b } else { 1.0 };
        Start {
            burden0,
            premium0,
            coverage0,
            excess,
            resident_scale,
            omega_scale: [
                ratio(calibrated, by_age),
                ratio(base.resident_mix.omega, m0.mix.omega),
            ],
        }
    }

    /// Retirement ages `[men, women]` in year index `t`.
    fn retirement(&self, t: usize) -> [f64; 2] {
        [
            self.lever(Lever::RetirementAgeMen, t),
            self.lever(Lever::RetirementAgeWomen, t),
        ]
    }

    fn lever(&self, l: Lever, t: usize) -> f64 {
        self.levers.at(l, self.p, t)
    }

    /// Adult premium per quintile in year index `t` for income `y`.
    fn premiums(&self, t: usize, y: f64) -> [f64; 5] {
        let theta = self.lever(Lever::ResidentIncomeRate, t);
        if theta > 0.0 {
            let floor = self.lever(Lever::ResidentIncomeFloor, t);
            let cap = self.lever(Lever::ResidentIncomeCap, t).max(floor);
            self.quintile_ratio
                .map(|m| (theta * y * m).clamp(floor, cap))
        } else {
            [self.lever(Lever::ResidentPremium, t); 5]
        }
    }

    fn burden(&self, prem: &[f64; 5], y: f64) -> [f64; 5] {
        let mut out = [0.0; 5];
        for q in 0..5 {
            out[q] = prem[q] / (y * self.quintile_ratio[q]);
        }
        out
    }

    /// The province's rows `[pooled, accounts, resident]` and notes; `members` is the run's
    /// [`MemberPath`] if already known.
    fn run(&self, members: Option<&MemberPath>) -> ([Vec<YearRow>; 3], Vec<Warning>) {
        let years = self.levers.years;
        let mut out: [Vec<YearRow>; 3] = std::array::from_fn(|_| Vec::with_capacity(years));
        let notes = self.run_into::<ALL_FUNDS>(members, |rows| {
            for (v, r) in out.iter_mut().zip(rows) {
                v.push(r.clone());
            }
            ControlFlow::Continue(())
        });
        (out, notes)
    }

    /// The resident fund's rows alone: the same numbers as the resident rows of
    /// [`Self::run`] (a resident year reads the resident fund's last row, the shared indices,
    /// the members and ρ_R, never the employee funds), up to `until`.
    fn resident_rows(&self, members: Option<&MemberPath>, until: Until) -> Vec<YearRow> {
        let mut out = Vec::with_capacity(self.levers.years);
        self.run_into::<RESIDENT_ONLY>(members, |rows| {
            out.push(rows[2].clone());
            let depleted = out.len() > 1 && summary::depleted(&rows[2]);
            if until == Until::Depleted && depleted {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        out
    }

    /// The projection year by year, base year first: `keep` receives each year's rows
    /// `[pooled, accounts, resident]` (a year needs only the year before, so nothing else is
    /// kept). Returns the province's notes.
    fn run_into<const ALL: bool>(
        &self,
        members: Option<&MemberPath>,
        mut keep: impl FnMut(&[YearRow; 3]) -> ControlFlow<()>,
    ) -> Vec<Warning> {
        let years = self.levers.years;
        let mut last = self.base_rows();
        let mut more = keep(&last).is_continue();
        let base = self.base;
        let mut ix = Indices {
            cost: 1.0,
            cost_resident: 1.0,
            wage: base.wage.value,
            income: base.income.value,
            topup: base.topup_per_head.value,
        };
        let computed;
        let path = match members {
            Some(path) => path,
            None => {
                computed = self.member_path();
                &computed
            }
        };
        let mut flags = Flags {
            empty_pool: path.empty_pool,
            ..Flags::default()
        };
        for t in 1..years {
            if !ALL && !more {
                break;
            }
            let year = self.levers.first_year + t as i32;
            self.advance(&mut ix, t);
            // History years (calibration step 11, docs/model.md §11): levels held to the published totals.
            let hf = self.history.at(self.p, year);
            let in_history = self.history.is_history(year);
            let m = path.members[t];
            let [rho_e, rho_r] = self.reimbursement(t, &mut flags);
            let y = Year {
                t,
                year,
                hf,
                history: in_history,
            };
            let resident = self.resident_year(&y, &ix, &m, rho_r, &last[2]);
            if ALL {
                let (pooled, flows) = self.employee_year(&y, &ix, &m, rho_e, &last[0]);
                let accounts = self.accounts_year(&y, &m, flows, last[1].balance);
                last = [pooled, accounts, resident];
            } else {
                last[2] = resident;
            }
            for r in &mut last {
                r.history = in_history;
            }
            more = keep(&last).is_continue();
        }
        let mut notes = Vec::new();
        if flags.clamped_rho {
            notes.push(Warning::ReimbursementClamped {
                province: base.code.clone(),
            });
        }
        if flags.empty_pool {
            notes.push(Warning::EmptyResidentPool {
                province: base.code.clone(),
            });
        }
        notes
    }

    /// Employee and resident members in every year (docs/model.md §4): the cohort model, with the
    /// history years' member factors (calibration step 11, docs/model.md §11) applied in history years and, from the
    /// last history year on, carried by the cohorts. Members depend on the population, the
    /// retirement ages and formalisation only, never on the funds' money.
    fn member_path(&self) -> MemberPath {
        let years = self.levers.years;
        let mut members = Vec::with_capacity(years);
        members.push(Members::default());
        let mut coverage = Cohorts::new(&self.start.coverage0, years);
        // The last history year's member factors, carried by the cohorts (see
        // [`Self::cohort_factors`]); none until then.
        let mut factors: Option<Cohorts> = None;
        let mut flags = Flags::default();
        for t in 1..years {
            let year = self.levers.first_year + t as i32;
            let hf = self.history.at(self.p, year);
            let mut m = self.members(t, &mut coverage, factors.as_mut(), &mut flags);
            m.residents *= hf.residents;
            m.active *= hf.active;
            m.retired *= hf.retired;
            if self.history.is_history(year) && year == self.history.last_year() {
                factors = Some(Cohorts::new(&self.cohort_factors(t, hf), years - t));
            }
            members.push(m);
        }
        MemberPath {
            members,
            empty_pool: flags.empty_pool,
        }
    }

    /// The base year's rows: the calibrated published state.
    fn base_rows(&self) -> [YearRow; 3] {
        let base = self.base;
        let b = self.levers.first_year;
        let (a0, r0, n0) = (base.active.value, base.retired.value, base.residents.value);
        let as_paid = |paid: f64, balance: f64| Settled {
            raw: balance,
            paid,
            balance,
            ..Settled::default()
        };
        let pooled = fund_row(
            b,
            Heads::employees(a0, r0),
            Flows {
                contributions: base.pooled_income.value - base.pooled_interest.value,
                interest: base.pooled_interest.value,
                scheduled: base.pooled_expenditure.value,
                ..Flows::default()
            },
            as_paid(base.pooled_expenditure.value, base.pooled_balance.value),
            Some(base.employee_reimbursement.value),
        );
        let accounts = fund_row(
            b,
            Heads::employees(a0, r0),
            Flows {
                contributions: base.account_income.value,
                scheduled: base.account_expenditure.value,
                ..Flows::default()
            },
            as_paid(base.account_expenditure.value, base.account_balance.value),
            None,
        );
        let subsidy0 = base.resident_subsidy.value;
        let central0 = self.central_share(0) * subsidy0;
        let resident = YearRow {
            subsidy_central: central0,
            subsidy_local: subsidy0 - central0,
            burden: Some(self.start.burden0),
            ..fund_row(
                b,
                Heads::residents(n0),
                Flows {
                    contributions: base.resident_premiums.value,
                    subsidy: subsidy0,
                    interest: base.resident_interest.value,
                    other: yi(base.topup_per_head.value, n0),
                    scheduled: base.resident_expenditure.value,
                },
                as_paid(base.resident_expenditure.value, base.resident_balance.value),
                Some(base.resident_reimbursement.value),
            )
        };
        let start = |r: YearRow| YearRow {
            balance_before_rule: r.balance,
            history: true,
            ..r
        };
        let accounts = YearRow {
            unmet_account_need: Some(0.0),
            ..accounts
        };
        [start(pooled), start(accounts), start(resident)]
    }

    /// Grows the running indices into year index `t`.
    fn advance(&self, ix: &mut Indices, t: usize) {
        let l = |lv: Lever| self.lever(lv, t);
        // Near-term anchor (docs/model.md §13): levers read in the base year.
        let year = self.levers.first_year + t as i32;
        let rule = history::NearTerm {
            window: self
                .lever(Lever::EconomyCostAnchorWindow, 0)
                .round()
                .max(1.0) as usize,
            fade: self.lever(Lever::EconomyCostAnchorFade, 0),
            keep_one_offs: self.lever(Lever::EconomyCostAnchorOneOffs, 0) >= 0.5,
        };
        let near = |scheme| self.history.cost_offset(scheme, year, &rule);
        ix.cost *= 1.0 + l(Lever::EconomyMedicalCostGrowth) + near(0);
        ix.cost_resident *= 1.0 + l(Lever::EconomyMedicalCostGrowthResident) + near(1);
        ix.wage *= 1.0 + l(Lever::EconomyWageGrowth);
        let g_y = l(Lever::EconomyIncomeGrowth);
        ix.income *= 1.0 + g_y;
        ix.topup *= 1.0 + g_y;
    }

    /// The last history year's employee member factors by age, for the cohorts to carry into
    /// the forecast years (docs/model.md §11): f_A at working ages, f_R at pension ages, split
    /// at the age holding the retirement age. A cohort keeps the factor of the group it was in,
    /// so that the first forecast year continues both actives and retirees from their published
    /// levels and a later retirement age still moves members without creating any.
    fn cohort_factors(&self, t: usize, hf: ProvinceFactors) -> Coverage {
        let retirement = self.retirement(t);
        let mut g = [[hf.active; demography::AGES]; 2];
        for (sex, ages) in g.iter_mut().enumerate() {
            for (x, v) in ages.iter_mut().enumerate().skip(demography::WORK_START) {
                let w = demography::work_share(x, retirement[sex]);
                *v = hf.active * w + hf.retired * (1.0 - w);
            }
        }
        g
    }

    /// Employee and resident members (docs/model.md §4): the cohort model moves `coverage` on
    /// by one year. In forecast years the cohorts' member `factors` move on with them and
    /// weight the employee members; residents come from the unweighted coverage (their own
    /// factor is applied by the caller).
    fn members(
        &self,
        t: usize,
        coverage: &mut Cohorts,
        factors: Option<&mut Cohorts>,
        flags: &mut Flags,
    ) -> Members {
        let base = self.base;
        let bands =
            demography::province_bands(base.population.value, &base.shares, &self.growth[t]);
        // The cohorts' member factors (forecast years) move on with them.
        let weights = factors.map(|g| {
            g.age_one_year();
            &*g
        });
        let mut m = demography::cohort_step(
            coverage,
            &self.start.excess,
            weights,
            &bands,
            self.retirement(t),
            self.lever(Lever::EmployeeFormalisation, t),
            base.coverage.value,
        );
        // Residents: the insured of the ages that employees do not fill, at the base year's
        // ratio (docs/model.md §3, "Residents").
        m.residents = self.start.resident_scale * m.uncovered;
        m.over_insured = m.residents <= 0.0;
        flags.empty_pool |= m.over_insured;
        m
    }

    /// Policy-scope reimbursement rates `[ρ_E, ρ_R]`, clamped to 0–[`MAX_REIMBURSEMENT`].
    fn reimbursement(&self, t: usize, flags: &mut Flags) -> [f64; 2] {
        let e = self.base.employee_reimbursement.value
            + self.lever(Lever::EmployeeReimbursementDelta, t);
        let r = self.base.resident_reimbursement.value
            + self.lever(Lever::ResidentReimbursementDelta, t);
        let rates = [e, r].map(|v| v.clamp(0.0, MAX_REIMBURSEMENT));
        flags.clamped_rho |= rates != [e, r];
        rates
    }

    /// Induced demand D = ((1 − ρ)/(1 − ρ_B))^(−η) (docs/model.md §5).
    fn demand(&self, t: usize, rho: f64, rho0: f64) -> f64 {
        let eta = self.lever(Lever::CostsInducedDemandElasticity, t);
        pow_or_one((1.0 - rho) / (1.0 - rho0), -eta)
    }

    /// Resident participants after the enrolment response (§6), their premiums (亿元) and the
    /// burden per quintile.
    fn enrolment(&self, t: usize, ix: &Indices, m: &Members) -> (f64, f64, [f64; 5]) {
        let prem = self.premiums(t, ix.income);
        let burden = self.burden(&prem, ix.income);
        let eps = self.lever(Lever::ResidentEnrolmentElasticity, t);
        let assisted = self.lever(Lever::ResidentAssistedShare, t);
        let child = self.lever(Lever::ResidentChildFactor, t);
        let upper = 1.0 / self.base.coverage.value;
        let cs = m.mix.child_share;
        let (mut participants, mut premium_yi) = (0.0, 0.0);
        // β_q(t)/β_q(B) = (P_q(t)/P_q(B))·(y(B)/y(t)): the quintile's income ratio cancels, so
        // under a flat premium every quintile has the same ratio and the power is taken once.
        let income_ratio = self.base.income.value / ix.income;
        let mut last: Option<(f64, f64)> = None;
        for q in 0..5 {
            let ratio = if self.start.burden0[q] > 0.0 && burden[q] > 0.0 {
                let x = prem[q] / self.start.premium0[q] * income_ratio;
                let y = match last {
                    Some((lx, ly)) if lx == x => ly,
                    _ => pow_or_one(x, eps),
                };
                last = Some((x, y));
                y.clamp(0.5, upper)
            } else {
                1.0
            };
            let nq = m.residents / 5.0 * (assisted + (1.0 - assisted) * ratio);
            participants += nq;
            premium_yi += yi(prem[q] * (1.0 - cs + child * cs), nq);
        }
        (participants, premium_yi, burden)
    }

    /// The resident fund's year (docs/model.md §5–6).
    fn resident_year(
        &self,
        y: &Year,
        ix: &Indices,
        m: &Members,
        rho: f64,
        prev: &YearRow,
    ) -> YearRow {
        let (t, year) = (y.t, y.year);
        let k = y.hf.income.resident;
        let l = |lv: Lever| self.lever(lv, t);
        let (participants, premiums, burden) = self.enrolment(t, ix, m);
        let premiums = premiums * k;
        let subsidy = yi(l(Lever::ResidentSubsidy), participants) * k;
        let central = self.central_share(t) * subsidy;
        let delta = l(Lever::ResidentMarginalCostRatio);
        let selection = if participants > 0.0 {
            (m.residents - delta * (m.residents - participants)) / participants
        } else {
            1.0
        };
        let rho0 = self.base.resident_reimbursement.value;
        let flows = Flows {
            contributions: premiums,
            subsidy,
            interest: self.interest(t, prev.balance) * y.interest_factor(|f| f.resident),
            // A negative top-up (a province that collects less than the national standard)
            // falls short of what premiums and subsidy bring in, never below it: income from
            // people and budgets is not negative (docs/model.md §8).
            other: (yi(ix.topup, participants) * k).max(-(premiums + subsidy)),
            scheduled: y.hf.expenditure.resident
                * self.base.resident_unit_cost
                * ix.cost_resident
                * rho
                * self.demand(t, rho, rho0)
                * participants
                * m.mix.omega
                * self.start.omega_scale[1]
                * selection
                * (1.0 - l(Lever::EconomySavings)),
        };
        let s = settle(self.rule, prev.balance, flows.income(), flows.scheduled);
        YearRow {
            subsidy_central: central,
            subsidy_local: subsidy - central,
            burden: Some(burden),
            balance_before_rule: self.before_rule(
                t,
                y.interest_factor(|f| f.resident),
                prev,
                &flows,
            ),
            ..fund_row(year, Heads::residents(participants), flows, s, Some(rho))
        }
    }

    /// The employee pooled fund's year (docs/model.md §5), and the flows the accounts receive.
    fn employee_year(
        &self,
        y: &Year,
        ix: &Indices,
        m: &Members,
        rho: f64,
        prev: &YearRow,
    ) -> (YearRow, AccountFlows) {
        let (t, year) = (y.t, y.year);
        let k = y.hf.income.employee_pooled;
        let base = self.base;
        let l = |lv: Lever| self.lever(lv, t);
        let (active, retired) = (m.active, m.retired);
        let pension = l(Lever::EmployeeAveragePension);
        let phi = l(Lever::EmployeeAbolishPa);
        let psi = l(Lever::EmployeePaOutpatientShare);
        let payroll = yi(ix.wage, active);
        let to_accounts = base.individual_rate.value * payroll;
        let credit = yi(l(Lever::EmployeeRetireeAccountCredit) * pension, retired);
        // History factors: the pool's own contributions at the pool's, money that belongs to
        // the accounts (worker contributions, the retiree credit) at the accounts', so that
        // abolishing accounts moves it one for one.
        let own = (base.employer_rate.value + l(Lever::EmployeeEmployerRateDelta)) * payroll
            + yi(l(Lever::EmployeeRetireeRate) * pension, retired);
        let contributions =
            own * k + (phi * to_accounts - (1.0 - phi) * credit) * y.hf.income.employee_accounts;
        let need = yi(base.account_spending_per_member * ix.cost, active + retired)
            * y.hf.expenditure.employee_accounts;
        let rho0 = base.employee_reimbursement.value;
        let flows = Flows {
            contributions,
            interest: self.interest(t, prev.balance) * y.interest_factor(|f| f.employee_pooled),
            scheduled: y.hf.expenditure.employee_pooled
                * base.employee_unit_cost
                * ix.cost
                * rho
                * self.demand(t, rho, rho0)
                * (active * m.omega_active + retired * m.omega_retired)
                * self.start.omega_scale[0]
                * (1.0 - l(Lever::EconomySavings))
                + phi * psi * need,
            ..Flows::default()
        };
        let s = settle(self.rule, prev.balance, flows.income(), flows.scheduled);
        let row = YearRow {
            balance_before_rule: self.before_rule(
                t,
                y.interest_factor(|f| f.employee_pooled),
                prev,
                &flows,
            ),
            ..fund_row(year, Heads::employees(active, retired), flows, s, Some(rho))
        };
        let accounts = AccountFlows {
            income: (1.0 - phi) * (to_accounts + credit) * y.hf.income.employee_accounts,
            need,
            pooled_share: phi * psi,
        };
        (row, accounts)
    }

    /// The personal accounts' year: members draw what the pool does not now pay, while
    /// balances last.
    fn accounts_year(&self, y: &Year, m: &Members, f: AccountFlows, prev: f64) -> YearRow {
        let year = y.year;
        let scheduled = f.need * (1.0 - f.pooled_share);
        let paid = scheduled.min(prev + f.income).max(0.0);
        let s = Settled {
            raw: prev + f.income - paid,
            paid,
            balance: prev + f.income - paid,
            ..Settled::default()
        };
        let flows = Flows {
            contributions: f.income,
            scheduled,
            ..Flows::default()
        };
        let row = fund_row(year, Heads::employees(m.active, m.retired), flows, s, None);
        YearRow {
            balance_before_rule: row.balance,
            // What members would have drawn from accounts, less what the accounts and the
            // pooled outpatient benefit pay.
            unmet_account_need: Some((f.need - paid - f.need * f.pooled_share).max(0.0)),
            ..row
        }
    }

    /// Interest on the previous balance: the interest rate on a positive balance, the debt
    /// rate on a negative one (reachable only under `Debt`, docs/model.md §6).
    fn interest(&self, t: usize, prev: f64) -> f64 {
        if prev >= 0.0 {
            self.lever(Lever::EconomyInterestRate, t) * prev
        } else {
            self.lever(Lever::EconomyDebtRate, t) * prev
        }
    }

    /// The balance before balancing measures (what `Debt` shows): last year's, plus this
    /// year's income with interest on it instead of on the balance, less the scheduled
    /// spending.
    fn before_rule(&self, t: usize, k: f64, prev: &YearRow, f: &Flows) -> f64 {
        let interest = self.interest(t, prev.balance_before_rule) * k;
        prev.balance_before_rule + (f.income() - f.interest + interest) - f.scheduled
    }

    /// The central budget's share of the resident subsidy for the province's tier.
    fn central_share(&self, t: usize) -> f64 {
        let lever = match self.base.tier {
            Tier::East => Lever::FiscalCentralShareEast,
            Tier::Central => Lever::FiscalCentralShareCentral,
            Tier::West => Lever::FiscalCentralShareWest,
        };
        self.lever(lever, t)
    }
}

/// A unit's total rows (`employee`: pooled + accounts; `all`: every fund): money columns are
/// sums of the fund rows; members are counted once (the employee members, plus the resident
/// participants in `all`); months of reserve and reimbursement rates stay empty, since the funds
/// cannot pay for one another.
fn fund_totals(
    pooled: &[YearRow],
    accounts: &[YearRow],
    resident: &[YearRow],
) -> [(Fund, Vec<YearRow>); 2] {
    let heads = |rows: &mut [YearRow], with_residents: bool| {
        for (t, r) in rows.iter_mut().enumerate() {
            let (p, res) = (&pooled[t], &resident[t]);
            r.active = p.active;
            r.retired = p.retired;
            r.participants = p.participants;
            r.contributions_added = p.contributions_added;
            if with_residents {
                r.participants += res.participants;
                r.contributions_added += res.contributions_added;
                r.subsidy_central = res.subsidy_central;
                r.subsidy_local = res.subsidy_local;
            }
            r.per_capita_expenditure_yuan = per_head(r.expenditure_paid, r.participants);
        }
    };
    let mut employee = output::sum_rows(&[pooled, accounts]);
    heads(&mut employee, false);
    // (pooled + accounts) + resident: the same additions in the same order as over the three.
    let mut all = output::sum_rows(&[&employee, resident]);
    heads(&mut all, true);
    [(Fund::Employee, employee), (Fund::All, all)]
}

/// A year's sums for the nation's rates: reimbursement weighted by scheduled spending and
/// burden by participants, and the unweighted sums for years where every part has zero weight
/// (an emptied pool).
#[derive(Clone, Copy, Debug, Default)]
struct RateSums {
    rho_w: f64,
    burden_w: [f64; 5],
    has_rho: bool,
    has_burden: bool,
    rho_sum: f64,
    rho_n: f64,
    burden_sum: [f64; 5],
    burden_n: f64,
}

/// The nation's rows of a fund: sums of the provinces' rows, with ratios recomputed from the
/// sums (none for the totals, as in their provincial rows).
fn nation_rows(fund: Fund, parts: &[&[YearRow]]) -> Vec<YearRow> {
    let mut rows = output::sum_rows(parts);
    let mut acc = vec![RateSums::default(); rows.len()];
    // Part by part, so that each part's rows are read in order (a year's sums still add the
    // parts in the order given).
    for part in parts {
        for ((r, a), x) in rows.iter_mut().zip(&mut acc).zip(part.iter()) {
            r.subsidy_central += x.subsidy_central;
            r.subsidy_local += x.subsidy_local;
            r.contributions_added += x.contributions_added;
            if let Some(rho) = x.reimbursement_rate {
                a.rho_w += rho * x.expenditure_scheduled;
                a.rho_sum += rho;
                a.rho_n += 1.0;
                a.has_rho = true;
            }
            if let Some(bq) = x.burden {
                for q in 0..5 {
                    a.burden_w[q] += bq[q] * x.participants;
                    a.burden_sum[q] += bq[q];
                }
                a.burden_n += 1.0;
                a.has_burden = true;
            }
        }
    }
    for (r, a) in rows.iter_mut().zip(&acc) {
        let RateSums {
            rho_w,
            burden_w,
            has_rho,
            has_burden,
            rho_sum,
            rho_n,
            burden_sum,
            burden_n,
        } = *a;
        if !fund.is_total() {
            r.months_of_reserve = months_of_reserve(r.balance, r.expenditure_paid);
        }
        // The nation fills a rate whenever its parts do: weighted by scheduled spending, or
        // the plain mean when no part spends (docs/model.md, "Totals").
        if has_rho {
            r.reimbursement_rate = Some(if r.expenditure_scheduled > 0.0 {
                rho_w / r.expenditure_scheduled
            } else {
                rho_sum / rho_n
            });
        }
        // Added contributions are per active member in the employee funds.
        let heads = r.active.unwrap_or(r.participants);
        r.added_contribution_per_head_yuan = per_head(r.contributions_added, heads);
        r.per_capita_expenditure_yuan = per_head(r.expenditure_paid, r.participants);
        if has_burden {
            r.burden = Some(if r.participants > 0.0 {
                burden_w.map(|v| v / r.participants)
            } else {
                burden_sum.map(|v| v / burden_n)
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shifted runs of the estimate ranges take the unshifted rows of every fund their
    /// offset does not move: their series must be, bit for bit, those of a full projection
    /// at the shifted margins, in every shipped scenario (pooling and adjustment funds
    /// included) and in both directions.
    #[test]
    fn shifted_series_are_those_of_full_projections() {
        let data = Dataset::embedded().expect("embedded data parses");
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).expect("scenarios folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|e| e != "ron") {
                continue;
            }
            let scenario = crate::scenario::load(&path)
                .expect("shipped scenario")
                .scenario;
            let prepared = prepare(&data, &scenario).expect("calibrates");
            let rule = scenario.balancing;
            let (rows, _) = province_rows(&prepared, &prepared.levers, rule);
            let spread = prepared.cal.margin_spread;
            assert!(spread > 0.0, "{path:?}: no spread");
            for offset in [-spread, spread] {
                let quick = shifted_series(&data, &prepared, rule, &rows, offset).expect("shifts");
                let full = prepare_with_offset(&data, &scenario, offset).expect("calibrates");
                // The shifted runs take the unshifted starts and members.
                for (i, (s, m)) in full.starts.iter().zip(&full.members).enumerate() {
                    assert_eq!(s, &prepared.starts[i], "{path:?} {offset}: start of {i}");
                    assert_eq!(m, &prepared.members[i], "{path:?} {offset}: members of {i}");
                }
                let full = project_series(&full, &full.levers, rule, false);
                assert_eq!(quick.series.len(), full.series.len(), "{path:?}");
                for (q, f) in quick.series.iter().zip(&full.series) {
                    assert_eq!(q, f, "{path:?} {offset}: {} {:?}", q.unit, q.fund);
                }
                // The offset moved something: the test compares runs that differ.
                let moved = |s: &&Series| s.fund == Fund::Resident && s.level == Level::Province;
                let unshifted = project_series(&prepared, &prepared.levers, rule, false);
                assert!(
                    unshifted
                        .series
                        .iter()
                        .filter(moved)
                        .ne(quick.series.iter().filter(moved)),
                    "{path:?} {offset}: the shift moved no resident fund"
                );
                checked += 1;
            }
        }
        assert!(checked >= 2, "no shipped scenario was checked");
    }
}
