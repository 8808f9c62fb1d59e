//! Speedup curves: the makespan at 1, 2, 4, … workers for each policy.

use super::{simulate, PolicyKind, SimOptions};
use crate::field::FieldError;
use crate::graph::Graph;
use serde::Serialize;

/// The worker counts of a full sweep: 1, 2, 4, …, 256.
pub const SWEEP_WORKERS: [u32; 9] = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/// One point of a speedup curve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepPoint {
    /// The policy.
    pub policy: PolicyKind,
    /// Number of workers.
    pub workers: u32,
    /// Simulated makespan, ms.
    pub makespan_ms: f64,
    /// Makespan on one worker ÷ this makespan.
    pub speedup: f64,
    /// The critical-path bound on the speedup: work / span.
    pub bound: f64,
}

/// Simulates `graph` for every policy at every worker count (other options
/// from `base`); speedups are relative to the policy's own 1-worker run.
pub fn sweep(
    graph: &Graph,
    base: &SimOptions,
    workers: &[u32],
    policies: &[PolicyKind],
) -> Result<Vec<SweepPoint>, FieldError> {
    let mut points = Vec::with_capacity(workers.len() * policies.len());
    for &policy in policies {
        let one = simulate(
            graph,
            &SimOptions {
                workers: 1,
                policy,
                ..base.clone()
            },
        )?
        .makespan_ms;
        for &w in workers {
            let r = simulate(
                graph,
                &SimOptions {
                    workers: w,
                    policy,
                    ..base.clone()
                },
            )?;
            points.push(SweepPoint {
                policy,
                workers: w,
                makespan_ms: r.makespan_ms,
                speedup: if r.makespan_ms > 0.0 {
                    one / r.makespan_ms
                } else {
                    1.0
                },
                bound: if r.bounds.span_ms > 0.0 {
                    r.bounds.work_ms * f64::from(w * base.threads_per_worker) / r.bounds.span_ms
                } else {
                    1.0
                },
            });
        }
    }
    Ok(points)
}
