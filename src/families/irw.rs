//! ESTEE's irw family ("inspired by real workloads"): gridcat (every pair
//! of `n` opened files concatenated and hashed, one task merging the
//! hashes), crossv and fastcrossv (repeated 5-fold cross-validation),
//! nestedcrossv (a parameter search inside each fold) and mapreduce.
//! Durations in seconds, sizes in MiB as ESTEE defines them; `N(m, s)` a
//! normal draw, `Exp(m)` an exponential one. Edges are counted per pair of
//! tasks: a consumer reading several outputs of one task has one edge to it.

use super::draw::Draw;
use super::elementary::{family, task};
use super::workflow::{all, indices, output, Workflow};
use super::{Family, MAX_SIZE};
use crate::graph::{Graph, GraphBuilder, Input, TaskId};

/// Most files of gridcat (its task count grows like n²).
const MAX_FILES: u32 = 1_000;
/// Most parameters of nestedcrossv (45 tasks each).
const MAX_PARAMETERS: u32 = 20_000;
/// Most mappers of mapreduce (its edges grow like n²).
const MAX_MAPPERS: u32 = 2_000;
/// Folds of the cross-validations, and the size of one, MiB.
const FOLDS: u32 = 5;
const FOLD_MIB: f64 = 320.0;

/// The irw families.
pub(super) const FAMILIES: &[Family] = &[
    family("gridcat", "files", MAX_FILES, gridcat),
    family("crossv", "repetitions", MAX_SIZE, crossv),
    family("fastcrossv", "repetitions", MAX_SIZE, fastcrossv),
    family("nestedcrossv", "parameters", MAX_PARAMETERS, nestedcrossv),
    family("mapreduce", "mappers", MAX_MAPPERS, mapreduce),
];

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

/// crossv with 4-thread training and evaluation at full durations.
fn crossv(repetitions: u32, d: &mut Draw) -> Graph {
    cross_validation(repetitions, 4, 1.0, d)
}

/// crossv with 1-thread tasks and durations × 0.02.
fn fastcrossv(repetitions: u32, d: &mut Draw) -> Graph {
    cross_validation(repetitions, 1, 0.02, d)
}

/// A generator (N(5, 0.5) s) makes 5 folds of 320 MiB; merge i (N(1.1,
/// 0.02) s, 4 × 320 MiB) reads every fold but i. Each repetition trains on
/// every merge (Exp(680 f) s, 18 MiB, `threads` threads), evaluates on the
/// left-out fold (N(34 f, 3) s, 0.0001 MiB, `threads` threads, reading the
/// training and fold i), and a final task (0.2 s, no output) reads the 5
/// evaluations. 6 + 11 r tasks, 5 + 20 r edges.
fn cross_validation(repetitions: u32, threads: u32, f: f64, d: &mut Draw) -> Graph {
    let r = repetitions as usize;
    let mut w = Workflow::with_capacity(6 + 11 * r, 5 + 20 * r);
    let folds = indices(FOLDS);
    let generator = fold_generator(&mut w, d);
    let merges = merges_leaving_one_out(&mut w, d, generator, &folds);
    for _ in 0..repetitions {
        let evals: Vec<Input> = (0..folds.len())
            .map(|i| {
                let fold = output(generator, &folds[i..=i]);
                let means = (680.0 * f, 34.0 * f);
                train_and_evaluate(&mut w, d, (merges[i], fold), means, threads)
            })
            .collect();
        w.add("final", &evals, 0.2, &[], 1);
    }
    w.finish()
}

