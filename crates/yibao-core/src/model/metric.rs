//! Metrics of a projection for one unit and fund, and goal-seek targets on them (issue 12).
//!
//! Grammar (spaces optional around operators):
//!
//! ```text
//! metric := [FUND "."] NAME ["@" YEAR]
//! NAME   := months        months of reserve in YEAR (default: the horizon)
//!         | min_months    lowest months of reserve over the projected years to YEAR
//!         | depletion     first year the balance before balancing measures is negative
//!                         (never depleted counts as +∞; no YEAR)
//!         | backstop      cumulative nominal backstop over the projected years to YEAR
//!         | balance       balance (累计结存) at the end of YEAR
//! target := metric OP NUMBER [" until " YEAR]
//! OP     := ">=" | "<=" | ">" | "<" | "=="
//! ```
//!
//! `months OP x until YEAR` means the lowest months of reserve to YEAR (every year meets it);
//! `backstop OP x until YEAR` the backstop summed to YEAR. FUND is a fund id
//! (`employee_pooled`, `employee_accounts`, `resident`); without it the caller's default fund
//! applies. `==` holds within 1e-6 × max(1, |NUMBER|).

use super::output::{Fund, Projection};

/// What is measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Measure {
    /// Months of reserve in a year.
    Months(i32),
    /// Lowest months of reserve over the projected years up to a year.
    MinMonths(i32),
    /// Depletion year (+∞ when never depleted).
    Depletion,
    /// Cumulative nominal backstop up to a year.
    Backstop(i32),
    /// Balance at the end of a year.
    Balance(i32),
}

/// A metric of one fund (the unit is chosen by the caller).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metric {
    /// The fund, when the expression names one.
    pub fund: Option<Fund>,
    /// The measure.
    pub measure: Measure,
}

/// A comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// ≥
    Ge,
    /// ≤
    Le,
    /// >
    Gt,
    /// <
    Lt,
    /// = (within tolerance)
    Eq,
}

impl Op {
    fn symbol(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Lt => "<",
            Op::Eq => "==",
        }
    }
}

/// A goal-seek target: metric OP value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    /// The metric.
    pub metric: Metric,
    /// The comparison.
    pub op: Op,
    /// The value compared with.
    pub value: f64,
}

fn parse_year(s: &str, what: &str) -> Result<i32, String> {
    s.trim()
        .parse::<i32>()
        .map_err(|_| format!("`{s}` in {what} is not a year"))
}

/// Parses a metric; `horizon` is the year used when none is given.
pub fn parse_metric(src: &str, horizon: i32) -> Result<Metric, String> {
    let src = src.trim();
    let (head, year) = match src.split_once('@') {
        Some((h, y)) => (h.trim(), Some(parse_year(y, &format!("metric `{src}`"))?)),
        None => (src, None),
    };
    let (fund, name) = match head.rsplit_once('.') {
        Some((f, n)) => (
            Some(Fund::from_id(f).filter(|f| Fund::MAIN.contains(f)).ok_or_else(|| {
                format!(
                    "unknown fund `{f}` in metric `{src}`; use employee_pooled, employee_accounts or resident"
                )
            })?),
            n,
        ),
        None => (None, head),
    };
    let y = year.unwrap_or(horizon);
    let measure = match name {
        "months" => Measure::Months(y),
        "min_months" => Measure::MinMonths(y),
        "depletion" if year.is_none() => Measure::Depletion,
        "depletion" => return Err(format!("metric `{src}`: depletion takes no year")),
        "backstop" => Measure::Backstop(y),
        "balance" => Measure::Balance(y),
        _ => {
            return Err(format!(
                "unknown metric `{name}` in `{src}`; use months, min_months, depletion, backstop or balance"
            ));
        }
    };
    Ok(Metric { fund, measure })
}

