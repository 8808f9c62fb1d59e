//! The validity of a simulated schedule, checked from its trace and
//! transfer log alone.

use dagsim::graph::Graph;
use dagsim::sim::{self, SimOptions};

/// No thread runs two tasks at once (so no worker runs more tasks than its
/// threads), a task of `k` threads holds `k` threads of one worker over
/// the same interval, no task starts before its inputs are done, and with
/// a bandwidth no output a task reads from another worker is there sooner
/// than `latency + bytes / bandwidth` after it was made (no transfer runs
/// faster than a link).
pub fn assert_valid_with(graph: &Graph, report: &sim::SimReport, o: &SimOptions) {
    let trace = &report.trace;
    let threads: u32 = graph.ids().map(|id| graph.threads(id)).sum();
    assert_eq!(trace.events.len(), threads as usize);
    let mut end = vec![f64::NAN; graph.len()];
    let mut start = vec![f64::NAN; graph.len()];
    let mut worker = vec![u32::MAX; graph.len()];
    let mut held = vec![0u32; graph.len()];
    let mut by_thread: Vec<Vec<(f64, f64)>> = vec![Vec::new(); trace.threads as usize];
    for e in &trace.events {
        let (i, w) = (e.task.index(), e.thread / report.threads_per_worker);
        if held[i] > 0 {
            assert_eq!(
                (start[i], end[i], worker[i]),
                (e.start_us, e.end_us, w),
                "{:?}: its threads differ in time or worker",
                e.task
            );
        }
        (start[i], end[i], worker[i]) = (e.start_us, e.end_us, w);
        held[i] += 1;
        by_thread[e.thread as usize].push((e.start_us, e.end_us));
    }
    for id in graph.ids() {
        assert_eq!(held[id.index()], graph.threads(id), "{id:?}");
        for d in graph.deps(id) {
            assert!(
                end[d.index()] <= start[id.index()] + 1e-6,
                "{id:?} starts before its input {d:?} is done"
            );
        }
        for input in graph.inputs(id) {
            let d = input.task.index();
            let transfer_us = match o.bandwidth_mb_s {
                Some(bw) if worker[d] != worker[id.index()] => {
                    o.latency_us + input.bytes as f64 / bw
                }
                _ => 0.0,
            };
            assert!(
                end[d] + transfer_us <= start[id.index()] + 1e-6,
                "{id:?} starts before output {} of {:?} is there",
                input.output,
                input.task
            );
        }
    }
    for intervals in &mut by_thread {
        intervals.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert!(intervals.windows(2).all(|w| w[0].1 <= w[1].0 + 1e-6));
    }
    assert_transfer_log(report, o);
}

/// The transfer log matches the counts, and every transfer is between two
/// different workers, completed, and no faster than a link.
fn assert_transfer_log(report: &sim::SimReport, o: &SimOptions) {
    let log = &report.transfer_log;
    assert_eq!(log.len() as u64, report.transfers);
    assert_eq!(
        log.iter().map(|t| t.bytes).sum::<u64>(),
        report.transferred_bytes
    );
    for t in log {
        assert!(
            t.from != t.to && t.from < o.workers && t.to < o.workers,
            "{t:?}"
        );
        let bw = o.bandwidth_mb_s.expect("transfers only with a bandwidth");
        let fastest = o.latency_us + t.bytes as f64 / bw;
        assert!(
            t.start_us >= 0.0 && t.end_us >= t.start_us + fastest - 1e-6,
            "{t:?}"
        );
    }
}

/// [`assert_valid_with`], and the bounds every schedule keeps: a makespan
/// of at least the lower bound and a utilisation of at most 1 (`what`
/// names the case in a failure).
pub fn assert_sound(graph: &Graph, report: &sim::SimReport, o: &SimOptions, what: &str) {
    assert!(
        report.makespan_ms + 1e-9 >= report.bounds.lower_ms,
        "{what}: {} < {}",
        report.makespan_ms,
        report.bounds.lower_ms
    );
    assert!(report.utilisation <= 1.0 + 1e-9, "{what}");
    assert_valid_with(graph, report, o);
}
