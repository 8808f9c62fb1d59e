//! The `-gt` worker choice of ESTEE's queue schedulers (blevel-gt,
//! tlevel-gt): among the workers with a free thread, the one with the fewest
//! input bytes still to fetch — the idle holder of most of the task's input
//! bytes, else the lowest idle worker (ESTEE draws among ties at random; the
//! lowest index keeps runs repeatable). O(inputs) per task.

use super::earliest::Holders;
use super::View;
use crate::graph::TaskId;

/// The idle worker that already holds most of `task`'s input bytes (lowest
/// index on ties, the lowest idle worker when no idle worker holds any), or
/// `None` when no worker has a free thread.
pub(super) fn fewest_bytes_idle(view: &View, task: TaskId) -> Option<u32> {
    let first = view.idle.first_from(0)?;
    let mut best = (0u64, first);
    for (w, bytes, _) in Holders::of(view, task).iter() {
        if view.idle.contains(w) && (bytes > best.0 || (bytes == best.0 && w < best.1)) {
            best = (bytes, w);
        }
    }
    Some(best.1)
}
