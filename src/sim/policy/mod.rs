//! Scheduling policies. The event loop (`engine`) owns time, workers, the
//! network and the trace; a policy only answers three questions:
//!
//! 1. [`Policy::priority`] — among ready tasks, which first (larger first)?
//! 2. [`Policy::place`] — on which worker does a task that just became ready
//!    wait, or does it stay in the global queue for the next free thread?
//! 3. [`Policy::steal`] — from whose queue does a worker with a free thread
//!    and nothing to run take a task? A policy that steals hands the engine
//!    its [`stealing::IdleStealing`] ([`Policy::stealing`]); the default
//!    `steal` then names the longest queue. Without one, no one steals.
//!
//! Adding a policy means adding one file here, one arm in [`make`] and one
//! name in `PolicyKind`.

mod b_level;
mod camp;
mod dask_like;
mod dls;
mod eager_stealing;
mod earliest;
mod etf;
mod fifo;
mod genetic;
mod greedy_transfer;
mod levels;
mod linear_clustering;
mod mcp;
mod pairs;
mod random;
mod single;
mod stealing;
mod t_level;
mod work_stealing;

use super::cluster::{IdleSet, Ranking, Worker};
use super::network::Network;
use super::tasks::Tasks;
use super::{PolicyKind, SimOptions};
use crate::graph::{Graph, TaskId};
use b_level::LevelList;
use stealing::IdleStealing;

/// What the event loop shows a policy.
pub(super) struct View<'a> {
    /// The graph being simulated.
    pub graph: &'a Graph,
    /// Every task's state (bottom level, home worker).
    pub tasks: &'a Tasks,
    /// Work queued or running on each worker, µs.
    pub loads: &'a mut Ranking,
    /// Threads per worker.
    pub threads_per_worker: u32,
    /// The network, for transfer estimates.
    pub network: &'a Network,
    /// The workers with a free thread.
    pub idle: &'a IdleSet,
    /// The simulated time, µs.
    pub now_us: f64,
    /// Every worker (its free threads).
    pub workers: &'a [Worker],
}

impl View<'_> {
    /// Longest chain of durations from `task` to a sink, ms.
    pub fn bottom_level(&self, task: TaskId) -> f64 {
        self.tasks.get(task).bottom_level_ms
    }

    /// The worker holding `task`'s output (only meaningful once it finished,
    /// which holds for every dependency of a ready task).
    pub fn home(&self, task: TaskId) -> u32 {
        self.tasks.get(task).home
    }

    /// Whether worker `w` has the free threads `task` needs now.
    pub fn fits(&self, w: u32, task: TaskId) -> bool {
        self.workers[w as usize].free_slots.len() as u32 >= self.graph.threads(task)
    }

    /// Number of workers.
    pub fn workers(&self) -> u32 {
        self.loads.as_slice().len() as u32
    }

    /// Work queued or running on worker `w`, µs.
    pub fn load_us(&self, w: u32) -> f64 {
        self.loads.as_slice()[w as usize]
    }

    /// The worker with the least work queued or running (lowest index on
    /// ties). O(log P) per worker whose load changed since the last call;
    /// policies that never ask pay nothing.
    pub fn least_loaded(&mut self) -> u32 {
        self.loads.least()
    }
}

/// A scheduling policy; see the module docs.
pub(super) trait Policy {
    /// Priority of ready `task` (larger runs first); `ready_seq` counts tasks
    /// in the order they became ready.
    fn priority(&self, view: &View, task: TaskId, ready_seq: u32) -> f64;
    /// The worker whose queue `task` joins, or `None` for the global queue.
    fn place(&mut self, view: &mut View, task: TaskId) -> Option<u32>;
    /// The policy's stealing state if idle workers may steal (only then
    /// does the engine call [`Policy::queue_changed`] and [`Policy::steal`]).
    fn stealing(&mut self) -> Option<&mut IdleStealing> {
        None
    }
    /// `worker`'s queue (tasks placed there whose inputs arrived) now holds `len` tasks.
    fn queue_changed(&mut self, worker: u32, len: usize) {
        if let Some(stealing) = self.stealing() {
            stealing.queue_changed(worker, len);
        }
    }
    /// The worker whose queue `thief` — a free thread, its own queue and the
    /// global queue empty — takes its next task from; `None`: it stays idle.
    /// Default: the longest queue.
    fn steal(&mut self, _view: &mut View, _thief: u32) -> Option<u32> {
        self.stealing().map(|s| s.victim())
    }
    /// Whether tasks that become ready together are placed in the order
    /// [`Policy::next_ready`] chooses (else in the order they became ready).
    fn orders_batches(&self) -> bool {
        false
    }
    /// The index in `batch` (tasks that became ready together, not placed
    /// yet) of the task to place next; `fresh` on the first call for a
    /// batch. The policy may reorder `batch`; the engine then removes the
    /// index by swapping the last entry into it.
    fn next_ready(&mut self, _view: &mut View, _batch: &mut [TaskId], _fresh: bool) -> usize {
        0
    }
    /// Whether tasks of the global queue go to the worker [`Policy::pick`]
    /// names (else the next free thread takes the highest-priority one).
    fn picks(&self) -> bool {
        false
    }
    /// The worker with the free threads `task` needs ([`View::fits`]) that
    /// runs it, the highest-priority task of the global queue; `None`: none
    /// for now.
    fn pick(&mut self, _view: &mut View, _task: TaskId) -> Option<u32> {
        None
    }
}