/// nestedcrossv: a generator (N(5, 0.5) s) makes 5 folds of 320 MiB; for
/// each left-out fold, merge i (N(1.1, 0.02) s, 3 × 320 MiB) of the other
/// four reads all of them but their i-th; for each parameter p = 1…P, four
/// trainings (Exp(680 p) s, 18 MiB, 4 threads) on the merges and four
/// evaluations (N(35, 3) s, 0.0001 MiB, 4 threads) on the inner folds feed
/// an average (0.2 s); the best parameter (0.2 s) reads the P averages; a
/// merge of the four folds (N(1, 0.02) s, 4 × 320 MiB), a training on it
/// and the best parameter (Exp(680) s, 4 threads) and an evaluation on the
/// left-out fold (N(38, 3) s, 4 threads) close it. 41 + 45 P tasks,
/// 45 + 85 P edges.
fn nestedcrossv(parameters: u32, d: &mut Draw) -> Graph {
    let p = parameters as usize;
    let mut w = Workflow::with_capacity(41 + 45 * p, 45 + 85 * p);
    let folds = indices(FOLDS);
    let generator = fold_generator(&mut w, d);
    let tiny = [0.0001];
    for left_out in 0..FOLDS {
        let inner: Vec<u32> = folds.iter().copied().filter(|j| *j != left_out).collect();
        let merges = merges_leaving_one_out(&mut w, d, generator, &inner);
        let averages: Vec<Input> = (1..=parameters)
            .map(|param| {
                let evals: Vec<Input> = (0..inner.len())
                    .map(|i| {
                        let fold = output(generator, &inner[i..=i]);
                        let means = (680.0 * f64::from(param), 35.0);
                        train_and_evaluate(&mut w, d, (merges[i], fold), means, 4)
                    })
                    .collect();
                all(w.add("avg_score", &evals, 0.2, &tiny, 1))
            })
            .collect();
        let best = w.add("best_param", &averages, 0.2, &tiny, 1);
        let mib = FOLD_MIB * inner.len() as f64;
        let merge = w.add(
            "merge",
            &[output(generator, &inner)],
            d.normal(1.0, 0.02),
            &[mib],
            1,
        );
        let train = w.add(
            "train",
            &[all(merge), all(best)],
            d.exponential(680.0),
            &[18.0],
            4,
        );
        let left = left_out as usize;
        let inputs = [all(train), output(generator, &folds[left..=left])];
        w.add("eval", &inputs, d.normal(38.0, 3.0), &tiny, 4);
    }
    w.finish()
}

/// The generator of the cross-validations: N(5, 0.5) s, 5 folds of 320 MiB.
fn fold_generator(w: &mut Workflow, d: &mut Draw) -> TaskId {
    let folds = [FOLD_MIB; FOLDS as usize];
    w.add("generator", &[], d.normal(5.0, 0.5), &folds, 1)
}

/// For each of `folds` (outputs of `generator`), a merge (N(1.1, 0.02) s)
/// of all the others.
fn merges_leaving_one_out(
    w: &mut Workflow,
    d: &mut Draw,
    generator: TaskId,
    folds: &[u32],
) -> Vec<TaskId> {
    let mib = FOLD_MIB * (folds.len() - 1) as f64;
    (0..folds.len())
        .map(|i| {
            let others: Vec<u32> = (0..folds.len())
                .filter(|j| *j != i)
                .map(|j| folds[j])
                .collect();
            w.add(
                "merge",
                &[output(generator, &others)],
                d.normal(1.1, 0.02),
                &[mib],
                1,
            )
        })
        .collect()
}

/// A training (Exp(mean) s, 18 MiB) on `merge` and an evaluation (N(mean,
/// 3) s, 0.0001 MiB) of it on `fold`, both on `threads` threads; the
/// evaluation, to read.
fn train_and_evaluate<'f>(
    w: &mut Workflow,
    d: &mut Draw,
    (merge, fold): (TaskId, Input<'f>),
    (train_s, eval_s): (f64, f64),
    threads: u32,
) -> Input<'static> {
    let train = w.add(
        "train",
        &[all(merge)],
        d.exponential(train_s),
        &[18.0],
        threads,
    );
    let inputs = [all(train), fold];
    all(w.add("eval", &inputs, d.normal(eval_s, 3.0), &[0.0001], threads))
}

