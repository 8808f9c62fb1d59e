//! [`EtlSpec`]: what pipeline to build, and its validation. Every limit is
//! stated here; a bad value is a [`FieldError`] naming the field, the range
//! and the reason for it.

use crate::exec::RUN_BYTES_PER_TASK;
use crate::field::{count_in, FieldError};
use serde::{Deserialize, Serialize};

/// Allowed number of files: a roll needs three consecutive files; the upper
/// bound keeps a ~1M-task graph possible and memory bounded.
pub const FILES: (u32, u32) = (3, 300_000);
/// Allowed number of comparisons.
pub const COMPARES: (u32, u32) = (1, 1_000_000);
/// Allowed records per synthetic file.
pub const RECORDS_PER_FILE: (u32, u32) = (4, 4_096);
/// Upper bound on `files × records_per_file`, so the data of one run stays
/// within a few hundred MB even in a 1 GiB wasm memory.
pub const MAX_TOTAL_RECORDS: u64 = 20_000_000;
/// Upper bound of a latency range, in seconds.
pub const MAX_LATENCY_S: f64 = 3_600.0;

/// Heap bytes per task of a built pipeline, builder peak included
/// (`cargo bench --bench build`: 90).
const GRAPH_BYTES_PER_TASK: u64 = 96;

/// What a pipeline will take, known before it is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Estimate {
    /// Tasks before culling (an upper bound: `3 × files + compares`).
    pub tasks: u64,
    /// Heap bytes to build it and run it once, at most: graph, run state
    /// and data (measured peaks are 1/8 to 1× of it, `tests/estimate.rs`).
    pub bytes: u64,
}

/// A uniform latency range `[lo, hi)` in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatencyRange {
    /// Lower bound (inclusive), seconds.
    pub lo: f64,
    /// Upper bound (exclusive), seconds.
    pub hi: f64,
}

impl LatencyRange {
    const fn new(lo: f64, hi: f64) -> Self {
        LatencyRange { lo, hi }
    }

    fn validate(&self, field: &str) -> Result<(), FieldError> {
        let ok = self.lo.is_finite()
            && self.hi.is_finite()
            && 0.0 <= self.lo
            && self.lo <= self.hi
            && self.hi <= MAX_LATENCY_S;
        if ok {
            Ok(())
        } else {
            Err(FieldError::new(
                field,
                format!("must be a range of seconds with 0 <= lo <= hi <= {MAX_LATENCY_S}, got [{}, {}) (a task sleeps a uniform draw from it; at most an hour)", self.lo, self.hi),
            ))
        }
    }
}

/// Per-op latency ranges; the defaults are the seed notebook's `sleep`s.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Latency {
    /// `load`: `random() / 2` → [0, 0.5).
    pub load: LatencyRange,
    /// `load_from_sql`: `random() / 2 + 0.5` → [0.5, 1).
    pub load_from_sql: LatencyRange,
    /// `process`: [0, 0.5).
    pub process: LatencyRange,
    /// `roll`: `random() / 5` → [0, 0.2).
    pub roll: LatencyRange,
    /// `compare`: `random() / 10` → [0, 0.1).
    pub compare: LatencyRange,
    /// `reduction`: `random()` → [0, 1).
    pub reduction: LatencyRange,
}

impl Latency {
    /// Every op's range, named by its prefix, in pipeline order.
    pub fn by_op(&self) -> [(&'static str, LatencyRange); 6] {
        [
            ("load", self.load),
            ("load_from_sql", self.load_from_sql),
            ("process", self.process),
            ("roll", self.roll),
            ("compare", self.compare),
            ("reduction", self.reduction),
        ]
    }
}

impl Default for Latency {
    fn default() -> Self {
        Latency {
            load: LatencyRange::new(0.0, 0.5),
            load_from_sql: LatencyRange::new(0.5, 1.0),
            process: LatencyRange::new(0.0, 0.5),
            roll: LatencyRange::new(0.0, 0.2),
            compare: LatencyRange::new(0.0, 0.1),
            reduction: LatencyRange::new(0.0, 1.0),
        }
    }
}

/// The pipeline to build. Missing fields (in JSON or JS objects) take their defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EtlSpec {
    /// Number of files to load (`mydata-{i}.dat`).
    pub files: u32,
    /// Number of random pairs of rolled results to compare.
    pub compares: u32,
    /// Seed of every random draw (pairs, latencies, data).
    pub seed: u64,
    /// Per-op latency ranges in seconds.
    pub latency: Latency,
    /// Records in each synthetic file.
    pub records_per_file: u32,
    /// Inject a failure: the task with exactly this key fails when run.
    pub fail: Option<String>,
}

impl Default for EtlSpec {
    /// The seed's small example: 10 files, 20 comparisons, seed 42.
    fn default() -> Self {
        EtlSpec {
            files: 10,
            compares: 20,
            seed: 42,
            latency: Latency::default(),
            records_per_file: 64,
            fail: None,
        }
    }
}

impl EtlSpec {
    /// The seed's small example: 10 files, 20 comparisons.
    pub fn small() -> Self {
        Self::default()
    }

    /// The seed's larger example: 100 files, 200 comparisons.
    pub fn large() -> Self {
        EtlSpec {
            files: 100,
            compares: 200,
            ..Self::default()
        }
    }

