//! Simulations run in steps (what the page's engine worker does so Cancel
//! lands within one slice) give exactly the report of the one-call
//! simulation: every policy, every network model, the Dask model, tiny and
//! random budgets, and the sweeps and comparisons built on them.
#![cfg(not(target_arch = "wasm32"))]

use dagsim::etl::{self, EtlSpec};
use dagsim::graph::{DaskHints, Graph, GraphBuilder, Measurement, TaskId};
use dagsim::sim::dask::{self, DaskFile, DaskOptions, Shapes};
use dagsim::sim::{self, Comparison, NetworkKind, PolicyKind, SimOptions, SimReport, Simulation};
use proptest::prelude::*;

/// Everything a report says, the schedule and the transfers included.
fn everything(r: &SimReport) -> String {
    format!(
        "{} {:?} {:?}",
        serde_json::to_string(r).unwrap(),
        r.trace,
        r.transfer_log
    )
}

/// Runs `graph` under `options` in steps of `budgets` (cycled), checking
/// the progress only grows; the report and the number of steps taken.
fn stepped(graph: &Graph, options: &SimOptions, budgets: &[usize]) -> (SimReport, usize) {
    let mut sim = Simulation::new(graph, options).unwrap();
    let mut progress = sim.progress();
    let mut steps = 0;
    for &budget in budgets.iter().cycle() {
        steps += 1;
        let over = sim.step(budget);
        let now = sim.progress();
        assert!(now >= progress && now <= 1.0, "{progress} then {now}");
        progress = now;
        if over {
            break;
        }
    }
    assert_eq!(sim.progress(), 1.0);
    (sim.finish(), steps)
}

fn etl_graph(files: u32, compares: u32) -> Graph {
    etl::build(&EtlSpec {
        files,
        compares,
        ..EtlSpec::small()
    })
    .unwrap()
    .graph()
    .clone()
}

/// The free network, then every network model.
const NETWORKS: [Option<NetworkKind>; 4] = [
    None,
    Some(NetworkKind::FcfsInbound),
    Some(NetworkKind::Simple),
    Some(NetworkKind::Maxmin),
];

#[test]
fn every_policy_and_network_gives_the_same_report_in_steps_of_one() {
    let graph = etl_graph(30, 40);
    let small = etl_graph(6, 8);
    for policy in PolicyKind::ALL {
        // Genetic simulates 2,500 schedules per run: one network, a small graph.
        let (graph, networks) = match policy {
            PolicyKind::Genetic => (&small, &NETWORKS[..1]),
            _ => (&graph, &NETWORKS[..]),
        };
        for &network in networks {
            let options = SimOptions {
                workers: 4,
                threads_per_worker: 2,
                policy,
                bandwidth_mb_s: network.map(|_| 50.0),
                network: network.unwrap_or_default(),
                seed: 7,
                ..SimOptions::default()
            };
            let whole = sim::simulate(graph, &options).unwrap();
            let (parts, steps) = stepped(graph, &options, &[1, 2, 3]);
            assert_eq!(
                everything(&parts),
                everything(&whole),
                "{policy:?} {network:?}"
            );
            // Each step did a small share of the work.
            let least = match policy {
                PolicyKind::Genetic => 2_500 / 2,
                _ => graph.len(),
            };
            assert!(steps >= least, "{policy:?}: {steps} steps");
        }
    }
}

#[test]
fn a_huge_ready_batch_is_placed_across_steps() {
    // 3,000 roots become ready together; ETF and DLS score up to 512 of
    // them per placement, so the batch alone is millions of scores.
    let mut b = GraphBuilder::new();
    let roots: Vec<TaskId> = (0..3_000)
        .map(|i| b.add("in", i, &[], 1.0, 1_000))
        .collect();
    b.add("merge", 0, &roots, 1.0, 8);
    let graph = b.finish();
    for policy in [PolicyKind::Etf, PolicyKind::Dls, PolicyKind::Mcp] {
        let options = SimOptions {
            workers: 16,
            policy,
            bandwidth_mb_s: Some(100.0),
            ..SimOptions::default()
        };
        let mut sim = Simulation::new(&graph, &options).unwrap();
        assert!(!sim.step(100));
        let p = sim.progress();
        assert!(p > 0.0 && p < 0.05, "{policy:?}: {p}");
        while !sim.step(1_000) {}
        let whole = sim::simulate(&graph, &options).unwrap();
        assert_eq!(everything(&sim.finish()), everything(&whole), "{policy:?}");
    }
}

