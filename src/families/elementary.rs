//! ESTEE's elementary family: small shapes that isolate one scheduling
//! difficulty each (independent tasks, chains, merges, forks, trees,
//! grids). Durations in seconds and output sizes in MiB as ESTEE defines
//! them (`N(m, s)` a normal draw, `Exp(m)` an exponential one). Four use
//! ESTEE's task model: plain1cpus (tasks of 1–3 threads), triplets (its
//! middle tasks on 4 threads), fork2 and size_stairs (several outputs, each
//! consumer reading one).

use super::draw::Draw;
use super::workflow::{all, indices, output, Workflow};
use super::{Family, MAX_DEPTH, MAX_GRID, MAX_SIZE};
use crate::graph::{Graph, GraphBuilder, TaskId};

/// The elementary families.
pub(super) const FAMILIES: &[Family] = &[
    family("plain1n", "tasks", MAX_SIZE, plain1n),
    family("plain1e", "tasks", MAX_SIZE, plain1e),
    family("plain1cpus", "tasks", MAX_SIZE, plain1cpus),
    family("triplets", "chains", MAX_SIZE, triplets),
    family("merge_neighbours", "pairs", MAX_SIZE, merge_neighbours),
    family("merge_triplets", "triplets", MAX_SIZE, merge_triplets),
    family("merge_small_big", "pairs", MAX_SIZE, merge_small_big),
    family("fork1", "forks", MAX_SIZE, fork1),
    family("fork2", "forks", MAX_SIZE, fork2),
    family("bigmerge", "inputs", MAX_SIZE, bigmerge),
    family("duration_stairs", "steps", MAX_SIZE, duration_stairs),
    family("size_stairs", "steps", MAX_SIZE, size_stairs),
    family("splitters", "depth", MAX_DEPTH, splitters),
    family("conflux", "depth", MAX_DEPTH, conflux),
    family("grid", "side", MAX_GRID, grid),
    family("fern", "length", MAX_SIZE, fern),
];

/// A family entry.
pub(super) const fn family(
    name: &'static str,
    size_means: &'static str,
    max_size: u32,
    generate: fn(u32, &mut Draw) -> Graph,
) -> Family {
    Family {
        name,
        size_means,
        max_size,
        generate,
    }
}

/// Bytes in a MiB.
const MIB: f64 = 1_048_576.0;

/// Adds a task of `seconds` with an output of `mib` on `deps`.
pub(super) fn task(
    b: &mut GraphBuilder,
    prefix: &str,
    salt: u32,
    deps: &[TaskId],
    seconds: f64,
    mib: f64,
) -> TaskId {
    b.add(
        prefix,
        u64::from(salt),
        deps,
        seconds * 1e3,
        (mib * MIB).round() as u64,
    )
}

/// Independent tasks of N(t, t/10) s, t drawn from 10, 20, 60, 180.
fn plain1n(n: u32, d: &mut Draw) -> Graph {
    let mut b = GraphBuilder::with_capacity(n as usize, 0);
    for i in 0..n {
        let t = d.choose(&[10.0, 20.0, 60.0, 180.0]);
        task(&mut b, "t", i, &[], d.normal(t, t / 10.0), 0.0);
    }
    b.finish()
}

/// Independent tasks of Exp(60) s.
fn plain1e(n: u32, d: &mut Draw) -> Graph {
    let mut b = GraphBuilder::with_capacity(n as usize, 0);
    for i in 0..n {
        task(&mut b, "t", i, &[], d.exponential(60.0), 0.0);
    }
    b.finish()
}

/// Independent tasks of N(t, t/10) s, t drawn from 10, 20, 60, 180, each
/// on 1, 2 or 3 threads (drawn uniformly).
fn plain1cpus(n: u32, d: &mut Draw) -> Graph {
    let mut w = Workflow::with_capacity(n as usize, 0);
    for _ in 0..n {
        let t = d.choose(&[10.0, 20.0, 60.0, 180.0]);
        let seconds = d.normal(t, t / 10.0);
        w.add("t", &[], seconds, &[0.0], 1 + d.below(3));
    }
    w.finish()
}