    /// The tasks and memory this pipeline will take (see [`Estimate`]); the
    /// spec need not be valid.
    pub fn estimate(&self) -> Estimate {
        let tasks = 3 * u64::from(self.files) + u64::from(self.compares);
        // Loaded, processed and rolled series of 8-byte readings, as if every
        // file's were live at once (a run frees them as it goes: measured
        // peaks hold a sixth to a half of that, depending on the order).
        let data = 3 * 8 * u64::from(self.files) * u64::from(self.records_per_file);
        Estimate {
            tasks,
            bytes: tasks * (GRAPH_BYTES_PER_TASK + RUN_BYTES_PER_TASK) + data,
        }
    }

    /// Checks every field against its allowed range (`fail` is checked by
    /// [`build`](super::build), which knows the keys).
    pub fn validate(&self) -> Result<(), FieldError> {
        count_in(
            "files",
            self.files,
            FILES,
            "a roll needs three consecutive files",
        )?;
        count_in("compares", self.compares, COMPARES, "")?;
        count_in(
            "records_per_file",
            self.records_per_file,
            RECORDS_PER_FILE,
            "a roll's window needs 4 records",
        )?;
        let total = u64::from(self.files) * u64::from(self.records_per_file);
        if total > MAX_TOTAL_RECORDS {
            return Err(FieldError::new(
                "records_per_file",
                format!(
                    "files × records_per_file must be at most {MAX_TOTAL_RECORDS}, got {total} (a run's data must fit in the browser's memory)"
                ),
            ));
        }
        for (name, range) in self.latency.by_op() {
            range.validate(&format!("latency.{name}"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error for `spec`, which must be invalid.
    fn error(spec: EtlSpec) -> FieldError {
        spec.validate().unwrap_err()
    }

    #[test]
    fn counts_out_of_range_name_the_field_and_range() {
        let small = EtlSpec::small;
        for (spec, text) in [
            (
                EtlSpec { files: 2, ..small() },
                "files: must be between 3 and 300000, got 2 (a roll needs three consecutive files)",
            ),
            (
                EtlSpec { files: 300_001, ..small() },
                "files: must be between 3 and 300000, got 300001 (a roll needs three consecutive files)",
            ),
            (
                EtlSpec { compares: 0, ..small() },
                "compares: must be between 1 and 1000000, got 0",
            ),
            (
                EtlSpec { compares: 1_000_001, ..small() },
                "compares: must be between 1 and 1000000, got 1000001",
            ),
            (
                EtlSpec { records_per_file: 3, ..small() },
                "records_per_file: must be between 4 and 4096, got 3 (a roll's window needs 4 records)",
            ),
            (
                EtlSpec { records_per_file: 4_097, ..small() },
                "records_per_file: must be between 4 and 4096, got 4097 (a roll's window needs 4 records)",
            ),
            (
                EtlSpec { files: 300_000, records_per_file: 4_096, ..small() },
                "records_per_file: files × records_per_file must be at most 20000000, got 1228800000 (a run's data must fit in the browser's memory)",
            ),
        ] {
            assert_eq!(error(spec).to_string(), text);
        }
        assert!(EtlSpec {
            files: 3,
            compares: 1,
            records_per_file: 4,
            ..small()
        }
        .validate()
        .is_ok());
    }

    #[test]
    fn bad_latencies_name_the_op_and_range() {
        let bad = [
            LatencyRange { lo: 0.3, hi: 0.1 },
            LatencyRange {
                lo: f64::NAN,
                hi: 0.1,
            },
            LatencyRange {
                lo: 0.0,
                hi: f64::INFINITY,
            },
            LatencyRange { lo: -0.1, hi: 0.1 },
            LatencyRange {
                lo: 0.0,
                hi: 3_600.5,
            },
        ];
        for range in bad {
            let mut spec = EtlSpec::small();
            spec.latency.roll = range;
            let e = error(spec);
            assert_eq!(e.field, "latency.roll");
            assert!(e.message.contains("0 <= lo <= hi <= 3600"), "{e}");
        }
        let mut spec = EtlSpec::small();
        spec.latency.load_from_sql = LatencyRange { lo: 0.0, hi: 0.0 };
        spec.latency.reduction = LatencyRange {
            lo: 3_600.0,
            hi: 3_600.0,
        };
        assert!(
            spec.validate().is_ok(),
            "empty and maximal ranges are allowed"
        );
    }

    #[test]
    fn json_fills_defaults_and_rejects_unknown_fields() {
        let spec: EtlSpec = serde_json::from_str(r#"{"files": 12}"#).unwrap();
        assert_eq!(
            spec,
            EtlSpec {
                files: 12,
                ..EtlSpec::default()
            }
        );
        assert!(serde_json::from_str::<EtlSpec>(r#"{"filez": 12}"#).is_err());
        for bad in [
            r#"{"files": -3}"#,
            r#"{"files": "ten"}"#,
            r#"{"seed": 1.5}"#,
            r#"{"latency": {"roll": {"lo": 0}}}"#,
            r#"{"latency": {"rol": {"lo": 0, "hi": 1}}}"#,
        ] {
            assert!(serde_json::from_str::<EtlSpec>(bad).is_err(), "{bad}");
        }
    }
}
