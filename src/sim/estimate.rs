//! Information modes: what the scheduler knows of task durations and
//! output sizes, after ESTEE's (Beránek et al., "Analysis of workflow
//! schedulers in simulated distributed environments", 2022: exact, user,
//! mean). Every policy is given the graph as it *believes* it — the same
//! tasks and edges with estimated durations and sizes: its priorities, its
//! placements, the loads it balances, the transfers it expects, its
//! stealing and its searches all use the estimates — while the simulation
//! runs on the real graph: a task holds its thread for its real duration
//! and a transfer moves the real bytes.
//!
//! - `exact`: the real values (no believed copy is made).
//! - `noisy`: task `i`'s duration `d` and output size `b` become
//!   `d · exp(σ · Z₁)` and `round(b · exp(σ · Z₂))`, a log-normal factor of
//!   median 1 each. `(Z₁, Z₂)` is a standard normal pair drawn by Box–Muller
//!   from two uniforms `u₁, u₂` of the task's own stream
//!   `(seed, Purpose::Estimate, i)`: `r = √(−2 ln(1 − u₁))`,
//!   `Z₁ = r cos 2πu₂`, `Z₂ = r sin 2πu₂`. ESTEE's `user` mode gives the
//!   scheduler the mean of the distribution the real duration was drawn
//!   from; here the real value is given and the estimate drawn around it.
//! - `prefix-mean`: every task's duration and output size are the means
//!   over its prefix (its task group), as a scheduler that learns per task
//!   group knows them (Dask's per-prefix averages); ESTEE's `mean` is the
//!   same over the whole graph. Means are taken relative to the prefix's
//!   first task, `d₀ + Σ (d − d₀) / n`, so a prefix of equal durations gets
//!   exactly that duration; sizes are rounded to the nearest byte.
//!
//! O(tasks) time, and one copy of the graph in the modes that estimate.

use super::{Information, SimOptions};
use crate::graph::Graph;
use crate::prng::{Purpose, SplitMix64};

/// The graph as the scheduler believes it under `options.information`, or
/// `None` when it knows the real values.
pub(super) fn believed(graph: &Graph, options: &SimOptions) -> Option<Graph> {
    match options.information {
        Information::Exact => None,
        Information::Noisy => Some(noisy(graph, options.noise, options.seed)),
        Information::PrefixMean => Some(prefix_mean(graph)),
    }
}

/// Every duration and size times its own log-normal factor of σ `sigma`.
fn noisy(graph: &Graph, sigma: f64, seed: u64) -> Graph {
    let (durations, bytes) = graph
        .ids()
        .map(|id| {
            let mut rng = SplitMix64::stream(seed, Purpose::Estimate, u64::from(id.0));
            let (z1, z2) = normal_pair(&mut rng);
            (
                graph.duration_ms(id) * (sigma * z1).exp(),
                scaled(graph.bytes(id), (sigma * z2).exp()),
            )
        })
        .unzip();
    graph.with_costs(durations, bytes)
}

/// Two independent standard normal draws (Box–Muller).
fn normal_pair(rng: &mut SplitMix64) -> (f64, f64) {
    let r = (-2.0 * (1.0 - rng.uniform()).ln()).sqrt();
    let angle = std::f64::consts::TAU * rng.uniform();
    (r * angle.cos(), r * angle.sin())
}

/// `bytes × factor`, to the nearest byte (unchanged for a factor of 1, so
/// sizes past 2⁵³ stay exact).
fn scaled(bytes: u64, factor: f64) -> u64 {
    if factor == 1.0 {
        bytes
    } else {
        (bytes as f64 * factor).round() as u64
    }
}

/// Every duration and size replaced by the mean over its prefix.
fn prefix_mean(graph: &Graph) -> Graph {
    #[derive(Clone, Copy, Default)]
    struct Sums {
        count: u64,
        first_ms: f64,
        /// Σ (d − first).
        deviation_ms: f64,
        bytes: u128,
    }
    let mut sums = vec![Sums::default(); graph.prefixes().len()];
    for id in graph.ids() {
        let s = &mut sums[graph.prefix_index(id)];
        if s.count == 0 {
            s.first_ms = graph.duration_ms(id);
        }
        s.count += 1;
        s.deviation_ms += graph.duration_ms(id) - s.first_ms;
        s.bytes += u128::from(graph.bytes(id));
    }
    let means: Vec<(f64, u64)> = sums
        .iter()
        .map(|s| {
            let n = s.count.max(1);
            let ms = (s.first_ms + s.deviation_ms / n as f64).max(0.0);
            let bytes = (s.bytes + u128::from(n / 2)) / u128::from(n);
            (ms, u64::try_from(bytes).unwrap_or(u64::MAX))
        })
        .collect();
    let (durations, bytes) = graph.ids().map(|id| means[graph.prefix_index(id)]).unzip();
    graph.with_costs(durations, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{GraphBuilder, TaskId};

    fn graph() -> Graph {
        let mut b = GraphBuilder::new();
        let a = b.add("a", 0, &[], 1.0, 10);
        let a2 = b.add("a", 1, &[], 2.0, 21);
        b.add("c", 0, &[a, a2], 0.1, 7);
        b.add("c", 1, &[a], 0.1, 7);
        b.add("c", 2, &[a2], 0.1, 7);
        b.finish()
    }

    fn costs(g: &Graph) -> Vec<(f64, u64)> {
        g.ids().map(|id| (g.duration_ms(id), g.bytes(id))).collect()
    }

    #[test]
    fn prefix_means_are_exact_for_equal_values_and_rounded_sizes() {
        let g = graph();
        let believed = prefix_mean(&g);
        assert_eq!(
            costs(&believed),
            [(1.5, 16), (1.5, 16), (0.1, 7), (0.1, 7), (0.1, 7)]
        );
        assert_eq!(believed.deps(TaskId(2)), g.deps(TaskId(2)));
    }

    #[test]
    fn noise_zero_is_exact_and_noise_is_seeded_per_task() {
        let g = graph();
        assert_eq!(costs(&noisy(&g, 0.0, 7)), costs(&g));
        let a = costs(&noisy(&g, 0.5, 7));
        assert_eq!(a, costs(&noisy(&g, 0.5, 7)));
        assert_ne!(a, costs(&noisy(&g, 0.5, 8)));
        assert!(a
            .iter()
            .zip(costs(&g))
            .all(|(e, r)| e.0 != r.0 && e.0 > 0.0));
    }

    #[test]
    fn box_muller_draws_look_standard_normal() {
        let (mut sum, mut squares, n) = (0.0, 0.0, 20_000);
        for i in 0..n {
            let (a, b) = normal_pair(&mut SplitMix64::stream(1, Purpose::Estimate, i));
            sum += a + b;
            squares += a * a + b * b;
        }
        let (mean, var) = (sum / (2 * n) as f64, squares / (2 * n) as f64);
        assert!(
            mean.abs() < 0.03 && (var - 1.0).abs() < 0.05,
            "{mean} {var}"
        );
    }
}