/// Chains a (N(5, 1.5) s, 40 MiB) → b (N(120, 20) s on 4 threads, 120 MiB)
/// → c (N(32, 3) s): ESTEE's `triplets(n, cpus)` with the 4 threads its
/// benchmark set gives the middle task.
fn triplets(n: u32, d: &mut Draw) -> Graph {
    let mut w = Workflow::with_capacity(3 * n as usize, 2 * n as usize);
    for _ in 0..n {
        let a = w.add("a", &[], d.normal(5.0, 1.5), &[40.0], 1);
        let m = w.add("b", &[all(a)], d.normal(120.0, 20.0), &[120.0], 4);
        w.add("c", &[all(m)], d.normal(32.0, 3.0), &[0.0], 1);
    }
    w.finish()
}

/// n tasks a (N(15, 3) s, N(99, 2.5) MiB); b_i (N(15, 2) s) merges a_i and a_(i+1 mod n).
fn merge_neighbours(n: u32, d: &mut Draw) -> Graph {
    let mut b = GraphBuilder::with_capacity(2 * n as usize, 2 * n as usize);
    let a: Vec<TaskId> = (0..n)
        .map(|i| {
            let (s, mib) = (d.normal(15.0, 3.0), d.normal(99.0, 2.5));
            task(&mut b, "a", i, &[], s, mib)
        })
        .collect();
    for i in 0..n as usize {
        let next = a[(i + 1) % a.len()];
        let deps: &[TaskId] = if next == a[i] { &[a[i]] } else { &[a[i], next] };
        task(&mut b, "b", i as u32, deps, d.normal(15.0, 2.0), 0.0);
    }
    b.finish()
}

/// 3n tasks a (N(15, 3) s, N(99, 2.5) MiB); b_i (N(15, 2) s) merges a_3i … a_3i+2.
fn merge_triplets(n: u32, d: &mut Draw) -> Graph {
    let mut b = GraphBuilder::with_capacity(4 * n as usize, 3 * n as usize);
    for i in 0..n {
        let a: Vec<TaskId> = (0..3)
            .map(|j| {
                let (s, mib) = (d.normal(15.0, 3.0), d.normal(99.0, 2.5));
                task(&mut b, "a", 3 * i + j, &[], s, mib)
            })
            .collect();
        task(&mut b, "b", i, &a, d.normal(15.0, 2.0), 0.0);
    }
    b.finish()
}

/// Pairs of a small (N(11, 3) s, 0.5 MiB) and a big (N(15, 3) s, N(99,
/// 2.5) MiB) output, each merged by a task of N(10, 1) s.
fn merge_small_big(n: u32, d: &mut Draw) -> Graph {
    let mut b = GraphBuilder::with_capacity(3 * n as usize, 2 * n as usize);
    for i in 0..n {
        let small = task(&mut b, "a", i, &[], d.normal(11.0, 3.0), 0.5);
        let (s, mib) = (d.normal(15.0, 3.0), d.normal(99.0, 2.5));
        let big = task(&mut b, "b", i, &[], s, mib);
        task(&mut b, "m", i, &[small, big], d.normal(10.0, 1.0), 0.0);
    }
    b.finish()
}

/// Tasks a (N(17, 3) s, 100 MiB), each read by two tasks of N(15, 2) s.
fn fork1(n: u32, d: &mut Draw) -> Graph {
    let mut b = GraphBuilder::with_capacity(3 * n as usize, 2 * n as usize);
    for i in 0..n {
        let a = task(&mut b, "a", i, &[], d.normal(17.0, 3.0), 100.0);
        task(&mut b, "b", i, &[a], d.normal(15.0, 2.0), 0.0);
        task(&mut b, "c", i, &[a], d.normal(15.0, 2.0), 0.0);
    }
    b.finish()
}

/// Tasks a (N(17, 3) s, two outputs of 100 MiB): b (N(15, 2) s) reads
/// the first, c (N(15, 2) s) the second.
fn fork2(n: u32, d: &mut Draw) -> Graph {
    let mut w = Workflow::with_capacity(3 * n as usize, 2 * n as usize);
    let which = indices(2);
    for _ in 0..n {
        let a = w.add("a", &[], d.normal(17.0, 3.0), &[100.0, 100.0], 1);
        w.add(
            "b",
            &[output(a, &which[..1])],
            d.normal(15.0, 2.0),
            &[0.0],
            1,
        );
        w.add(
            "c",
            &[output(a, &which[1..])],
            d.normal(15.0, 2.0),
            &[0.0],
            1,
        );
    }
    w.finish()
}

