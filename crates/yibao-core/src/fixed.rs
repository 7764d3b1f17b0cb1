//! Fixed-decimal number writing for the CSV and table outputs: byte for byte what the standard
//! formatter prints for `format!("{:.prec$}", x)`, about ten times faster.
//!
//! The standard library formats with a fixed number of decimals by exact (big-number) arithmetic
//! on the binary value, rounding ties half to even; that was half of a `yibao run` (a 1 MB
//! `projection.csv`). Every finite `f64` is `m · 2^e` with an integer `m < 2^53`, so
//! `x · 10^prec = m · 10^prec · 2^e` is an exact 128-bit integer product shifted by `e`: the
//! quotient is the rounded-down digits, the remainder decides the rounding exactly (half to even
//! on an exact tie, as the standard formatter does). Values where that does not fit 128 bits
//! (magnitudes from 2^63 up, or more than 19 decimals) and NaN and the infinities go through the
//! standard formatter, so the output is the same for every input.

use std::fmt::Write as _;

/// Largest precision the integer path handles (`10^19 < 2^64`).
const MAX_PREC: usize = 19;

/// Powers of ten up to `10^MAX_PREC`.
const POW10: [u64; MAX_PREC + 1] = {
    let mut t = [1u64; MAX_PREC + 1];
    let mut i = 1;
    while i <= MAX_PREC {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// `x` scaled by `10^prec` and rounded half to even on the exact binary value, with its sign
/// bit, or `None` where the integer path cannot be exact (non-finite, too large, too many
/// decimals).
fn scaled(x: f64, prec: usize) -> Option<(bool, u128)> {
    if prec > MAX_PREC || !x.is_finite() {
        return None;
    }
    let bits = x.to_bits();
    let negative = bits >> 63 == 1;
    let exp_field = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    // x = m · 2^e exactly.
    let (m, e) = if exp_field == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp_field - 1075)
    };
    let p = u128::from(POW10[prec]);
    if e >= 0 {
        // An integer: m · 2^e < 2^63 keeps m · 2^e · 10^prec below 2^127.
        if e > 10 {
            return None;
        }
        return Some((negative, (u128::from(m) << e) * p));
    }
    let k = (-e) as u32;
    let n = u128::from(m) * p; // < 2^53 · 2^64 = 2^117
    if k >= 118 {
        // n < 2^117 ≤ 2^(k−1), below half a unit of the last decimal: rounds to zero.
        return Some((negative, 0));
    }
    let q = n >> k;
    let r = n & ((1u128 << k) - 1);
    let half = 1u128 << (k - 1);
    let up = r > half || (r == half && q & 1 == 1);
    Some((negative, q + u128::from(up)))
}

/// Appends the decimal digits of `v` to `out`: the digits above 64 bits one at a time in 128
/// bits, the rest by [`digits_u64`].
fn push_u128(out: &mut String, mut v: u128) {
    let mut buf = [0u8; 40];
    let mut i = buf.len();
    while v > u128::from(u64::MAX) {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    let i = digits_u64(&mut buf, i, v as u64);
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or_default());
}

