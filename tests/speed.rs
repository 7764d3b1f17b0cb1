//! The shortcuts taken for speed give the numbers of the long way round: the estimate ranges
//! of `project` (docs/model.md §3) equal those of full projections at the shifted margins, in
//! every shipped scenario.

use yibao::model::output::{Fund, Level};
use yibao::model::project::{prepare, prepare_with_offset, project_prepared};
use yibao::model::{Dataset, project};

#[test]
fn estimate_ranges_match_full_projections_at_the_shifted_margins() {
    let data = Dataset::embedded().expect("embedded data parses");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).expect("scenarios folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        let scenario = yibao::scenario::load(&path)
            .expect("shipped scenario")
            .scenario;
        let p = project(&data, &scenario).expect("calibrates");
        let spread = prepare(&data, &scenario)
            .expect("calibrates")
            .cal
            .margin_spread;
        let full = |offset: f64| {
            let shifted = prepare_with_offset(&data, &scenario, offset).expect("calibrates");
            project_prepared(&shifted, &shifted.levers, scenario.balancing)
        };
        let (low, high) = (full(-spread), full(spread));
        let depletion = |q: &yibao::model::Projection, unit: &str| {
            q.summaries
                .iter()
                .find(|s| s.level == Level::Province && s.fund == Fund::Resident && s.unit == unit)
                .and_then(|s| s.depletion_year)
        };
        for s in &p.summaries {
            if let Some(e) = s.estimate {
                assert_eq!(e.low, depletion(&low, &s.unit), "{path:?} {} low", s.unit);
                assert_eq!(
                    e.high,
                    depletion(&high, &s.unit),
                    "{path:?} {} high",
                    s.unit
                );
                assert_eq!(e.spread, spread);
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "no estimated province was checked");
}
