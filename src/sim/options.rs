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
/// Most concurrent downloads per worker.
pub const MAX_DOWNLOADS: u32 = 4096;
/// Largest per-task overhead, µs.
pub const MAX_OVERHEAD_US: f64 = 10_000_000.0;
/// Largest fixed latency of a transfer, µs (its own limit, as large as the
/// overhead's: a network round trip is far shorter).
pub const MAX_LATENCY_US: f64 = 10_000_000.0;
/// Largest σ of the noisy information mode's log-normal factor (at σ = 2 a
/// tenth of the estimates are off by more than ×13).
pub const MAX_NOISE: f64 = 2.0;
/// Longest minimal interval between two scheduling decisions, µs (a minute).
pub const MAX_SCHEDULING_INTERVAL_US: f64 = 60_000_000.0;

/// Gives a fieldless enum the names the CLI, the page and graph files spell
/// it with: `ALL` (every variant, in the order comparisons report them),
/// `name()`, `Display`, and `FromStr`, whose error names `field` and lists
/// the valid names: `unknown {what} "s"; valid {plural}: …`.
macro_rules! named {
    ($ty:ident, field $field:literal, $what:literal, $plural:literal; $($variant:ident => $name:literal,)+) => {
        impl $ty {
            /// Every variant, in the order comparisons report them.
            pub const ALL: [$ty; [$($name),+].len()] = [$($ty::$variant),+];

            /// The name, as the CLI and the page spell it.
            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)+
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        impl FromStr for $ty {
            type Err = FieldError;

            fn from_str(s: &str) -> Result<Self, FieldError> {
                $ty::ALL.into_iter().find(|t| t.name() == s).ok_or_else(|| {
                    let names: Vec<&str> = $ty::ALL.iter().map(|t| t.name()).collect();
                    FieldError::new(
                        $field,
                        format!("unknown {} {s:?}; valid {}: {}", $what, $plural, names.join(", ")),
                    )
                })
            }
        }
    };
}

/// A scheduling policy; see the `policy` module for what each does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyKind {
    /// Dask-like: critical-path-first priorities, worker by earliest start including transfers, stealing when idle.
    #[default]
    DaskLike,
    /// Locality-first placement, idle threads steal one task at a time.
    WorkStealing,
    /// HEFT-like list scheduling by bottom level.
    BLevel,
    /// A seeded random worker per task.
    Random,
    /// One global first-in first-out queue.
    Fifo,
    /// b-level, each task to the free worker with the fewest bytes to fetch.
    BLevelGt,
    /// List scheduling by top level, smallest first.
    TLevel,
    /// t-level, each task to the free worker with the fewest bytes to fetch.
    TLevelGt,
    /// Modified Critical Path: smallest ALAP first, to the earliest-start worker.
    Mcp,
    /// Earliest Time First: the (task, worker) pair that starts earliest.
    Etf,
    /// Dynamic Level Scheduling: the pair of largest static level − earliest start.
    Dls,
    /// Everything on one worker.
    Single,
    /// ESTEE-style eager work stealing: fewest bytes to fetch, rebalanced at once.
    WorkStealingEager,
    /// Linear clustering: critical-path chains, each on one worker.
    Lc,
    /// A seeded genetic search over static schedules (small graphs).
    Genetic,
    /// ESTEE's camp2: a seeded local search over static placements (small graphs).
    Camp,
}

named! {
    PolicyKind, field "policy", "policy", "policies";
    DaskLike => "dask-like",
    WorkStealing => "work-stealing",
    BLevel => "b-level",
    Random => "random",
    Fifo => "fifo",
    BLevelGt => "b-level-gt",
    TLevel => "t-level",
    TLevelGt => "t-level-gt",
    Mcp => "mcp",
    Etf => "etf",
    Dls => "dls",
    Single => "single",
    WorkStealingEager => "work-stealing-eager",
    Lc => "lc",
    Genetic => "genetic",
    Camp => "camp",
}

