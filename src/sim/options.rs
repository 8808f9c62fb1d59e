//! What cluster to simulate and how: workers, threads, policy, costs.

use crate::exec::MAX_TIME_SCALE;
use crate::field::{self, FieldError};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Most workers a simulation may have.
pub const MAX_WORKERS: u32 = 4096;
/// Most threads per worker.
pub const MAX_THREADS_PER_WORKER: u32 = 256;
/// Largest per-task overhead, µs.
pub const MAX_OVERHEAD_US: f64 = 10_000_000.0;
/// Largest fixed latency of a transfer, µs (its own limit, as large as the
/// overhead's: a network round trip is far shorter).
pub const MAX_LATENCY_US: f64 = 10_000_000.0;

/// A scheduling policy; see the `policy` module for what each does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyKind {
    /// Dask-like: critical-path-first priorities, worker by earliest start including transfers, stealing when idle.
    #[default]
    DaskLike,
    /// Locality-first placement, idle workers steal.
    WorkStealing,
    /// HEFT-like list scheduling by bottom level.
    BLevel,
    /// A seeded random worker per task.
    Random,
    /// One global first-in first-out queue.
    Fifo,
}

impl PolicyKind {
    /// Every policy, in the order the sweep reports them.
    pub const ALL: [PolicyKind; 5] = [
        PolicyKind::DaskLike,
        PolicyKind::WorkStealing,
        PolicyKind::BLevel,
        PolicyKind::Random,
        PolicyKind::Fifo,
    ];

    /// The policy's name, as the CLI and the page spell it.
    pub fn name(self) -> &'static str {
        match self {
            PolicyKind::DaskLike => "dask-like",
            PolicyKind::WorkStealing => "work-stealing",
            PolicyKind::BLevel => "b-level",
            PolicyKind::Random => "random",
            PolicyKind::Fifo => "fifo",
        }
    }
}

impl fmt::Display for PolicyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for PolicyKind {
    type Err = FieldError;

    fn from_str(s: &str) -> Result<Self, FieldError> {
        PolicyKind::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = PolicyKind::ALL.iter().map(|p| p.name()).collect();
                FieldError::new(
                    "policy",
                    format!("unknown policy {s:?}; valid policies: {}", names.join(", ")),
                )
            })
    }
}

/// Options of one simulation. Missing fields (JSON, JS) take their defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SimOptions {
    /// Number of workers (machines), `1..=4096`.
    pub workers: u32,
    /// Threads per worker, `1..=256`.
    pub threads_per_worker: u32,
    /// The scheduling policy.
    pub policy: PolicyKind,
    /// Scheduling overhead added to every task, µs.
    pub overhead_us: f64,
    /// Network bandwidth per worker link, MB/s; `None` = transfers are free.
    pub bandwidth_mb_s: Option<f64>,
    /// Fixed latency of each transfer, µs (only with a bandwidth).
    pub latency_us: f64,
    /// Seed of the random policy.
    pub seed: u64,
    /// Multiplies every task duration.
    pub time_scale: f64,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            workers: 4,
            threads_per_worker: 1,
            policy: PolicyKind::DaskLike,
            overhead_us: 0.0,
            bandwidth_mb_s: None,
            latency_us: 0.0,
            seed: 0,
            time_scale: 1.0,
        }
    }
}

impl SimOptions {
    /// Checks every option against its allowed range.
    pub fn validate(&self) -> Result<(), FieldError> {
        count_in("workers", self.workers, MAX_WORKERS)?;
        count_in(
            "threads_per_worker",
            self.threads_per_worker,
            MAX_THREADS_PER_WORKER,
        )?;
        finite_in("overhead_us", self.overhead_us, 0.0, MAX_OVERHEAD_US)?;
        finite_in("latency_us", self.latency_us, 0.0, MAX_LATENCY_US)?;
        // The executor's limit: a simulation predicts a run at the same scale.
        finite_in("time_scale", self.time_scale, 0.0, MAX_TIME_SCALE)?;
        if let Some(bw) = self.bandwidth_mb_s {
            if !(bw.is_finite() && bw > 0.0 && bw <= 1e9) {
                return Err(FieldError::new(
                    "bandwidth_mb_s",
                    format!("must be a number above 0 and at most 1e9, got {bw} (empty: a free network)"),
                ));
            }
        }
        Ok(())
    }
}

/// `v` in `1..=hi` (the shared validator, see `field`).
fn count_in(name: &'static str, v: u32, hi: u32) -> Result<(), FieldError> {
    field::count_in(name, v, (1, hi), "")
}

/// `v` a finite number in `lo..=hi` (the shared validator, see `field`).
fn finite_in(name: &'static str, v: f64, lo: f64, hi: f64) -> Result<(), FieldError> {
    field::number_in(name, v, (lo, hi), "")
}
