//! Executor benchmarks (native): per-task overhead on zero-latency ETL
//! graphs of about 500 … 500k tasks (with the ETL bodies, and with no-op
//! bodies on the same graph: the scheduler alone), and makespan ÷ lower
//! bound on the large example in sleep mode at time scale 0.1.
//! `cargo bench --bench overhead` prints markdown tables.

use dagsim::etl::{self, EtlSpec};
use dagsim::exec::{self, LatencyMode, Replay, RunOptions, RunReport};
use dagsim::graph::Compute;
use std::sync::Arc;

/// The run with the smallest makespan out of three.
fn best_of_3<C: Compute + 'static>(job: &Arc<C>, options: &RunOptions) -> RunReport<C::Value>
where
    C::Value: 'static,
{
    (0..3)
        .map(|_| exec::run(Arc::clone(job), options).expect("runs"))
        .min_by(|a, b| a.makespan_us.total_cmp(&b.makespan_us))
        .expect("three runs")
}

fn main() {
    // Sleeping tasks need threads, not cores.
    rayon::ThreadPoolBuilder::new()
        .num_threads(8)
        .build_global()
        .expect("the global pool starts once");
    println!(
        "| target tasks | tasks | threads | makespan ms (best of 3) | overhead µs/task | no-op bodies: makespan ms | no-op bodies: µs/task |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for target in [500u32, 5_000, 50_000, 500_000] {
        let files = (target / 4).max(3);
        let etl = Arc::new(
            etl::build(&EtlSpec {
                files,
                compares: files,
                ..EtlSpec::default()
            })
            .expect("valid spec"),
        );
        let shape = Arc::new(Replay::new(etl.graph().clone()));
        for threads in [1, 2] {
            let options = RunOptions {
                threads,
                mode: LatencyMode::Sleep,
                time_scale: 0.0,
            };
            let full = best_of_3(&etl, &options);
            let bare = best_of_3(&shape, &options);
            println!(
                "| {target} | {} | {threads} | {:.2} | {:.3} | {:.2} | {:.3} |",
                etl.graph().len(),
                full.makespan_us / 1e3,
                full.overhead_us_per_task,
                bare.makespan_us / 1e3,
                bare.overhead_us_per_task
            );
        }
    }

    let etl = Arc::new(etl::build(&EtlSpec::large()).expect("valid spec"));
    let stats = etl.graph().stats();
    println!("\n| threads | makespan ms | lower bound ms | makespan / bound |");
    println!("|---:|---:|---:|---:|");
    for threads in [1, 2, 4, 8] {
        let scale = 0.1;
        let report = exec::run(
            Arc::clone(&etl),
            &RunOptions {
                threads,
                mode: LatencyMode::Sleep,
                time_scale: scale,
            },
        )
        .expect("runs");
        let bound = (stats.work_ms * scale / threads as f64).max(stats.span_ms * scale);
        let makespan = report.makespan_us / 1e3;
        println!(
            "| {threads} | {makespan:.1} | {bound:.1} | {:.3} |",
            makespan / bound
        );
    }
}
