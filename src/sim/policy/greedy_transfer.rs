//! The `-gt` worker choice of ESTEE's queue schedulers (blevel-gt,
//! tlevel-gt): among the workers with the free threads the task needs, the
//! one with the fewest input bytes still to fetch — the idle holder of most
//! of the task's input bytes, else the lowest idle worker (ESTEE draws among
//! ties at random; the lowest index keeps runs repeatable). O(inputs) per
//! task, plus a walk over the idle workers for a task of several threads.

use super::earliest::Holders;
use super::View;
use crate::graph::TaskId;

/// The worker with enough free threads that already holds most of `task`'s
/// input bytes (lowest index on ties, the lowest such worker when none
/// holds any), or `None` when no worker has the free threads.
pub(super) fn fewest_bytes_idle(view: &View, task: TaskId) -> Option<u32> {
    let mut first = view.idle.first_from(0)?;
    while !view.fits(first, task) {
        first = view.idle.first_from(first + 1)?;
    }
    let mut best = (0u64, first);
    for (w, bytes, _) in Holders::of(view, task).iter() {
        let better = bytes > best.0 || (bytes == best.0 && w < best.1);
        if better && view.idle.contains(w) && view.fits(w, task) {
            best = (bytes, w);
        }
    }
    Some(best.1)
}
