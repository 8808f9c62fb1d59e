//! Dask-like: ready tasks are ordered critical-path-first (our stand-in for
//! `dask.order`), and each goes to the worker where it would start earliest,
//! like distributed's `decide_worker`: the candidates are the workers holding
//! its inputs plus the least-loaded worker, scored by queued work per thread
//! plus the time to fetch the inputs it lacks. Idle workers steal, as
//! distributed's work stealing does.

use super::stealing::IdleStealing;
use super::{Policy, View};
use crate::graph::TaskId;

/// Holders of inputs considered per task (the first ones met), as
/// `decide_worker` limits its candidates; keeps placement O(inputs).
const MAX_CANDIDATES: usize = 16;

/// See the module docs.
pub(super) struct DaskLike {
    stealing: IdleStealing,
}

impl DaskLike {
    /// The policy for `workers` workers.
    pub(super) fn new(workers: u32) -> Self {
        DaskLike {
            stealing: IdleStealing::new(workers),
        }
    }
}

impl Policy for DaskLike {
    fn priority(&self, view: &View, task: TaskId, _ready_seq: u32) -> f64 {
        view.bottom_level(task)
    }

    fn place(&mut self, view: &mut View, task: TaskId) -> Option<u32> {
        let idle = view.least_loaded();
        if view.network.is_free() {
            // Inputs cost nothing to move: the least-loaded worker starts earliest.
            return Some(idle);
        }
        // Input bytes and count already on each holder, in one pass.
        let deps = view.graph.deps(task);
        let mut held = [(0u32, 0u64, 0u32); MAX_CANDIDATES];
        let mut holders = 0;
        let (mut total_bytes, total) = (0u64, deps.len() as u32);
        for &d in deps {
            let (home, bytes) = (view.home(d), view.graph.bytes(d));
            total_bytes += bytes;
            if let Some(h) = held[..holders].iter_mut().find(|h| h.0 == home) {
                h.1 += bytes;
                h.2 += 1;
            } else if holders < MAX_CANDIDATES {
                held[holders] = (home, bytes, 1);
                holders += 1;
            }
        }
        let held = &held[..holders];
        let start_on = |w: u32, bytes_there: u64, count_there: u32| {
            view.load_us(w) / f64::from(view.threads_per_worker)
                + view
                    .network
                    .estimate_us(total_bytes - bytes_there, total - count_there)
        };
        let here = held
            .iter()
            .find(|h| h.0 == idle)
            .map_or((0, 0), |h| (h.1, h.2));
        let mut best = (start_on(idle, here.0, here.1), idle);
        for &(w, bytes, count) in held {
            let candidate = (start_on(w, bytes, count), w);
            if candidate.0 < best.0 || (candidate.0 == best.0 && candidate.1 < best.1) {
                best = candidate;
            }
        }
        Some(best.1)
    }

    fn steals(&self) -> bool {
        true
    }

    fn queue_changed(&mut self, worker: u32, len: usize) {
        self.stealing.queue_changed(worker, len);
    }

    fn steal(&mut self, _view: &mut View, _thief: u32) -> Option<u32> {
        Some(self.stealing.victim())
    }
}
