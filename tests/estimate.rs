//! `EtlSpec::estimate` against the heap a build and a run really take,
//! measured by a counting allocator: it must not under-estimate, and not
//! over-estimate by more than 8× (the peak depends on the order tasks ran).
#![cfg(not(target_arch = "wasm32"))]

use dagsim::etl::{self, EtlSpec};
use dagsim::exec::{self, RunOptions};
use std::sync::Arc;

#[path = "../benches/common/counting.rs"]
mod counting;

#[test]
fn the_estimate_bounds_a_build_and_a_run() {
    rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build_global()
        .ok();
    for spec in [
        EtlSpec {
            files: 20_000,
            compares: 20_000,
            ..EtlSpec::default()
        },
        EtlSpec {
            files: 2_000,
            compares: 500,
            records_per_file: 1_024,
            ..EtlSpec::default()
        },
    ] {
        let (peak, ()) = counting::peak_during(|| {
            let built = Arc::new(etl::build(&spec).unwrap());
            let options = RunOptions {
                threads: 2,
                time_scale: 0.0,
                ..RunOptions::default()
            };
            exec::run(Arc::clone(&built), &options).unwrap();
        });
        let peak = peak as u64;
        let estimate = spec.estimate();
        assert!(
            peak <= estimate.bytes && estimate.bytes <= 8 * peak,
            "{} files: peak {peak} B, estimate {} B",
            spec.files,
            estimate.bytes
        );
    }
}