/// The two ASCII digits of each number 0–99.
const DIGITS2: [u8; 200] = {
    let mut t = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        t[2 * i] = b'0' + (i / 10) as u8;
        t[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    t
};

/// Writes the decimal digits of `v` into `buf` so that they end before `end`, two at a time;
/// returns where they start.
fn digits_u64(buf: &mut [u8], mut end: usize, mut v: u64) -> usize {
    while v >= 100 {
        let r = (v % 100) as usize * 2;
        v /= 100;
        end -= 2;
        buf[end..end + 2].copy_from_slice(&DIGITS2[r..r + 2]);
    }
    if v >= 10 {
        let r = v as usize * 2;
        end -= 2;
        buf[end..end + 2].copy_from_slice(&DIGITS2[r..r + 2]);
    } else {
        end -= 1;
        buf[end] = b'0' + v as u8;
    }
    end
}

/// Appends the integer `q` scaled down by `10^prec` with exactly `prec` decimals. A `q` below
/// 2^64 (every value of the outputs) is written with 64-bit arithmetic into one buffer, pushed
/// at once; larger ones digit by digit in 128 bits.
fn push_scaled(out: &mut String, q: u128, prec: usize) {
    let Ok(q) = u64::try_from(q) else {
        return push_scaled_wide(out, q, prec);
    };
    // At most 20 integer digits, the point and 19 decimals; unwritten decimals are zeros.
    let mut buf = [b'0'; 48];
    let end = buf.len();
    let start = if prec == 0 {
        digits_u64(&mut buf, end, q)
    } else {
        // One division, by a constant for the precisions the outputs use (a multiplication
        // then, where a division by a table entry costs tens of cycles).
        let int = match prec {
            3 => q / 1_000,
            4 => q / 10_000,
            6 => q / 1_000_000,
            _ => q / POW10[prec],
        };
        let point = end - prec - 1;
        // The decimals fill at most `prec` places, right-aligned after the point.
        digits_u64(&mut buf, end, q - int * POW10[prec]);
        buf[point] = b'.';
        digits_u64(&mut buf, point, int)
    };
    // Only ASCII digits and a point were written.
    out.push_str(std::str::from_utf8(&buf[start..]).unwrap_or_default());
}

/// [`push_scaled`] for any `q`.
fn push_scaled_wide(out: &mut String, q: u128, prec: usize) {
    if prec == 0 {
        push_u128(out, q);
        return;
    }
    let p = u128::from(POW10[prec]);
    push_u128(out, q / p);
    out.push('.');
    let f = (q % p) as u64; // < 10^prec ≤ 10^19
    // The decimals right-aligned in `prec` places of zeros.
    let mut buf = [b'0'; MAX_PREC];
    digits_u64(&mut buf, prec, f);
    out.push_str(std::str::from_utf8(&buf[..prec]).unwrap_or_default());
}

/// Appends `x` with `prec` decimals: the same bytes as `write!(out, "{:.prec$}", x)`.
pub fn push_fixed(out: &mut String, x: f64, prec: usize) {
    match scaled(x, prec) {
        Some((negative, q)) => {
            if negative {
                out.push('-');
            }
            push_scaled(out, q, prec);
        }
        None => {
            let _ = write!(out, "{x:.prec$}");
        }
    }
}

/// Appends the integer `v`: the same bytes as `write!(out, "{v}")`.
pub fn push_int(out: &mut String, v: i64) {
    let mut buf = [0u8; 20];
    let start = digits_u64(&mut buf, 20, v.unsigned_abs());
    if v < 0 {
        out.push('-');
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&buf[start..]).unwrap_or_default());
}

/// `x` with `prec` decimals: the same string as `format!("{:.prec$}", x)`.
pub fn fixed(x: f64, prec: usize) -> String {
    let mut s = String::with_capacity(24);
    push_fixed(&mut s, x, prec);
    s
}

/// Appends `x` with `prec` decimals, without the sign where the printed number is zero
/// (`-0.0004` and `-0.0` print as `0.000` at three decimals): the same bytes as the standard
/// formatter's output with a leading `-` dropped when only zeros and the point follow it.
pub fn push_fixed_unsigned_zero(out: &mut String, x: f64, prec: usize) {
    match scaled(x, prec) {
        Some((negative, q)) => {
            if negative && q != 0 {
                out.push('-');
            }
            push_scaled(out, q, prec);
        }
        None => {
            let start = out.len();
            let _ = write!(out, "{x:.prec$}");
            drop_negative_zero(out, start);
        }
    }
}

