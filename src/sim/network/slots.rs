//! Download slots of the `maxmin` model, as ESTEE's workers have them: at
//! most `k` transfers run into a worker at once, and at most `s` of them
//! from the same sender. A transfer that finds no slot waits; when a slot
//! frees, the oldest waiting transfer whose sender is below `s` starts
//! (ESTEE skips the downloads whose sender is at its limit, so one busy
//! sender does not hold up the others). With `s ≥ k` it is a plain
//! first-come-first-served queue of `k` servers.
//!
//! Cost: O(1) amortised per transfer. A waiting transfer passed over because
//! its sender is at its limit moves once to that sender's list of deferred
//! transfers; a receiver has at most `k / s` senders at their limit, so
//! looking for the oldest transfer that may start checks a few lists' heads.

use std::collections::VecDeque;

/// A transfer waiting for a slot: id (in request order), sender, bytes.
pub(super) type Waiting = (u32, u32, f64);

/// The slots of every receiving worker.
pub(super) struct Slots {
    downloads: u32,
    per_sender: u32,
    /// Per receiver: transfers running into it, and how many from each sender.
    running: Vec<u32>,
    senders: Vec<Vec<(u32, u32)>>,
    /// Per receiver: transfers waiting, in request order, not yet passed over.
    waiting: Vec<VecDeque<Waiting>>,
    /// Per receiver: transfers passed over because their sender was at its
    /// limit, per sender, in request order.
    deferred: Vec<Vec<(u32, VecDeque<Waiting>)>>,
}

impl Slots {
    /// `workers` receivers, each with `downloads` slots, at most
    /// `per_sender` of them taken by one sender.
    pub(super) fn new(workers: usize, downloads: u32, per_sender: u32) -> Self {
        Slots {
            downloads: downloads.max(1),
            per_sender: per_sender.max(1),
            running: vec![0; workers],
            senders: vec![Vec::new(); workers],
            waiting: (0..workers).map(|_| VecDeque::new()).collect(),
            deferred: (0..workers).map(|_| Vec::new()).collect(),
        }
    }

    /// Asks for a slot into `to` for `transfer`: true if it starts now (it
    /// then holds the slot), false if it waits.
    pub(super) fn request(&mut self, to: u32, transfer: Waiting) -> bool {
        let t = to as usize;
        // A free slot means nothing waits but transfers whose sender is at its limit.
        if self.running[t] < self.downloads && self.from(to, transfer.1) < self.per_sender {
            self.take(to, transfer.1);
            return true;
        }
        if self.running[t] < self.downloads {
            self.defer(to, transfer);
        } else {
            self.waiting[t].push_back(transfer);
        }
        false
    }

    /// A transfer from `from` into `to` ended: frees its slot and pushes
    /// onto `start` the transfers that take the free slots (each holds its slot).
    pub(super) fn release(&mut self, from: u32, to: u32, start: &mut Vec<Waiting>) {
        let t = to as usize;
        self.running[t] -= 1;
        let senders = &mut self.senders[t];
        if let Some(i) = senders.iter().position(|s| s.0 == from) {
            senders[i].1 -= 1;
            if senders[i].1 == 0 {
                senders.swap_remove(i);
            }
        }
        while self.running[t] < self.downloads {
            let Some(next) = self.oldest_startable(to) else {
                return;
            };
            self.take(to, next.1);
            start.push(next);
        }
    }

    /// Transfers running into any worker, and waiting for a slot.
    #[cfg(test)]
    pub(super) fn counts(&self) -> (u32, usize) {
        let waiting = self.waiting.iter().map(VecDeque::len).sum::<usize>()
            + self
                .deferred
                .iter()
                .flatten()
                .map(|d| d.1.len())
                .sum::<usize>();
        (self.running.iter().sum(), waiting)
    }

