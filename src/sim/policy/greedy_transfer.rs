//! The `-gt` worker choice of ESTEE's queue schedulers (blevel-gt,
//! tlevel-gt): among the workers with the free threads the task needs, the
//! one with the fewest input bytes still to fetch — the idle worker already
//! holding most of the task's input bytes, else the lowest idle worker (ESTEE draws among ties
//! at random; the lowest index keeps runs repeatable). An input is held
//! where it was made and where a copy has arrived; a copy still on its way
//! counts nine tenths (as ESTEE, which charges a tenth of its size for an
//! input already scheduled to go there). Every worker holding an input is
//! weighed; O(inputs + their copies) per task, plus a walk over the idle
//! workers for a task of several threads.

use super::View;
use crate::graph::TaskId;

/// The input bytes each worker holds of the task being placed: kept
/// between placements (all zero in between), so one costs what the task's
/// inputs do, not what the workers do.
#[derive(Default)]
pub(super) struct Held {
    bytes: Vec<f64>,
    /// Workers whose entry may be non-zero (repeats allowed).
    touched: Vec<u32>,
}

/// The worker with the free threads `task` needs that already holds most
/// of its input bytes (lowest index on ties, the lowest such worker when
/// none holds any), or `None` when no worker has the free threads.
pub(super) fn fewest_bytes_idle(view: &View, task: TaskId, held: &mut Held) -> Option<u32> {
    let mut first = view.idle.first_from(0)?;
    while !view.fits(first, task) {
        first = view.idle.first_from(first + 1)?;
    }
    let workers = view.workers() as usize;
    if held.bytes.len() < workers {
        held.bytes.resize(workers, 0.0);
    }
    let Held { bytes, touched } = held;
    let mut add = |worker: u32, b: f64| {
        if view.idle.contains(worker) && view.fits(worker, task) {
            touched.push(worker);
            bytes[worker as usize] += b;
        }
    };
    for input in view.graph.inputs(task) {
        let b = input.bytes as f64;
        add(view.home(input.task), b);
        for (worker, there) in view.network.copies(input.output, view.now_us) {
            add(worker, if there { b } else { 0.9 * b });
        }
    }
    let mut best = (0.0, first);
    for &w in touched.iter() {
        let b = std::mem::take(&mut bytes[w as usize]);
        if b > best.0 || (b == best.0 && w < best.1) {
            best = (b, w);
        }
    }
    touched.clear();
    Some(best.1)
}

#[cfg(test)]
mod tests {
    use super::super::earliest::tests::{roots_and_consumer, thread_of};
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

    /// Every holder is weighed, however many: 20 workers of one thread run
    /// 20 roots of 10 ms (root i on worker i), the last with the biggest
    /// output; their consumer runs where that output is, worker 19.
    #[test]
    fn the_worker_holding_most_bytes_wins_among_many_holders() {
        let (graph, roots, c) = roots_and_consumer(20);
        for policy in [PolicyKind::BLevelGt, PolicyKind::TLevelGt] {
            let options = SimOptions {
                workers: 20,
                policy,
                bandwidth_mb_s: Some(1.0),
                ..SimOptions::default()
            };
            let report = simulate(&graph, &options).unwrap();
            assert_eq!(thread_of(&report, roots[19]), 19, "{policy}");
            assert_eq!(thread_of(&report, c), 19, "{policy}");
        }
    }
}
