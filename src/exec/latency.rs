//! Spending a task's drawn duration: sleeping (I/O-bound) or spinning
//! (CPU-bound), and waking early when the run is cancelled.

use super::{clock, LatencyMode};
use std::sync::atomic::{AtomicBool, Ordering};

/// Longest single sleep, so a cancelled run's sleepers wake within this (ms).
#[cfg(any(not(target_arch = "wasm32"), target_feature = "atomics"))]
const SLEEP_SLICE_US: f64 = 20_000.0;

/// Blocks the calling thread until the clock reaches `deadline_us` or `stop`
/// is set. Only for threads that may block: native threads and the wasm
/// pool's workers (the single-thread wasm build uses the `Stepper`, which
/// checks deadlines instead).
#[cfg(any(not(target_arch = "wasm32"), target_feature = "atomics"))]
pub(super) fn wait_until(deadline_us: f64, mode: LatencyMode, stop: &AtomicBool) {
    loop {
        let left = deadline_us - clock::now_us();
        if left <= 0.0 || stop.load(Ordering::Relaxed) {
            return;
        }
        match mode {
            LatencyMode::Sleep => std::thread::sleep(std::time::Duration::from_secs_f64(
                left.min(SLEEP_SLICE_US) / 1e6,
            )),
            LatencyMode::Spin => std::hint::spin_loop(),
        }
    }
}

/// True once the clock reached `deadline_us` (or `stop` is set); spins for
/// at most `budget_us` in spin mode, never sleeps.
pub(super) fn reached(
    deadline_us: f64,
    mode: LatencyMode,
    stop: &AtomicBool,
    budget_us: f64,
) -> bool {
    let give_up = clock::now_us() + budget_us;
    loop {
        let now = clock::now_us();
        if now >= deadline_us || stop.load(Ordering::Relaxed) {
            return true;
        }
        if mode == LatencyMode::Sleep || now >= give_up {
            return false;
        }
        std::hint::spin_loop();
    }
}
