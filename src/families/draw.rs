//! The random draws of the families: ESTEE's truncated normal and
//! exponential durations and sizes, and its uniform choices, on one
//! splitmix64 stream.

use crate::prng::{Purpose, SplitMix64};

/// Smallest value a draw returns (ESTEE's floor: durations stay positive).
const FLOOR: f64 = 1e-7;

/// A stream of draws.
pub(super) struct Draw {
    rng: SplitMix64,
}

impl Draw {
    /// The stream of `seed`.
    pub(super) fn new(seed: u64) -> Self {
        Draw {
            rng: SplitMix64::stream(seed, Purpose::Placement, 3),
        }
    }

    /// A normal draw of mean `mean` and deviation `sd` (Box–Muller), at least [`FLOOR`].
    pub(super) fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        let u = 1.0 - self.rng.uniform();
        let v = self.rng.uniform();
        let z = (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos();
        (mean + sd * z).max(FLOOR)
    }

    /// An exponential draw of mean `mean`, at least [`FLOOR`].
    pub(super) fn exponential(&mut self, mean: f64) -> f64 {
        (-mean * (1.0 - self.rng.uniform()).ln()).max(FLOOR)
    }

    /// A whole number below `n` (> 0), uniformly.
    pub(super) fn below(&mut self, n: u32) -> u32 {
        self.rng.below(n)
    }

    /// One of `values`, uniformly.
    pub(super) fn choose(&mut self, values: &[f64]) -> f64 {
        values[self.rng.below(values.len() as u32) as usize]
    }
}
