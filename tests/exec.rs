//! The executor against the serial oracle, and its trace, progress, cancel
//! and failure behaviour. No assertion depends on machine speed.
#![cfg(not(target_arch = "wasm32"))]

use dagsim::etl::{self, Etl, EtlSpec};
use dagsim::exec::{self, LatencyMode, RunError, RunHandle, RunOptions, Stepper};
use dagsim::field::FieldError;
use dagsim::graph::{Compute, Graph, GraphBuilder, TaskError, TaskId};
use dagsim::trace::Trace;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

fn options(threads: usize, mode: LatencyMode, time_scale: f64) -> RunOptions {
    RunOptions {
        threads,
        mode,
        time_scale,
    }
}

/// Threads of each test's own pool (tests run concurrently; a shared pool
/// would let one test's tasks queue behind another's). More than the cores:
/// sleeping tasks need threads, not cores.
const POOL: usize = 8;

/// Starts a run on a fresh pool of `POOL` threads (waiting happens outside it).
fn start<C: Compute + 'static>(job: &Arc<C>, options: RunOptions) -> Result<RunHandle<C>, RunError>
where
    C::Value: 'static,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(POOL)
        .build()
        .unwrap();
    pool.install(|| RunHandle::start(Arc::clone(job), options))
}

fn run<C: Compute + 'static>(
    job: &Arc<C>,
    options: RunOptions,
) -> Result<exec::RunReport<C::Value>, RunError>
where
    C::Value: 'static,
{
    start(job, options)?.wait()
}

fn built(spec: EtlSpec) -> Arc<Etl> {
    Arc::new(etl::build(&spec).unwrap())
}

fn best_of(etl: &Etl, report: &exec::RunReport<etl::Value>) -> etl::Best {
    etl.answer(report).unwrap()
}

/// The largest number of trace intervals open at one instant.
fn max_concurrency(trace: &Trace) -> usize {
    let mut points: Vec<(f64, i32)> = trace
        .events
        .iter()
        .flat_map(|e| [(e.start_us, 1), (e.end_us, -1)])
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut now, mut most) = (0i32, 0i32);
    for (_, d) in points {
        now += d;
        most = most.max(now);
    }
    most as usize
}

#[test]
fn every_thread_count_and_mode_gives_the_serial_answer() {
    for spec in [
        EtlSpec::small(),
        EtlSpec::large(),
        EtlSpec {
            files: 3,
            compares: 1,
            seed: 5,
            ..EtlSpec::default()
        },
        EtlSpec {
            files: 31,
            compares: 7,
            seed: 99,
            records_per_file: 5,
            ..EtlSpec::default()
        },
    ] {
        let etl = built(spec);
        let oracle = etl.serial().unwrap();
        for threads in [1, 2, 3, 4, 8] {
            for mode in [LatencyMode::Sleep, LatencyMode::Spin] {
                for scale in [0.0, 0.0002] {
                    let report = run(&etl, options(threads, mode, scale)).unwrap();
                    let case = format!("{threads} threads {mode:?} scale {scale}");
                    assert_eq!(best_of(&etl, &report), oracle, "{case}");
                    assert_eq!(report.trace.events.len(), etl.graph().len(), "{case}");
                    assert_eq!(report.outputs.len(), 1, "{case}");
                }
            }
        }
    }
}

#[test]
fn trace_respects_dependencies_and_the_thread_cap() {
    let etl = built(EtlSpec::small());
    let threads = 4;
    let report = run(&etl, options(threads, LatencyMode::Sleep, 0.01)).unwrap();
    let graph = etl.graph();
    let mut end = vec![f64::NAN; graph.len()];
    let mut start = vec![f64::NAN; graph.len()];
    for e in &report.trace.events {
        start[e.task.index()] = e.start_us;
        end[e.task.index()] = e.end_us;
        assert!((e.thread as usize) < threads);
    }
    for id in graph.ids() {
        for d in graph.deps(id) {
            assert!(
                end[d.index()] <= start[id.index()],
                "{} started before {} ended",
                graph.key(id),
                graph.key(*d)
            );
        }
    }
    assert!(max_concurrency(&report.trace) <= threads);
    // A task lasts at least its scaled duration.
    for e in &report.trace.events {
        assert!(e.end_us - e.start_us >= graph.duration_ms(e.task) * 0.01 * 1e3 - 1.0);
    }
}

#[test]
fn sleeping_tasks_overlap_on_different_threads() {
    // Sleep mode: more threads than cores still overlap.
    let etl = built(EtlSpec::small());
    let threads = 4;
    let report = run(&etl, options(threads, LatencyMode::Sleep, 0.02)).unwrap();
    assert!(max_concurrency(&report.trace) >= 2);
    let e = &report.trace.events;
    let overlapping_on_two_threads = e.iter().any(|a| {
        e.iter()
            .any(|b| a.thread != b.thread && a.start_us < b.end_us && b.start_us < a.end_us)
    });
    assert!(overlapping_on_two_threads);
}

#[test]
fn cancel_mid_run_reports_cancelled_and_the_pool_is_reusable() {
    let etl = built(EtlSpec::large());
    let handle = start(&etl, options(1, LatencyMode::Sleep, 1.0)).unwrap();
    while handle.progress().done() == 0 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    handle.cancel();
    assert_eq!(handle.wait().unwrap_err(), RunError::Cancelled);
    let report = run(&etl, options(1, LatencyMode::Sleep, 0.0)).unwrap();
    assert_eq!(best_of(&etl, &report), etl.serial().unwrap());
}

