//! ESTEE's irw family ("inspired by real workloads"): so far gridcat —
//! every pair of `n` opened files is concatenated and hashed, and one task
//! merges the hashes. Durations in seconds, sizes in MiB as ESTEE defines
//! them. crossv, fastcrossv, nestedcrossv and mapreduce need several
//! outputs per task and tasks of several threads, which dagsim's graphs do
//! not express yet.

use super::draw::Draw;
use super::elementary::{family, task};
use super::Family;
use crate::graph::{Graph, GraphBuilder, TaskId};

/// Most files of gridcat (its task count grows like n²).
const MAX_FILES: u32 = 1_000;

/// The irw families built so far.
pub(super) const FAMILIES: &[Family] = &[family("gridcat", "files", MAX_FILES, gridcat)];

/// n inputs (N(0.01, 0.001) s, N(300, 25) MiB); for every pair, cat
/// (N(0.2, 0.01) + size/1000 s, the two sizes summed) then hash
/// (N(0.2, 0.01) + size/500 s, 16 bytes); merge (0.1 s) reads every hash.
fn gridcat(n: u32, d: &mut Draw) -> Graph {
    let pairs = (n as usize * n.saturating_sub(1) as usize) / 2;
    let mut b = GraphBuilder::with_capacity(n as usize + 2 * pairs + 1, 4 * pairs);
    let mib_per_byte = 1.0 / 1_048_576.0;
    let inputs: Vec<(TaskId, f64)> = (0..n)
        .map(|i| {
            let (s, mib) = (d.normal(0.01, 0.001), d.normal(300.0, 25.0));
            (task(&mut b, "input", i, &[], s, mib), mib)
        })
        .collect();
    let mut hashes = Vec::with_capacity(pairs);
    let mut salt = 0;
    for (i, &(a, a_mib)) in inputs.iter().enumerate() {
        for &(c, c_mib) in &inputs[i + 1..] {
            salt += 1;
            let mib = a_mib + c_mib;
            let cat = task(
                &mut b,
                "cat",
                salt,
                &[a, c],
                d.normal(0.2, 0.01) + mib / 1000.0,
                mib,
            );
            let seconds = d.normal(0.2, 0.01) + mib / 500.0;
            hashes.push(task(
                &mut b,
                "hash",
                salt,
                &[cat],
                seconds,
                16.0 * mib_per_byte,
            ));
        }
    }
    task(&mut b, "merge", 0, &hashes, 0.1, 16.0 * mib_per_byte);
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::super::generate;

    #[test]
    fn gridcat_pairs_every_input() {
        let g = generate("gridcat", 5, 1).unwrap();
        // 5 inputs, 10 cats, 10 hashes, 1 merge.
        assert_eq!((g.len(), g.edge_count()), (26, 40));
        let merge = g.ids().last().unwrap();
        assert_eq!(g.deps(merge).len(), 10);
        assert_eq!(g.bytes(merge), 16);
    }
}
