//! [`Simulation`]: one simulation run in steps, so a caller that must stay
//! responsive (the browser's engine worker) can report how far it is and
//! stop it between two steps. A step handles a bounded amount of work: the
//! event loop's events and task placements (`engine`), or the genetic
//! policy's candidate schedules (each a whole simulation of a graph of at
//! most 2,000 tasks). The report does not depend on how the
//! work was sliced.

use super::engine::Sim;
use super::estimate;
use super::policy::{self, Search};
use super::tasks::Tasks;
use super::{Bounds, PolicyKind, SimOptions, SimReport};
use crate::field::FieldError;
use crate::graph::Graph;
use std::ops::Deref;

/// Share of the progress the genetic policy's search stands for (its
/// final simulation is one of 2,500).
const SEARCH_SHARE: f64 = 0.99;

/// A simulation in progress over a graph `G` (a `&Graph`, or a handle that
/// shares one).
pub struct Simulation<G> {
    graph: G,
    options: SimOptions,
    /// The genetic policy's search, until it is over, with the initial
    /// state and the graph it believes (`None`: `graph`).
    search: Option<(Box<Search>, Tasks, Option<Graph>)>,
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
        let (search, sim) = match policy::make(seen, &tasks, options) {
            Some(policy) => {
                let sim = Sim::new(graph.clone(), believed, options, tasks, policy);
                (None, Some(sim))
            }
            None => {
                let search = Box::new(Search::new(seen, &tasks, options));
                (Some((search, tasks, believed)), None)
            }
        };
        Ok(Simulation {
            graph,
            options: options.clone(),
            search,
            sim,
            over: false,
        })
    }

    /// Does about `work` units of work (events, task placements; a genetic
    /// candidate costs its graph's task count), at least one; true once the
    /// simulation is over.
    pub fn step(&mut self, work: usize) -> bool {
        let mut left = work.max(1);
        if let Some((search, _, believed)) = &mut self.search {
            let seen = believed.as_ref().unwrap_or(&self.graph);
            if !search.step(seen, &self.options, &mut left) {
                return false;
            }
            if let Some((search, tasks, believed)) = self.search.take() {
                let policy = search.into_policy();
                let sim = Sim::new(self.graph.clone(), believed, &self.options, tasks, policy);
                self.sim = Some(sim);
            }
        }
        if let Some(sim) = &mut self.sim {
            self.over = sim.step(left);
        }
        self.over
    }

    /// How far the simulation is, 0 to 1: tasks placed and started (and
    /// the genetic policy's candidates scored) so far.
    pub fn progress(&self) -> f64 {
        match (&self.search, &self.sim) {
            (Some((search, _, _)), _) => SEARCH_SHARE * search.progress(),
            (None, Some(sim)) if self.options.policy == PolicyKind::Genetic => {
                SEARCH_SHARE + (1.0 - SEARCH_SHARE) * sim.progress()
            }
            (None, Some(sim)) => sim.progress(),
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