/// mapreduce: a splitter (10 s) makes n outputs of 2.5 GiB; mapper i
/// (N(50, 10) s) reads output i and makes n outputs of N(250/n, 20/n) MiB;
/// reducer i reads output i of every mapper and takes N(Σ sizes / 25, 5) s
/// (sizes in MiB), no output. 1 + 2n tasks, n + n² edges.
fn mapreduce(n: u32, d: &mut Draw) -> Graph {
    let count = n as usize;
    let mut w = Workflow::with_capacity(1 + 2 * count, count + count * count);
    let index = indices(n);
    let splitter = w.add("splitter", &[], 10.0, &vec![2.5 * 1024.0; count], 1);
    // What each reducer reads, MiB.
    let mut read = vec![0.0; count];
    let mut sizes = Vec::with_capacity(count);
    let maps: Vec<TaskId> = (0..count)
        .map(|i| {
            sizes.clear();
            let (mean, sd) = (250.0 / f64::from(n), 20.0 / f64::from(n));
            sizes.extend((0..count).map(|_| d.normal(mean, sd)));
            read.iter_mut().zip(&sizes).for_each(|(r, s)| *r += s);
            let seconds = d.normal(50.0, 10.0);
            w.add(
                "map",
                &[output(splitter, &index[i..=i])],
                seconds,
                &sizes,
                1,
            )
        })
        .collect();
    let mut inputs = Vec::with_capacity(count);
    for (i, mib) in read.iter().enumerate() {
        inputs.clear();
        inputs.extend(maps.iter().map(|m| output(*m, &index[i..=i])));
        w.add("reduce", &inputs, d.normal(mib / 25.0, 5.0), &[], 1);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::super::generate;
    use crate::graph::{Graph, Reads, TaskId};

    /// Tasks, edges, and how many tasks need 4 threads.
    fn shape(g: &Graph) -> (usize, usize, usize) {
        let wide = g.ids().filter(|id| g.threads(*id) == 4).count();
        (g.len(), g.edge_count(), wide)
    }

    #[test]
    fn crossv_repeats_five_folds() {
        for r in [1, 3, 8] {
            let r_ = r as usize;
            let g = generate("crossv", r, 2).unwrap();
            assert_eq!(shape(&g), (6 + 11 * r_, 5 + 20 * r_, 10 * r_));
            let g = generate("fastcrossv", r, 2).unwrap();
            assert_eq!(shape(&g), (6 + 11 * r_, 5 + 20 * r_, 0));
        }
        let g = generate("crossv", 1, 2).unwrap();
        let generator = TaskId(0);
        assert_eq!(g.output_sizes(generator), &[320 * 1_048_576; 5]);
        // Merge 2 reads every fold but the third.
        assert_eq!(g.reads(TaskId(3), 0), Reads::Only(&[0, 1, 3, 4]));
        assert_eq!(g.read_bytes(TaskId(3), 0), 4 * 320 * 1_048_576);
        // The final task makes nothing.
        assert!(g.output_sizes(g.ids().last().unwrap()).is_empty());
    }

    #[test]
    fn nestedcrossv_searches_each_fold() {
        for p in [1, 2, 5] {
            let p_ = p as usize;
            let g = generate("nestedcrossv", p, 3).unwrap();
            // Per left-out fold: 4 trainings and 4 evaluations per
            // parameter, and the final training and evaluation.
            assert_eq!(shape(&g), (41 + 45 * p_, 45 + 85 * p_, 5 * (8 * p_ + 2)));
        }
    }

    #[test]
    fn mapreduce_reducers_read_one_output_of_every_mapper() {
        let n = 6;
        let g = generate("mapreduce", n, 4).unwrap();
        assert_eq!((g.len(), g.edge_count()), (13, 6 + 36));
        assert_eq!(g.output_count(), 6 + 36);
        let reducer = TaskId(1 + n + 2);
        assert_eq!(g.deps(reducer).len(), 6);
        for (i, m) in g.deps(reducer).iter().enumerate() {
            assert_eq!(g.reads(reducer, i), Reads::Only(&[2]));
            assert_eq!(g.read_bytes(reducer, i), g.output_sizes(*m)[2]);
        }
    }

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
