//! A seeded fuzz of accounts and sub-unit files (issue 19): 2,000 files of random rows with
//! absurd and plausible values. Each is either refused with `FILE:LINE:COL: error:` messages,
//! or accepted and then projected with no NaN, infinity or negative count anywhere
//! (`sense::projection`, the check every command makes before writing). In process, through
//! the library, so that the suite stays fast.

use yibao::model::accounts::{Accounts, Item, Scheme};
use yibao::model::calibrate::{ProvinceBase, current_law};
use yibao::model::data::Dataset;
use yibao::model::output::YearRow;
use yibao::model::project::{base_rows, prepare, project};
use yibao::model::scenario::{Pooling, PoolingLevel, PoolingStep, Scenario};
use yibao::model::sense;
use yibao::model::subunits::{self, ITEMS, Subunits};

/// splitmix64: a fixed, seeded stream.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Multiples of a plausible figure, and absolute values, that a fuzzed cell takes.
const FACTORS: [f64; 12] = [
    0.0, 1e-300, 1e-6, 0.01, 0.3, 0.6, 0.95, 1.0, 1.08, 1.8, 5.0, 1e6,
];
const ABSOLUTE: [f64; 5] = [-1.0, -1e-9, 0.0, 1e-300, 1e300];

fn plausible(p: &ProvinceBase, scheme: Scheme, item: Item) -> f64 {
    let members = p.active.value + p.retired.value;
    match (scheme, item) {
        (Scheme::Resident, Item::Participants) => p.residents.value,
        (Scheme::Resident, Item::Income) => p.resident_income.value,
        (Scheme::Resident, Item::Expenditure) => p.resident_expenditure.value,
        (Scheme::Resident, _) => p.resident_balance.value,
        (_, Item::Participants) => members,
        (_, Item::Active) => p.active.value,
        (_, Item::Retired) => p.retired.value,
        (Scheme::EmployeePooled, Item::Income) => p.pooled_income.value,
        (Scheme::EmployeePooled, Item::Expenditure) => p.pooled_expenditure.value,
        (Scheme::EmployeePooled, _) => p.pooled_balance.value,
        (Scheme::EmployeeAccounts, Item::Income) => p.account_income.value,
        (Scheme::EmployeeAccounts, Item::Expenditure) => p.account_expenditure.value,
        (Scheme::EmployeeAccounts, _) => p.account_balance.value,
        (_, Item::Income) => p.employee_income.value,
        (_, Item::Expenditure) => p.employee_expenditure.value,
        _ => p.pooled_balance.value + p.account_balance.value,
    }
}

fn value(rng: &mut Rng, plausible: f64) -> f64 {
    if rng.below(5) == 0 {
        *rng.pick(&ABSOLUTE)
    } else {
        plausible * rng.pick(&FACTORS)
    }
}

fn check_accepted(label: &str, d: &Dataset, scenario: &Scenario) -> bool {
    match project(d, scenario) {
        // A calibration that its guard rails refuse is a clear error, not an output.
        Err(_) => false,
        Ok(p) => {
            if let Err(defect) = sense::projection(&p) {
                panic!("{label}: accepted, but {defect}");
            }
            true
        }
    }
}

/// A short horizon keeps the fuzz quick; history years and the first forecast years are
/// where a bad figure shows.
fn short(mut s: Scenario) -> Scenario {
    s.horizon = 2032;
    s
}