/// Parses a target such as `resident.months>=6 until 2035`.
pub fn parse_target(src: &str, horizon: i32) -> Result<Target, String> {
    let (expr, until) = match src.split_once(" until ") {
        Some((e, y)) => (e.trim(), Some(parse_year(y, &format!("target `{src}`"))?)),
        None => (src.trim(), None),
    };
    let ops = [
        (">=", Op::Ge),
        ("<=", Op::Le),
        ("==", Op::Eq),
        (">", Op::Gt),
        ("<", Op::Lt),
    ];
    let Some((pos, sym, op)) = ops
        .iter()
        .filter_map(|(s, o)| expr.find(s).map(|p| (p, *s, *o)))
        .min_by_key(|(p, s, _)| (*p, usize::MAX - s.len()))
    else {
        return Err(format!(
            "target `{src}` has no comparison; write e.g. `resident.months>=6 until 2035`"
        ));
    };
    let left = &expr[..pos];
    let right = expr[pos + sym.len()..].trim();
    let value: f64 = right
        .parse()
        .map_err(|_| format!("`{right}` in target `{src}` is not a number"))?;
    if !value.is_finite() {
        return Err(format!(
            "`{right}` in target `{src}` is not a finite number"
        ));
    }
    if until.is_some() && left.contains('@') {
        return Err(format!(
            "target `{src}` gives a year twice: write `@YEAR` (in that year) or `until YEAR` (every year to it)"
        ));
    }
    let mut metric = parse_metric(left, until.unwrap_or(horizon))?;
    if let Some(y) = until {
        metric.measure = match metric.measure {
            Measure::Months(_) | Measure::MinMonths(_) => Measure::MinMonths(y),
            Measure::Backstop(_) => Measure::Backstop(y),
            _ => {
                return Err(format!(
                    "target `{src}`: `until` applies to months and backstop only"
                ));
            }
        };
    }
    Ok(Target { metric, op, value })
}

impl Metric {
    /// The year the metric looks at (the last year it reads), if it names one.
    pub fn year(&self) -> Option<i32> {
        match self.measure {
            Measure::Months(y)
            | Measure::MinMonths(y)
            | Measure::Backstop(y)
            | Measure::Balance(y) => Some(y),
            Measure::Depletion => None,
        }
    }

    /// Whether changes made from `from` on can move the metric of a run projected from
    /// `base` to `horizon`: `from` must be a projected year and the metric's year no earlier
    /// than `from`. The error says which.
    pub fn check_window(&self, base: i32, horizon: i32, from: i32) -> Result<(), String> {
        if from <= base || from > horizon {
            return Err(format!(
                "start year {from} is outside {}–{horizon}",
                base + 1
            ));
        }
        match self.year() {
            Some(y) if y < from => Err(format!(
                "{} looks at {y}, before the changes start in {from}: it cannot move; choose a year from {from} on",
                self.describe()
            )),
            _ => Ok(()),
        }
    }

    /// The metric of `unit`'s fund (`self.fund`, else `fund`) in a projection, over all
    /// projected years (see [`Metric::eval_from`]).
    pub fn eval(&self, p: &Projection, unit: &str, fund: Fund) -> Result<f64, String> {
        self.eval_from(p, unit, fund, p.base_year + 1)
    }

    /// The metric when changes start in `from`: the lowest months and the summed backstop
    /// count the years from `from` to the metric's year, the years a change can move (the
    /// years before are the same whatever is solved for); the other measures do not depend on
    /// it.
    pub fn eval_from(
        &self,
        p: &Projection,
        unit: &str,
        fund: Fund,
        from: i32,
    ) -> Result<f64, String> {
        let fund = self.fund.unwrap_or(fund);
        let s = p
            .series(unit, fund)
            .ok_or_else(|| format!("no unit `{unit}` with fund `{}`", fund.id()))?;
        let check = |y: i32| {
            if y <= p.base_year || y > p.horizon {
                Err(format!(
                    "year {y} is outside the projected years {}–{}",
                    p.base_year + 1,
                    p.horizon
                ))
            } else {
                Ok(())
            }
        };
        let projected = || s.rows.iter().skip(1);
        let open = move |r: &&crate::model::YearRow| r.year >= from;
        Ok(match self.measure {
            Measure::Months(y) => {
                check(y)?;
                s.row(y)
                    .and_then(|r| r.months_of_reserve)
                    .unwrap_or(f64::NAN)
            }
            Measure::MinMonths(y) => {
                check(y)?;
                projected()
                    .filter(open)
                    .filter(|r| r.year <= y)
                    .filter_map(|r| r.months_of_reserve)
                    .fold(f64::INFINITY, f64::min)
            }
            Measure::Depletion => super::summary::depletion_index(s)
                .map_or(f64::INFINITY, |t| f64::from(s.rows[t].year)),
            Measure::Backstop(y) => {
                check(y)?;
                projected()
                    .filter(open)
                    .filter(|r| r.year <= y)
                    .map(|r| r.backstop)
                    .sum()
            }
            Measure::Balance(y) => {
                check(y)?;
                s.row(y).map_or(f64::NAN, |r| r.balance)
            }
        })
    }

