//! `EtlSpec::estimate` against the heap a build and a run really take,
//! measured by a counting allocator: it must not under-estimate, and not
//! over-estimate by more than 8× (the peak depends on the order tasks ran).
#![cfg(not(target_arch = "wasm32"))]

use dagsim::etl::{self, EtlSpec};
use dagsim::exec::{self, RunOptions};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to `System`; the counters only
// observe the sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        IN_USE.fetch_sub(layout.size(), Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

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
        let base = IN_USE.load(Relaxed);
        PEAK.store(base, Relaxed);
        let built = Arc::new(etl::build(&spec).unwrap());
        let options = RunOptions {
            threads: 2,
            time_scale: 0.0,
            ..RunOptions::default()
        };
        let report = exec::run(Arc::clone(&built), &options).unwrap();
        let peak = (PEAK.load(Relaxed) - base) as u64;
        drop((report, built));
        let estimate = spec.estimate();
        assert!(
            peak <= estimate.bytes && estimate.bytes <= 8 * peak,
            "{} files: peak {peak} B, estimate {} B",
            spec.files,
            estimate.bytes
        );
    }
}
