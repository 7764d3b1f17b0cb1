//! Every lever held at each end of its hard range for the whole horizon: the projection stays
//! defined (finite numbers, no more employees than covered people) and the nation fills an
//! optional column in a year exactly when its provinces do.

use yibao::model::levers::ValueUnit;
use yibao::model::{Dataset, Fund, LEVERS, Level, LeverPath, Projection, Scenario, project};

fn at_bound(id: &str, v: f64) -> Scenario {
    let mut s = Scenario {
        title: format!("{id} = {v}"),
        horizon: 2100,
        ..Scenario::default()
    };
    s.levers
        .insert(id.to_owned(), LeverPath::Steps([(2023, v)].into()));
    s
}

fn check(p: &Projection, label: &str) {
    for fund in [Fund::EmployeePooled, Fund::EmployeeAccounts, Fund::Resident] {
        let Some(nation) = p.series("CN", fund) else {
            continue;
        };
        let provinces: Vec<_> = p
            .series
            .iter()
            .filter(|s| s.level == Level::Province && s.fund == fund)
            .collect();
        for (t, n) in nation.rows.iter().enumerate() {
            let any = |f: &dyn Fn(&yibao::model::YearRow) -> bool| {
                provinces.iter().any(|s| f(&s.rows[t]))
            };
            assert_eq!(
                n.reimbursement_rate.is_some(),
                any(&|r| r.reimbursement_rate.is_some()),
                "{label}: {fund:?} {}: reimbursement_rate filled in the nation and not the provinces, or the reverse",
                n.year
            );
            assert_eq!(
                n.burden.is_some(),
                any(&|r| r.burden.is_some()),
                "{label}: {fund:?} {}: burden",
                n.year
            );
            for v in [n.balance, n.participants, n.expenditure_paid]
                .into_iter()
                .chain(n.reimbursement_rate)
            {
                assert!(v.is_finite(), "{label}: {fund:?} {}", n.year);
            }
        }
    }
}

#[test]
fn every_lever_at_its_hard_bounds_keeps_the_projection_defined() {
    let data = Dataset::embedded().expect("data");
    for def in LEVERS {
        if !def.in_effect {
            continue;
        }
        for v in [def.hard.0, def.hard.1] {
            let v = if def.unit == ValueUnit::Integer {
                v.round()
            } else {
                v
            };
            let s = at_bound(def.id, v);
            let p = project(&data, &s).expect("calibrates");
            let label = format!("{} = {v}", def.id);
            check(&p, &label);
            // The commands' last line of defence accepts every lever value in range.
            if let Err(d) = yibao::model::sense::projection(&p) {
                panic!("{label}: {d}");
            }
            // Formalisation moves people out of the resident pool; it cannot move more: the
            // employee members never exceed the base year's insured by more than population
            // growth could explain (a factor 2 is far above any projected growth).
            let insured0: f64 = [Fund::EmployeePooled, Fund::Resident]
                .iter()
                .map(|f| p.series("CN", *f).expect("nation").rows[0].participants)
                .sum();
            let employees = p.series("CN", Fund::EmployeePooled).expect("nation");
            for r in &employees.rows {
                assert!(
                    r.participants < 2.0 * insured0,
                    "{label}: {} employee members in {} against {insured0} insured in the base year",
                    r.participants,
                    r.year
                );
            }
            for unit in p.series.iter().filter(|s| s.fund == Fund::EmployeePooled) {
                let resident = p.series(&unit.unit, Fund::Resident).expect("resident");
                for (e, r) in unit.rows.iter().zip(&resident.rows) {
                    assert!(
                        e.participants >= 0.0 && r.participants >= 0.0,
                        "{label}: {} {}",
                        unit.unit,
                        e.year
                    );
                }
            }
        }
    }
}
