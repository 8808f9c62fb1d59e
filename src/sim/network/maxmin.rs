//! ESTEE's "maxmin" model: max-min fair sharing of the bandwidth `B`.
//!
//! Every worker sends at most `B` and receives at most `B` in total. The
//! transfers between one ordered pair of workers form a *connection*; each
//! active connection gets the max-min fair rate under those capacities, and
//! its transfers split that rate evenly (as in ESTEE, which shares per pair
//! of workers). The fair rates come from progressive filling on the
//! bipartite graph of senders and receivers: repeatedly take the endpoint
//! whose remaining capacity divided by its unfixed connections is least,
//! give that share to each of its unfixed connections, and take it off the
//! capacity of their other endpoints. At most `k` transfers run into a
//! worker at once, at most `s` of them from one sender; the others wait
//! ([`Slots`]).
//!
//! Rates change only when a connection opens or closes, and only inside the
//! connected component of the senders and receivers it touches, so only that
//! component is refilled: O(c log c) for a component of `c` connections,
//! once for all the changes made at the same time. Most components are
//! small — a star (one worker's transfers to or from workers that have no
//! other) takes its centre's share at once, and components of a few nodes
//! find the next node to fix by a scan instead of a heap — with exactly
//! the rates full progressive filling gives. A
//! new transfer on an open connection changes no rate, only its connection's
//! split. Progress is kept per connection ("bytes each of its transfers has
//! received"), so a rate change touches each connection once, not each
//! transfer; the next completion of every connection waits in one heap, and
//! only connections whose rate changed are queued again.

use super::slots::Slots;
use super::Key;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The transfers from one worker to another.
struct Connection {
    from: u32,
    to: u32,
    /// The connection's max-min fair rate, bytes/µs.
    rate: f64,
    /// Bytes each of its transfers has received since it opened.
    progress: f64,
    /// When `progress` was last brought up to date, µs.
    at_us: f64,
    /// Its transfers by the progress at which each completes (then id).
    ends: BinaryHeap<Reverse<(Key, u32)>>,
    /// Bumped whenever its next completion changes (older heap entries are stale).
    version: u32,
    /// Its position in its sender's and its receiver's lists.
    pos_out: u32,
    pos_in: u32,
}

/// The state of the max-min network.
pub(super) struct Maxmin {
    bandwidth: f64,
    workers: u32,
    /// Download slots: which transfers run, which wait.
    slots: Slots,
    /// Transfers that just took a slot (kept to reuse its buffer).
    starting: Vec<(u32, u32, f64)>,
    connections: Vec<Connection>,
    free: Vec<u32>,
    /// Open connections of each sender and of each receiver (a sender's
    /// list is also how a pair's connection is found: it is short).
    out: Vec<Vec<u32>>,
    into: Vec<Vec<u32>>,
    /// Next completion of each connection: time, connection, version.
    due: BinaryHeap<Reverse<(Key, u32, u32)>>,
    /// Endpoints of connections opened or closed at `dirty_at_us` whose
    /// components are refilled once, before time moves on.
    dirty: Vec<u32>,
    dirty_at_us: f64,
    filling: Filling,
}

/// Scratch space of progressive filling, reused between refills.
#[derive(Default)]
struct Filling {
    stamp: u32,
    /// Per node (senders `0..P`, receivers `P..2P`): visited stamp,
    /// capacity left, connections not fixed yet, fair share (capacity left
    /// per unfixed connection), version of its heap entry.
    node_seen: Vec<u32>,
    capacity: Vec<f64>,
    unfixed: Vec<u32>,
    share: Vec<f64>,
    node_version: Vec<u32>,
    /// Per connection: visited stamp, fixed stamp.
    conn_seen: Vec<u32>,
    conn_fixed: Vec<u32>,
    nodes: Vec<u32>,
    conns: Vec<u32>,
    /// The rate each of `conns` had before the refill.
    old_rates: Vec<f64>,
    /// Nodes by fair share (then node), with their version (components
    /// of more than [`SCAN_NODES`] nodes).
    shares: BinaryHeap<Reverse<(Key, u32, u32)>>,
}

