//! The simulator against the executor, independent of machine speed: replay a
//! real run's measured task durations in the simulator (one worker with as
//! many threads as the run, the executor's critical-path-first order) and
//! the predicted makespan must be within 5% of the measured one.
#![cfg(not(target_arch = "wasm32"))]

use dagsim::etl::{self, EtlSpec};
use dagsim::exec::{LatencyMode, RunHandle, RunOptions};
use dagsim::sim::{self, PolicyKind, SimOptions};
use std::sync::Arc;

#[test]
fn replayed_runs_are_predicted_within_five_percent() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap();
    for spec in [EtlSpec::small(), EtlSpec::large()] {
        let etl = Arc::new(etl::build(&spec).unwrap());
        for threads in [1, 2, 4] {
            let options = RunOptions {
                threads,
                mode: LatencyMode::Sleep,
                time_scale: 0.02,
            };
            let handle = pool
                .install(|| RunHandle::start(Arc::clone(&etl), options))
                .unwrap();
            let report = handle.wait().unwrap();
            let mut measured = vec![0.0; etl.graph().len()];
            for e in &report.trace.events {
                measured[e.task.index()] = (e.end_us - e.start_us) / 1e3;
            }
            let replay = etl.graph().with_durations(&measured);
            let predicted = sim::simulate(
                &replay,
                &SimOptions {
                    workers: 1,
                    threads_per_worker: threads as u32,
                    policy: PolicyKind::BLevel,
                    ..SimOptions::default()
                },
            )
            .unwrap()
            .makespan_ms;
            let actual = report.makespan_us / 1e3;
            let error = (predicted - actual).abs() / actual;
            assert!(
                error <= 0.05,
                "{} tasks, {threads} threads: predicted {predicted:.2} ms, measured {actual:.2} ms ({:.1}%)",
                etl.graph().len(),
                100.0 * error
            );
        }
    }
}
