//! Helpers shared by integration tests.

pub mod random_dag;
pub mod schedule;

use dagsim::sim::{PolicyKind, SimOptions};

/// Simulation of `policy` on `workers` workers of `threads` threads each,
/// every other option the default.
pub fn options(workers: u32, threads: u32, policy: PolicyKind) -> SimOptions {
    SimOptions {
        workers,
        threads_per_worker: threads,
        policy,
        ..SimOptions::default()
    }
}