#[test]
fn a_failing_task_fails_the_run_with_its_key() {
    let probe = built(EtlSpec::small());
    let victim = probe
        .graph()
        .key(probe.graph().ids().nth(14).unwrap())
        .to_owned();
    let failing = built(EtlSpec {
        fail: Some(victim.clone()),
        ..EtlSpec::small()
    });
    match run(&failing, options(2, LatencyMode::Sleep, 0.0)) {
        Err(RunError::TaskFailed { key, message }) => {
            assert_eq!(key, victim);
            assert!(message.contains("injected failure"));
        }
        other => panic!(
            "expected a task failure, got {:?}",
            other.map(|r| r.makespan_us)
        ),
    }
    let report = run(&probe, options(1, LatencyMode::Sleep, 0.0)).unwrap();
    assert_eq!(best_of(&probe, &report), probe.serial().unwrap());
}

#[test]
fn progress_counts_every_task_and_ends_all_done() {
    let etl = built(EtlSpec::small());
    let handle = start(&etl, options(1, LatencyMode::Sleep, 0.0)).unwrap();
    let first = handle.progress();
    let total: u32 = first
        .prefixes
        .iter()
        .map(|p| p.waiting + p.ready + p.running + p.done + p.failed)
        .sum();
    assert_eq!(total as usize, etl.graph().len());
    while !handle.is_finished() {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let last = handle.progress();
    assert_eq!(last.done() as usize, etl.graph().len());
    assert!(handle.task_states().iter().all(|s| *s == 3));
    let report = handle.take_result().unwrap().unwrap();
    assert_eq!(report.trace.events.len(), etl.graph().len());
    assert!(handle.take_result().is_none());
}

#[test]
fn stepper_gives_the_serial_answer_in_both_modes() {
    let etl = built(EtlSpec {
        files: 12,
        compares: 9,
        ..EtlSpec::default()
    });
    for mode in [LatencyMode::Sleep, LatencyMode::Spin] {
        let mut stepper = Stepper::new(Arc::clone(&etl), options(1, mode, 0.001)).unwrap();
        let mut steps = 0;
        while !stepper.step(0.5) {
            steps += 1;
        }
        assert!(steps > 0);
        let report = stepper.take_result().unwrap().unwrap();
        assert_eq!(best_of(&etl, &report), etl.serial().unwrap());
        assert!(report.trace.events.iter().all(|e| e.thread == 0));
    }
}

#[test]
fn bad_options_name_the_field() {
    let etl = built(EtlSpec::small());
    let e = run(&etl, options(0, LatencyMode::Sleep, 0.0)).unwrap_err();
    let text = e.to_string();
    assert!(
        text.starts_with("threads: must be between 1 and "),
        "{text}"
    );
    assert!(
        text.ends_with(", got 0 (a run uses at most the pool's threads)"),
        "{text}"
    );
    assert!(matches!(e, RunError::Option(FieldError { ref field, .. }) if field == "threads"));
    let e = run(&etl, options(1, LatencyMode::Sleep, f64::NAN)).unwrap_err();
    assert!(e
        .to_string()
        .starts_with("time_scale: must be a number between 0 and 100"));
}

#[test]
fn a_cancelled_stepper_reports_cancelled() {
    let etl = built(EtlSpec::small());
    let mut stepper = Stepper::new(Arc::clone(&etl), options(1, LatencyMode::Sleep, 1.0)).unwrap();
    assert!(!stepper.step(0.0));
    stepper.cancel();
    assert!(stepper.step(1.0));
    assert!(matches!(
        stepper.take_result(),
        Some(Err(RunError::Cancelled))
    ));
}

/// Values that count how many of them are alive, and the most at once.
#[derive(Default)]
struct Census {
    alive: AtomicUsize,
    most: AtomicUsize,
}

struct Counted {
    depth: u64,
    census: Arc<Census>,
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.census.alive.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A graph whose task values are [`Counted`]: each task's depth in the graph.
struct Summing {
    graph: Graph,
    census: Arc<Census>,
}

impl Compute for Summing {
    type Value = Counted;

    fn graph(&self) -> &Graph {
        &self.graph
    }

    fn compute(&self, id: TaskId, inputs: &[&Counted]) -> Result<Counted, TaskError> {
        if inputs.len() != self.graph.deps(id).len() {
            return Err(TaskError(format!("{} inputs", inputs.len())));
        }
        let alive = self.census.alive.fetch_add(1, Ordering::SeqCst) + 1;
        self.census.most.fetch_max(alive, Ordering::SeqCst);
        Ok(Counted {
            depth: 1 + inputs.iter().map(|v| v.depth).max().unwrap_or(0),
            census: Arc::clone(&self.census),
        })
    }
}

#[test]
fn outputs_are_dropped_once_every_dependent_consumed_them() {
    // A chain where each link reads its predecessor twice (like a compare
    // of a roll with itself), then two sinks on the last link.
    let mut b = GraphBuilder::new();
    let mut last = b.add("link", 0, &[], 1.0, 8);
    for i in 1..1000 {
        last = b.add("link", i, &[last, last], 1.0, 8);
    }
    let left = b.add("sink", 0, &[last], 1.0, 8);
    let right = b.add("sink", 1, &[last], 1.0, 8);
    let job = Arc::new(Summing {
        graph: b.finish(),
        census: Arc::default(),
    });
    let report = run(&job, options(2, LatencyMode::Sleep, 0.0)).unwrap();
    // A link's output lives until its successor has run: never more than
    // the newest value, its input, and the first sink's value.
    assert!(job.census.most.load(Ordering::SeqCst) <= 3);
    let depths: Vec<(TaskId, u64)> = report
        .outputs
        .iter()
        .map(|(id, v)| (*id, v.depth))
        .collect();
    assert_eq!(depths, [(left, 1001), (right, 1001)]);
    assert_eq!(job.census.alive.load(Ordering::SeqCst), 2);
    drop(report);
    assert_eq!(job.census.alive.load(Ordering::SeqCst), 0);
}