/// Removes the `-` at `start` of `out` when only zeros and a point follow it (a negative number
/// printed as zero).
pub fn drop_negative_zero(out: &mut String, start: usize) {
    let tail = &out.as_bytes()[start..];
    if tail.first() == Some(&b'-') && tail[1..].iter().all(|&b| b == b'0' || b == b'.') {
        out.remove(start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rng::Rng;

    /// Every precision the outputs use, and the ends of the integer path.
    const PRECISIONS: [usize; 12] = [0, 1, 2, 3, 4, 5, 6, 8, 10, 17, 19, 20];

    fn check(x: f64) {
        for prec in PRECISIONS {
            let want = format!("{x:.prec$}");
            assert_eq!(fixed(x, prec), want, "{x:e} ({:#x}) at {prec}", x.to_bits());
            let mut got = String::new();
            push_fixed_unsigned_zero(&mut got, x, prec);
            let mut want = want;
            drop_negative_zero(&mut want, 0);
            assert_eq!(got, want, "{x:e} unsigned zero at {prec}");
        }
    }

    #[test]
    fn special_values_match_the_standard_formatter() {
        for x in [
            0.0,
            -0.0,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            f64::from_bits(1),
            -f64::from_bits(1),
            f64::EPSILON,
            1.0,
            -1.0,
            9.2e18,
            -9.3e18,
            2f64.powi(63),
            2f64.powi(63) - 1024.0,
            1e300,
        ] {
            check(x);
        }
        assert_eq!(fixed(-0.0, 3), "-0.000");
        assert_eq!(fixed(f64::NAN, 4), "NaN");
        assert_eq!(fixed(f64::NEG_INFINITY, 2), "-inf");
        assert_eq!(fixed(2.5, 0), "2");
        assert_eq!(fixed(3.5, 0), "4");
    }

    /// Exact decimal ties (`k + 0.5` units of the last decimal, exactly representable) round
    /// half to even on both sides of zero, like the standard formatter.
    #[test]
    fn exact_ties_match_the_standard_formatter() {
        for i in -4096i32..4096 {
            for shift in 0..12 {
                // i / 2^shift: exact binary fractions, many of them decimal ties.
                check(f64::from(i) / f64::from(1u32 << shift));
            }
        }
        for prec in 0..=6 {
            // k + 1/2 units of 10^-prec where that is exactly representable: x.5, x.25, x.125 …
            for k in 0..2000u32 {
                let x = (f64::from(k) + 0.5) / POW10[prec] as f64;
                check(x);
                check(-x);
            }
        }
    }

    #[test]
    fn integers_match_the_standard_formatter() {
        let mut rng = Rng::for_draw(23, 1);
        let mut values = vec![
            0,
            1,
            -1,
            9,
            10,
            99,
            100,
            -100,
            2022,
            2100,
            i64::MAX,
            i64::MIN,
        ];
        values.extend((0..10_000).map(|_| rng.next_u64() as i64 >> (rng.next_u64() % 64)));
        for v in values {
            let mut got = String::from("x");
            push_int(&mut got, v);
            assert_eq!(got, format!("x{v}"));
        }
    }

    /// Random values of every binary exponent and of the magnitudes the outputs print.
    #[test]
    fn random_values_match_the_standard_formatter() {
        let mut rng = Rng::for_draw(23, 0);
        for _ in 0..60_000 {
            // Any bit pattern: every exponent, subnormals, NaN payloads, infinities.
            check(f64::from_bits(rng.next_u64()));
        }
        for _ in 0..60_000 {
            // Magnitudes of money, people, rates and months: 1e-9 … 1e12, both signs.
            let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            let mag = 10f64.powf(u * 21.0 - 9.0);
            let x = if rng.next_u64() & 1 == 0 { mag } else { -mag };
            check(x);
        }
        for prec in PRECISIONS {
            // Around 2^64 units of the last decimal, where the 64-bit path hands over to the
            // 128-bit one.
            let edge = 2f64.powi(64) / 10f64.powi(prec as i32);
            for _ in 0..200 {
                let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                check(edge * (0.99 + 0.02 * u));
            }
            for ulps in -3i64..=3 {
                check(f64::from_bits((edge.to_bits() as i64 + ulps) as u64));
            }
        }
        for _ in 0..60_000 {
            // Values a few units of the last place from a decimal tie at each precision.
            let prec = (rng.next_u64() % 7) as usize;
            let k = (rng.next_u64() % 10_000_000) as f64 + 0.5;
            let tie = k / POW10[prec] as f64;
            let ulps = (rng.next_u64() % 5) as i64 - 2;
            let x = f64::from_bits((tie.to_bits() as i64 + ulps) as u64);
            check(x);
        }
    }
}
