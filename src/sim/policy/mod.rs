//! Scheduling policies. The event loop (`engine`) owns time, workers, the
//! network and the trace; a policy only answers three questions:
//!
//! 1. [`Policy::priority`] — among ready tasks, which first (larger first)?
//! 2. [`Policy::place`] — on which worker does a task that just became ready
//!    wait, or does it stay in the global queue for the next free thread?
//! 3. [`Policy::steals`] — may an idle worker take queued work from the busiest?
//!
//! Adding a policy means adding one file here and one arm in [`make`].

mod b_level;
mod dask_like;
mod fifo;
mod random;
mod work_stealing;

use super::network::Network;
use super::PolicyKind;
use crate::graph::{Graph, TaskId};

/// What the event loop shows a policy.
pub(super) struct View<'a> {
    /// The graph being simulated.
    pub graph: &'a Graph,
    /// Bottom level of every task (longest duration chain to a sink), ms.
    pub bottom_level: &'a [f64],
    /// Home worker of every finished task's output (`u32::MAX` before).
    pub home: &'a [u32],
    /// Work queued or running on each worker, µs.
    pub load_us: &'a [f64],
    /// Threads per worker.
    pub threads_per_worker: u32,
    /// The network, for transfer estimates.
    pub network: &'a Network,
}

/// A scheduling policy; see the module docs.
pub(super) trait Policy {
    /// Priority of ready `task` (larger runs first); `ready_seq` counts tasks
    /// in the order they became ready.
    fn priority(&self, view: &View, task: TaskId, ready_seq: u64) -> f64;
    /// The worker whose queue `task` joins, or `None` for the global queue.
    fn place(&mut self, view: &View, task: TaskId) -> Option<u32>;
    /// Whether idle workers steal queued tasks from the busiest worker.
    fn steals(&self) -> bool {
        false
    }
}

/// The policy of `kind`, seeded with `seed` where it draws random numbers.
pub(super) fn make(kind: PolicyKind, seed: u64) -> Box<dyn Policy> {
    match kind {
        PolicyKind::DaskLike => Box::new(dask_like::DaskLike),
        PolicyKind::WorkStealing => Box::new(work_stealing::WorkStealing::default()),
        PolicyKind::BLevel => Box::new(b_level::BLevel),
        PolicyKind::Random => Box::new(random::Random::new(seed)),
        PolicyKind::Fifo => Box::new(fifo::Fifo),
    }
}

/// The worker with the least queued work per thread (lowest index on ties).
fn least_loaded(view: &View) -> u32 {
    let mut best = 0;
    for (w, load) in view.load_us.iter().enumerate() {
        if *load < view.load_us[best] {
            best = w;
        }
    }
    best as u32
}
