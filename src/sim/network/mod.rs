//! The network: moving a task's output to the workers that consume it, under
//! one of three models of how concurrent transfers share the bandwidth `B`
//! (bytes/µs; 1 MB/s = 1 byte/µs) — one file each:
//!
//! - [`fcfs_inbound`] — one inbound link per worker: transfers into the same
//!   worker run one after another at full bandwidth, first come first
//!   served; transfers into different workers run in parallel and senders
//!   are never limited. A transfer of `b` bytes requested at `t` into a
//!   worker whose link is free from `f` ends at `max(t, f) + latency + b / B`.
//! - [`simple`] — ESTEE's "simple": no sharing at all, every transfer runs at
//!   full bandwidth, but at most `k` (`downloads`) run into one worker at
//!   once; the others wait for a download slot, first come first served. A
//!   transfer ends at `max(t, s) + latency + b / B`, `s` the time the
//!   worker's earliest download slot frees.
//! - [`maxmin`] — ESTEE's "maxmin": max-min fair sharing. Every worker sends
//!   at most `B` in total and receives at most `B` in total; each active
//!   pair of workers (a connection) gets the max-min fair rate under those
//!   capacities (progressive filling), split evenly among the transfers on
//!   it, recomputed whenever a connection opens or closes. At most `k`
//!   transfers run into one worker at once, and at most `s`
//!   (`downloads_per_sender`, none by default; ESTEE's workers: 2) from the
//!   same sender. A transfer ends `latency` after its last byte arrives.
//!
//! Common to all models: what moves is one output of a task (a task may
//! have several; a consumer fetches only those it reads), by its global id
//! ([`Graph::inputs`](crate::graph::Graph::inputs)); transfers happen only
//! between different workers; an output is kept where it was made and
//! where it was copied, so a second consumer on the same worker waits for
//! the same copy and pays nothing.
//! Without a bandwidth, transfers are free and instant and nothing is tracked.

mod fcfs_inbound;
mod maxmin;
mod simple;
mod slots;

use super::options::NetworkKind;

/// One transfer between workers, for drawing: who sent what to whom, when.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Transfer {
    /// The sending worker (where the output was made).
    pub from: u32,
    /// The receiving worker.
    pub to: u32,
    /// When the bytes start moving, µs: for `fcfs-inbound` and `simple`
    /// when the link or download slot frees; for `maxmin` when the transfer
    /// is requested (including any wait for a download slot).
    pub start_us: f64,
    /// When the output is on `to`, µs (latency included).
    pub end_us: f64,
    /// Bytes moved.
    pub bytes: u64,
}

/// An `f64` ordered by `total_cmp`, for the models' heaps.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Key(f64);

impl Eq for Key {}
impl Ord for Key {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}
impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// End of a task's list of copies.
const NONE: u32 = u32::MAX;

/// A copy of a task's output on a worker other than its home, in the
/// task's list of copies.
#[derive(Clone, Copy, Debug)]
struct Copy {
    worker: u32,
    next: u32,
    arrival: Arrival,
}

/// When a requested output is on the worker that asked for it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Arrival {
    /// At this time, µs (possibly in the past).
    At(f64),
    /// When the in-flight transfer with this id completes; the engine hears
    /// of it from [`Network::complete`].
    Later(u32),
}

/// The model that times transfers.
enum Model {
    FcfsInbound(fcfs_inbound::FcfsInbound),
    Simple(simple::Simple),
    Maxmin(Box<maxmin::Maxmin>),
}

/// Output locations and the transfer model of a simulated cluster.
pub(super) struct Network {
    /// Bytes per µs, or `None` for free transfers.
    bytes_per_us: Option<f64>,
    latency_us: f64,
    model: Model,
    /// The first of each output's copies (when transfers cost time) into
    /// `copies`: a short list per output (one entry per worker it was sent
    /// to) is cheaper to walk than a hash map is to probe.
    first_copy: Vec<u32>,
    copies: Vec<Copy>,
    /// The output id and destination of every transfer of the max-min model,
    /// by id.
    in_flight: Vec<(u32, u32)>,
    /// Number of transfers and bytes moved.
    pub(super) transfers: u64,
    pub(super) bytes: u64,
    /// Every transfer, in the order requested; a max-min transfer's end is
    /// NaN until [`Network::complete`] fills it in (its index is its id).
    pub(super) log: Vec<Transfer>,
}