    /// The metric written back in the grammar.
    pub fn describe(&self) -> String {
        let fund = self.fund.map_or(String::new(), |f| format!("{}.", f.id()));
        let m = match self.measure {
            Measure::Months(y) => format!("months@{y}"),
            Measure::MinMonths(y) => format!("min_months@{y}"),
            Measure::Depletion => "depletion".to_owned(),
            Measure::Backstop(y) => format!("backstop@{y}"),
            Measure::Balance(y) => format!("balance@{y}"),
        };
        format!("{fund}{m}")
    }
}

impl Target {
    /// Whether a metric value meets the target (NaN never does).
    pub fn met_by(&self, x: f64) -> bool {
        let v = self.value;
        match self.op {
            Op::Ge => x >= v,
            Op::Le => x <= v,
            Op::Gt => x > v,
            Op::Lt => x < v,
            Op::Eq => (x - v).abs() <= 1e-6 * v.abs().max(1.0),
        }
    }

    /// The target written back in the grammar.
    pub fn describe(&self) -> String {
        format!(
            "{}{}{}",
            self.metric.describe(),
            self.op.symbol(),
            self.value
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_issue_examples() {
        let t = parse_target("resident.months>=6 until 2035", 2060).unwrap();
        assert_eq!(t.metric.fund, Some(Fund::Resident));
        assert_eq!(t.metric.measure, Measure::MinMonths(2035));
        assert_eq!((t.op, t.value), (Op::Ge, 6.0));
        let t = parse_target("employee_pooled.depletion>=2050", 2060).unwrap();
        assert_eq!(t.metric.measure, Measure::Depletion);
        assert_eq!(t.metric.fund, Some(Fund::EmployeePooled));
        let t = parse_target("backstop==0", 2060).unwrap();
        assert_eq!(
            (t.metric.fund, t.metric.measure, t.op),
            (None, Measure::Backstop(2060), Op::Eq)
        );
        let t = parse_target("months@2040 > 3", 2060).unwrap();
        assert_eq!((t.metric.measure, t.op), (Measure::Months(2040), Op::Gt));
    }

    #[test]
    fn rejects_bad_targets_with_a_reason() {
        for (src, needle) in [
            ("resident.months 6", "no comparison"),
            ("foo.months>=6", "unknown fund"),
            ("resident.height>=6", "unknown metric"),
            ("months>=six", "not a number"),
            ("depletion>=2050 until 2040", "until"),
            ("depletion@2040>=1", "no year"),
            ("months>=NaN", "not a finite number"),
            ("months>=inf", "not a finite number"),
            ("months@2035>=6 until 2040", "a year twice"),
        ] {
            let e = parse_target(src, 2060).unwrap_err();
            assert!(e.contains(needle), "{src}: {e}");
        }
    }

    #[test]
    fn a_metric_before_the_changes_start_or_a_start_outside_the_run_is_refused() {
        let m = parse_metric("months@2030", 2060).unwrap();
        assert!(m.check_window(2022, 2060, 2026).is_ok());
        assert!(m.check_window(2022, 2060, 2030).is_ok());
        let e = m.check_window(2022, 2060, 2035).unwrap_err();
        assert!(e.contains("before the changes start in 2035"), "{e}");
        let e = m.check_window(2022, 2060, 2061).unwrap_err();
        assert!(e.contains("start year 2061 is outside 2023–2060"), "{e}");
        let e = m.check_window(2022, 2025, 2026).unwrap_err();
        assert!(e.contains("outside 2023–2025"), "{e}");
        let d = parse_metric("depletion", 2060).unwrap();
        assert!(d.check_window(2022, 2060, 2059).is_ok());
    }

    #[test]
    fn equality_has_a_tolerance_and_nan_never_meets() {
        let t = parse_target("backstop==0", 2060).unwrap();
        assert!(t.met_by(0.0) && t.met_by(5e-7) && !t.met_by(1e-3));
        let t = parse_target("months>=6", 2060).unwrap();
        assert!(!t.met_by(f64::NAN));
        assert!(t.met_by(f64::INFINITY));
    }
}
