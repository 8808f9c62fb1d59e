//! The executor: runs a graph's tasks in parallel, like `Client().compute(best)`
//! with `progress(future)`.
//!
//! A task starts the moment its last dependency finishes; at most
//! `threads` run at once; ready tasks go critical-path-first (see `core`).
//! Each task runs its body and then spends the rest of its drawn duration
//! (× time scale) sleeping or spinning ([`LatencyMode`]), so a task takes
//! `max(duration, body time)`. Every run records a [`Trace`](crate::trace::Trace),
//! exposes live [`Progress`], can be cancelled, and fails with the key of a
//! failing task — never a panic.
//!
//! Two drivers share that core: [`RunHandle`] on the rayon pool (native, and
//! the threaded wasm build) and [`Stepper`] on the calling thread (the
//! single-thread wasm build, where blocking is impossible).

pub mod clock;
mod core;
mod error;
mod latency;
mod options;
mod outputs;
#[cfg(any(not(target_arch = "wasm32"), target_feature = "atomics"))]
mod pool;
mod progress;
mod queue;
mod replay;
mod report;
mod stepper;

pub use error::RunError;
pub use options::{LatencyMode, RunOptions, MAX_TIME_SCALE, RUN_BYTES_PER_TASK};
#[cfg(any(not(target_arch = "wasm32"), target_feature = "atomics"))]
pub use pool::RunHandle;
pub use progress::{PrefixProgress, Progress, TaskState};
pub use replay::Replay;
pub use report::RunReport;
pub use stepper::Stepper;

/// Runs `job` on the rayon pool and blocks until it is over. Never call it on
/// a browser's main thread.
#[cfg(any(not(target_arch = "wasm32"), target_feature = "atomics"))]
pub fn run<C: crate::graph::Compute + 'static>(
    job: std::sync::Arc<C>,
    options: &RunOptions,
) -> Result<RunReport<C::Value>, RunError>
where
    C::Value: 'static,
{
    RunHandle::start(job, options.clone())?.wait()
}