impl Network {
    /// The network of `outputs` outputs (their global ids are below it) and
    /// `workers` workers: `bandwidth_mb_s` (`None`: free),
    /// a fixed `latency_us` per transfer, the `kind` of sharing and at most
    /// `downloads` concurrent transfers into a worker (`simple`, `maxmin`),
    /// `per_sender` of them from one sender (`maxmin`).
    pub(super) fn new(
        outputs: usize,
        workers: usize,
        bandwidth_mb_s: Option<f64>,
        latency_us: f64,
        kind: NetworkKind,
        (downloads, per_sender): (u32, u32),
    ) -> Self {
        let rate = bandwidth_mb_s.unwrap_or(f64::INFINITY);
        let workers = if bandwidth_mb_s.is_some() { workers } else { 0 };
        Network {
            // 1 MB/s = 1 byte/µs.
            bytes_per_us: bandwidth_mb_s,
            latency_us,
            model: match kind {
                NetworkKind::FcfsInbound => {
                    Model::FcfsInbound(fcfs_inbound::FcfsInbound::new(workers))
                }
                NetworkKind::Simple => Model::Simple(simple::Simple::new(workers, downloads)),
                NetworkKind::Maxmin => Model::Maxmin(Box::new(maxmin::Maxmin::new(
                    workers, rate, downloads, per_sender,
                ))),
            },
            first_copy: if bandwidth_mb_s.is_some() {
                vec![NONE; outputs]
            } else {
                Vec::new()
            },
            copies: Vec::new(),
            in_flight: Vec::new(),
            transfers: 0,
            bytes: 0,
            log: Vec::new(),
        }
    }

    /// True when transfers are free and instant (no bandwidth given), so
    /// inputs never need fetching.
    pub(super) fn is_free(&self) -> bool {
        self.bytes_per_us.is_none()
    }

    /// Estimated time to bring `transfers` outputs of `bytes` in total to a
    /// worker on an otherwise idle network (0 without bandwidth); used for
    /// placement.
    pub(super) fn estimate_us(&self, bytes: u64, transfers: u32) -> f64 {
        match self.bytes_per_us {
            Some(rate) => f64::from(transfers) * self.latency_us + bytes as f64 / rate,
            None => 0.0,
        }
    }

    /// When `output` (by global id; made on `home` before `now_us`, `bytes`
    /// long) is on `to`, starting a transfer if one is needed.
    pub(super) fn fetch(
        &mut self,
        output: u32,
        home: u32,
        bytes: u64,
        to: u32,
        now_us: f64,
    ) -> Arrival {
        let Some(rate) = self.bytes_per_us else {
            return Arrival::At(now_us);
        };
        if home == to {
            return Arrival::At(now_us);
        }
        if let Some(copy) = self.copy_of(output, to) {
            return self.copies[copy].arrival;
        }
        self.transfers += 1;
        self.bytes += bytes;
        let duration_us = self.latency_us + bytes as f64 / rate;
        let end_us = match &mut self.model {
            Model::FcfsInbound(m) => Some(m.transfer(to, now_us, duration_us)),
            Model::Simple(m) => Some(m.transfer(to, now_us, duration_us)),
            Model::Maxmin(_) => None,
        };
        self.log.push(Transfer {
            from: home,
            to,
            start_us: end_us.map_or(now_us, |end| end - duration_us),
            end_us: end_us.unwrap_or(f64::NAN),
            bytes,
        });
        let arrival = match &mut self.model {
            Model::Maxmin(m) => {
                // Ids index `in_flight` and, since only this model pushes to
                // it, `log` too.
                let id = self.in_flight.len() as u32;
                self.in_flight.push((output, to));
                m.start(now_us, id, home, to, bytes as f64);
                Arrival::Later(id)
            }
            _ => Arrival::At(end_us.unwrap_or(now_us)),
        };
        self.copies.push(Copy {
            worker: to,
            next: self.first_copy[output as usize],
            arrival,
        });
        self.first_copy[output as usize] = (self.copies.len() - 1) as u32;
        arrival
    }

