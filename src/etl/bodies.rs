//! The task bodies: deterministic synthetic data and the arithmetic on it.
//!
//! Only `+ - * /`, `sqrt`, comparisons and integer arithmetic are used, in a
//! fixed order, so a Python port gives bit-identical results. With `R`
//! records per file and `u()` a uniform draw from the stream named below:
//!
//! - `load(i)`, stream (FileData, i): for each record `j`, draw `u1 = u()`,
//!   `u2 = u()`; the reading is `-1` (invalid) when `u1 < 0.05`, else
//!   `((j * (1 + i % 5)) % 17) + 4 * u2`.
//! - `load_from_sql`, stream (Reference, 0): for each slot `j`, draw
//!   `offset = 2 * u() - 1`, then `scale = 0.5 + u()`.
//! - `process(raw, ref)`: an invalid reading repeats the previous cleaned
//!   value (0 at the start); a valid one becomes `(raw - offset_j) * scale_j`,
//!   clipped to [-50, 50].
//! - `roll(a, b, c)`: the rolling mean over windows of 4 of the concatenation
//!   `a ++ b ++ c`: `m_k = (s_k + s_k+1 + s_k+2 + s_k+3) / 4`, summed left to right.
//! - `compare(x, y)`: how well `x` leads `y`: the Pearson correlation of
//!   `x[k]` with `y[k + L]`, `L = 4` (the roll window), over the `n - L`
//!   aligned points (0 when either side is constant): means by left-to-right
//!   sums / (n - L), then `cov / sqrt(var_x * var_y)` with the three sums
//!   accumulated together. A roll compared with itself scores its own
//!   autocorrelation, not a trivial 1.
//! - `reduction`: the compare with the highest score; ties go to the lowest
//!   compare index.

use crate::graph::TaskError;
use crate::prng::{Purpose, SplitMix64};
use serde::Serialize;

/// Window of the rolling mean in `roll`.
pub const ROLL_WINDOW: usize = 4;
/// Lag of `compare`'s lead correlation.
pub const LEAD: usize = 4;

/// The answer of the pipeline: the best pair of rolled results and its score.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Best {
    /// Roll index of the pair's first element (roll `i` uses files `i..i+3`).
    pub a: u32,
    /// Roll index of the pair's second element.
    pub b: u32,
    /// The pair's correlation score.
    pub score: f64,
}

/// The output of one task.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A loaded file's raw readings (negative = invalid) or a processed file.
    Records(Vec<f64>),
    /// The reference table: per-slot calibration.
    Reference {
        /// Subtracted from each reading of the slot.
        offset: Vec<f64>,
        /// Multiplies each reading of the slot after the offset.
        scale: Vec<f64>,
    },
    /// A rolled series (rolling means).
    Rolled(Vec<f64>),
    /// A comparison's score of rolls `a` and `b`.
    Score(Best),
    /// The reduction's answer.
    Best(Best),
}

pub(super) fn load(seed: u64, file: u32, records: u32) -> Value {
    let mut g = SplitMix64::stream(seed, Purpose::FileData, u64::from(file));
    let period = u64::from(1 + file % 5);
    let readings = (0..u64::from(records))
        .map(|j| {
            let (u1, u2) = (g.uniform(), g.uniform());
            if u1 < 0.05 {
                -1.0
            } else {
                ((j * period) % 17) as f64 + 4.0 * u2
            }
        })
        .collect();
    Value::Records(readings)
}

pub(super) fn load_from_sql(seed: u64, records: u32) -> Value {
    let mut g = SplitMix64::stream(seed, Purpose::Reference, 0);
    let len = records as usize;
    let (mut offset, mut scale) = (Vec::with_capacity(len), Vec::with_capacity(len));
    for _ in 0..records {
        offset.push(2.0 * g.uniform() - 1.0);
        scale.push(0.5 + g.uniform());
    }
    Value::Reference { offset, scale }
}

pub(super) fn process(raw: &Value, reference: &Value) -> Result<Value, TaskError> {
    let (Value::Records(raw), Value::Reference { offset, scale }) = (raw, reference) else {
        return Err(bad_input("process", "a loaded file and the reference"));
    };
    if raw.len() != offset.len() {
        return Err(TaskError(format!(
            "process: file has {} records, reference {}",
            raw.len(),
            offset.len()
        )));
    }
    let mut last = 0.0;
    let cleaned = raw
        .iter()
        .zip(offset.iter().zip(scale))
        .map(|(&r, (&o, &s))| {
            if r >= 0.0 {
                last = ((r - o) * s).clamp(-50.0, 50.0);
            }
            last
        })
        .collect();
    Ok(Value::Records(cleaned))
}

pub(super) fn roll(inputs: &[&Value]) -> Result<Value, TaskError> {
    let mut series = Vec::new();
    for input in inputs {
        match input {
            Value::Records(r) => series.extend_from_slice(r),
            _ => return Err(bad_input("roll", "three processed files")),
        }
    }
    if inputs.len() != 3 || series.len() < ROLL_WINDOW {
        return Err(bad_input("roll", "three processed files"));
    }
    let means = series
        .windows(ROLL_WINDOW)
        .map(|w| (w[0] + w[1] + w[2] + w[3]) / ROLL_WINDOW as f64)
        .collect();
    Ok(Value::Rolled(means))
}

pub(super) fn compare(a: u32, b: u32, x: &Value, y: &Value) -> Result<Value, TaskError> {
    let (Value::Rolled(x), Value::Rolled(y)) = (x, y) else {
        return Err(bad_input("compare", "two rolled series"));
    };
    if x.len() != y.len() || x.len() <= LEAD {
        return Err(TaskError(format!(
            "compare: series of lengths {} and {} must be equal and longer than {LEAD}",
            x.len(),
            y.len()
        )));
    }
    let (x, y) = (&x[..x.len() - LEAD], &y[LEAD..]);
    let n = x.len() as f64;
    let mean_x = x.iter().sum::<f64>() / n;
    let mean_y = y.iter().sum::<f64>() / n;
    let (mut cov, mut var_x, mut var_y) = (0.0, 0.0, 0.0);
    for (xi, yi) in x.iter().zip(y) {
        let (dx, dy) = (xi - mean_x, yi - mean_y);
        cov += dx * dy;
        var_x += dx * dx;
        var_y += dy * dy;
    }
    let score = if var_x * var_y > 0.0 {
        cov / (var_x * var_y).sqrt()
    } else {
        0.0
    };
    Ok(Value::Score(Best { a, b, score }))
}

pub(super) fn reduction(inputs: &[&Value]) -> Result<Value, TaskError> {
    let mut best: Option<Best> = None;
    for input in inputs {
        let Value::Score(s) = input else {
            return Err(bad_input("reduction", "compare scores"));
        };
        if best.is_none_or(|b| s.score > b.score) {
            best = Some(*s);
        }
    }
    best.map(Value::Best)
        .ok_or_else(|| bad_input("reduction", "at least one score"))
}

fn bad_input(op: &str, expected: &str) -> TaskError {
    TaskError(format!("{op}: expected {expected} as inputs"))
}
