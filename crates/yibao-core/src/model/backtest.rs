//! The rolling-origin backtest (docs/model.md "Validation"): the model is held to the published
//! figures up to an origin year, forecasts every later year of the current-law baseline, and
//! each later published national figure is compared with the forecast. Origins run from the
//! base year to the year before the last published one, so every published year is forecast
//! from every earlier origin.

use super::calibrate::CalibrationError;
use super::data::Dataset;
use super::history::{self, Check};
use super::project::project;
use super::scenario::Scenario;

/// One published figure against the forecast made from `origin`.
#[derive(Clone, Debug, PartialEq)]
pub struct Forecast {
    /// The last year held to published figures when the forecast was made.
    pub origin: i32,
    /// The comparison (its `year` is after `origin`).
    pub check: Check,
}

impl Forecast {
    /// Years ahead of the origin (1: the first forecast year).
    pub fn horizon(&self) -> i32 {
        self.check.year - self.origin
    }

    /// Relative error model ÷ published − 1.
    pub fn error(&self) -> f64 {
        self.check.model / self.check.published - 1.0
    }

    /// Whether the figure is a headline flow: income or expenditure of the employee scheme,
    /// its pooled fund, or the resident fund (the accounts are members' own money; members
    /// and balances are levels, not flows).
    pub fn is_headline(&self) -> bool {
        matches!(self.check.item, "income" | "expenditure")
            && matches!(
                self.check.scheme,
                "employee" | "employee_pooled" | "resident"
            )
    }
}

/// The origins of a data set's rolling backtest: the base year and every published year after
/// it but the last (a forecast needs a later published year to be compared with).
pub fn origins(data: &Dataset) -> Vec<i32> {
    let last = data
        .published
        .iter()
        .map(|y| y.year)
        .max()
        .unwrap_or(data.base_year);
    let mut out = vec![data.base_year];
    out.extend(data.published.iter().map(|y| y.year).filter(|y| *y < last));
    out
}

/// The forecasts of `scenario` from each of `origins` (`data` with its history held to the
/// origin), compared with every published figure after the origin.
pub fn rolling(
    data: &Dataset,
    scenario: &Scenario,
    origins: &[i32],
) -> Result<Vec<Forecast>, CalibrationError> {
    Ok(rolling_each(data, std::slice::from_ref(scenario), origins)?
        .pop()
        .unwrap_or_default())
}

/// [`rolling`] for several scenarios, one list each; each origin's history factors are derived
/// once for all of them.
pub fn rolling_each(
    data: &Dataset,
    scenarios: &[Scenario],
    origins: &[i32],
) -> Result<Vec<Vec<Forecast>>, CalibrationError> {
    let mut out = vec![Vec::new(); scenarios.len()];
    for &origin in origins {
        let mut d = data.clone();
        d.history_until = origin;
        for (scenario, list) in scenarios.iter().zip(&mut out) {
            let p = project(&d, scenario)?;
            list.extend(
                history::compare(&d, &p)
                    .into_iter()
                    .filter(|c| c.year > origin)
                    .map(|check| Forecast { origin, check }),
            );
        }
    }
    Ok(out)
}

/// One setting of the near-term cost rule: a name and the values of
/// `economy.cost_anchor_window`, `economy.cost_anchor_fade` and `economy.cost_anchor_one_offs`.
pub type Rule = (&'static str, f64, f64, f64);

/// The near-term cost rule as shipped (first) and the alternatives the backtest reports beside
/// it (docs/validation.md).
pub const RULES: [Rule; 8] = [
    (
        "current law: mean of the last 2 trend years (one-offs left out), fading over 5 years",
        2.0,
        5.0,
        0.0,
    ),
    (
        "no anchor (long-run growth from the first forecast year)",
        2.0,
        0.0,
        0.0,
    ),
    (
        "first choice: mean of the last 2 history years, one-offs counted, fading over 5 years",
        2.0,
        5.0,
        1.0,
    ),
    ("last trend year only, fading over 5 years", 1.0, 5.0, 0.0),
    (
        "mean of the last 3 trend years, fading over 5 years",
        3.0,
        5.0,
        0.0,
    ),
    (
        "mean of the last 2 trend years, fading over 3 years",
        2.0,
        3.0,
        0.0,
    ),
    (
        "mean of the last 2 trend years, fading over 8 years",
        2.0,
        8.0,
        0.0,
    ),
    (
        "mean of the last 2 trend years, fading over 40 years",
        2.0,
        40.0,
        0.0,
    ),
];

/// `scenario` with the near-term `rule`.
pub fn with_rule(scenario: &Scenario, rule: &Rule) -> Scenario {
    let mut s = scenario.clone();
    for (id, v) in [
        ("economy.cost_anchor_window", rule.1),
        ("economy.cost_anchor_fade", rule.2),
        ("economy.cost_anchor_one_offs", rule.3),
    ] {
        s.levers
            .insert(id.to_owned(), super::path::LeverPath::constant(v));
    }
    s
}

/// Mean and largest absolute relative error of the headline flows among `forecasts` that
/// `keep` selects; `None` when none is selected.
pub fn headline_error(
    forecasts: &[Forecast],
    keep: impl Fn(&Forecast) -> bool,
) -> Option<(f64, f64)> {
    let errors: Vec<f64> = forecasts
        .iter()
        .filter(|f| f.is_headline() && keep(f))
        .map(|f| f.error().abs())
        .collect();
    if errors.is_empty() {
        return None;
    }
    let mean = errors.iter().sum::<f64>() / errors.len() as f64;
    let max = errors.iter().copied().fold(0.0, f64::max);
    Some((mean, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_run_from_the_base_year_to_the_year_before_the_last_published() {
        let d = Dataset::embedded().expect("embedded data");
        let last = d.published.iter().map(|y| y.year).max().unwrap();
        let o = origins(&d);
        assert_eq!(o.first(), Some(&d.base_year));
        assert_eq!(o.last(), Some(&(last - 1)));
        assert!(o.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn every_forecast_lies_after_its_origin_and_the_history_reproduces_the_bulletin() {
        let d = Dataset::embedded().expect("embedded data");
        let o = origins(&d);
        let f = rolling(&d, &Scenario::default(), &o).expect("projects");
        assert!(f.iter().all(|x| x.horizon() >= 1));
        for origin in &o {
            assert!(
                f.iter().any(|x| x.origin == *origin && x.horizon() == 1),
                "origin {origin} has a one-year-ahead forecast"
            );
        }
        // Held to the published figures, the same years are not forecasts: no error there.
        let held = history::compare(&d, &project(&d, &Scenario::default()).unwrap());
        for c in held
            .iter()
            .filter(|c| c.item == "income" || c.item == "expenditure")
        {
            assert!(
                (c.model / c.published - 1.0).abs() < 0.005,
                "{} {} {}: {} against {}",
                c.year,
                c.scheme,
                c.item,
                c.model,
                c.published
            );
        }
    }
}
