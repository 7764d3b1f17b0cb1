//! Population variants: the cohort-component projection against WPP 2024's medium variant,
//! and the fertility variants with the UN ±0.5 convention (issue 12).

use yibao::model::data::BANDS;
use yibao::model::population::{Fertility, Inputs, medium_gap, with_fertility};
use yibao::model::{Dataset, Fund, Scenario, project};

fn data() -> Dataset {
    Dataset::embedded().expect("data")
}

#[test]
fn medium_run_reproduces_the_wpp_medium_variant_closely_to_2060() {
    let gaps = medium_gap(&data()).expect("gap");
    assert_eq!(gaps[0].model_total, gaps[0].wpp_total);
    for g in gaps.iter().filter(|g| g.year <= 2060) {
        let total = g.model_total / g.wpp_total - 1.0;
        assert!(
            total.abs() < 0.01,
            "{}: total off by {:.2}%",
            g.year,
            total * 100.0
        );
        let old = g.model_65 - g.wpp_65;
        assert!(
            old.abs() < 0.01,
            "{}: 65+ share off by {:.2} pp",
            g.year,
            old * 100.0
        );
        let young = g.model_0_4 / g.wpp_0_4 - 1.0;
        assert!(
            young.abs() < 0.15,
            "{}: 0–4 off by {:.1}%",
            g.year,
            young * 100.0
        );
    }
}

#[test]
fn medium_variant_is_the_shipped_population() {
    let d = data();
    let m = with_fertility(&d, Fertility::Medium).expect("variant");
    assert_eq!(m.population, d.population);
}

fn band(d: &Dataset, year: i32, b: usize) -> f64 {
    (0..2)
        .map(|s| d.population.bands(year, s).expect("year")[b])
        .sum()
}

#[test]
fn fertility_variants_move_births_by_half_a_child_and_leave_the_born_alone() {
    let d = data();
    let inputs = Inputs::embedded().expect("inputs");
    let high = with_fertility(&d, Fertility::High).expect("high");
    let low = with_fertility(&d, Fertility::Low).expect("low");
    // Nothing changes before the first projected births.
    assert_eq!(high.population.bands(2022, 0), d.population.bands(2022, 0));
    // Ages 0–4 in 2033 were all born 2029–2033 with the full +0.5: their ratio to the medium
    // lies within the range of (TFR + 0.5) / TFR over those years.
    let ratios: Vec<f64> = (2029..=2033)
        .map(|y| (inputs.tfr(y) + 0.5) / inputs.tfr(y))
        .collect();
    let (lo, hi) = ratios
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), r| (a.min(*r), b.max(*r)));
    let r = band(&high, 2033, 0) / band(&d, 2033, 0);
    assert!(r >= lo - 1e-9 && r <= hi + 1e-9, "{r} not in {lo}..{hi}");
    assert!(band(&low, 2033, 0) < band(&d, 2033, 0));
    // Everyone aged 65+ in 2060 was born before 1996: the same in every variant.
    for b in 13..BANDS {
        assert_eq!(band(&high, 2060, b), band(&d, 2060, b));
        assert_eq!(band(&low, 2060, b), band(&d, 2060, b));
    }
    let total = |x: &Dataset| (0..BANDS).map(|b| band(x, 2060, b)).sum::<f64>();
    assert!(total(&low) < total(&d) && total(&d) < total(&high));
}

#[test]
fn higher_fertility_changes_the_projection_only_through_the_population() {
    let d = data();
    let s = Scenario::default();
    let base = project(&d, &s).expect("calibrates");
    let high =
        project(&with_fertility(&d, Fertility::High).expect("high"), &s).expect("calibrates");
    let row = |p: &yibao::model::Projection, y| {
        p.series("CN", Fund::Resident)
            .and_then(|x| x.row(y))
            .cloned()
            .expect("row")
    };
    assert_eq!(row(&base, 2022), row(&high, 2022));
    assert!(row(&high, 2040).participants > row(&base, 2040).participants);
}