impl Maxmin {
    /// `workers` workers each sending and receiving at most `bandwidth`
    /// bytes/µs, at most `downloads` transfers into one at once and
    /// `per_sender` of them from one sender.
    pub(super) fn new(workers: usize, bandwidth: f64, downloads: u32, per_sender: u32) -> Self {
        let nodes = 2 * workers;
        Maxmin {
            bandwidth,
            workers: workers as u32,
            slots: Slots::new(workers, downloads, per_sender),
            starting: Vec::new(),
            connections: Vec::new(),
            free: Vec::new(),
            out: vec![Vec::new(); workers],
            into: vec![Vec::new(); workers],
            due: BinaryHeap::new(),
            dirty: Vec::new(),
            dirty_at_us: 0.0,
            filling: Filling {
                node_seen: vec![0; nodes],
                capacity: vec![0.0; nodes],
                unfixed: vec![0; nodes],
                share: vec![0.0; nodes],
                node_version: vec![0; nodes],
                ..Filling::default()
            },
        }
    }

    /// Starts transfer `id` of `bytes` from `from` to `to` at `now_us`, or
    /// queues it until `to` has a download slot for it.
    pub(super) fn start(&mut self, now_us: f64, id: u32, from: u32, to: u32, bytes: f64) {
        if self.slots.request(to, (id, from, bytes)) {
            self.activate(now_us, id, from, to, bytes);
        }
    }

    /// When the next transfer completes, if any is running.
    pub(super) fn next_completion(&mut self) -> Option<f64> {
        if !self.dirty.is_empty() {
            let mut seeds = std::mem::take(&mut self.dirty);
            self.refill(self.dirty_at_us, &seeds);
            seeds.clear();
            self.dirty = seeds;
        }
        while let Some(&Reverse((Key(at), c, version))) = self.due.peek() {
            if self.connections[c as usize].version == version {
                return Some(at);
            }
            self.due.pop();
        }
        None
    }

    /// Completes the transfer due at `now_us` and returns its id; starts the
    /// transfers waiting for the slot it frees.
    pub(super) fn complete(&mut self, now_us: f64) -> Option<u32> {
        self.next_completion()?;
        let Reverse((_, c, _)) = self.due.pop()?;
        self.advance(c, now_us);
        let conn = &mut self.connections[c as usize];
        let Reverse((Key(target), id)) = conn.ends.pop()?;
        conn.progress = conn.progress.max(target);
        let (from, to) = (conn.from, conn.to);
        if self.connections[c as usize].ends.is_empty() {
            self.close(c);
            self.changed(now_us, from, to);
        } else {
            self.reschedule(c);
        }
        let mut starting = std::mem::take(&mut self.starting);
        self.slots.release(from, to, &mut starting);
        for (next, from, bytes) in starting.drain(..) {
            self.activate(now_us, next, from, to, bytes);
        }
        self.starting = starting;
        Some(id)
    }

    /// Runs transfer `id` now: on its open connection (only that
    /// connection's split changes) or on a new one (its component is refilled).
    fn activate(&mut self, now_us: f64, id: u32, from: u32, to: u32, bytes: f64) {
        if let Some(c) = self.connection(from, to) {
            self.advance(c, now_us);
            let conn = &mut self.connections[c as usize];
            conn.ends.push(Reverse((Key(conn.progress + bytes), id)));
            self.reschedule(c);
            return;
        }
        let c = self.open(now_us, from, to);
        self.connections[c as usize]
            .ends
            .push(Reverse((Key(bytes), id)));
        self.changed(now_us, from, to);
    }

    /// A connection from `from` to `to` opened or closed at `now_us`: its
    /// components are refilled before the next completion is asked for, once
    /// for every change at the same time.
    fn changed(&mut self, now_us: f64, from: u32, to: u32) {
        self.dirty_at_us = now_us;
        self.dirty.extend([from, self.workers + to]);
    }

