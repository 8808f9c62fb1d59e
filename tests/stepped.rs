//! Simulations run in steps (what the page's engine worker does so Cancel
//! lands within one slice) give exactly the report of the one-call
//! simulation: every policy, every network model, the Dask model, tiny and
//! random budgets, and the sweeps and comparisons built on them. A graph's
//! stats and summary (the last part of a build) made in steps are the
//! one-call ones, and the stats are those of a plain reference pass.
#![cfg(not(target_arch = "wasm32"))]

use dagsim::dot::{self, DotColor, DotOptions};
use dagsim::etl::{self, EtlSpec};
use dagsim::graph::{DaskHints, Graph, GraphBuilder, Measurement, TaskId};
use dagsim::graph::{GraphStats, StatsPass};
use dagsim::sim::dask::{self, DaskFile, DaskOptions, Shapes};
use dagsim::sim::{self, Comparison, NetworkKind, PolicyKind, SimOptions, SimReport, Simulation};
use dagsim::summary::{Summarizing, Summary};
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

/// The stats of `graph` by the plain one-call algorithm: the longest
/// chain ending at each task (the first of equal dependencies), the last
/// task of the largest chain as its end, depths by edges.
fn reference_stats(graph: &Graph) -> GraphStats {
    let n = graph.len();
    let (mut finish, mut via, mut depth) = (vec![0.0f64; n], vec![None; n], vec![0u32; n]);
    for id in graph.ids() {
        let mut best: Option<TaskId> = None;
        for &d in graph.deps(id) {
            if best.is_none_or(|b| finish[d.index()] > finish[b.index()]) {
                best = Some(d);
            }
            depth[id.index()] = depth[id.index()].max(depth[d.index()] + 1);
        }
        finish[id.index()] = graph.duration_ms(id) + best.map_or(0.0, |b| finish[b.index()]);
        via[id.index()] = best;
    }
    let end = graph
        .ids()
        .max_by(|a, b| finish[a.index()].total_cmp(&finish[b.index()]));
    let mut critical_path: Vec<TaskId> = std::iter::successors(end, |t| via[t.index()]).collect();
    critical_path.reverse();
    let mut width_per_level = vec![0u32; depth.iter().max().map_or(0, |d| *d as usize + 1)];
    for d in depth {
        width_per_level[d as usize] += 1;
    }
    let work_ms: f64 = graph.ids().map(|id| graph.duration_ms(id)).sum();
    let span_ms = end.map_or(0.0, |e| finish[e.index()]);
    GraphStats {
        tasks: n,
        edges: graph.edge_count(),
        work_ms,
        span_ms,
        critical_path,
        width_per_level,
        parallelism: if span_ms > 0.0 {
            work_ms / span_ms
        } else {
            1.0
        },
    }
}

/// Graphs of every shape the summary treats apart: the pipeline drawn per
/// task and grouped, a chain, equal chains (ties), thousands of prefixes
/// (an "other" group), a task with many inputs, no task at all.
fn summary_graphs() -> Vec<Graph> {
    let mut chain = GraphBuilder::new();
    let mut prev = chain.add("a", 0, &[], 1.0, 0);
    for i in 1..3_000 {
        prev = chain.add("b", i, &[prev], 0.5, 0);
    }
    let mut ties = GraphBuilder::new();
    for i in 0..40 {
        let a = ties.add("x", i, &[], 2.0, 0);
        ties.add("y", i, &[a], 2.0, 0);
    }
    let mut prefixes = GraphBuilder::new();
    let mut prev = prefixes.add_keyed("k0", "p0", &[], 1.0, 0);
    for i in 1..2_500 {
        prev = prefixes.add_keyed(
            &format!("k{i}"),
            &format!("p{}", i % 700),
            &[prev],
            i as f64,
            0,
        );
    }
    let mut wide = GraphBuilder::new();
    let roots: Vec<TaskId> = (0..5_000).map(|i| wide.add("in", i, &[], 1.0, 8)).collect();
    wide.add("merge", 0, &roots, 3.0, 8);
    vec![
        etl_graph(6, 8),
        etl_graph(300, 500),
        chain.finish(),
        ties.finish(),
        prefixes.finish(),
        wide.finish(),
        Graph::default(),
    ]
}

#[test]
fn stats_in_steps_are_the_one_call_stats_and_the_reference() {
    for graph in summary_graphs() {
        let whole = graph.stats();
        assert_eq!(whole, reference_stats(&graph), "{} tasks", graph.len());
        for units in [1, 2, 7, 256, usize::MAX] {
            let mut pass = StatsPass::new(&graph);
            let (mut steps, mut progress) = (0, 0.0);
            while !pass.step(&graph, units) {
                steps += 1;
                let now = pass.progress(&graph);
                assert!(now >= progress && now <= 1.0, "{progress} then {now}");
                progress = now;
            }
            if units == 1 {
                // Two passes over the tasks and the path walk, one unit each at least.
                assert!(steps >= 2 * graph.len(), "{steps} steps");
            }
            assert_eq!(
                pass.finish(&graph),
                whole,
                "{} tasks in steps of {units}",
                graph.len()
            );
        }
    }
}

#[test]
fn a_summary_in_steps_is_the_one_call_summary() {
    let drawing = DotOptions {
        color: DotColor::Prefix,
        ..DotOptions::default()
    };
    for graph in summary_graphs() {
        let whole = Summary::of(&graph);
        // What the page was sent before summaries were made in steps.
        assert_eq!(whole.stats, reference_stats(&graph));
        assert_eq!(whole.dot, dot::to_dot(&graph, &drawing));
        assert_eq!(whole.grouped, dot::is_grouped(&graph, &drawing));
        let group_of: Vec<u32> = graph.ids().map(|id| graph.group_index(id) as u32).collect();
        let mut counts = vec![0; graph.groups().len()];
        for &g in &group_of {
            counts[g as usize] += 1;
        }
        assert_eq!((&whole.group_of, &whole.group_counts), (&group_of, &counts));
        for units in [1, 3, 256, 100_000] {
            let mut summarizing = Summarizing::new(&graph);
            let mut progress = 0.0;
            while !summarizing.step(&graph, units) {
                let now = summarizing.progress(&graph);
                assert!(now >= progress && now <= 1.0, "{progress} then {now}");
                progress = now;
            }
            assert_eq!(
                summarizing.finish(&graph),
                whole,
                "{} tasks in steps of {units}",
                graph.len()
            );
        }
    }
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
        threads in 1u32..5,
        budgets in prop::collection::vec(1usize..40, 1..8),
    ) {
        let Ok(graph) = dagsim::families::generate(family, size, seed) else {
            return Ok(());
        };
        // triplets' middle tasks need 4 threads: smaller workers are refused.
        if graph.most_threads().is_some_and(|(_, k)| k > threads) {
            return Ok(());
        }
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
