//! [`Simulation`]: one simulation run in steps, so a caller that must stay
//! responsive (the browser's engine worker) can report how far it is and
//! stop it between two steps. A step handles a bounded amount of work: the
//! event loop's events and task placements (`engine`), or what a policy
//! prepares before the run ([`policy::Preparing`]: LC's chains task by
//! task, the genetic policy's candidate schedules, each a whole simulation
//! of a graph of at most 2,000 tasks). The report does not depend on how
//! the work was sliced.

use super::engine::Sim;
use super::estimate;
use super::policy::{self, Made, Preparing};
use super::tasks::Tasks;
use super::{Bounds, SimOptions, SimReport};
use crate::field::FieldError;
use crate::graph::Graph;
use std::ops::Deref;

/// A simulation in progress over a graph `G` (a `&Graph`, or a handle that
/// shares one).
pub struct Simulation<G> {
    graph: G,
    options: SimOptions,
    /// What the policy prepares, until it is ready, with the initial state
    /// and the graph it believes (`None`: `graph`).
    prepare: Option<(Box<dyn Preparing>, Tasks, Option<Graph>)>,
    /// The share of the progress the preparation stood for (0: none).
    prepared: f64,
    sim: Option<Sim<G>>,
    over: bool,
}

impl<G: Deref<Target = Graph> + Clone> Simulation<G> {
    /// The simulation of `graph` under `options`; errors name the field at
    /// fault (`policy` when genetic is asked for a graph too large for it).
    pub fn new(graph: G, options: &SimOptions) -> Result<Self, FieldError> {
        options.validate()?;
        super::fits_threads(&graph, options.threads_per_worker)?;
        if let Some(why) = policy::refusal(&graph, options.policy) {
            return Err(FieldError::new("policy", why));
        }
        let believed = estimate::believed(&graph, options);
        let seen = believed.as_ref().unwrap_or(&graph);
        let tasks = Tasks::new(seen, options.overhead_us, options.time_scale);
        let (prepare, sim) = match policy::make(seen, &tasks, options) {
            Made::Ready(policy) => {
                let sim = Sim::new(graph.clone(), believed, options, tasks, policy);
                (None, Some(sim))
            }
            Made::Preparing(prepare) => (Some((prepare, tasks, believed)), None),
        };
        Ok(Simulation {
            graph,
            options: options.clone(),
            prepare,
            prepared: 0.0,
            sim,
            over: false,
        })
    }

    /// Does about `work` units of work (events, task placements; tasks
    /// and edges of a policy's preparation; a genetic candidate costs its
    /// graph's task count), at least one; true once the simulation is over.
    pub fn step(&mut self, work: usize) -> bool {
        let mut left = work.max(1);
        if let Some((prepare, tasks, believed)) = &mut self.prepare {
            let seen = believed.as_ref().unwrap_or(&self.graph);
            if !prepare.step(seen, tasks, &self.options, &mut left) {
                return false;
            }
            if let Some((prepare, tasks, believed)) = self.prepare.take() {
                self.prepared = prepare.share();
                let policy = prepare.into_policy();
                let sim = Sim::new(self.graph.clone(), believed, &self.options, tasks, policy);
                self.sim = Some(sim);
            }
        }
        if let Some(sim) = &mut self.sim {
            self.over = sim.step(left);
        }
        self.over
    }

    /// How far the simulation is, 0 to 1: the policy's preparation (the
    /// genetic policy's candidates scored, LC's tasks clustered), then tasks
    /// placed and started so far.
    pub fn progress(&self) -> f64 {
        match (&self.prepare, &self.sim) {
            (Some((prepare, _, _)), _) => prepare.share() * prepare.progress(),
            (None, Some(sim)) => self.prepared + (1.0 - self.prepared) * sim.progress(),
            (None, None) => 1.0,
        }
    }

    /// Runs what is left of the simulation and returns its report.
    pub fn finish(mut self) -> SimReport {
        while !self.step(usize::MAX) {}
        let graph = self.graph;
        let options = &self.options;
        let outcome = self
            .sim
            .expect("a simulation that is over has run its event loop")
            .finish();
        let stats = graph.stats();
        let threads = f64::from(options.workers * options.threads_per_worker);
        let work_ms = super::thread_work_ms(&graph, stats.work_ms) * options.time_scale;
        let span_ms = stats.span_ms * options.time_scale;
        let makespan_ms = outcome.trace.makespan_us() / 1e3;
        let busy_ms: f64 = outcome.busy_us.iter().sum::<f64>() / 1e3;
        SimReport {
            policy: options.policy,
            network: options.network,
            workers: options.workers,
            threads_per_worker: options.threads_per_worker,
            makespan_ms,
            utilisation: if makespan_ms > 0.0 {
                busy_ms / (threads * makespan_ms)
            } else {
                0.0
            },
            busy_ms_per_worker: outcome.busy_us.iter().map(|b| b / 1e3).collect(),
            bounds: Bounds {
                work_ms: work_ms / threads,
                span_ms,
                lower_ms: (work_ms / threads).max(span_ms),
            },
            transfers: outcome.transfers,
            transferred_bytes: outcome.transferred_bytes,
            transfer_log: outcome.transfer_log,
            trace: outcome.trace,
        }
    }
}
