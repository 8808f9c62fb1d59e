//! The scheduling lab's parts of the simulator: information modes (the
//! scheduler sees estimates, the simulation the real values), the minimal
//! scheduling interval, and CAMP — analytic cases, determinism, invariants
//! for every policy in every mode, and option parsing.
#![cfg(not(target_arch = "wasm32"))]

use dagsim::graph::{Graph, GraphBuilder, TaskId};
use dagsim::prng::{Purpose, SplitMix64};
use dagsim::sim::{self, Information, NetworkKind, PolicyKind, SimOptions};

/// A seeded random DAG of `n` tasks over `prefixes` prefixes; each depends
/// on up to 3 earlier tasks. With `per_prefix`, a prefix's tasks share one
/// duration and one output size; else each draws its own.
fn dag(seed: u64, n: u32, prefixes: u32, per_prefix: bool) -> Graph {
    let mut rng = SplitMix64::stream(seed, Purpose::Placement, 77);
    let costs: Vec<(f64, u64)> = (0..prefixes)
        .map(|_| {
            (
                1.0 + 9.0 * rng.uniform(),
                1_000 + u64::from(rng.below(1_000_000)),
            )
        })
        .collect();
    let names: Vec<String> = (0..prefixes).map(|p| format!("p{p}")).collect();
    let mut b = GraphBuilder::new();
    for i in 0..n {
        // Up to 3 inputs among the 30 tasks made last.
        let window = i.min(30);
        let mut deps: Vec<TaskId> = (0..rng.below(4).min(window))
            .map(|_| TaskId(i - 1 - rng.below(window)))
            .collect();
        deps.sort();
        deps.dedup();
        let p = rng.below(prefixes) as usize;
        let (ms, bytes) = if per_prefix {
            costs[p]
        } else {
            (
                1.0 + 9.0 * rng.uniform(),
                1_000 + u64::from(rng.below(1_000_000)),
            )
        };
        b.add(&names[p], u64::from(i), &deps, ms, bytes);
    }
    b.finish()
}

/// Every policy; `genetic` (2,500 simulations per run) only when `search`.
fn policies(search: bool) -> impl Iterator<Item = PolicyKind> {
    PolicyKind::ALL
        .into_iter()
        .filter(move |p| search || *p != PolicyKind::Genetic)
}

/// The graph and networks a case runs `policy` on: `big` under every
/// network; genetic (2,500 simulations per run) only `small` under `network`.
fn case<'g>(
    policy: PolicyKind,
    big: &'g Graph,
    small: &'g Graph,
    network: NetworkKind,
) -> (&'g Graph, Vec<Option<NetworkKind>>) {
    if policy == PolicyKind::Genetic {
        (small, vec![Some(network)])
    } else {
        (big, networks().collect())
    }
}

/// Four workers of two threads on `network` (`None`: free).
fn cluster(policy: PolicyKind, network: Option<NetworkKind>) -> SimOptions {
    SimOptions {
        workers: 4,
        threads_per_worker: 2,
        policy,
        bandwidth_mb_s: network.map(|_| 200.0),
        latency_us: 30.0,
        network: network.unwrap_or_default(),
        overhead_us: 15.0,
        seed: 3,
        ..SimOptions::default()
    }
}

/// Free, then each network model.
fn networks() -> impl Iterator<Item = Option<NetworkKind>> {
    std::iter::once(None).chain(NetworkKind::ALL.map(Some))
}

/// The schedule as (task, thread, start, end), for comparing runs.
fn schedule(r: &sim::SimReport) -> Vec<(u32, u32, f64, f64)> {
    r.trace
        .events
        .iter()
        .map(|e| (e.task.0, e.thread, e.start_us, e.end_us))
        .collect()
}

