//! ESTEE's "simple" model: no bandwidth sharing — every transfer takes
//! `latency + b / B` — but at most `k` transfers run into one worker at
//! once. A worker is a `k`-server first-come-first-served queue of
//! transfers: each starts when requested or when the earliest of the
//! worker's download slots frees, whichever is later. Since durations do not
//! depend on other transfers, the end is known when the transfer is asked for.
//!
//! Each worker keeps the end times of its busy slots in a min-heap (a slot
//! never used is free from the start), so a transfer costs O(log k) and
//! memory grows only with the slots used: `k` may be large (ESTEE's paper
//! benchmark lets a worker download without limit under this model).

use super::Key;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// When each worker's busy download slots free, at most `k` per worker.
pub(super) struct Simple {
    slot_free_us: Vec<BinaryHeap<Reverse<Key>>>,
    slots: usize,
}

impl Simple {
    /// `workers` workers with `downloads` idle download slots each.
    pub(super) fn new(workers: usize, downloads: u32) -> Self {
        Simple {
            slot_free_us: (0..workers).map(|_| BinaryHeap::new()).collect(),
            slots: downloads.max(1) as usize,
        }
    }

    /// Queues a transfer of `duration_us` into `to`, requested at `now_us`,
    /// on the slot that frees first; returns when it ends.
    pub(super) fn transfer(&mut self, to: u32, now_us: f64, duration_us: f64) -> f64 {
        let busy = &mut self.slot_free_us[to as usize];
        let free_at = if busy.len() < self.slots {
            now_us
        } else {
            busy.pop().map_or(now_us, |Reverse(Key(at))| now_us.max(at))
        };
        let end = free_at + duration_us;
        busy.push(Reverse(Key(end)));
        end
    }
}
