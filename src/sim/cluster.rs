//! The simulated cluster: workers with thread slots and a queue each, the set
//! of workers with a free slot, and rankings of workers (least loaded,
//! longest queue).
//! Every lookup the event loop makes per task is O(1) or O(log P), so a
//! simulation on thousands of workers costs about as much as on a few.

use super::queue::WorkerQueue;

/// One worker: its free thread slots, its queue, its busy time.
pub(super) struct Worker {
    /// Free thread slots; the last is taken first.
    pub free_slots: Vec<u32>,
    /// Tasks placed here whose inputs have arrived.
    pub queue: WorkerQueue,
    /// Thread time spent running tasks, µs.
    pub busy_us: f64,
}

impl Worker {
    /// A worker with `threads` free slots (slot 0 taken first).
    pub fn new(threads: u32) -> Self {
        Worker {
            free_slots: (0..threads).rev().collect(),
            queue: WorkerQueue::default(),
            busy_us: 0.0,
        }
    }
}

/// The workers with at least one free slot, as a bitset.
pub(super) struct IdleSet {
    words: Vec<u64>,
}

impl IdleSet {
    /// All of `workers` idle.
    pub fn all(workers: u32) -> Self {
        let mut set = IdleSet {
            words: vec![0; workers.div_ceil(64) as usize],
        };
        (0..workers).for_each(|w| set.insert(w));
        set
    }

    /// Marks `w` idle.
    pub fn insert(&mut self, w: u32) {
        self.words[w as usize / 64] |= 1 << (w % 64);
    }

    /// Whether `w` is idle.
    pub fn contains(&self, w: u32) -> bool {
        self.words[w as usize / 64] & (1 << (w % 64)) != 0
    }

    /// Marks `w` busy.
    pub fn remove(&mut self, w: u32) {
        self.words[w as usize / 64] &= !(1 << (w % 64));
    }

    /// The lowest idle worker at or after `from`.
    pub fn first_from(&self, from: u32) -> Option<u32> {
        let mut i = from as usize / 64;
        let mut word = *self.words.get(i)? & (u64::MAX << (from % 64));
        loop {
            if word != 0 {
                return Some(i as u32 * 64 + word.trailing_zeros());
            }
            i += 1;
            word = *self.words.get(i)?;
        }
    }
}

/// A key per worker and the worker of least key, from a tournament tree
/// brought up to date lazily: changing a key is O(1), asking for the least
/// replays the changed workers' paths, O(log P) each. The engine ranks
/// workers by load (work queued or running, µs), which only placement by load
/// asks for, and, when the policy steals, by queue length (negated) to find
/// the victim.
pub(super) struct Ranking {
    /// One entry per leaf; the padding leaves past the workers are infinite.
    keys: Vec<f64>,
    workers: usize,
    /// `tree[1]` is the overall winner; the leaves start at `keys.len()`.
    tree: Vec<u32>,
    /// Workers whose key changed since the tree was last brought up to date.
    stale: Vec<u32>,
    is_stale: Vec<bool>,
}

impl Ranking {
    /// `workers` workers, all with key 0.
    pub fn new(workers: u32) -> Self {
        let leaves = (workers as usize).next_power_of_two();
        let mut keys = vec![f64::INFINITY; leaves];
        keys[..workers as usize].fill(0.0);
        let mut tree = vec![0; 2 * leaves];
        for (leaf, node) in tree[leaves..].iter_mut().enumerate() {
            *node = leaf as u32;
        }
        let mut ranking = Ranking {
            keys,
            workers: workers as usize,
            tree,
            stale: Vec::new(),
            is_stale: vec![false; workers as usize],
        };
        for node in (1..leaves).rev() {
            ranking.tree[node] = ranking.winner(node);
        }
        ranking
    }

    /// The key of every worker.
    pub fn as_slice(&self) -> &[f64] {
        &self.keys[..self.workers]
    }

    /// The worker with the least key (lowest index on ties).
    pub fn least(&mut self) -> u32 {
        while let Some(w) = self.stale.pop() {
            self.is_stale[w as usize] = false;
            self.replay(w);
        }
        self.tree[1]
    }

    /// Adds `delta` (may be negative) to `w`'s key.
    pub fn add(&mut self, w: u32, delta: f64) {
        self.set(w, self.keys[w as usize] + delta);
    }

    /// Sets `w`'s key.
    pub fn set(&mut self, w: u32, key: f64) {
        self.keys[w as usize] = key;
        if !self.is_stale[w as usize] {
            self.is_stale[w as usize] = true;
            self.stale.push(w);
        }
    }

    /// Replays the matches on `w`'s path to the root, stopping at the first
    /// node whose winner is another worker and did not change: nothing above
    /// changes because of `w` (a stale winner there replays its own path).
    fn replay(&mut self, w: u32) {
        let mut node = (self.keys.len() + w as usize) / 2;
        while node > 0 {
            let winner = self.winner(node);
            if winner == self.tree[node] && winner != w {
                return;
            }
            self.tree[node] = winner;
            node /= 2;
        }
    }

    /// The better of `node`'s two children (the left one on ties).
    #[inline]
    fn winner(&self, node: usize) -> u32 {
        let (a, b) = (self.tree[2 * node], self.tree[2 * node + 1]);
        if self.keys[b as usize] < self.keys[a as usize] {
            b
        } else {
            a
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_set_finds_the_next_idle_worker() {
        let mut idle = IdleSet::all(130);
        for w in 0..129 {
            idle.remove(w);
        }
        assert_eq!(idle.first_from(0), Some(129));
        idle.insert(64);
        assert_eq!(idle.first_from(0), Some(64));
        assert_eq!(idle.first_from(65), Some(129));
        assert_eq!(idle.first_from(130), None);
        idle.remove(129);
        assert_eq!(idle.first_from(65), None);
    }

    #[test]
    fn least_key_matches_a_scan() {
        let mut loads = Ranking::new(5);
        assert_eq!(loads.least(), 0);
        for (w, delta) in [
            (0, 3.0),
            (1, 1.0),
            (2, 1.0),
            (3, 2.0),
            (4, 5.0),
            (1, 4.0),
            (2, -1.0),
        ] {
            loads.add(w, delta);
            let l = loads.as_slice();
            let scan = (0..l.len()).fold(0, |best, w| if l[w] < l[best] { w } else { best });
            assert_eq!(loads.least() as usize, scan);
        }
        assert_eq!(loads.least(), 2);
        loads.set(3, -1.0);
        assert_eq!(loads.least(), 3);
        loads.set(3, 9.0);
        assert_eq!(loads.least(), 2);
    }

    #[test]
    fn batches_of_changes_rank_like_a_scan() {
        let mut rng = crate::prng::SplitMix64::stream(5, crate::prng::Purpose::Placement, 0);
        for workers in [1, 2, 3, 7, 64, 100] {
            let mut ranking = Ranking::new(workers);
            for _ in 0..2_000 {
                let w = rng.below(workers);
                ranking.add(w, f64::from(rng.below(7)) - 3.0);
                if rng.below(4) == 0 {
                    let keys = ranking.as_slice().to_vec();
                    let scan =
                        (0..keys.len()).fold(0, |b, w| if keys[w] < keys[b] { w } else { b });
                    assert_eq!(ranking.least() as usize, scan, "{workers} workers");
                }
            }
        }
    }
}