/// The invariants whatever the scheduler knows: every task runs once for
/// its real duration, after its inputs are done; no worker runs more tasks
/// at once than it has threads; the makespan is at least the lower bound;
/// every transfer moves a real output size.
fn assert_valid(graph: &Graph, r: &sim::SimReport, o: &SimOptions, what: &str) {
    assert!(
        r.makespan_ms + 1e-9 >= r.bounds.lower_ms,
        "{what}: {} < {}",
        r.makespan_ms,
        r.bounds.lower_ms
    );
    assert_eq!(r.trace.events.len(), graph.len(), "{what}");
    let mut end = vec![f64::NAN; graph.len()];
    for e in &r.trace.events {
        let real = o.overhead_us + graph.duration_ms(e.task) * o.time_scale * 1e3;
        assert!(
            (e.end_us - e.start_us - real).abs() < 1e-6,
            "{what}: task {:?} ran {} µs, really {real}",
            e.task,
            e.end_us - e.start_us
        );
        assert!(end[e.task.index()].is_nan(), "{what}: ran twice");
        end[e.task.index()] = e.end_us;
    }
    for e in &r.trace.events {
        for d in graph.deps(e.task) {
            assert!(
                end[d.index()] <= e.start_us + 1e-6,
                "{what}: {:?} early",
                e.task
            );
        }
    }
    // Per worker, +1 at each start and −1 at each end (ends first on ties).
    let mut changes: Vec<Vec<(f64, i32)>> = vec![Vec::new(); o.workers as usize];
    for e in &r.trace.events {
        let w = (e.thread / o.threads_per_worker) as usize;
        changes[w].extend([(e.start_us, 1), (e.end_us, -1)]);
    }
    for c in &mut changes {
        c.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut running = 0;
        for (_, delta) in c.iter() {
            running += delta;
            assert!(
                running <= o.threads_per_worker as i32,
                "{what}: over its threads"
            );
        }
    }
    for t in &r.transfer_log {
        assert!(
            graph.ids().any(|id| graph.bytes(id) == t.bytes),
            "{what}: a transfer of {} bytes, no output has that size",
            t.bytes
        );
    }
}

#[test]
fn noise_zero_is_the_exact_schedule_for_every_policy_and_network() {
    let (big, small) = (dag(1, 120, 5, false), dag(1, 25, 3, false));
    for policy in policies(true) {
        let (g, nets) = case(policy, &big, &small, NetworkKind::Maxmin);
        for &network in &nets {
            let exact = cluster(policy, network);
            let noisy = SimOptions {
                information: Information::Noisy,
                noise: 0.0,
                ..exact.clone()
            };
            let (a, b) = (
                sim::simulate(g, &exact).unwrap(),
                sim::simulate(g, &noisy).unwrap(),
            );
            assert_eq!(schedule(&a), schedule(&b), "{policy} {network:?}");
            assert_eq!(a.transfer_log, b.transfer_log, "{policy} {network:?}");
        }
    }
}

#[test]
fn prefix_means_of_equal_prefixes_are_the_exact_schedule() {
    let g = dag(2, 200, 6, true);
    for policy in policies(false) {
        for network in networks() {
            let exact = cluster(policy, network);
            let means = SimOptions {
                information: Information::PrefixMean,
                ..exact.clone()
            };
            let (a, b) = (
                sim::simulate(&g, &exact).unwrap(),
                sim::simulate(&g, &means).unwrap(),
            );
            assert_eq!(schedule(&a), schedule(&b), "{policy} {network:?}");
        }
    }
}

