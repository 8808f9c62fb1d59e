//! A monotonic clock in µs that works natively, in the browser's module
//! workers and in the rayon pool's Web Workers.
//!
//! `std::time::Instant` panics on wasm32-unknown-unknown, so in wasm the clock
//! is `performance.timeOrigin + performance.now()` of the current global:
//! every Web Worker has its own time origin, and adding it puts readings from
//! different pool threads on one time line. Natively it is an `Instant`
//! measured from a process-wide origin.

/// Microseconds on a clock shared by all threads of this process.
#[cfg(not(target_arch = "wasm32"))]
pub fn now_us() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    ORIGIN.get_or_init(Instant::now).elapsed().as_secs_f64() * 1e6
}

/// Microseconds on a clock shared by all threads of this process.
#[cfg(target_arch = "wasm32")]
pub fn now_us() -> f64 {
    use wasm_bindgen::JsCast;
    thread_local! {
        static PERFORMANCE: web_sys::Performance = js_sys::global()
            .unchecked_into::<web_sys::WorkerGlobalScope>()
            .performance()
            .expect("performance is available in every worker");
    }
    PERFORMANCE.with(|p| (p.time_origin() + p.now()) * 1e3)
}
