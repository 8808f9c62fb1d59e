//! Speedup curves: the makespan at 1, 2, 4, … workers for each policy.
//!
//! A sweep is dozens of simulations; [`Sweep`] does them a bounded amount of
//! work per [`Sweep::step`] (a slice of one [`Simulation`]), so a caller that
//! must stay responsive (the browser's engine worker) can report progress
//! and stop between two steps, even within one simulation of a large graph.
//! [`sweep`] runs all the steps at once.

use super::{PolicyKind, SimOptions, Simulation};
use crate::field::FieldError;
use crate::graph::Graph;
use serde::Serialize;
use std::ops::Deref;

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

/// A sweep in progress over a graph `G` (a `&Graph`, or a handle that
/// shares one): every policy at every worker count, one simulation after
/// the other. Speedups are relative to the policy's own 1-worker run (the
/// first simulation of each policy, shared with its 1-worker point).
pub struct Sweep<G> {
    graph: G,
    base: SimOptions,
    workers: Vec<u32>,
    policies: Vec<PolicyKind>,
    /// Simulations done so far.
    done: usize,
    /// The simulation in progress.
    current: Option<Simulation<G>>,
    /// The current policy's 1-worker makespan, once simulated.
    one: Option<f64>,
    points: Vec<SweepPoint>,
}

impl<G: Deref<Target = Graph> + Clone> Sweep<G> {
    /// A sweep of `graph` for `policies` × `workers` (other options from
    /// `base`, which is checked now).
    pub fn new(
        graph: G,
        base: &SimOptions,
        workers: &[u32],
        policies: &[PolicyKind],
    ) -> Result<Self, FieldError> {
        base.validate()?;
        for &w in workers {
            SimOptions {
                workers: w,
                ..base.clone()
            }
            .validate()?;
        }
        Ok(Sweep {
            graph,
            base: base.clone(),
            workers: workers.to_vec(),
            policies: policies.to_vec(),
            done: 0,
            current: None,
            one: None,
            points: Vec::with_capacity(workers.len() * policies.len()),
        })
    }

    /// Simulations per policy: its 1-worker run, then every worker count
    /// (the 1-worker point reuses that run).
    fn per_policy(&self) -> usize {
        1 + self.workers.iter().filter(|w| **w != 1).count()
    }

    /// How many simulations the whole sweep takes.
    pub fn total(&self) -> usize {
        self.per_policy() * self.policies.len()
    }

    /// How many are done.
    pub fn done(&self) -> usize {
        self.done
    }

    /// How far the simulation in progress is, 0 to 1.
    pub fn current(&self) -> f64 {
        self.current.as_ref().map_or(0.0, Simulation::progress)
    }

    /// True when every simulation is done.
    pub fn is_finished(&self) -> bool {
        self.done == self.total()
    }

    /// Does about `work` units of the current simulation (see
    /// [`Simulation::step`]; a simulation starts with the step that needs
    /// it). Returns whether the sweep is finished.
    pub fn step(&mut self, work: usize) -> bool {
        if self.is_finished() {
            return true;
        }
        let per_policy = self.per_policy();
        let policy = self.policies[self.done / per_policy];
        let within = self.done % per_policy;
        let workers = match within {
            0 => 1,
            _ => *self
                .workers
                .iter()
                .filter(|w| **w != 1)
                .nth(within - 1)
                .unwrap_or(&1),
        };
        if self.current.is_none() {
            let options = SimOptions {
                workers,
                policy,
                ..self.base.clone()
            };
            // Every worker count was validated in `new`; only a policy may
            // refuse the graph (genetic on a large one): it has no point.
            self.current = Simulation::new(self.graph.clone(), &options).ok();
        }
        let report = match self.current.as_mut().map(|sim| sim.step(work)) {
            Some(false) => return false,
            Some(true) => self.current.take().map(Simulation::finish),
            None => None,
        };
        if within == 0 {
            self.one = report.as_ref().map(|r| r.makespan_ms);
        }
        if let Some(r) = report.filter(|_| within > 0 || self.workers.contains(&1)) {
            self.push(policy, workers, &r);
        }
        self.done += 1;
        self.is_finished()
    }
    fn push(&mut self, policy: PolicyKind, workers: u32, r: &super::SimReport) {
        let one = self.one.unwrap_or(r.makespan_ms);
        self.points.push(SweepPoint {
            policy,
            workers,
            makespan_ms: r.makespan_ms,
            speedup: if r.makespan_ms > 0.0 {
                one / r.makespan_ms
            } else {
                1.0
            },
            bound: if r.bounds.span_ms > 0.0 {
                r.bounds.work_ms * f64::from(workers * self.base.threads_per_worker)
                    / r.bounds.span_ms
            } else {
                1.0
            },
        });
    }

    /// The points so far (all of them once finished), in policy order, then
    /// worker order.
    pub fn into_points(self) -> Vec<SweepPoint> {
        self.points
    }
}

/// Simulates `graph` for every policy at every worker count (other options
/// from `base`); speedups are relative to the policy's own 1-worker run.
pub fn sweep(
    graph: &Graph,
    base: &SimOptions,
    workers: &[u32],
    policies: &[PolicyKind],
) -> Result<Vec<SweepPoint>, FieldError> {
    let mut sweep = Sweep::new(graph, base, workers, policies)?;
    while !sweep.step(usize::MAX) {}
    Ok(sweep.into_points())
}
