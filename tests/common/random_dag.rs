//! Seeded random DAGs: each task depends on up to three earlier ones and
//! draws its outputs, threads and duration from a [`Mix`]. Tests pin what
//! these graphs give (`tests/pinned.rs` whole schedules), so each mix keeps
//! its draws, in their order, exactly.

use dagsim::graph::{Graph, GraphBuilder, Input, Reads, TaskId};
use dagsim::prng::{Purpose, SplitMix64};

/// What the tasks of a random DAG are made of.
#[derive(Clone, Copy, Debug)]
#[allow(dead_code, reason = "each test binary builds the mixes it needs")]
pub enum Mix {
    /// One output of 1,000–1,000,999 bytes, one thread, 1–11 ms.
    Plain,
    /// 1–3 outputs of 1,000–500,999 bytes each, every input read whole or
    /// one output of it (a coin), 1–3 threads, 1–11 ms.
    Outputs,
    /// 0–3 outputs of under 2 MB each, every input read whole or one of a
    /// few fixed subsets of its outputs, 1–3 threads, 1–10 ms.
    Subsets,
}

/// The subsets of a task's outputs a [`Mix::Subsets`] consumer may read.
const SUBSETS: [&[u32]; 5] = [&[0], &[1], &[2], &[0, 2], &[1, 2]];

impl Mix {
    /// The index of the mix's random stream.
    fn stream(self) -> u64 {
        match self {
            Mix::Plain => 99,
            Mix::Outputs => 7,
            Mix::Subsets => 11,
        }
    }

    /// How many dependencies the next task draws, `made` tasks made.
    fn inputs(self, rng: &mut SplitMix64, made: u32) -> u32 {
        match self {
            Mix::Subsets => rng.below(4).min(made),
            _ if made == 0 => 0,
            _ => rng.below(4),
        }
    }

    /// Which of its `outputs` a task reads of one dependency (`None`: all).
    fn reads(self, rng: &mut SplitMix64, outputs: u32) -> Option<Vec<u32>> {
        match self {
            Mix::Plain => None,
            Mix::Outputs => {
                let first = rng.below(outputs);
                let read = if rng.below(2) == 0 {
                    (0..outputs).collect()
                } else {
                    vec![first]
                };
                (read.len() as u32 != outputs).then_some(read)
            }
            Mix::Subsets => {
                let fit: Vec<&[u32]> = SUBSETS
                    .into_iter()
                    .filter(|s| s.iter().all(|o| *o < outputs))
                    .collect();
                let pick = rng.below(fit.len() as u32 + 1) as usize;
                fit.get(pick).map(|s| s.to_vec())
            }
        }
    }

    /// A task's output sizes (bytes), threads and duration (ms).
    fn task(self, rng: &mut SplitMix64) -> (Vec<u64>, u32, f64) {
        match self {
            Mix::Plain => {
                let ms = 1.0 + 10.0 * rng.uniform();
                (vec![1_000 + u64::from(rng.below(1_000_000))], 1, ms)
            }
            Mix::Outputs => {
                let outputs = (0..1 + rng.below(3))
                    .map(|_| 1_000 + u64::from(rng.below(500_000)))
                    .collect();
                let threads = 1 + rng.below(3);
                (outputs, threads, 1.0 + 10.0 * rng.uniform())
            }
            Mix::Subsets => {
                let outputs = (0..rng.below(4))
                    .map(|_| u64::from(rng.below(2_000_000)))
                    .collect();
                let threads = 1 + rng.below(3);
                (outputs, threads, 1.0 + 9.0 * rng.uniform())
            }
        }
    }
}

/// A seeded random DAG of `n` tasks of `mix`.
pub fn random_dag(mix: Mix, seed: u64, n: u32) -> Graph {
    let mut rng = SplitMix64::stream(seed, Purpose::Placement, mix.stream());
    let mut b = GraphBuilder::new();
    // Every task made, with its number of outputs.
    let mut made: Vec<(TaskId, u32)> = Vec::new();
    for i in 0..n {
        let mut deps: Vec<(TaskId, u32)> = (0..mix.inputs(&mut rng, made.len() as u32))
            .map(|_| made[rng.below(made.len() as u32) as usize])
            .collect();
        deps.sort();
        deps.dedup();
        let reads: Vec<Option<Vec<u32>>> = deps
            .iter()
            .map(|&(_, outputs)| mix.reads(&mut rng, outputs))
            .collect();
        let inputs: Vec<Input> = deps
            .iter()
            .zip(&reads)
            .map(|(&(task, _), read)| Input {
                task,
                reads: read.as_deref().map_or(Reads::All, Reads::Only),
            })
            .collect();
        let (outputs, threads, ms) = mix.task(&mut rng);
        let id = b.add_with("t", u64::from(i), &inputs, ms, &outputs, threads);
        made.push((id, outputs.len() as u32));
    }
    b.finish()
}
