//! Dask-like: ready tasks are ordered critical-path-first (our stand-in for
//! `dask.order`), and each goes to the worker where it would start earliest,
//! like distributed's `decide_worker`: the candidates are the workers holding
//! its inputs plus the least-loaded worker, scored by queued work per thread
//! plus the time to fetch the inputs it lacks. Idle workers steal, as
//! distributed's work stealing does.

use super::{least_loaded, Policy, View};
use crate::graph::TaskId;

/// See the module docs.
pub(super) struct DaskLike;

impl Policy for DaskLike {
    fn priority(&self, view: &View, task: TaskId, _ready_seq: u64) -> f64 {
        view.bottom_level[task.index()]
    }

    fn place(&mut self, view: &View, task: TaskId) -> Option<u32> {
        let deps = view.graph.deps(task);
        let start_on = |w: u32| {
            let fetch: f64 = deps
                .iter()
                .map(|d| {
                    view.network
                        .estimate_us(view.graph.bytes(*d), view.home[d.index()], w)
                })
                .sum();
            view.load_us[w as usize] / f64::from(view.threads_per_worker) + fetch
        };
        let mut best = least_loaded(view);
        let mut best_start = start_on(best);
        for d in deps {
            let w = view.home[d.index()];
            let s = start_on(w);
            if s < best_start || (s == best_start && w < best) {
                best = w;
                best_start = s;
            }
        }
        Some(best)
    }

    fn steals(&self) -> bool {
        true
    }
}