/// n tasks a (N(17, 3) s, 100 MiB) all merged by one task of 40 s.
fn bigmerge(n: u32, d: &mut Draw) -> Graph {
    let mut b = GraphBuilder::with_capacity(n as usize + 1, n as usize);
    let a: Vec<TaskId> = (0..n)
        .map(|i| task(&mut b, "a", i, &[], d.normal(17.0, 3.0), 100.0))
        .collect();
    task(&mut b, "m", 0, &a, 40.0, 0.0);
    b.finish()
}

/// Two independent tasks of i s for every i in 1..=n (ESTEE starts at 0 s,
/// which here would be a task of no duration).
fn duration_stairs(n: u32, _d: &mut Draw) -> Graph {
    let mut b = GraphBuilder::with_capacity(2 * n as usize, 0);
    for i in 1..=n {
        task(&mut b, "a", i, &[], f64::from(i), 0.0);
        task(&mut b, "b", i, &[], f64::from(i), 0.0);
    }
    b.finish()
}

/// One task a (0.1 s) with n outputs of 0, 1, …, n − 1 MiB; b_i (20 s)
/// reads output i. Nothing is drawn.
fn size_stairs(n: u32, _d: &mut Draw) -> Graph {
    let mut w = Workflow::with_capacity(n as usize + 1, n as usize);
    let sizes: Vec<f64> = (0..n).map(f64::from).collect();
    let a = w.add("a", &[], 0.1, &sizes, 1);
    for i in indices(n).chunks(1) {
        w.add("b", &[output(a, i)], 20.0, &[0.0], 1);
    }
    w.finish()
}

/// A binary out-tree of `depth` levels: a root (1 s, 512 MiB), each task
/// read by two tasks of N(20, 1) s with 128 MiB outputs.
fn splitters(depth: u32, d: &mut Draw) -> Graph {
    let mut b = GraphBuilder::with_capacity(1 << (depth + 1), 1 << (depth + 1));
    let mut level = vec![task(&mut b, "root", 0, &[], 1.0, 512.0)];
    let mut salt = 0;
    for _ in 0..depth {
        level = (0..2 * level.len())
            .map(|j| {
                salt += 1;
                task(
                    &mut b,
                    "a",
                    salt,
                    &[level[j / 2]],
                    d.normal(20.0, 1.0),
                    128.0,
                )
            })
            .collect();
    }
    b.finish()
}

/// A binary in-tree of `depth` levels over 2^depth tasks of N(20, 1.5) s;
/// every task merges two of the level above in N(20, 1) s; 128 MiB outputs.
fn conflux(depth: u32, d: &mut Draw) -> Graph {
    let mut b = GraphBuilder::with_capacity(1 << (depth + 1), 1 << (depth + 1));
    let mut level: Vec<TaskId> = (0..1u32 << depth)
        .map(|j| task(&mut b, "top", j, &[], d.normal(20.0, 1.5), 128.0))
        .collect();
    let mut salt = 0;
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| {
                salt += 1;
                task(&mut b, "a", salt, pair, d.normal(20.0, 1.0), 128.0)
            })
            .collect();
    }
    b.finish()
}

/// A side × side grid: each task (N(20, 1) s, 128 MiB) reads its left and
/// upper neighbours.
fn grid(side: u32, d: &mut Draw) -> Graph {
    let n = side as usize;
    let mut b = GraphBuilder::with_capacity(n * n, 2 * n * n);
    let mut above: Vec<TaskId> = Vec::with_capacity(n);
    for row in 0..side {
        let mut this: Vec<TaskId> = Vec::with_capacity(n);
        for col in 0..n {
            let mut deps = Vec::with_capacity(2);
            deps.extend(this.last().copied());
            deps.extend(above.get(col).copied());
            let salt = row * side + col as u32;
            this.push(task(&mut b, "a", salt, &deps, d.normal(20.0, 1.0), 128.0));
        }
        above = this;
    }
    b.finish()
}

