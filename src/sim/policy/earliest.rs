//! Where a task would start earliest: the workers holding its inputs plus
//! the least-loaded worker, each scored by its queued and running work per
//! thread plus the estimated time to fetch the inputs it lacks (on an idle
//! network). Dask's `decide_worker`, and the processor choice of MCP, ETF and
//! DLS. O(inputs) per task.

use super::View;
use crate::graph::TaskId;

/// Holders of inputs considered per task (the first ones met), as
/// `decide_worker` limits its candidates; keeps placement O(inputs).
const MAX_CANDIDATES: usize = 16;

/// The workers holding a task's inputs: per holder, the bytes the task
/// reads there and the number of inputs it has (the first [`MAX_CANDIDATES`] holders met).
pub(super) struct Holders {
    held: [(u32, u64, u32); MAX_CANDIDATES],
    len: usize,
    /// All input bytes and inputs of the task.
    pub total_bytes: u64,
    pub total: u32,
}

impl Holders {
    /// The holders of `task`'s inputs, in one pass over them (inlined: the
    /// result is built where the caller keeps it, not copied there).
    #[inline(always)]
    pub(super) fn of(view: &View, task: TaskId) -> Self {
        let deps = view.graph.deps(task);
        let read = view.graph.read_sizes(task);
        let mut h = Holders {
            held: [(0, 0, 0); MAX_CANDIDATES],
            len: 0,
            total_bytes: 0,
            total: deps.len() as u32,
        };
        for (i, &d) in deps.iter().enumerate() {
            let home = view.home(d);
            let bytes = read.map_or_else(|| view.graph.bytes(d), |r| r[i]);
            h.total_bytes += bytes;
            if let Some(x) = h.held[..h.len].iter_mut().find(|x| x.0 == home) {
                x.1 += bytes;
                x.2 += 1;
            } else if h.len < MAX_CANDIDATES {
                h.held[h.len] = (home, bytes, 1);
                h.len += 1;
            }
        }
        h
    }

    /// Each holder: worker, bytes there, inputs there.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, u64, u32)> + '_ {
        self.held[..self.len].iter().copied()
    }

    /// Bytes and inputs of the task already on `w`.
    pub(super) fn on(&self, w: u32) -> (u64, u32) {
        self.iter()
            .find(|h| h.0 == w)
            .map_or((0, 0), |h| (h.1, h.2))
    }
}

/// The worker where `task` would start earliest, and that estimated start
/// relative to now, µs (lowest worker index on ties).
pub(super) fn earliest_start(view: &mut View, task: TaskId) -> (f64, u32) {
    let idle = view.least_loaded();
    let wait = |view: &View, w: u32| view.load_us(w) / f64::from(view.threads_per_worker);
    if view.network.is_free() {
        // Inputs cost nothing to move: the least-loaded worker starts earliest.
        return (wait(view, idle), idle);
    }
    let holders = Holders::of(view, task);
    let start_on = |w: u32, (bytes_there, count_there): (u64, u32)| {
        wait(view, w)
            + view.network.estimate_us(
                holders.total_bytes - bytes_there,
                holders.total - count_there,
            )
    };
    let mut best = (start_on(idle, holders.on(idle)), idle);
    for (w, bytes, count) in holders.iter() {
        let candidate = (start_on(w, (bytes, count)), w);
        if candidate.0 < best.0 || (candidate.0 == best.0 && candidate.1 < best.1) {
            best = candidate;
        }
    }
    best
}
