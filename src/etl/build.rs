//! From an [`EtlSpec`] to a graph, and the [`Etl`] that computes its tasks.
//!
//! Tasks are created in the notebook's order: `load` × N, `load_from_sql`,
//! `process` × N, the picked `roll`s, `compare` × K, `reduction`. The pairs
//! are drawn first — compare `i` draws roll `a`, then roll `b`, from stream
//! (Pairs, i) as `below(N - 2)`, with replacement like `random.choice` — and
//! only rolls that some pair picked are added, with only the files those
//! rolls read (`load` and `process`): exactly what Dask's culling keeps.
//!
//! Durations: task number `t` of the full, unculled pipeline (loads `0..N`,
//! the SQL load `N`, processes `N+1..2N+1`, rolls `2N+1..3N-1`, compares
//! `3N-1..3N-1+K`, the reduction last) draws `lo + (hi - lo) * u()` seconds
//! from stream (Latency, t), so culling never changes another task's draw.

use super::bodies::{self, Best, Value, ROLL_WINDOW};
use super::spec::{EtlSpec, Range};
use crate::exec::{RunError, RunReport};
use crate::field::FieldError;
use crate::graph::{Compute, Graph, GraphBuilder, TaskError, TaskId, Token};
use crate::prng::{Purpose, SplitMix64};
use std::fmt::Write;

/// What each task computes.
#[derive(Clone, Copy, Debug)]
enum Op {
    Load { file: u32 },
    LoadFromSql,
    Process,
    Roll,
    Compare { a: u32, b: u32 },
    Reduction,
}

/// A built pipeline: its graph and the bodies of its tasks.
#[derive(Debug)]
pub struct Etl {
    spec: EtlSpec,
    graph: Graph,
    ops: Vec<Op>,
    target: TaskId,
    fail: Option<TaskId>,
}

/// Builds the pipeline for `spec` (validated first).
pub fn build(spec: &EtlSpec) -> Result<Etl, FieldError> {
    spec.validate()?;
    let (n, k) = (spec.files, spec.compares);
    let rolls = n - 2;
    let pairs: Vec<(u32, u32)> = (0..k)
        .map(|i| {
            let mut g = SplitMix64::stream(spec.seed, Purpose::Pairs, u64::from(i));
            (g.below(rolls), g.below(rolls))
        })
        .collect();
    let mut picked = vec![false; rolls as usize];
    for &(a, b) in &pairs {
        picked[a as usize] = true;
        picked[b as usize] = true;
    }
    let picked_count = picked.iter().filter(|p| **p).count();
    // Files some picked roll reads; the others are culled like the rolls.
    let mut needed = vec![false; n as usize];
    for (i, _) in picked.iter().enumerate().filter(|(_, p)| **p) {
        needed[i..i + 3].fill(true);
    }
    let files_needed = needed.iter().filter(|x| **x).count();
    let tasks = 2 * files_needed + 1 + picked_count + k as usize + 1;
    let mut b =
        GraphBuilder::with_capacity(tasks, 2 * files_needed + 3 * picked_count + 3 * k as usize);
    let mut ops = Vec::with_capacity(tasks);
    let r = u64::from(spec.records_per_file);
    let lat = &spec.latency;
    let ms = |range: Range, number: u64| {
        let u = SplitMix64::stream(spec.seed, Purpose::Latency, number).uniform();
        (range.lo + (range.hi - range.lo) * u) * 1e3
    };
    let n64 = u64::from(n);

    // One buffer for every file name: no allocation per load.
    let mut name = String::with_capacity(32);
    let loads: Vec<(usize, TaskId)> = (0..n)
        .filter(|i| needed[*i as usize])
        .map(|i| {
            ops.push(Op::Load { file: i });
            name.clear();
            // Writing to a String cannot fail.
            let _ = write!(name, "mydata-{i}.dat");
            let salt = Token::of_str(&name);
            (
                i as usize,
                b.add("load", salt, &[], ms(lat.load, u64::from(i)), 8 * r),
            )
        })
        .collect();
    ops.push(Op::LoadFromSql);
    let reference = b.add(
        "load_from_sql",
        Token::of_str("sql://mytable"),
        &[],
        ms(lat.load_from_sql, n64),
        16 * r,
    );
    let mut processed = vec![TaskId(0); n as usize];
    for &(i, load) in &loads {
        ops.push(Op::Process);
        processed[i] = b.add(
            "process",
            0,
            &[load, reference],
            ms(lat.process, n64 + 1 + i as u64),
            8 * r,
        );
    }
    let rolled_len = 3 * r - (ROLL_WINDOW as u64 - 1);
    let mut roll_ids = vec![TaskId(0); rolls as usize];
    for (i, _) in picked.iter().enumerate().filter(|(_, p)| **p) {
        ops.push(Op::Roll);
        let deps = [processed[i], processed[i + 1], processed[i + 2]];
        roll_ids[i] = b.add(
            "roll",
            0,
            &deps,
            ms(lat.roll, 2 * n64 + 1 + i as u64),
            8 * rolled_len,
        );
    }
    let compares: Vec<TaskId> = pairs
        .iter()
        .enumerate()
        .map(|(i, &(a, bb))| {
            ops.push(Op::Compare { a, b: bb });
            let deps = [roll_ids[a as usize], roll_ids[bb as usize]];
            b.add(
                "compare",
                i as u64,
                &deps,
                ms(lat.compare, 3 * n64 - 1 + i as u64),
                24,
            )
        })
        .collect();
    ops.push(Op::Reduction);
    let target = b.add(
        "reduction",
        0,
        &compares,
        ms(lat.reduction, 3 * n64 - 1 + u64::from(k)),
        24,
    );
    let graph = b.finish();

    let fail = match &spec.fail {
        None => None,
        Some(key) => Some(
            graph
                .ids()
                .find(|&id| graph.key(id) == key)
                .ok_or_else(|| {
                    FieldError::new(
                        "fail",
                        format!("no task has the key {key:?} (it must name a task of the graph)"),
                    )
                })?,
        ),
    };
    Ok(Etl {
        spec: spec.clone(),
        graph,
        ops,
        target,
        fail,
    })
}

