//! Every scheduler under every network model on one graph and cluster, as
//! in the ESTEE paper's figures: each makespan normalised by the lower
//! bound (work / threads or the critical path), so 1.0 is a schedule no
//! policy can beat.

use super::{NetworkKind, PolicyKind, SimOptions, SimReport, Simulation};
use crate::field::FieldError;
use crate::graph::Graph;
use serde::Serialize;
use std::ops::Deref;

/// One cell of a comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CompareCell {
    /// The policy.
    pub policy: PolicyKind,
    /// The network model (`None`: transfers are free).
    pub network: Option<NetworkKind>,
    /// Simulated makespan, ms; `None` when the policy does not take this
    /// graph (`skipped` says why).
    pub makespan_ms: Option<f64>,
    /// Makespan ÷ lower bound.
    pub normalised: Option<f64>,
    /// Why the policy did not run, if it did not.
    pub skipped: Option<String>,
}

impl CompareCell {
    /// The cell of `report`.
    fn of(report: &SimReport, network: Option<NetworkKind>) -> Self {
        let lower_ms = report.bounds.lower_ms;
        CompareCell {
            policy: report.policy,
            network,
            makespan_ms: Some(report.makespan_ms),
            normalised: Some(if lower_ms > 0.0 {
                report.makespan_ms / lower_ms
            } else {
                1.0
            }),
            skipped: None,
        }
    }
}

/// A comparison in progress over a graph `G` (a `&Graph`, or a handle that
/// shares one): every policy under every network model, one simulation
/// after the other, a bounded amount of work per [`Comparison::step`].
pub struct Comparison<G> {
    graph: G,
    base: SimOptions,
    /// Every cell's policy and network, in order.
    plan: Vec<(PolicyKind, Option<NetworkKind>)>,
    current: Option<Simulation<G>>,
    lower_ms: f64,
    cells: Vec<CompareCell>,
}

impl<G: Deref<Target = Graph> + Clone> Comparison<G> {
    /// A comparison on `graph` of every policy of `policies` and, when
    /// `base` has a bandwidth, every network model (else on the free
    /// network); other options from `base`, which is checked now.
    pub fn new(graph: G, base: &SimOptions, policies: &[PolicyKind]) -> Result<Self, FieldError> {
        base.validate()?;
        let networks: Vec<Option<NetworkKind>> = if base.bandwidth_mb_s.is_some() {
            NetworkKind::ALL.into_iter().map(Some).collect()
        } else {
            vec![None]
        };
        let plan: Vec<_> = policies
            .iter()
            .flat_map(|&p| networks.iter().map(move |&n| (p, n)))
            .collect();
        Ok(Comparison {
            graph,
            base: base.clone(),
            cells: Vec::with_capacity(plan.len()),
            plan,
            current: None,
            lower_ms: 0.0,
        })
    }

    /// Cells (simulations) done.
    pub fn done(&self) -> usize {
        self.cells.len()
    }

    /// Cells in the whole comparison.
    pub fn total(&self) -> usize {
        self.plan.len()
    }

    /// How far the simulation in progress is, 0 to 1.
    pub fn current(&self) -> f64 {
        self.current.as_ref().map_or(0.0, Simulation::progress)
    }

    /// The lower bound on any makespan, ms (0 until a simulation is done).
    pub fn lower_ms(&self) -> f64 {
        self.lower_ms
    }

    /// Does about `work` units of the current simulation (see
    /// [`Simulation::step`]); returns whether every cell is done.
    pub fn step(&mut self, work: usize) -> bool {
        let Some(&(policy, network)) = self.plan.get(self.cells.len()) else {
            return true;
        };
        let sim = match self.current.take() {
            Some(sim) => sim,
            None => {
                let options = SimOptions {
                    policy,
                    network: network.unwrap_or_default(),
                    ..self.base.clone()
                };
                // `base` was checked: only a policy refuses a graph (genetic on a big one).
                match Simulation::new(self.graph.clone(), &options) {
                    Ok(sim) => sim,
                    Err(e) => {
                        self.cells.push(CompareCell {
                            policy,
                            network,
                            makespan_ms: None,
                            normalised: None,
                            skipped: Some(e.message),
                        });
                        return self.cells.len() == self.plan.len();
                    }
                }
            }
        };
        let mut sim = sim;
        if !sim.step(work) {
            self.current = Some(sim);
            return false;
        }
        let report = sim.finish();
        self.lower_ms = report.bounds.lower_ms;
        self.cells.push(CompareCell::of(&report, network));
        self.cells.len() == self.plan.len()
    }

    /// The lower bound (ms) and the cells so far (all once done), policy by policy.
    pub fn into_cells(self) -> (f64, Vec<CompareCell>) {
        (self.lower_ms, self.cells)
    }
}

/// Simulates `graph` under every policy of `policies` and, when `base` has
/// a bandwidth, every network model (else on the free network); other
/// options from `base`. Returns the lower bound (ms) and the cells, policy
/// by policy.
pub fn compare(
    graph: &Graph,
    base: &SimOptions,
    policies: &[PolicyKind],
) -> Result<(f64, Vec<CompareCell>), FieldError> {
    let mut comparison = Comparison::new(graph, base, policies)?;
    while !comparison.step(usize::MAX) {}
    Ok(comparison.into_cells())
}