    /// Transfers from `from` running into `to`.
    fn from(&self, to: u32, from: u32) -> u32 {
        self.senders[to as usize]
            .iter()
            .find(|s| s.0 == from)
            .map_or(0, |s| s.1)
    }

    /// Counts a transfer from `from` as running into `to`.
    fn take(&mut self, to: u32, from: u32) {
        let t = to as usize;
        self.running[t] += 1;
        match self.senders[t].iter_mut().find(|s| s.0 == from) {
            Some(s) => s.1 += 1,
            None => self.senders[t].push((from, 1)),
        }
    }

    /// Sets `transfer` aside until its sender is below its limit into `to`.
    fn defer(&mut self, to: u32, transfer: Waiting) {
        let deferred = &mut self.deferred[to as usize];
        match deferred.iter_mut().find(|d| d.0 == transfer.1) {
            Some(d) => d.1.push_back(transfer),
            None => deferred.push((transfer.1, VecDeque::from([transfer]))),
        }
    }

    /// Removes and returns the oldest transfer waiting for `to` whose sender
    /// is below its limit, if any.
    fn oldest_startable(&mut self, to: u32) -> Option<Waiting> {
        let t = to as usize;
        // Waiting transfers of senders at their limit are set aside first.
        while let Some(&head) = self.waiting[t].front() {
            if self.from(to, head.1) < self.per_sender {
                break;
            }
            self.waiting[t].pop_front();
            self.defer(to, head);
        }
        let mut best = self.waiting[t].front().map(|w| (w.0, None));
        for (i, (sender, queue)) in self.deferred[t].iter().enumerate() {
            let head = queue.front().map_or(u32::MAX, |w| w.0);
            if self.from(to, *sender) < self.per_sender && best.is_none_or(|b| head < b.0) {
                best = Some((head, Some(i)));
            }
        }
        match best? {
            (_, None) => self.waiting[t].pop_front(),
            (_, Some(i)) => {
                let queue = &mut self.deferred[t][i].1;
                let next = queue.pop_front();
                if queue.is_empty() {
                    self.deferred[t].swap_remove(i);
                }
                next
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sender_at_its_limit_does_not_hold_up_the_others() {
        // Two slots per sender, three in all, into worker 0.
        let mut slots = Slots::new(1, 3, 2);
        assert!(slots.request(0, (0, 5, 1.0)));
        assert!(slots.request(0, (1, 5, 1.0)));
        assert!(!slots.request(0, (2, 5, 1.0)), "sender 5 is at its limit");
        assert!(
            slots.request(0, (3, 6, 1.0)),
            "sender 6 takes the free slot"
        );
        assert!(!slots.request(0, (4, 6, 1.0)), "no slot left");
        assert!(!slots.request(0, (5, 7, 1.0)));
        assert_eq!(slots.counts(), (3, 3));
        let mut start = Vec::new();
        // Sender 6 ends: the oldest waiting transfer of a sender below its
        // limit is 4 (2 is sender 5's, still at its limit).
        slots.release(6, 0, &mut start);
        assert_eq!(start, [(4, 6, 1.0)]);
        start.clear();
        // Sender 5 ends one: its deferred transfer 2 is older than 5.
        slots.release(5, 0, &mut start);
        assert_eq!(start, [(2, 5, 1.0)]);
        start.clear();
        slots.release(6, 0, &mut start);
        assert_eq!(start, [(5, 7, 1.0)]);
        assert_eq!(slots.counts(), (3, 0));
    }

    #[test]
    fn without_a_sender_limit_it_is_first_come_first_served() {
        let mut slots = Slots::new(2, 2, 64);
        let started: Vec<bool> = (0..4).map(|id| slots.request(1, (id, 0, 1.0))).collect();
        assert_eq!(started, [true, true, false, false]);
        let mut start = Vec::new();
        slots.release(0, 1, &mut start);
        slots.release(0, 1, &mut start);
        assert_eq!(start, [(2, 0, 1.0), (3, 0, 1.0)]);
    }
}
