//! Year-indexed value paths: how a lever's value evolves over time.
//!
//! A path is sparse: a few `year → value` keys and a rule for the years in between.
//! The same type serves the built-in current-law defaults and the reforms users write in
//! scenario files (`Steps({2026: 400.0})`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A sparse, year-indexed lever path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LeverPath {
    /// Each value holds from its year until the next key; after the last key it holds for ever.
    /// Before the first key the baseline applies.
    Steps(BTreeMap<i32, f64>),
    /// Straight lines between keys, flat after the last key. Before the first key the baseline
    /// applies.
    Linear(BTreeMap<i32, f64>),
    /// Like `Steps`, but after each key the value grows with the lever's index (for per-head
    /// money levers: per-capita income growth g_y) until the next key. Only levers that have an
    /// index accept it. Before the first key the baseline applies.
    Indexed(BTreeMap<i32, f64>),
}

impl LeverPath {
    /// A path that is one value in every year.
    pub fn constant(value: f64) -> Self {
        LeverPath::Steps(BTreeMap::from([(i32::MIN, value)]))
    }

    /// The keys of the path, whatever its kind.
    pub fn keys(&self) -> &BTreeMap<i32, f64> {
        match self {
            LeverPath::Steps(k) | LeverPath::Linear(k) | LeverPath::Indexed(k) => k,
        }
    }

    /// Mutable keys, for editors.
    pub fn keys_mut(&mut self) -> &mut BTreeMap<i32, f64> {
        match self {
            LeverPath::Steps(k) | LeverPath::Linear(k) | LeverPath::Indexed(k) => k,
        }
    }

    /// The path's kind as it is written in files (`Steps`, `Linear`, `Indexed`).
    pub fn kind_name(&self) -> &'static str {
        match self {
            LeverPath::Steps(_) => "Steps",
            LeverPath::Linear(_) => "Linear",
            LeverPath::Indexed(_) => "Indexed",
        }
    }

    /// The first year the path defines a value for, if any.
    pub fn first_year(&self) -> Option<i32> {
        self.keys().keys().next().copied()
    }

    /// Fills `out[i]` (the value in year `first_year + i`) for the years the path covers,
    /// leaving earlier years (before the first key) untouched so that they keep the baseline.
    ///
    /// `growth[i]` is the index's growth rate in year `first_year + i`; it is used only by
    /// `Indexed` paths.
    pub fn fill(&self, first_year: i32, out: &mut [f64], growth: &[f64]) {
        let keys = self.keys();
        let Some((&k0, _)) = keys.iter().next() else {
            return;
        };
        // Running value of an `Indexed` path: the last key grown year by year.
        let mut indexed = kv0(keys);
        for (i, slot) in out.iter_mut().enumerate() {
            let year = first_year + i as i32;
            if year < k0 {
                continue;
            }
            // The last key at or before `year` exists because year >= k0.
            let Some((&ky, &kv)) = keys.range(..=year).next_back() else {
                continue;
            };
            *slot = match self {
                LeverPath::Steps(_) => kv,
                LeverPath::Linear(_) => match keys.range(year + 1..).next() {
                    Some((&ny, &nv)) => kv + (nv - kv) * f64::from(year - ky) / f64::from(ny - ky),
                    None => kv,
                },
                LeverPath::Indexed(_) => {
                    indexed = if ky == year || i == 0 {
                        // At a key, or at the first filled year when the key lies before it:
                        // grow the key value over the years in between.
                        let mut v = kv;
                        for y in (ky.max(first_year) + 1)..=year {
                            v *= 1.0
                                + growth
                                    .get((y - first_year) as usize)
                                    .copied()
                                    .unwrap_or(0.0);
                        }
                        v
                    } else {
                        indexed * (1.0 + growth.get(i).copied().unwrap_or(0.0))
                    };
                    indexed
                }
            };
        }
    }
}

fn kv0(keys: &BTreeMap<i32, f64>) -> f64 {
    keys.values().next().copied().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(pairs: &[(i32, f64)]) -> BTreeMap<i32, f64> {
        pairs.iter().copied().collect()
    }

    #[test]
    fn steps_hold_until_next_key_and_keep_baseline_before() {
        let p = LeverPath::Steps(keys(&[(2024, 1.0), (2026, 3.0)]));
        let mut out = [9.0; 5]; // 2022..2026
        p.fill(2022, &mut out, &[0.0; 5]);
        assert_eq!(out, [9.0, 9.0, 1.0, 1.0, 3.0]);
    }

    #[test]
    fn linear_interpolates_then_stays_flat() {
        let p = LeverPath::Linear(keys(&[(2023, 0.07), (2025, 0.05)]));
        let mut out = [0.0; 5];
        p.fill(2022, &mut out, &[0.0; 5]);
        assert_eq!(out[0], 0.0);
        assert!((out[2] - 0.06).abs() < 1e-15);
        assert_eq!(out[3], 0.05);
        assert_eq!(out[4], 0.05);
    }

    #[test]
    fn indexed_grows_between_keys() {
        let p = LeverPath::Indexed(keys(&[(2022, 100.0), (2025, 50.0)]));
        let mut out = [0.0; 5];
        p.fill(2022, &mut out, &[0.0, 0.1, 0.1, 0.1, 0.1]);
        assert!((out[1] - 110.0).abs() < 1e-9);
        assert!((out[2] - 121.0).abs() < 1e-9);
        assert_eq!(out[3], 50.0);
        assert!((out[4] - 55.0).abs() < 1e-9);
    }
}