    /// The workers other than its home that hold `output` or are fetching
    /// it, each with whether the copy is there at `now_us`.
    pub(super) fn copies(
        &self,
        output: u32,
        now_us: f64,
    ) -> impl Iterator<Item = (u32, bool)> + '_ {
        let mut at = self
            .first_copy
            .get(output as usize)
            .copied()
            .unwrap_or(NONE);
        std::iter::from_fn(move || {
            let copy = self.copies.get(at as usize)?;
            at = copy.next;
            let there = matches!(copy.arrival, Arrival::At(t) if t <= now_us);
            Some((copy.worker, there))
        })
    }

    /// The index of `output`'s copy on `worker`, if there is one.
    fn copy_of(&self, output: u32, worker: u32) -> Option<usize> {
        let mut at = self.first_copy[output as usize];
        while at != NONE {
            let copy = &self.copies[at as usize];
            if copy.worker == worker {
                return Some(at as usize);
            }
            at = copy.next;
        }
        None
    }

    /// When the next in-flight transfer completes, if any.
    pub(super) fn next_completion(&mut self) -> Option<f64> {
        match &mut self.model {
            Model::Maxmin(m) => m.next_completion(),
            _ => None,
        }
    }

    /// Completes the in-flight transfer due at `now_us` (the time
    /// [`Network::next_completion`] gave): its id and when the output is
    /// there (after the latency).
    pub(super) fn complete(&mut self, now_us: f64) -> Option<(u32, f64)> {
        let Model::Maxmin(m) = &mut self.model else {
            return None;
        };
        let id = m.complete(now_us)?;
        let at = now_us + self.latency_us;
        let (output, to) = self.in_flight[id as usize];
        self.log[id as usize].end_us = at;
        if let Some(copy) = self.copy_of(output, to) {
            self.copies[copy].arrival = Arrival::At(at);
        }
        Some((id, at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(a: Arrival) -> f64 {
        match a {
            Arrival::At(t) => t,
            Arrival::Later(id) => panic!("transfer {id} in flight"),
        }
    }

    #[test]
    fn fcfs_transfers_into_one_worker_queue_and_are_paid_once() {
        // 1 MB/s = 1 byte/µs, 10 µs latency.
        let mut net = Network::new(3, 3, Some(1.0), 10.0, NetworkKind::FcfsInbound, (4, 4));
        assert_eq!(at(net.fetch(0, 0, 100, 0, 7.0)), 7.0);
        assert_eq!(at(net.fetch(0, 0, 100, 1, 7.0)), 117.0);
        assert_eq!(at(net.fetch(1, 0, 100, 1, 7.0)), 227.0);
        assert_eq!(at(net.fetch(0, 0, 100, 1, 300.0)), 117.0);
        assert_eq!(at(net.fetch(1, 0, 100, 2, 7.0)), 117.0);
        assert_eq!((net.transfers, net.bytes), (3, 300));
        let spans: Vec<(u32, f64, f64)> = net
            .log
            .iter()
            .map(|t| (t.to, t.start_us, t.end_us))
            .collect();
        assert_eq!(spans, [(1, 7.0, 117.0), (1, 117.0, 227.0), (2, 7.0, 117.0)]);
        assert_eq!(net.estimate_us(200, 2), 220.0);
    }

    #[test]
    fn simple_runs_k_transfers_into_a_worker_at_full_speed() {
        let mut net = Network::new(5, 2, Some(1.0), 0.0, NetworkKind::Simple, (2, 2));
        let ends: Vec<f64> = (0..5).map(|t| at(net.fetch(t, 0, 100, 1, 0.0))).collect();
        assert_eq!(ends, [100.0, 100.0, 200.0, 200.0, 300.0]);
    }

    #[test]
    fn simple_without_a_practical_limit_runs_everything_at_once() {
        // 1,000 transfers into one worker with 4,096 slots: all end at 100.
        let mut net = Network::new(1000, 2, Some(1.0), 0.0, NetworkKind::Simple, (4096, 4096));
        let ends: Vec<f64> = (0..1000)
            .map(|t| at(net.fetch(t, 0, 100, 1, 0.0)))
            .collect();
        assert!(ends.iter().all(|e| *e == 100.0));
    }

    #[test]
    fn maxmin_shares_and_reports_completions_in_order() {
        // Two transfers from worker 0 into 1 and 2 share 0's sending link.
        let mut net = Network::new(3, 3, Some(1.0), 5.0, NetworkKind::Maxmin, (4, 4));
        assert_eq!(net.fetch(0, 0, 100, 1, 0.0), Arrival::Later(0));
        assert_eq!(net.fetch(1, 0, 300, 2, 0.0), Arrival::Later(1));
        assert_eq!(net.fetch(0, 0, 100, 1, 1.0), Arrival::Later(0));
        assert_eq!(net.next_completion(), Some(200.0));
        assert_eq!(net.complete(200.0), Some((0, 205.0)));
        // The second had 200 bytes left and now the whole link: 200 µs more.
        assert_eq!(net.next_completion(), Some(400.0));
        assert_eq!(net.complete(400.0), Some((1, 405.0)));
        let spans: Vec<(u32, u32, f64, f64, u64)> = net
            .log
            .iter()
            .map(|t| (t.from, t.to, t.start_us, t.end_us, t.bytes))
            .collect();
        assert_eq!(spans, [(0, 1, 0.0, 205.0, 100), (0, 2, 0.0, 405.0, 300)]);
        assert_eq!(net.next_completion(), None);
        assert_eq!(at(net.fetch(0, 0, 100, 1, 500.0)), 205.0);
    }

    #[test]
    fn without_bandwidth_everything_is_already_there() {
        for kind in NetworkKind::ALL {
            let mut net = Network::new(2, 2, None, 10.0, kind, (4, 4));
            assert!(net.is_free());
            assert_eq!(at(net.fetch(0, 0, 100, 1, 7.0)), 7.0);
            assert_eq!((net.transfers, net.estimate_us(100, 1)), (0, 0.0));
            assert_eq!(net.next_completion(), None);
        }
    }
}