#[test]
fn the_scheduler_orders_by_estimates_and_tasks_run_their_real_time() {
    // One thread; roots p (9 ms), q (6 ms), p (1 ms). Exactly, b-level runs
    // 9, 6, 1; with prefix means p's tasks look like 5 ms each, so q first.
    let mut b = GraphBuilder::new();
    let long = b.add("p", 0, &[], 9.0, 0);
    let q = b.add("q", 0, &[], 6.0, 0);
    let short = b.add("p", 1, &[], 1.0, 0);
    let g = b.finish();
    let o = SimOptions {
        workers: 1,
        policy: PolicyKind::BLevel,
        ..SimOptions::default()
    };
    let starts = |o: &SimOptions| {
        let r = sim::simulate(&g, o).unwrap();
        assert_eq!(r.makespan_ms, 16.0);
        [long, q, short].map(|t| {
            let e = r.trace.events.iter().find(|e| e.task == t).unwrap();
            (e.start_us, e.end_us)
        })
    };
    assert_eq!(starts(&o), [(0.0, 9e3), (9e3, 15e3), (15e3, 16e3)], "exact");
    let means = SimOptions {
        information: Information::PrefixMean,
        ..o
    };
    assert_eq!(
        starts(&means),
        [(6e3, 15e3), (0.0, 6e3), (15e3, 16e3)],
        "prefix means"
    );
}

#[test]
fn a_scheduling_interval_delays_each_link_of_a_chain_exactly() {
    // A chain of 10 tasks of 1 ms: each decision point is the interval X
    // after the last, or the finish that asks for it if later, so the
    // makespan is 9 · max(1 ms, X) + 1 ms, whatever the policy.
    let mut b = GraphBuilder::new();
    let mut last = b.add("c", 0, &[], 1.0, 100);
    for i in 1..10 {
        last = b.add("c", i, &[last], 1.0, 100);
    }
    let g = b.finish();
    for policy in policies(true) {
        for (workers, interval_us) in [(1, 0.0), (1, 2_500.0), (3, 2_500.0), (3, 400.0), (2, 1e3)] {
            let o = SimOptions {
                workers,
                policy,
                scheduling_interval_us: interval_us,
                ..SimOptions::default()
            };
            let r = sim::simulate(&g, &o).unwrap();
            let expected = 9.0 * interval_us.max(1e3) + 1e3;
            assert!(
                (r.makespan_ms * 1e3 - expected).abs() < 1e-6,
                "{policy} on {workers} workers, X = {interval_us}: {} ms",
                r.makespan_ms
            );
        }
    }
}

#[test]
fn a_fixed_seed_repeats_the_schedule_and_another_seed_changes_the_estimates() {
    let g = dag(3, 150, 4, false);
    let mut differs = false;
    for policy in [
        PolicyKind::BLevel,
        PolicyKind::DaskLike,
        PolicyKind::Camp,
        PolicyKind::Etf,
    ] {
        let o = SimOptions {
            information: Information::Noisy,
            noise: 1.0,
            scheduling_interval_us: 700.0,
            ..cluster(policy, Some(NetworkKind::Maxmin))
        };
        let a = sim::simulate(&g, &o).unwrap();
        assert_eq!(
            schedule(&a),
            schedule(&sim::simulate(&g, &o).unwrap()),
            "{policy}"
        );
        let other = sim::simulate(&g, &SimOptions { seed: 4, ..o }).unwrap();
        differs |= schedule(&a) != schedule(&other);
    }
    assert!(differs, "another seed changed no schedule");
}

#[test]
fn every_policy_in_every_mode_keeps_the_invariants() {
    let modes = [
        (Information::Exact, 0.0),
        (Information::Noisy, 0.8),
        (Information::PrefixMean, 0.0),
    ];
    let big = dag(4, 250, 7, false);
    let small = dag(5, 25, 3, false);
    for policy in policies(true) {
        let (g, nets) = case(policy, &big, &small, NetworkKind::Simple);
        for &network in &nets {
            for (information, noise) in modes {
                for interval_us in [0.0, 3_000.0] {
                    let o = SimOptions {
                        information,
                        noise,
                        scheduling_interval_us: interval_us,
                        ..cluster(policy, network)
                    };
                    let r = sim::simulate(g, &o).unwrap();
                    let what = format!("{policy} {network:?} {information} X={interval_us}");
                    assert_valid(g, &r, &o, &what);
                }
            }
        }
    }
}