#[test]
fn fuzzed_accounts_files_are_refused_or_project_clean() {
    const CASES: usize = 1_500;
    let data = Dataset::embedded().expect("embedded data");
    let cal = current_law(&data).expect("calibrates");
    let codes: Vec<&str> = data.provinces.iter().map(|p| p.code.as_str()).collect();
    let scenario = short(Scenario::default());
    let mut rng = Rng(19);
    let (mut refused, mut projected) = (0, 0);
    for case in 0..CASES {
        let mut text = String::from("code,year,scheme,item,value,unit,tag,source_id\n");
        for _ in 0..1 + rng.below(3) {
            let p = rng.below(codes.len());
            let year = *rng.pick(&[2022, 2022, 2022, 2023, 2024]);
            let scheme = *rng.pick(&Scheme::ALL);
            let item = *rng.pick(&Item::ALL);
            let v = value(&mut rng, plausible(&cal.provinces[p], scheme, item));
            text.push_str(&format!(
                "{},{year},{},{},{v:e},{},published,FUZZ\n",
                codes[p],
                scheme.id(),
                item.id(),
                item.unit()
            ));
        }
        let label = format!("case {case}:\n{text}");
        let accepted =
            Accounts::parse("fuzz.csv", &text, &codes).and_then(|a| data.clone().with_accounts(a));
        match accepted {
            Err(errors) => {
                assert!(!errors.is_empty(), "{label}");
                for e in &errors {
                    let m = e.to_string();
                    assert!(
                        m.starts_with("fuzz.csv:") && m.contains(": error: "),
                        "{label}{m}"
                    );
                }
                refused += 1;
            }
            Ok(d) => {
                if check_accepted(&label, &d, &scenario) {
                    projected += 1;
                } else {
                    refused += 1;
                }
            }
        }
    }
    // The fuzz exercises both sides.
    assert!(
        refused > CASES / 10 && projected > CASES / 10,
        "{refused} refused, {projected} projected"
    );
}

fn prefecture(level_from: i32) -> Scenario {
    let steps = vec![PoolingStep {
        from: level_from,
        level: PoolingLevel::Prefecture,
    }];
    short(Scenario {
        pooling: Pooling {
            resident: steps.clone(),
            employee: steps,
            adjustment: Vec::new(),
        },
        ..Scenario::default()
    })
}

fn figure(r: &YearRow, k: usize) -> f64 {
    [
        r.participants,
        r.income_total(),
        r.expenditure_paid,
        r.balance,
    ][k]
}

#[test]
fn fuzzed_subunit_files_are_refused_or_project_clean() {
    const CASES: usize = 500;
    let data = Dataset::embedded().expect("embedded data");
    let prepared = prepare(&data, &Scenario::default()).expect("prepares");
    let base = base_rows(&prepared);
    let codes: Vec<&str> = data.provinces.iter().map(|p| p.code.as_str()).collect();
    let scenario = prefecture(2023);
    let mut rng = Rng(1919);
    let (mut refused, mut projected) = (0, 0);
    for case in 0..CASES {
        let p = *rng.pick(&[codes.iter().position(|c| *c == "GZ").unwrap(), 0, 12]);
        let units = 1 + rng.below(3);
        let mut text = String::from("code,name,year,scheme,item,value,unit,tag,source_id\n");
        for u in 0..units {
            let share = *rng.pick(&[0.05, 0.2, 0.3, 0.45]);
            for (s, scheme) in ["employee_pooled", "resident"].iter().enumerate() {
                let row = &base[p][if s == 0 { 0 } else { 2 }];
                for (k, item) in ITEMS.iter().enumerate() {
                    let plausible = share * figure(row, k);
                    let v = if rng.below(6) == 0 {
                        value(&mut rng, plausible)
                    } else {
                        plausible
                    };
                    text.push_str(&format!(
                        "{}-{:02},U{u},2022,{scheme},{},{v:e},{},derived,FUZZ\n",
                        codes[p],
                        u + 1,
                        item.id(),
                        item.unit()
                    ));
                }
            }
        }
        let label = format!("case {case}:\n{text}");
        let loaded = Subunits::parse("fuzz.csv", &text, &codes, data.base_year)
            .map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>())
            .and_then(|s| subunits::load(&data, s));
        match loaded {
            Err(errors) => {
                assert!(!errors.is_empty(), "{label}");
                for m in &errors {
                    assert!(
                        m.starts_with("fuzz.csv:") && m.contains(": error: "),
                        "{label}{m}"
                    );
                }
                refused += 1;
            }
            Ok((d, _)) => {
                if check_accepted(&label, &d, &scenario) {
                    projected += 1;
                } else {
                    refused += 1;
                }
            }
        }
    }
    assert!(
        refused > CASES / 10 && projected > CASES / 10,
        "{refused} refused, {projected} projected"
    );
}
