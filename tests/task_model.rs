//! ESTEE's task model in the simulator: tasks that need several threads of
//! one worker, and tasks with several outputs whose consumers read only
//! some — exact cases, the schedule's validity under every policy and
//! network model, and the errors.
#![cfg(not(target_arch = "wasm32"))]

use dagsim::families;
use dagsim::graph::{Graph, GraphBuilder, Input, Reads, TaskId};
use dagsim::prng::{Purpose, SplitMix64};
use dagsim::sim::{self, NetworkKind, PolicyKind};

mod common;
use common::options;
use common::random_dag::{random_dag, Mix};
use common::schedule::{assert_sound, assert_valid_with};

/// Independent tasks of 10 ms needing these threads each.
fn independent(threads: &[u32]) -> Graph {
    let mut b = GraphBuilder::new();
    for (i, k) in threads.iter().enumerate() {
        b.add_with("t", i as u64, &[], 10.0, &[0], *k);
    }
    b.finish()
}

#[test]
fn a_two_thread_task_blocks_the_other_thread() {
    // On one worker of two threads the 2-thread task cannot overlap the
    // other: 20 ms under every policy (10 ms if it took one thread).
    let g = independent(&[2, 1]);
    for policy in PolicyKind::ALL {
        let r = sim::simulate(&g, &options(1, 2, policy)).unwrap();
        assert_eq!(r.makespan_ms, 20.0, "{policy}");
        assert_eq!(r.utilisation, 30.0 / 40.0, "{policy}");
        assert_valid_with(&g, &r, &options(1, 2, policy));
        let wide: Vec<u32> = r
            .trace
            .events
            .iter()
            .filter(|e| e.task == TaskId(0))
            .map(|e| e.thread)
            .collect();
        assert_eq!(wide.len(), 2, "{policy}: one event per thread");
    }
    // Two workers: the wide task takes one, the others share the second.
    let g = independent(&[2, 1, 1]);
    let r = sim::simulate(&g, &options(2, 2, PolicyKind::Fifo)).unwrap();
    assert_eq!(r.makespan_ms, 10.0);
    assert_eq!(r.bounds.work_ms, 40.0 / 4.0);
}

#[test]
fn a_worker_waits_for_the_threads_of_its_next_task() {
    // One worker × 3 threads, b-level order: the 3-thread task (largest
    // b-level, 30 ms) first, then the two 1-thread tasks together.
    let mut b = GraphBuilder::new();
    b.add_with("wide", 0, &[], 30.0, &[0], 3);
    b.add_with("a", 0, &[], 10.0, &[0], 1);
    b.add_with("b", 0, &[], 20.0, &[0], 1);
    let g = b.finish();
    let r = sim::simulate(&g, &options(1, 3, PolicyKind::BLevel)).unwrap();
    assert_eq!(r.makespan_ms, 50.0);
    let starts: Vec<(u32, f64)> = r
        .trace
        .events
        .iter()
        .map(|e| (e.task.0, e.start_us))
        .collect();
    assert!(starts.contains(&(1, 30_000.0)) && starts.contains(&(2, 30_000.0)));
}

#[test]
fn a_worker_starts_what_fits_while_its_best_queued_task_waits_for_threads() {
    // One worker × 3 threads under single (every task queued on the
    // worker, by b-level): A (1 thread, 50 ms) first; W (3 threads, 30 ms)
    // does not fit beside it, so b (20 ms) and a (10 ms) start at once —
    // as ESTEE's workers let later tasks that fit pass — and W runs when A
    // ends: 80 ms. The global queue of b-level keeps its order instead
    // (see a_worker_waits_for_the_threads_of_its_next_task).
    let mut b = GraphBuilder::new();
    b.add_with("A", 0, &[], 50.0, &[0], 1);
    b.add_with("W", 0, &[], 30.0, &[0], 3);
    b.add_with("a", 0, &[], 10.0, &[0], 1);
    b.add_with("b", 0, &[], 20.0, &[0], 1);
    let g = b.finish();
    let o = options(1, 3, PolicyKind::Single);
    let r = sim::simulate(&g, &o).unwrap();
    let start = |task: u32| {
        let e = r.trace.events.iter().find(|e| e.task == TaskId(task));
        e.unwrap().start_us
    };
    assert_eq!(
        [start(0), start(1), start(2), start(3)],
        [0.0, 50_000.0, 0.0, 0.0]
    );
    assert_eq!(r.makespan_ms, 80.0);
    assert_valid_with(&g, &r, &o);
}

#[test]
fn too_few_threads_per_worker_is_an_error_naming_the_task() {
    let g = independent(&[1, 3, 2]);
    let e = sim::simulate(&g, &options(4, 2, PolicyKind::BLevel)).unwrap_err();
    assert_eq!(e.field, "threads_per_worker");
    assert!(e.message.contains("between 3 and 256"), "{e}");
    assert!(
        e.message.contains(&format!("{:?}", g.key(TaskId(1)))),
        "{e}"
    );
    assert!(sim::simulate(&g, &options(1, 3, PolicyKind::BLevel)).is_ok());
}