/// A spine of `length` tasks a_i (N(17 + i/10, 3) s, N(5 + i/10, i/100) MiB), each
/// reading the previous one and a side task b_i (N(35, 3) s, N(42, 2) MiB);
/// the spine starts at init (N(20, 1) s, 5 MiB).
fn fern(length: u32, d: &mut Draw) -> Graph {
    let mut b = GraphBuilder::with_capacity(2 * length as usize + 1, 2 * length as usize);
    let mut prev = task(&mut b, "init", 0, &[], d.normal(20.0, 1.0), 5.0);
    for i in 0..length {
        let f = f64::from(i) / 10.0;
        let (s, mib) = (d.normal(35.0, 3.0), d.normal(42.0, 2.0));
        let side = task(&mut b, "b", i, &[], s, mib);
        let (s, mib) = (d.normal(17.0 + f, 3.0), d.normal(5.0 + f, f / 10.0));
        prev = task(&mut b, "a", i, &[prev, side], s, mib);
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::super::generate;
    use crate::graph::{Reads, TaskId};

    #[test]
    fn shapes_have_their_published_sizes() {
        let count = |name, size| {
            let g = generate(name, size, 1).unwrap();
            (g.len(), g.edge_count())
        };
        assert_eq!(count("triplets", 10), (30, 20));
        assert_eq!(count("merge_neighbours", 10), (20, 20));
        assert_eq!(count("merge_triplets", 4), (16, 12));
        assert_eq!(count("fork1", 5), (15, 10));
        assert_eq!(count("bigmerge", 100), (101, 100));
        assert_eq!(count("splitters", 3), (15, 14));
        assert_eq!(count("conflux", 3), (15, 14));
        assert_eq!(count("grid", 4), (16, 24));
        assert_eq!(count("fern", 5), (11, 10));
        assert_eq!(count("duration_stairs", 5), (10, 0));
        let g = generate("bigmerge", 3, 1).unwrap();
        let merge = g.ids().last().unwrap();
        assert_eq!(g.duration_ms(merge), 40_000.0);
        assert_eq!(g.bytes(g.deps(merge)[0]), 100 * 1_048_576);
    }

    #[test]
    fn plain1cpus_draws_one_to_three_threads() {
        let g = generate("plain1cpus", 300, 1).unwrap();
        assert_eq!((g.len(), g.edge_count()), (300, 0));
        let mut seen = [0; 4];
        g.ids().for_each(|id| seen[g.threads(id) as usize] += 1);
        assert_eq!(seen[0], 0);
        assert!(seen[1..].iter().all(|n| *n > 60), "{seen:?}");
        assert_eq!(g.most_threads().map(|(_, k)| k), Some(3));
    }

    #[test]
    fn fork2_consumers_read_one_output_each() {
        let g = generate("fork2", 5, 1).unwrap();
        assert_eq!((g.len(), g.edge_count()), (15, 10));
        let (a, b, c) = (TaskId(0), TaskId(1), TaskId(2));
        assert_eq!(g.output_sizes(a), &[100 * 1_048_576; 2]);
        assert_eq!((g.deps(b), g.deps(c)), (&[a][..], &[a][..]));
        assert_eq!(
            (g.reads(b, 0), g.reads(c, 0)),
            (Reads::Only(&[0]), Reads::Only(&[1]))
        );
        assert_eq!(g.read_bytes(b, 0), 100 * 1_048_576);
    }

    #[test]
    fn size_stairs_reads_outputs_of_growing_size() {
        let g = generate("size_stairs", 5, 1).unwrap();
        assert_eq!((g.len(), g.edge_count()), (6, 5));
        let a = TaskId(0);
        assert_eq!(g.duration_ms(a), 100.0);
        let sizes: Vec<u64> = (0..5).map(|i| i * 1_048_576).collect();
        assert_eq!(g.output_sizes(a), &sizes[..]);
        for i in 0..5u32 {
            let b = TaskId(i + 1);
            assert_eq!(g.duration_ms(b), 20_000.0);
            assert_eq!(g.reads(b, 0), Reads::Only(&[i]));
            assert_eq!(g.read_bytes(b, 0), u64::from(i) * 1_048_576);
        }
    }
}