    /// A new, empty connection from `from` to `to`, linked to both ends.
    fn open(&mut self, now_us: f64, from: u32, to: u32) -> u32 {
        let conn = Connection {
            from,
            to,
            rate: 0.0,
            progress: 0.0,
            at_us: now_us,
            ends: BinaryHeap::new(),
            version: 0,
            pos_out: self.out[from as usize].len() as u32,
            pos_in: self.into[to as usize].len() as u32,
        };
        let c = match self.free.pop() {
            Some(c) => {
                let old = &mut self.connections[c as usize];
                let version = old.version + 1;
                let ends = std::mem::take(&mut old.ends);
                *old = Connection {
                    version,
                    ends,
                    ..conn
                };
                c
            }
            None => {
                self.connections.push(conn);
                self.filling.conn_seen.push(0);
                self.filling.conn_fixed.push(0);
                (self.connections.len() - 1) as u32
            }
        };
        self.out[from as usize].push(c);
        self.into[to as usize].push(c);
        c
    }

    /// The open connection from `from` to `to`, if any.
    fn connection(&self, from: u32, to: u32) -> Option<u32> {
        self.out[from as usize]
            .iter()
            .copied()
            .find(|&c| self.connections[c as usize].to == to)
    }

    /// Unlinks the empty connection `c` and frees its slot.
    fn close(&mut self, c: u32) {
        let conn = &mut self.connections[c as usize];
        conn.version += 1;
        let (from, to, pos_out, pos_in) = (conn.from, conn.to, conn.pos_out, conn.pos_in);
        let out = &mut self.out[from as usize];
        out.swap_remove(pos_out as usize);
        if let Some(&moved) = out.get(pos_out as usize) {
            self.connections[moved as usize].pos_out = pos_out;
        }
        let into = &mut self.into[to as usize];
        into.swap_remove(pos_in as usize);
        if let Some(&moved) = into.get(pos_in as usize) {
            self.connections[moved as usize].pos_in = pos_in;
        }
        self.free.push(c);
    }

    /// Brings `c`'s progress up to `now_us` at its current rate.
    fn advance(&mut self, c: u32, now_us: f64) {
        let conn = &mut self.connections[c as usize];
        let n = conn.ends.len();
        if n > 0 && conn.rate > 0.0 {
            conn.progress += (now_us - conn.at_us) * conn.rate / n as f64;
        }
        conn.at_us = now_us;
    }

    /// Queues `c`'s next completion (its progress is up to date).
    fn reschedule(&mut self, c: u32) {
        let conn = &mut self.connections[c as usize];
        conn.version += 1;
        if let Some(&Reverse((Key(target), _))) = conn.ends.peek() {
            let per_transfer = conn.rate / conn.ends.len() as f64;
            let at = conn.at_us + (target - conn.progress).max(0.0) / per_transfer;
            self.due.push(Reverse((Key(at), c, conn.version)));
        }
    }

    /// The open connections of node `node` (a sender below `P`, else a receiver).
    fn links(&self, node: u32) -> &[u32] {
        if node < self.workers {
            &self.out[node as usize]
        } else {
            &self.into[(node - self.workers) as usize]
        }
    }

    /// The end of connection `c` other than `node`.
    fn other_end(&self, c: u32, node: u32) -> u32 {
        let conn = &self.connections[c as usize];
        if node < self.workers {
            self.workers + conn.to
        } else {
            conn.from
        }
    }

    /// Recomputes the max-min rates of the components holding `seeds`
    /// (nodes) at `now_us`, by progressive filling, one component at a
    /// time (the rates of one do not depend on another's).
    fn refill(&mut self, now_us: f64, seeds: &[u32]) {
        self.filling.stamp += 1;
        for &seed in seeds {
            if self.filling.node_seen[seed as usize] != self.filling.stamp {
                self.gather(seed);
                self.fill(now_us);
            }
        }
    }