/// The Dask model's sweep of `graph` with what its `file` says, in steps
/// of one event, equals the one-call sweep.
fn same_shapes_in_steps_of_one(graph: &Graph, file: DaskFile) {
    let options = DaskOptions::default();
    let (workers, threads) = ([1, 3, 8], [1, 2]);
    let whole = dask::sweep_shapes(graph, file, &options, &workers, &threads).unwrap();
    let mut shapes = Shapes::new(graph, file, &options, &workers, &threads).unwrap();
    assert_eq!((shapes.done(), shapes.total()), (0, 6));
    let mut steps = 0;
    while !shapes.step(1) {
        steps += 1;
        assert!((0.0..=1.0).contains(&shapes.current()));
    }
    assert!(steps > 6 * graph.len(), "{steps}");
    assert_eq!(
        serde_json::to_string(&shapes.into_points()).unwrap(),
        serde_json::to_string(&whole).unwrap()
    );
}

#[test]
fn the_dask_model_gives_the_same_shapes_in_steps_of_one() {
    same_shapes_in_steps_of_one(&etl_graph(40, 60), DaskFile::default());
}

#[test]
fn the_dask_model_with_a_files_sections_gives_the_same_shapes_in_steps_of_one() {
    // dask.order priorities and a p2p shuffle, and a measured file's calibration.
    for text in [
        include_str!("../fuzz/corpus/dask-sections.json"),
        include_str!("../www/test/e2e/fixtures/measured.json"),
    ] {
        let graph = Graph::from_json(text).unwrap();
        let measurement = Measurement::from_json(text, &graph).unwrap();
        let hints = DaskHints::from_json(text, &graph).unwrap();
        let file = DaskFile {
            measurement: measurement.as_ref(),
            hints: hints.as_ref(),
        };
        same_shapes_in_steps_of_one(&graph, file);
    }
}

#[test]
fn sweeps_and_comparisons_in_steps_match_the_one_call_versions() {
    let graph = etl_graph(20, 30);
    let base = SimOptions {
        bandwidth_mb_s: Some(100.0),
        ..SimOptions::default()
    };
    let mut sweep = sim::Sweep::new(&graph, &base, &[1, 2, 8], &PolicyKind::SWEPT).unwrap();
    while !sweep.step(5) {
        assert!(sweep.done() < sweep.total());
    }
    assert_eq!(
        sweep.into_points(),
        sim::sweep(&graph, &base, &[1, 2, 8], &PolicyKind::SWEPT).unwrap()
    );
    let mut comparison = Comparison::new(&graph, &base, &PolicyKind::ALL).unwrap();
    assert_eq!(comparison.total(), 3 * PolicyKind::ALL.len());
    while !comparison.step(64) {}
    assert_eq!(
        comparison.into_cells(),
        sim::compare(&graph, &base, &PolicyKind::ALL).unwrap()
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Random graphs of ESTEE's families, random clusters and policies,
    /// random budgets per step: the same report as in one call.
    #[test]
    fn random_budgets_never_change_the_report(
        family in prop::sample::select(vec!["grid", "bigmerge", "fork1", "triplets", "splitters", "conflux", "fern", "gridcat", "merge_small_big"]),
        size in 2u32..8,
        seed in 0u64..1_000,
        policy in prop::sample::select(PolicyKind::ALL.iter().copied().filter(|p| *p != PolicyKind::Genetic).collect::<Vec<_>>()),
        network in prop::sample::select(NetworkKind::ALL.to_vec()),
        bandwidth in prop::option::of(1.0f64..1_000.0),
        workers in 1u32..12,
        threads in 1u32..4,
        budgets in prop::collection::vec(1usize..40, 1..8),
    ) {
        let Ok(graph) = dagsim::families::generate(family, size, seed) else {
            return Ok(());
        };
        let options = SimOptions {
            workers,
            threads_per_worker: threads,
            policy,
            network,
            bandwidth_mb_s: bandwidth,
            seed,
            ..SimOptions::default()
        };
        let whole = sim::simulate(&graph, &options).unwrap();
        let (parts, _) = stepped(&graph, &options, &budgets);
        prop_assert_eq!(everything(&parts), everything(&whole));
    }
}
