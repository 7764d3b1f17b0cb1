//! Round-number axis ticks and axis units: 4–6 ticks at 1, 2, 2.5 or 5 × 10ⁿ, and money shown
//! in 万亿元 (trillion yuan) once it reaches 1 万亿.

use super::{Lang, Quantity};

/// Ticks covering `[lo, hi]`: the smallest round step that needs at most six ticks. Returns the
/// tick values, ascending; the first is ≤ `lo` and the last ≥ `hi`.
pub fn nice_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 1.0)
    };
    let span = if hi - lo > 1e-12 * hi.abs().max(1.0) {
        hi - lo
    } else {
        hi.abs().max(1.0)
    };
    let (lo, hi) = if hi - lo > 1e-12 * hi.abs().max(1.0) {
        (lo, hi)
    } else {
        (lo - span / 2.0, hi + span / 2.0)
    };
    let magnitude = 10f64.powf((span / 5.0).log10().floor());
    for k in [magnitude, magnitude * 10.0] {
        for m in [1.0, 2.0, 2.5, 5.0] {
            let step = m * k;
            let first = (lo / step + 1e-9).floor();
            let last = (hi / step - 1e-9).ceil();
            let n = (last - first) as i64 + 1;
            if n <= 6 {
                return (0..n).map(|i| clean((first + i as f64) * step)).collect();
            }
        }
    }
    vec![lo, hi]
}

/// Ticks of an axis of evenly spaced values from `first` to `last` (a heatmap's): both ends,
/// and the round ticks of [`nice_ticks`] between them that are not crowding an end.
pub fn edge_ticks(first: f64, last: f64) -> Vec<f64> {
    let (lo, hi) = (first.min(last), first.max(last));
    let gap = (hi - lo) * 0.08;
    let mut out = vec![lo];
    out.extend(
        nice_ticks(lo, hi)
            .into_iter()
            .filter(|t| *t > lo + gap && *t < hi - gap),
    );
    if hi > lo {
        out.push(hi);
    }
    out
}

/// Removes float noise from a tick value (0.30000000000000004 → 0.3).
fn clean(v: f64) -> f64 {
    let r = (v * 1e9).round() / 1e9;
    if r == 0.0 { 0.0 } else { r }
}

/// Integer ticks for years: every 1, 2, 5 or 10 years, at multiples of the step, inside
/// `[first, last]`.
pub fn year_ticks(first: i32, last: i32) -> Vec<i32> {
    let span = (last - first).max(1);
    let step = [1, 2, 5, 10, 20, 50]
        .into_iter()
        .find(|s| span / s <= 6)
        .unwrap_or(100);
    let start = first + (step - first.rem_euclid(step)) % step;
    (start..=last).step_by(step as usize).collect()
}

/// How an axis shows its numbers: the factor from stored values, the unit label and decimals.
#[derive(Clone, Debug, PartialEq)]
pub struct AxisUnit {
    /// Shown = stored × factor.
    pub factor: f64,
    /// Unit label.
    pub label: &'static str,
}

impl AxisUnit {
    /// The unit for a quantity whose largest absolute stored value is `max_abs`.
    pub fn for_values(q: Quantity, lang: Lang, max_abs: f64) -> AxisUnit {
        // Money from 1 万亿 on in 万亿元 (trillion yuan); everything else at its small scale.
        let (factor, label) = match (q, lang) {
            (Quantity::MoneyYi, Lang::Zh) if max_abs >= 1e4 => (1e-4, "万亿元"),
            (Quantity::MoneyYi, Lang::En) if max_abs >= 1e4 => (1e-4, "trillion yuan"),
            _ => (q.scale(lang), q.unit(lang)),
        };
        AxisUnit { factor, label }
    }
}

/// A number with thousands separators and at most `decimals` decimals (trailing zeros of the
/// fraction dropped), `−` for negatives.
pub fn format_number(v: f64, decimals: usize) -> String {
    grouped(v, decimals, true)
}