    /// Collects the component of `seed` (its nodes and open connections,
    /// breadth first) into the filling's `nodes` and `conns`.
    fn gather(&mut self, seed: u32) {
        let f = &mut self.filling;
        f.nodes.clear();
        f.conns.clear();
        f.node_seen[seed as usize] = f.stamp;
        f.nodes.push(seed);
        let mut next = 0;
        while next < f.nodes.len() {
            let node = f.nodes[next];
            next += 1;
            let (links, other_ends) = if node < self.workers {
                (&self.out[node as usize], false)
            } else {
                (&self.into[(node - self.workers) as usize], true)
            };
            for &c in links {
                if f.conn_seen[c as usize] != f.stamp {
                    f.conn_seen[c as usize] = f.stamp;
                    f.conns.push(c);
                    let conn = &self.connections[c as usize];
                    let other = if other_ends {
                        conn.from
                    } else {
                        self.workers + conn.to
                    };
                    if f.node_seen[other as usize] != f.stamp {
                        f.node_seen[other as usize] = f.stamp;
                        f.nodes.push(other);
                    }
                }
            }
        }
    }

    /// Gives the connections gathered their max-min fair rates, brought up
    /// to `now_us` first; queues again those whose rate changed.
    fn fill(&mut self, now_us: f64) {
        if self.filling.conns.is_empty() {
            return;
        }
        let mut f = std::mem::take(&mut self.filling.old_rates);
        f.clear();
        for i in 0..self.filling.conns.len() {
            let c = self.filling.conns[i];
            self.advance(c, now_us);
            f.push(self.connections[c as usize].rate);
        }
        match self.star() {
            // One node holds every connection, each other node one: they
            // all get its share (the leaves' share, the whole bandwidth, is
            // larger, so progressive filling fixes this node first).
            Some(share) => {
                for &c in &self.filling.conns {
                    self.connections[c as usize].rate = share;
                }
            }
            None => self.progressive_filling(),
        }
        // A connection whose rate did not change keeps its queued completion.
        for (i, &old) in f.iter().enumerate() {
            let c = self.filling.conns[i];
            if self.connections[c as usize].rate != old {
                self.reschedule(c);
            }
        }
        self.filling.old_rates = f;
    }

    /// The share of every connection when the component gathered is a
    /// star whose centre's share is below the whole bandwidth (a single
    /// connection gets the whole bandwidth); `None` for any other shape.
    fn star(&self) -> Option<f64> {
        let f = &self.filling;
        let k = f.conns.len();
        if k + 1 != f.nodes.len() {
            return None;
        }
        if k == 1 {
            return Some(self.bandwidth);
        }
        let centre = f.nodes.iter().find(|&&n| self.links(n).len() == k)?;
        let share = self.bandwidth / f64::from(self.links(*centre).len() as u32);
        (share < self.bandwidth).then_some(share)
    }

    /// Progressive filling over the component gathered: repeatedly fixes
    /// the unfixed connections of the node whose capacity left per unfixed
    /// connection is least (lowest node on ties). That node is found by a
    /// scan of the component's nodes when it has at most [`SCAN_NODES`],
    /// else from a heap.
    fn progressive_filling(&mut self) {
        let mut heap = std::mem::take(&mut self.filling.shares);
        heap.clear();
        let large = self.filling.nodes.len() > SCAN_NODES;
        for i in 0..self.filling.nodes.len() {
            let node = self.filling.nodes[i];
            let degree = self.links(node).len() as u32;
            let n = node as usize;
            let f = &mut self.filling;
            f.capacity[n] = self.bandwidth;
            f.unfixed[n] = degree;
            f.node_version[n] += 1;
            if degree > 0 {
                f.share[n] = self.bandwidth / f64::from(degree);
                if large {
                    heap.push(Reverse((Key(f.share[n]), node, f.node_version[n])));
                }
            }
        }
        let stamp = self.filling.stamp;
        loop {
            let f = &mut self.filling;
            let next = if large {
                pop_current(&mut heap, &f.node_version)
            } else {
                least_share(&f.nodes, &f.unfixed, &f.share)
            };
            let Some(node) = next else {
                break;
            };
            let share = f.share[node as usize];
            f.unfixed[node as usize] = 0;
            f.node_version[node as usize] += 1;
            for i in 0..self.links(node).len() {
                let c = self.links(node)[i];
                if self.filling.conn_fixed[c as usize] == stamp {
                    continue;
                }
                self.filling.conn_fixed[c as usize] = stamp;
                self.connections[c as usize].rate = share;
                let o = self.other_end(c, node) as usize;
                let f = &mut self.filling;
                f.capacity[o] -= share;
                f.unfixed[o] -= 1;
                f.node_version[o] += 1;
                if f.unfixed[o] > 0 {
                    f.share[o] = f.capacity[o].max(0.0) / f64::from(f.unfixed[o]);
                    if large {
                        heap.push(Reverse((Key(f.share[o]), o as u32, f.node_version[o])));
                    }
                }
            }
        }
        self.filling.shares = heap;
    }
}