/// A policy that works before the run — genetic's search over schedules,
/// LC's chains — in bounded steps, so a caller can stop between two.
pub(super) trait Preparing {
    /// Works on the preparation until `left` units are spent (at least
    /// one piece of work: a task, an edge, a candidate schedule); true once
    /// the policy is ready. `graph` and `tasks` are the ones [`make`] was given.
    fn step(
        &mut self,
        graph: &Graph,
        tasks: &Tasks,
        options: &SimOptions,
        left: &mut usize,
    ) -> bool;
    /// How far the preparation is, 0 to 1.
    fn progress(&self) -> f64;
    /// The share of the whole simulation's progress the preparation stands for.
    fn share(&self) -> f64;
    /// The policy (once [`Preparing::step`] said it is ready).
    fn into_policy(self: Box<Self>) -> Box<dyn Policy>;
}

/// A policy [`make`] made: ready, or to prepare first.
pub(super) enum Made {
    Ready(Box<dyn Policy>),
    Preparing(Box<dyn Preparing>),
}

/// Why `policy` does not take `graph`, if it does not: the search policies
/// take small graphs only.
pub(super) fn refusal(graph: &Graph, policy: PolicyKind) -> Option<String> {
    match policy {
        PolicyKind::Genetic if graph.len() > genetic::MAX_GENETIC_TASKS => Some(format!(
            "genetic simulates 2,500 candidate schedules and takes graphs of at most {} tasks, got {}",
            genetic::MAX_GENETIC_TASKS,
            graph.len()
        )),
        PolicyKind::Camp => camp::refusal(graph),
        _ => None,
    }
}

/// The policy `options` name for `graph` (whose per-task costs are in
/// `tasks`), seeded with `options.seed` where it draws random numbers;
/// genetic and LC prepare first, in steps.
pub(super) fn make(graph: &Graph, tasks: &Tasks, options: &SimOptions) -> Made {
    let workers = options.workers;
    Made::Ready(match options.policy {
        PolicyKind::DaskLike => Box::new(dask_like::DaskLike::new(workers)),
        PolicyKind::WorkStealing => Box::new(work_stealing::WorkStealing::new(workers)),
        PolicyKind::BLevel => Box::new(LevelList::b_level(false)),
        PolicyKind::BLevelGt => Box::new(LevelList::b_level(true)),
        PolicyKind::TLevel => Box::new(LevelList::t_level(graph, tasks, false)),
        PolicyKind::TLevelGt => Box::new(LevelList::t_level(graph, tasks, true)),
        PolicyKind::Mcp => Box::new(mcp::Mcp::new(graph, tasks, options.bandwidth_mb_s)),
        PolicyKind::Etf => Box::new(pairs::PairScheduler::new(etf::EarliestTime)),
        PolicyKind::Dls => Box::new(pairs::PairScheduler::new(dls::DynamicLevel::new(
            graph, tasks,
        ))),
        PolicyKind::Single => Box::new(single::Single),
        PolicyKind::WorkStealingEager => {
            Box::new(eager_stealing::EagerStealing::new(workers, options.seed))
        }
        PolicyKind::Lc => {
            let clustering =
                linear_clustering::Clustering::new(graph, workers, options.bandwidth_mb_s);
            return Made::Preparing(Box::new(clustering));
        }
        PolicyKind::Genetic => {
            return Made::Preparing(Box::new(genetic::Search::new(graph, tasks, options)));
        }
        PolicyKind::Camp => Box::new(camp::Camp::new(graph, tasks, options)),
        PolicyKind::Random => Box::new(random::Random::new(options.seed)),
        PolicyKind::Fifo => Box::new(fifo::Fifo),
    })
}