/// A producer of 10 ms making a big (1 MB) and a small (1 kB) output, and
/// two consumers of 10 ms reading `reads` of it.
fn big_and_small(reads: Reads) -> Graph {
    let mut b = GraphBuilder::new();
    let p = b.add_with("p", 0, &[], 10.0, &[1_000_000, 1_000], 1);
    let input = [Input { task: p, reads }];
    b.add_with("q", 1, &input, 10.0, &[8], 1);
    b.add_with("q", 2, &input, 10.0, &[8], 1);
    b.finish()
}

#[test]
fn a_consumer_of_the_small_output_moves_only_it() {
    // 2 workers × 1 thread at 1 MB/s (1 byte/µs): the second consumer runs
    // on the other worker and waits for what it reads: 1 kB = 1 ms.
    for network in NetworkKind::ALL {
        let mut o = options(2, 1, PolicyKind::BLevel);
        o.bandwidth_mb_s = Some(1.0);
        o.network = network;
        let g = big_and_small(Reads::Only(&[1]));
        let r = sim::simulate(&g, &o).unwrap();
        assert_eq!(r.makespan_ms, 21.0, "{network}");
        assert_eq!((r.transfers, r.transferred_bytes), (1, 1_000), "{network}");
        assert_valid_with(&g, &r, &o);
        // Reading both: 1 MB more, one transfer after the other into the
        // worker except under `simple`, which runs them side by side.
        let g = big_and_small(Reads::All);
        let r = sim::simulate(&g, &o).unwrap();
        let both = if network == NetworkKind::Simple {
            1020.0
        } else {
            1021.0
        };
        assert_eq!(r.makespan_ms, both, "{network}");
        assert_eq!(
            (r.transfers, r.transferred_bytes),
            (2, 1_001_000),
            "{network}"
        );
        assert_valid_with(&g, &r, &o);
    }
}

#[test]
fn one_output_per_task_simulates_as_before() {
    // The same graph built plainly and through the extended builder.
    let mut plain = GraphBuilder::new();
    let mut extended = GraphBuilder::new();
    let mut rng = SplitMix64::stream(3, Purpose::Placement, 7);
    let mut ids = Vec::new();
    for i in 0..200u64 {
        let deps: Vec<TaskId> = (0..rng.below(3).min(ids.len() as u32))
            .map(|_| ids[rng.below(ids.len() as u32) as usize])
            .collect();
        let (ms, bytes) = (1.0 + rng.uniform() * 9.0, u64::from(rng.below(100_000)));
        ids.push(plain.add("t", i, &deps, ms, bytes));
        let inputs: Vec<Input> = deps.iter().map(|d| Input::all(*d)).collect();
        extended.add_with("t", i, &inputs, ms, &[bytes], 1);
    }
    let (plain, extended) = (plain.finish(), extended.finish());
    assert_eq!(plain, extended);
    assert!(!extended.is_extended());
    let mut o = options(4, 2, PolicyKind::DaskLike);
    o.bandwidth_mb_s = Some(10.0);
    let (a, b) = (
        sim::simulate(&plain, &o).unwrap(),
        sim::simulate(&extended, &o).unwrap(),
    );
    assert_eq!(
        (a.makespan_ms, a.transferred_bytes),
        (b.makespan_ms, b.transferred_bytes)
    );
}

#[test]
fn every_policy_keeps_threads_and_reads_on_every_network() {
    let graphs = [
        random_dag(Mix::Subsets, 1, 60),
        random_dag(Mix::Subsets, 2, 200),
        families::generate("crossv", 2, 1).unwrap(),
        families::generate("mapreduce", 8, 1).unwrap(),
        families::generate("montage", 20, 1).unwrap(),
        families::generate("sipht", 1, 1).unwrap(),
    ];
    for (i, g) in graphs.iter().enumerate() {
        assert_eq!(Graph::from_json(&g.to_json()).as_ref(), Ok(g));
        // Genetic simulates 2,500 schedules per run: one small graph.
        let policies = PolicyKind::ALL
            .into_iter()
            .filter(|p| *p != PolicyKind::Genetic || g.len() < 100);
        for policy in policies {
            for (p, t) in [(1, 4), (3, 4), (8, 5)] {
                let mut o = options(p, t, policy);
                o.bandwidth_mb_s = (i % 2 == 0).then_some(50.0);
                o.network = NetworkKind::ALL[(i + p as usize) % 3];
                o.latency_us = 10.0;
                let r = sim::simulate(g, &o).unwrap();
                assert_sound(g, &r, &o, &format!("graph {i} {policy} {p}x{t}"));
            }
        }
    }
}