/// Components of at most this many nodes find their next node to fix by a
/// scan (cheaper than a heap when small).
const SCAN_NODES: usize = 16;

/// The node of least share (lowest node on ties) among `nodes` that have
/// unfixed connections.
fn least_share(nodes: &[u32], unfixed: &[u32], share: &[f64]) -> Option<u32> {
    let mut best: Option<(f64, u32)> = None;
    for &n in nodes {
        if unfixed[n as usize] == 0 {
            continue;
        }
        let s = share[n as usize];
        if best.is_none_or(|(bs, bn)| s.total_cmp(&bs).then(n.cmp(&bn)).is_lt()) {
            best = Some((s, n));
        }
    }
    best.map(|b| b.1)
}

/// The node of the heap's least entry that is current (its version is the
/// node's), dropping the stale entries before it.
fn pop_current(heap: &mut BinaryHeap<Reverse<(Key, u32, u32)>>, version: &[u32]) -> Option<u32> {
    while let Some(Reverse((_, node, v))) = heap.pop() {
        if version[node as usize] == v {
            return Some(node);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prng::{Purpose, SplitMix64};

    /// Rates of the open connections: no endpoint over the bandwidth, and
    /// each connection is bottlenecked — one of its endpoints is saturated
    /// and gives no other connection more (the max-min fairness condition).
    fn assert_max_min_fair(net: &Maxmin) {
        let eps = 1e-9 * net.bandwidth;
        for node in 0..2 * net.workers {
            let total: f64 = net
                .links(node)
                .iter()
                .map(|&c| net.connections[c as usize].rate)
                .sum();
            assert!(total <= net.bandwidth + eps, "node {node} at {total}");
        }
        for c in net.out.iter().flatten().copied() {
            let conn = &net.connections[c as usize];
            let (from, to, rate) = (conn.from, conn.to, conn.rate);
            assert!(rate > 0.0);
            let bottleneck = [from, net.workers + to].into_iter().any(|node| {
                let links = net.links(node);
                let rates = links.iter().map(|&o| net.connections[o as usize].rate);
                let total: f64 = rates.clone().sum();
                total >= net.bandwidth - eps && rates.fold(0.0, f64::max) <= rate + eps
            });
            assert!(
                bottleneck,
                "connection {from}->{to} at {rate} has no bottleneck"
            );
        }
    }

    #[test]
    fn progressive_filling_gives_the_known_rates() {
        // Worker 0 sends to 1, 2 and 3; worker 4 also sends to 3. Sender 0 is
        // the bottleneck (1/3 each), so 4 -> 3 gets the 2/3 that 3 has left.
        let mut net = Maxmin::new(5, 1.0, 4, 4);
        for (id, to) in [(0, 1), (1, 2), (2, 3)] {
            net.start(0.0, id, 0, to, 300.0);
        }
        net.start(0.0, 3, 4, 3, 400.0);
        assert!((net.next_completion().unwrap() - 600.0).abs() < 1e-9);
        let rate = |net: &Maxmin, (from, to)| {
            net.connections[net.connection(from, to).unwrap() as usize].rate
        };
        assert!((rate(&net, (0, 1)) - 1.0 / 3.0).abs() < 1e-12);
        assert!((rate(&net, (4, 3)) - 2.0 / 3.0).abs() < 1e-12);
        assert_max_min_fair(&net);
        // 4 -> 3 ends at 600; the others have 100 bytes left, still at 1/3.
        assert!((net.next_completion().unwrap() - 600.0).abs() < 1e-9);
        assert_eq!(net.complete(600.0), Some(3));
        let ends: Vec<(u32, f64)> = std::iter::from_fn(|| {
            let at = net.next_completion()?;
            Some((net.complete(at)?, at))
        })
        .collect();
        assert_eq!(ends.iter().map(|e| e.0).collect::<Vec<_>>(), [0, 1, 2]);
        assert!(ends.iter().all(|e| (e.1 - 900.0).abs() < 1e-9), "{ends:?}");
    }

    #[test]
    fn a_sender_at_its_limit_waits_and_the_others_go_ahead() {
        // Worker 0 sends three transfers of 100 bytes into 1, at most two at
        // once; then worker 2 sends one. Receiver 1 (1 byte/µs) splits
        // evenly between the pairs 0->1 and 2->1, and 0->1 between its two:
        // 2->1 ends at 200; then 0->1's two, 50 bytes left each at 1/2, at
        // 300; then the third alone at 400.
        let mut net = Maxmin::new(3, 1.0, 4, 2);
        for id in 0..3 {
            net.start(0.0, id, 0, 1, 100.0);
        }
        net.start(0.0, 3, 2, 1, 100.0);
        let ends: Vec<(u32, f64)> = std::iter::from_fn(|| {
            let at = net.next_completion()?;
            Some((net.complete(at)?, at))
        })
        .collect();
        let expected = [(3, 200.0), (0, 300.0), (1, 300.0), (2, 400.0)];
        assert_eq!(ends.len(), expected.len());
        for ((id, at), (want_id, want_at)) in ends.iter().zip(expected) {
            assert_eq!(*id, want_id);
            assert!((at - want_at).abs() < 1e-9, "{ends:?}");
        }
    }

    /// Completes the next transfer, if any, moving `now` to its time (never
    /// back); settles the rates after it. Returns how many completed.
    fn complete_next(net: &mut Maxmin, now: &mut f64) -> usize {
        let Some(at) = net.next_completion() else {
            return 0;
        };
        assert!(at >= *now - 1e-9);
        *now = at;
        net.complete(at).unwrap();
        net.next_completion();
        1
    }

    #[test]
    fn random_traffic_stays_max_min_fair_and_delivers_every_byte() {
        let mut rng = SplitMix64::stream(3, Purpose::Placement, 1);
        for workers in [2, 3, 8, 20] {
            let mut net = Maxmin::new(workers, 2.0, 3, 2);
            let (mut now, mut started, mut done) = (0.0, 0, 0);
            let mut sizes = Vec::new();
            for _ in 0..400 {
                if rng.below(3) > 0 {
                    let from = rng.below(workers as u32);
                    let to = (from + 1 + rng.below(workers as u32 - 1)) % workers as u32;
                    let bytes = 1.0 + f64::from(rng.below(1000));
                    net.start(now, started, from, to, bytes);
                    sizes.push(bytes);
                    started += 1;
                } else {
                    done += complete_next(&mut net, &mut now);
                }
                net.next_completion();
                assert_max_min_fair(&net);
                let (running, waiting) = net.slots.counts();
                for node in net.workers..2 * net.workers {
                    let into = net.links(node).iter();
                    let per_pair = into.map(|&c| net.connections[c as usize].ends.len());
                    assert!(per_pair.clone().all(|n| n <= 2) && per_pair.sum::<usize>() <= 3);
                }
                assert_eq!(running as usize + waiting + done, started as usize);
            }
            while net.next_completion().is_some() {
                done += complete_next(&mut net, &mut now);
                assert_max_min_fair(&net);
            }
            assert_eq!(done, started as usize);
            // No link is faster than the bandwidth: all the bytes into one
            // worker need at least bytes / bandwidth.
            assert!(now >= sizes.iter().sum::<f64>() / 2.0 / workers as f64 - 1e-6);
        }
    }
}
