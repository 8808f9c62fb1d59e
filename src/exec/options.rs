//! How to run a graph: threads, latency model and time scale.

use crate::field::{count_in, number_in, FieldError};
use serde::{Deserialize, Serialize};

/// Upper bound of the time scale.
pub const MAX_TIME_SCALE: f64 = 100.0;

/// Heap bytes per task a run takes beyond its graph, at most: dependency
/// counters, priorities, states, the ready queue, output slots and the trace
/// (measured ~380 on 77k ETL tasks, `tests/estimate.rs`; task outputs'
/// own data come on top).
pub const RUN_BYTES_PER_TASK: u64 = 416;

/// How a task spends its drawn duration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LatencyMode {
    /// Sleep (I/O-bound, the seed's model): more threads than cores still help.
    #[default]
    Sleep,
    /// Busy-wait on the clock (CPU-bound): speedup is bounded by the cores.
    Spin,
}

/// Options of one run. Missing fields (JSON, JS) take their defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunOptions {
    /// Most tasks running at once, `1..=` the pool size.
    pub threads: usize,
    /// Sleep or spin for each task's duration.
    pub mode: LatencyMode,
    /// Multiplies every drawn duration: 0.1 runs ten times faster, 0 means no
    /// latency at all (for overhead measurements).
    pub time_scale: f64,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            threads: 1,
            mode: LatencyMode::Sleep,
            time_scale: 1.0,
        }
    }
}

impl RunOptions {
    /// Checks the options against a pool of `pool_threads` threads.
    pub fn validate(&self, pool_threads: usize) -> Result<(), FieldError> {
        count_in(
            "threads",
            self.threads,
            (1, pool_threads),
            "a run uses at most the pool's threads",
        )?;
        number_in(
            "time_scale",
            self.time_scale,
            (0.0, MAX_TIME_SCALE),
            "multiplies every duration; 0 = no latency",
        )
    }
}