impl PolicyKind {
    /// The policies whose speedup curves the page and `--sweep` draw.
    pub const SWEPT: [PolicyKind; 5] = [
        PolicyKind::DaskLike,
        PolicyKind::WorkStealing,
        PolicyKind::BLevel,
        PolicyKind::Random,
        PolicyKind::Fifo,
    ];
}

/// How transfers between workers share the network; see the `network`
/// module for each model's formula.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NetworkKind {
    /// One inbound link per worker: transfers into a worker run one after
    /// another at full bandwidth, first come first served.
    #[default]
    FcfsInbound,
    /// ESTEE's "simple": every transfer runs at full bandwidth, at most
    /// `downloads` at once into each worker.
    Simple,
    /// ESTEE's "maxmin": max-min fair sharing, each worker sending and
    /// receiving at most the bandwidth, at most `downloads` at once into each worker.
    Maxmin,
}

named! {
    NetworkKind, field "network", "network model", "models";
    FcfsInbound => "fcfs-inbound",
    Simple => "simple",
    Maxmin => "maxmin",
}

/// What the scheduler knows of task durations and output sizes (ESTEE's
/// information modes); the simulation always runs on the real values. See
/// the `estimate` module for each mode's formula.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Information {
    /// The real durations and sizes.
    #[default]
    Exact,
    /// Every real duration and size times its own seeded log-normal factor
    /// `exp(noise · Z)`, `Z` standard normal.
    Noisy,
    /// Every task's duration and output size are the means of its prefix's.
    PrefixMean,
}

named! {
    Information, field "information", "information mode", "modes";
    Exact => "exact",
    Noisy => "noisy",
    PrefixMean => "prefix-mean",
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
    /// How concurrent transfers share the bandwidth (only with a bandwidth).
    pub network: NetworkKind,
    /// Most transfers into one worker at once, `1..=4096` (the `simple` and
    /// `maxmin` models; ESTEE's default is 4).
    pub downloads: u32,
    /// Most of those from one sender at once, `1..=4096` (the `maxmin` model;
    /// ESTEE's workers: 2); `None`: no limit but `downloads`.
    pub downloads_per_sender: Option<u32>,
    /// Seed of the random draws: the random, genetic, camp and eager
    /// stealing policies, and the noisy estimates.
    pub seed: u64,
    /// Multiplies every task duration.
    pub time_scale: f64,
    /// What the scheduler knows of durations and sizes.
    pub information: Information,
    /// σ of the noisy estimates' log-normal factor, `0..=2` (only with
    /// `information` noisy).
    pub noise: f64,
    /// Minimal time between two scheduling decisions, µs (ESTEE's
    /// scheduler delay); 0: a decision at every event.
    pub scheduling_interval_us: f64,
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
            network: NetworkKind::FcfsInbound,
            downloads: 4,
            downloads_per_sender: None,
            seed: 0,
            time_scale: 1.0,
            information: Information::Exact,
            noise: 0.5,
            scheduling_interval_us: 0.0,
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
        count_in("downloads", self.downloads, MAX_DOWNLOADS)?;
        if let Some(per_sender) = self.downloads_per_sender {
            count_in("downloads_per_sender", per_sender, MAX_DOWNLOADS)?;
        }
        finite_in("overhead_us", self.overhead_us, 0.0, MAX_OVERHEAD_US)?;
        finite_in("latency_us", self.latency_us, 0.0, MAX_LATENCY_US)?;
        // The executor's limit: a simulation predicts a run at the same scale.
        finite_in("time_scale", self.time_scale, 0.0, MAX_TIME_SCALE)?;
        finite_in("noise", self.noise, 0.0, MAX_NOISE)?;
        finite_in(
            "scheduling_interval_us",
            self.scheduling_interval_us,
            0.0,
            MAX_SCHEDULING_INTERVAL_US,
        )?;
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