impl Etl {
    /// The task graph.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// The spec it was built from.
    pub fn spec(&self) -> &EtlSpec {
        &self.spec
    }

    /// The reduction task, whose output is the answer.
    pub fn target(&self) -> TaskId {
        self.target
    }

    /// The answer carried by the reduction's output (None for other values).
    pub fn best(&self, value: &Value) -> Option<Best> {
        match value {
            Value::Best(best) => Some(*best),
            _ => None,
        }
    }

    /// The answer of a finished run: the best pair its reduction returned.
    pub fn answer(&self, report: &RunReport<Value>) -> Option<Best> {
        report.output(self.target).and_then(|v| self.best(v))
    }

    /// The oracle: evaluates every task in id order on this thread, without
    /// latency, and returns the answer. Like the executor, it drops a task's
    /// output once its last dependent has run, so memory stays bounded.
    pub fn serial(&self) -> Result<Best, RunError> {
        let g = &self.graph;
        let mut uses = vec![0u32; g.len()];
        for id in g.ids() {
            for d in g.deps(id) {
                uses[d.index()] += 1;
            }
        }
        // Id order is a topological order: every input is computed first.
        let mut values: Vec<Option<Value>> = Vec::with_capacity(g.len());
        for id in g.ids() {
            let inputs: Vec<&Value> = g
                .deps(id)
                .iter()
                .filter_map(|d| values[d.index()].as_ref())
                .collect();
            let value = self
                .compute(id, &inputs)
                .map_err(|e| RunError::TaskFailed {
                    key: g.key(id).to_owned(),
                    message: e.0,
                })?;
            values.push(Some(value));
            for d in g.deps(id) {
                uses[d.index()] -= 1;
                if uses[d.index()] == 0 {
                    values[d.index()] = None;
                }
            }
        }
        values[self.target.index()]
            .as_ref()
            .and_then(|v| self.best(v))
            .ok_or_else(|| RunError::TaskFailed {
                key: self.graph.key(self.target).to_owned(),
                message: "no answer".into(),
            })
    }
}

impl Compute for Etl {
    type Value = Value;

    fn graph(&self) -> &Graph {
        Etl::graph(self)
    }

    fn compute(&self, id: TaskId, inputs: &[&Value]) -> Result<Value, TaskError> {
        if self.fail == Some(id) {
            return Err(TaskError(format!(
                "injected failure in {}",
                self.graph.key(id)
            )));
        }
        let op = self
            .ops
            .get(id.index())
            .ok_or_else(|| TaskError(format!("no task {}", id.0)))?;
        let seed = self.spec.seed;
        let records = self.spec.records_per_file;
        match (*op, inputs) {
            (Op::Load { file }, []) => Ok(bodies::load(seed, file, records)),
            (Op::LoadFromSql, []) => Ok(bodies::load_from_sql(seed, records)),
            (Op::Process, [raw, reference]) => bodies::process(raw, reference),
            (Op::Roll, inputs) => bodies::roll(inputs),
            (Op::Compare { a, b }, [x, y]) => bodies::compare(a, b, x, y),
            (Op::Reduction, inputs) => bodies::reduction(inputs),
            (op, inputs) => Err(TaskError(format!(
                "{op:?} cannot take {} inputs",
                inputs.len()
            ))),
        }
    }
}
