//! The `-gt` worker choice of ESTEE's queue schedulers (blevel-gt,
//! tlevel-gt): among the workers with the free threads the task needs, the
//! one with the fewest input bytes still to fetch — the idle worker already
//! holding most of the task's input bytes, else the lowest idle worker (ESTEE draws among ties
//! at random; the lowest index keeps runs repeatable). An input is held
//! where it was made and where a copy has arrived; a copy still on its way
//! counts nine tenths (as ESTEE, which charges a tenth of its size for an
//! input already scheduled to go there). O(inputs + their copies) per task,
//! plus a walk over the idle workers for a task of several threads; at most
//! [`MAX_CANDIDATES`] workers are considered, the first met.

use super::View;
use crate::graph::TaskId;

/// Workers considered per task (the first met among the inputs' holders).
const MAX_CANDIDATES: usize = 16;

/// The worker with the free threads `task` needs that already holds most
/// of its input bytes (lowest index on ties, the lowest such worker when
/// none holds any), or `None` when no worker has the free threads.
pub(super) fn fewest_bytes_idle(view: &View, task: TaskId) -> Option<u32> {
    let mut first = view.idle.first_from(0)?;
    while !view.fits(first, task) {
        first = view.idle.first_from(first + 1)?;
    }
    let mut held = [(0u32, 0.0f64); MAX_CANDIDATES];
    let mut len = 0;
    let mut add = |worker: u32, bytes: f64| {
        if !view.idle.contains(worker) || !view.fits(worker, task) {
            return;
        }
        if let Some(h) = held[..len].iter_mut().find(|h| h.0 == worker) {
            h.1 += bytes;
        } else if len < MAX_CANDIDATES {
            held[len] = (worker, bytes);
            len += 1;
        }
    };
    for input in view.graph.inputs(task) {
        let bytes = input.bytes as f64;
        add(view.home(input.task), bytes);
        for (worker, there) in view.network.copies(input.output, view.now_us) {
            add(worker, if there { bytes } else { 0.9 * bytes });
        }
    }
    let mut best = (0.0, first);
    for &(w, bytes) in &held[..len] {
        if bytes > best.0 || (bytes == best.0 && w < best.1) {
            best = (bytes, w);
        }
    }
    Some(best.1)
}

#[cfg(test)]
mod tests {
    use crate::graph::GraphBuilder;
    use crate::sim::{simulate, PolicyKind, SimOptions};

    /// A task whose input was copied to a worker runs there, not on a
    /// lower idle worker that would fetch it again. Four workers of one
    /// thread, 1 byte/µs: y (1 s) takes worker 0, a (10 ms, 1,000 bytes)
    /// worker 1, z (30 ms) worker 2. At 10 ms c1 runs where a is; c2 finds
    /// worker 1 busy and fetches a to worker 3 (1 ms). At 61 ms c2 ends and
    /// d (inputs a and c2, which has no bytes) becomes ready with workers 2
    /// and 3 idle: worker 3 holds a copy of a, so d starts there at once.
    #[test]
    fn a_worker_holding_a_copy_of_the_inputs_gets_the_task() {
        let mut g = GraphBuilder::new();
        g.add("y", 0, &[], 1000.0, 0);
        let a = g.add("a", 0, &[], 10.0, 1000);
        g.add("z", 0, &[], 30.0, 0);
        g.add("c1", 0, &[a], 100.0, 0);
        let c2 = g.add("c2", 0, &[a], 50.0, 0);
        let d = g.add("d", 0, &[a, c2], 5.0, 0);
        let graph = g.finish();
        for policy in [PolicyKind::BLevelGt, PolicyKind::TLevelGt] {
            let options = SimOptions {
                workers: 4,
                policy,
                bandwidth_mb_s: Some(1.0),
                ..SimOptions::default()
            };
            let report = simulate(&graph, &options).unwrap();
            let run = |task| report.trace.events.iter().find(|e| e.task == task).unwrap();
            assert_eq!(
                (run(c2).thread, run(c2).start_us),
                (3, 11_000.0),
                "{policy}"
            );
            assert_eq!((run(d).thread, run(d).start_us), (3, 61_000.0), "{policy}");
        }
    }
}
