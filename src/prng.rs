//! dagsim's only source of randomness (the pipeline's draws, the simulator's
//! random policy): splitmix64 streams, specified
//! exactly so the same numbers can be drawn in Python.
//!
//! ```text
//! mix(z):  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
//!          z = (z ^ (z >> 27)) * 0x94d049bb133111eb
//!          return z ^ (z >> 31)                     (all arithmetic mod 2^64)
//! next():  state += 0x9e3779b97f4a7c15; return mix(state)
//! stream(seed, purpose, index): state = mix(seed ^ mix(purpose * 2^32 + index))
//! uniform(): (next() >> 11) * 2^-53                 (an f64 in [0, 1))
//! ```
//!
//! Every draw belongs to a stream named by a [`Purpose`] and an index (a file
//! number, a task number), so draws never depend on the order in which other
//! draws happen.

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// What a stream of numbers is for; the value is part of the stream's seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    /// The roll indices of compare `i` (index = i): two draws, a then b.
    Pairs = 1,
    /// The duration of task `i` in creation order over the full, unculled
    /// pipeline (index = the task's number; see `build`).
    Latency = 2,
    /// The records of file `i`.
    FileData = 3,
    /// The reference table (index 0).
    Reference = 4,
    /// The simulator's random placement policy (index 0).
    Placement = 5,
    /// The simulator's noisy estimates of task `i`'s duration and output
    /// size (index = the task's id): two uniforms, one Box–Muller pair.
    Estimate = 6,
}

/// The splitmix64 finaliser.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A splitmix64 generator.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// The stream for `purpose` and `index` under `seed`.
    pub fn stream(seed: u64, purpose: Purpose, index: u64) -> Self {
        let tag = ((purpose as u64) << 32).wrapping_add(index);
        SplitMix64 {
            state: mix(seed ^ mix(tag)),
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix(self.state)
    }

    /// A uniform f64 in [0, 1) with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform integer in `0..n` (`n > 0`): `floor(uniform() * n)`.
    pub fn below(&mut self, n: u32) -> u32 {
        ((self.uniform() * f64::from(n)) as u32).min(n - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..3)
            .map(|_| 0)
            .scan(SplitMix64::stream(42, Purpose::Pairs, 7), |g, _| {
                Some(g.next_u64())
            })
            .collect();
        let b: Vec<u64> = (0..3)
            .map(|_| 0)
            .scan(SplitMix64::stream(42, Purpose::Pairs, 7), |g, _| {
                Some(g.next_u64())
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(SplitMix64::stream(42, Purpose::Pairs, 8).next_u64(), a[0]);
        assert_ne!(SplitMix64::stream(43, Purpose::Pairs, 7).next_u64(), a[0]);
    }

    #[test]
    fn known_value_pins_the_definition() {
        // splitmix64 seeded with 0 yields 0xe220a8397b1dcdaf first (the reference value).
        let mut g = SplitMix64 { state: 0 };
        assert_eq!(g.next_u64(), 0xe220_a839_7b1d_cdaf);
    }

    #[test]
    fn uniform_is_in_unit_interval_and_below_in_range() {
        let mut g = SplitMix64::stream(1, Purpose::Latency, 0);
        for _ in 0..10_000 {
            let u = g.uniform();
            assert!((0.0..1.0).contains(&u));
            assert!(g.below(5) < 5);
        }
    }
}