/// A number with thousands separators and exactly `decimals` decimals (axis ticks).
pub fn format_fixed(v: f64, decimals: usize) -> String {
    grouped(v, decimals, false)
}

fn grouped(v: f64, decimals: usize, trim: bool) -> String {
    if !v.is_finite() {
        return "—".to_owned();
    }
    let text = format!("{:.*}", decimals, v.abs());
    let text = if trim && text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_owned(), Some(f.to_owned())),
        None => (text.clone(), None),
    };
    let mut out = String::new();
    if v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('−');
    }
    let n = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    out
}

/// Decimals the tick labels of a step need (0 for 1000, 1 for 2.5, 2 for 0.25).
pub fn tick_decimals(ticks: &[f64]) -> usize {
    let step = match ticks {
        [a, b, ..] => (b - a).abs(),
        _ => 1.0,
    };
    (0..=4)
        .find(|d| {
            let f = 10f64.powi(*d);
            ((step * f) - (step * f).round()).abs() < 1e-6
        })
        .unwrap_or(4) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_ticks_keep_both_ends_and_round_values_apart_from_them() {
        assert_eq!(
            edge_ticks(200.0, 1500.0),
            vec![200.0, 500.0, 1000.0, 1500.0]
        );
        assert_eq!(
            edge_ticks(400.0, 2500.0),
            vec![400.0, 1000.0, 1500.0, 2000.0, 2500.0]
        );
        // 1.0 crowds the end 1.05 and is dropped; a single value is one tick.
        assert_eq!(edge_ticks(0.0, 1.05), vec![0.0, 0.25, 0.5, 0.75, 1.05]);
        assert_eq!(edge_ticks(3.0, 3.0), vec![3.0]);
    }

    #[test]
    fn ticks_are_round_and_four_to_six() {
        for (lo, hi) in [
            (0.0, 100_000.0),
            (0.0, 598_396.8),
            (-1234.0, 56_789.0),
            (0.0, 9.7),
            (0.0, 27.3),
            (0.031, 0.087),
            (-3.2, 0.4),
            (5.0, 5.0),
        ] {
            let t = nice_ticks(lo, hi);
            assert!((4..=6).contains(&t.len()), "{lo}..{hi}: {t:?}");
            let eps = 1e-9 * hi.abs().max(1.0);
            assert!(
                t[0] <= lo + eps && *t.last().unwrap() >= hi - eps,
                "{lo}..{hi}: {t:?}"
            );
            assert!(
                lo < 0.0 || t[0] >= 0.0,
                "{lo}..{hi}: no negative tick for positive data: {t:?}"
            );
            let step = t[1] - t[0];
            let mantissa = step / 10f64.powf(step.log10().floor());
            assert!(
                [1.0, 2.0, 2.5, 5.0]
                    .iter()
                    .any(|m| (m - mantissa).abs() < 1e-6),
                "{lo}..{hi}: step {step}"
            );
        }
        assert_eq!(
            nice_ticks(0.0, 100_000.0),
            vec![0.0, 20e3, 40e3, 60e3, 80e3, 100e3]
        );
    }

    #[test]
    fn year_ticks_fall_on_round_years() {
        assert_eq!(
            year_ticks(2022, 2050),
            vec![2025, 2030, 2035, 2040, 2045, 2050]
        );
        assert_eq!(year_ticks(2022, 2030), vec![2022, 2024, 2026, 2028, 2030]);
    }

    #[test]
    fn money_above_one_wanyi_is_shown_in_wanyi() {
        let u = AxisUnit::for_values(Quantity::MoneyYi, Lang::Zh, 598_396.8);
        assert_eq!(u.label, "万亿元");
        assert_eq!(format_number(598_396.8 * u.factor, 2), "59.84");
        assert_eq!(
            AxisUnit::for_values(Quantity::MoneyYi, Lang::Zh, 9_999.0).label,
            "亿元"
        );
        assert_eq!(format_number(-1_234_567.0, 0), "−1,234,567");
    }
}
