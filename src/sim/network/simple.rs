//! ESTEE's "simple" model: no bandwidth sharing — every transfer takes
//! `latency + b / B` — but at most `k` transfers run into one worker at
//! once. A worker is a `k`-server first-come-first-served queue of
//! transfers: each starts when requested or when the earliest of the
//! worker's download slots frees, whichever is later. Since durations do not
//! depend on other transfers, the end is known when the transfer is asked for.

/// When each download slot of each worker is free, `k` per worker.
pub(super) struct Simple {
    slot_free_us: Vec<f64>,
    slots: usize,
}

impl Simple {
    /// `workers` workers with `downloads` idle download slots each.
    pub(super) fn new(workers: usize, downloads: u32) -> Self {
        let slots = downloads.max(1) as usize;
        Simple {
            slot_free_us: vec![0.0; workers * slots],
            slots,
        }
    }

    /// Queues a transfer of `duration_us` into `to`, requested at `now_us`,
    /// on the slot that frees first (the lowest on ties); returns when it ends.
    pub(super) fn transfer(&mut self, to: u32, now_us: f64, duration_us: f64) -> f64 {
        let first = to as usize * self.slots;
        let slots = &mut self.slot_free_us[first..first + self.slots];
        let slot =
            (0..slots.len()).fold(0, |best, s| if slots[s] < slots[best] { s } else { best });
        let end = now_us.max(slots[slot]) + duration_us;
        slots[slot] = end;
        end
    }
}