#[test]
fn camp_keeps_chains_together_and_spreads_what_is_independent() {
    // Four independent chains of 3 tasks (2 ms, 100-byte outputs) on 4
    // workers at 1 MB/s: a transfer costs 100 µs, less than a task's
    // repulsion from the 9 tasks independent of it (2 × 2,000 / 9 µs
    // each), so the search ends with each chain on its own worker: 6 ms,
    // no transfer. On a free network, 8 independent tasks spread over 8
    // workers: one task's time.
    let mut b = GraphBuilder::new();
    for c in 0..4 {
        let mut last = b.add("c", c * 10, &[], 2.0, 100);
        for i in 1..3 {
            last = b.add("c", c * 10 + i, &[last], 2.0, 100);
        }
    }
    let chains = b.finish();
    let mut b = GraphBuilder::new();
    for i in 0..8 {
        b.add("t", i, &[], 3.0, 100);
    }
    let independent = b.finish();
    for seed in 0..4 {
        let o = SimOptions {
            workers: 4,
            policy: PolicyKind::Camp,
            bandwidth_mb_s: Some(1.0),
            seed,
            ..SimOptions::default()
        };
        let r = sim::simulate(&chains, &o).unwrap();
        assert_eq!((r.makespan_ms, r.transfers), (6.0, 0), "seed {seed}");
        let o = SimOptions {
            workers: 8,
            bandwidth_mb_s: None,
            ..o
        };
        assert_eq!(
            sim::simulate(&independent, &o).unwrap().makespan_ms,
            3.0,
            "seed {seed}"
        );
    }
}

#[test]
fn camp_refuses_big_graphs_by_name_and_compare_skips_it() {
    let g = dag(6, 2_001, 3, false);
    let o = cluster(PolicyKind::Camp, None);
    let e = sim::simulate(&g, &o).unwrap_err();
    assert_eq!(e.field, "policy");
    assert!(
        e.message.starts_with("camp keeps every task's ancestors"),
        "{e}"
    );
    let (_, cells) = sim::compare(&g, &o, &[PolicyKind::BLevel, PolicyKind::Camp]).unwrap();
    assert!(cells[0].makespan_ms.is_some());
    assert_eq!(cells[1].skipped.as_deref(), Some(e.message.as_str()));
}

#[test]
fn bad_information_options_name_the_field_and_range() {
    let bad = |o: SimOptions| {
        sim::simulate(&dag(7, 10, 2, false), &o)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        bad(SimOptions {
            noise: 2.5,
            ..SimOptions::default()
        }),
        "noise: must be a number between 0 and 2, got 2.5"
    );
    assert_eq!(
        bad(SimOptions {
            noise: f64::NAN,
            ..SimOptions::default()
        }),
        "noise: must be a number between 0 and 2, got NaN"
    );
    assert_eq!(
        bad(SimOptions {
            scheduling_interval_us: -1.0,
            ..SimOptions::default()
        }),
        "scheduling_interval_us: must be a number between 0 and 60000000, got -1"
    );
    assert_eq!(
        "psychic".parse::<Information>().unwrap_err().to_string(),
        "information: unknown information mode \"psychic\"; valid modes: exact, noisy, prefix-mean"
    );
    let parsed: SimOptions = serde_json::from_str(
        r#"{"information": "prefix-mean", "noise": 0.25, "scheduling_interval_us": 100}"#,
    )
    .unwrap();
    assert_eq!(
        (
            parsed.information,
            parsed.noise,
            parsed.scheduling_interval_us
        ),
        (Information::PrefixMean, 0.25, 100.0)
    );
    let e = serde_json::from_str::<SimOptions>(r#"{"information": "oracle"}"#).unwrap_err();
    assert!(e.to_string().contains("unknown variant `oracle`"), "{e}");
}
