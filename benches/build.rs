//! Graph benchmark (native): time and memory per task to build the ETL graph
//! at about 1k, 10k, 100k and 1M tasks, and the time of the whole-graph
//! operations on it (stats, cull, JSON export and import).
//!
//! `cargo bench --bench build` prints one markdown table and nothing else.
//! Memory is measured twice: the arena's own vectors ([`Graph::heap_bytes`])
//! and the peak heap while building, from a counting global allocator (the
//! peak includes the spec, the latency draws and the builder's key index).
//! The WASM numbers come from the same build in the browser (`make bench-wasm`).
//!
//! A second table splits the largest pipeline the page builds (about 1.9M
//! tasks) into what a build in steps does: drawing the pairs
//! (`Building::new`), adding the tasks in 25 ms slices, `Building::finish`
//! (the prefix groups), and the passes of its summary, each timed here in
//! one call (stats, DOT); the page makes the summary in steps too
//! (`benches/steps.rs` times those).
//!
//! A third table is the cost of handing that graph to another wasm instance
//! (the page's core and its scheduling lab) as the byte stream of its
//! columns: writing it (`Graph::to_bytes`), and reading and checking it
//! back (`Graph::from_bytes`); the page does both in chunks and steps.

use dagsim::dot::{self, DotOptions};
use dagsim::etl::{self, Building, EtlSpec};
use dagsim::exec::clock::now_us;
use dagsim::graph::Graph;
#[path = "common/counting.rs"]
mod counting;

use counting::peak_during;

/// Files for ~`tasks` tasks with as many compares as files (≈ 4 tasks per file).
fn spec_for(tasks: u32) -> EtlSpec {
    let files = tasks / 4;
    EtlSpec {
        files,
        compares: files,
        ..EtlSpec::default()
    }
}

/// Best wall time of `runs` calls of `f`, µs, and the last result.
fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..runs {
        let start = now_us();
        let out = f();
        best = best.min(now_us() - start);
        last = Some(out);
    }
    (best, last.expect("runs ≥ 1"))
}

fn main() {
    println!(
        "| target tasks | tasks | build µs/task (best of 5) | arena bytes/task | build peak bytes/task \
         | stats ms | cull ms | to_json ms | JSON bytes/task | from_json ms | from_json peak bytes/task |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for target in [1_000, 10_000, 100_000, 1_000_000] {
        let spec = spec_for(target);
        let (build_us, _) = best_of(5, || etl::build(&spec).expect("valid spec"));
        let (peak, built) = peak_during(|| etl::build(&spec).expect("valid spec"));
        let graph = built.graph();
        let tasks = graph.len();
        let (stats_us, _) = best_of(3, || graph.stats());
        let (cull_us, _) = best_of(3, || graph.cull(&[built.target()]));
        let (to_json_us, json) = best_of(3, || graph.to_json());
        let (from_json_us, _) = best_of(3, || Graph::from_json(&json));
        let (import_peak, imported) = peak_during(|| Graph::from_json(&json));
        assert_eq!(imported.as_ref(), Ok(graph), "JSON round trip");
        let per_task = |x: f64| x / tasks as f64;
        println!(
            "| {target} | {tasks} | {:.3} | {:.1} | {:.1} | {:.2} | {:.2} | {:.2} | {:.1} | {:.2} | {:.1} |",
            per_task(build_us),
            per_task(graph.heap_bytes() as f64),
            per_task(peak as f64),
            stats_us / 1e3,
            cull_us / 1e3,
            to_json_us / 1e3,
            per_task(json.len() as f64),
            from_json_us / 1e3,
            per_task(import_peak as f64),
        );
    }
    println!();
    largest();
    println!();
    handoff();
}

/// The third table (see the module docs), best of 3.
fn handoff() {
    let spec = EtlSpec {
        files: etl::FILES.1,
        compares: etl::COMPARES.1,
        ..EtlSpec::default()
    };
    let built = etl::build(&spec).expect("valid spec");
    let graph = built.graph();
    let (out_us, bytes) = best_of(3, || graph.to_bytes());
    let (in_us, back) = best_of(3, || Graph::from_bytes(&bytes).expect("own stream"));
    assert_eq!(&back, graph, "byte stream round trip");
    println!(
        "| graph handed over | tasks | stream bytes/task | written ms | read and checked ms |"
    );
    println!("|---|---:|---:|---:|---:|");
    println!(
        "| {} files × {} compares | {} | {:.1} | {:.1} | {:.1} |",
        spec.files,
        spec.compares,
        graph.len(),
        bytes.len() as f64 / graph.len() as f64,
        out_us / 1e3,
        in_us / 1e3,
    );
}

/// The second table (see the module docs), best of 3.
fn largest() {
    let spec = EtlSpec {
        files: etl::FILES.1,
        compares: etl::COMPARES.1,
        ..EtlSpec::default()
    };
    let (new_us, _) = best_of(3, || Building::new(&spec).expect("valid spec"));
    let (mut add_us, mut slices, mut longest_us) = (f64::INFINITY, 0, 0.0f64);
    let (mut finish_us, mut built) = (f64::INFINITY, None);
    for _ in 0..3 {
        let mut building = Building::new(&spec).expect("valid spec");
        let start = now_us();
        let (mut count, mut longest) = (0, 0.0f64);
        loop {
            let slice = now_us();
            let done = loop {
                if building.step(256) {
                    break true;
                }
                if now_us() >= slice + 25e3 {
                    break false;
                }
            };
            count += 1;
            longest = longest.max(now_us() - slice);
            if done {
                break;
            }
        }
        add_us = add_us.min(now_us() - start);
        (slices, longest_us) = (count, longest_us.max(longest));
        let start = now_us();
        built = Some(building.finish().expect("valid spec"));
        finish_us = finish_us.min(now_us() - start);
    }
    let built = built.expect("runs ≥ 1");
    let graph = built.graph();
    let (stats_us, _) = best_of(3, || graph.stats());
    let (dot_us, _) = best_of(3, || dot::to_dot(graph, &DotOptions::default()));
    println!(
        "| largest pipeline | tasks | draw pairs ms | add tasks ms | slices of 25 ms \
         | longest slice ms | groups ms | stats ms | DOT ms |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} files × {} compares | {} | {:.1} | {:.1} | {slices} | {:.1} | {:.1} | {:.1} | {:.1} |",
        spec.files,
        spec.compares,
        graph.len(),
        new_us / 1e3,
        add_us / 1e3,
        longest_us / 1e3,
        finish_us / 1e3,
        stats_us / 1e3,
        dot_us / 1e3,
    );
}
