//! A small, documented pseudo-random generator for the stochastic projection (docs/model.md §10).
//!
//! SplitMix64 (Steele, Lea and Flood 2014) turns a (seed, draw index) pair into the 256-bit
//! state of a xoshiro256++ generator (Blackman and Vigna 2018); standard normal deviates come
//! from the Box–Muller transform. Each draw owns its generator, so a draw's numbers depend only
//! on (seed, draw index), never on which thread runs it or in which order.

/// SplitMix64: one step of the state and its mixed output.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256++ with a cached second Box–Muller deviate.
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
    spare: Option<f64>,
}

impl Rng {
    /// The generator of draw `draw` of a run seeded with `seed`.
    pub fn for_draw(seed: u64, draw: u64) -> Rng {
        // Mix the seed first, then the draw index, so (seed, draw) pairs map to distinct
        // streams; four SplitMix64 outputs fill the state (never all zero in practice).
        let mut sm = seed;
        let mixed = splitmix64(&mut sm);
        let mut sm = mixed ^ draw.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mut s = [0u64; 4];
        for x in &mut s {
            *x = splitmix64(&mut sm);
        }
        if s == [0; 4] {
            s[0] = 1;
        }
        Rng { s, spare: None }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// A uniform deviate in (0, 1): 53 random bits, never exactly 0.
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// A standard normal deviate (Box–Muller; the second deviate of each pair is kept).
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let (u1, u2) = (self.uniform(), self.uniform());
        let r = (-2.0 * u1.ln()).sqrt();
        let a = std::f64::consts::TAU * u2;
        self.spare = Some(r * a.sin());
        r * a.cos()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_and_draw_give_the_same_stream_and_others_differ() {
        let a: Vec<u64> = (0..8)
            .map({
                let mut r = Rng::for_draw(7, 3);
                move |_| r.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..8)
            .map({
                let mut r = Rng::for_draw(7, 3);
                move |_| r.next_u64()
            })
            .collect();
        assert_eq!(a, b);
        let mut other = Rng::for_draw(7, 4);
        assert_ne!(a[0], other.next_u64());
        let mut other_seed = Rng::for_draw(8, 3);
        assert_ne!(a[0], other_seed.next_u64());
    }

    #[test]
    fn normals_have_mean_zero_and_unit_variance() {
        let mut r = Rng::for_draw(1, 0);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "variance {var}");
        let within = xs.iter().filter(|x| x.abs() < 1.959964).count() as f64 / n as f64;
        assert!(
            (within - 0.95).abs() < 0.005,
            "share within ±1.96: {within}"
        );
    }
}
