//! The Dask model's discrete-event loop: one scheduler (a serial resource,
//! which takes in the whole graph first and then handles every completion),
//! P workers each with an event loop (serial), T threads sharing one GIL and
//! one incoming link, the host's cores when the workers share one
//! (`host.rs`), and the messages between them, over distributed's batched
//! streams (`batched.rs`). Placement is `placement.rs`'s; costs are
//! `costs.rs`'s. Times in µs.

use super::batched::Batched;
use super::costs::{rate, Costs, Wire};
use super::host;
use super::placement::{Groups, Placement};
use super::Cluster;
use crate::graph::{Dependents, Graph, TaskId};
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use std::ops::Deref;

/// What happens at an instant.
#[derive(Clone, Copy, Debug)]
enum Event {
    /// The scheduler tells worker `.1` to compute task `.0`.
    Compute(usize, u32),
    /// Task `.0`'s output arrived at worker `.1`.
    Arrived(usize, u32),
    /// The scheduler finished handling task `.0`'s completion on worker `.1`.
    Handled(usize, u32),
    /// A completion message from worker `.1` about task `.0` reaches the scheduler.
    Finished(usize, u32),
    /// The work-stealing balance (every 100 ms while tasks are left).
    Balance,
    /// Worker `.0`'s process takes or releases its GIL to serialise a
    /// collection: its running tasks' rates change.
    Serialising(u32),
    /// Worker `.0` fills its free threads from its ready tasks: once every
    /// message of this instant is in (distributed batches the messages a
    /// scheduler sends at once; the worker then starts by priority), or once
    /// its loop has handled a finished task.
    Start(u32),
}

/// An event at a time; ties in the order pushed.
struct Timed(f64, u64, Event);

impl PartialEq for Timed {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Timed {}
impl PartialOrd for Timed {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Timed {
    fn cmp(&self, o: &Self) -> Ordering {
        self.0.total_cmp(&o.0).then(self.1.cmp(&o.1))
    }
}

/// One worker's state.
#[derive(Default)]
struct Worker {
    /// Running tasks: (task, remaining solo work µs).
    running: Vec<(usize, f64)>,
    /// Tasks with every input here, by priority.
    ready: BinaryHeap<Reverse<(i64, usize)>>,
    /// The event loop is busy until then.
    loop_free: f64,
    /// The incoming link is busy until then.
    link_free: f64,
    /// When its process holds the GIL to serialise a list or dict for
    /// another worker: (from, until), one at a time (they queue on the loop).
    serialising: Vec<(f64, f64)>,
    /// Inputs being fetched → the tasks here waiting for them.
    fetching: HashMap<usize, Vec<usize>>,
    /// A `Start` event is pending.
    start_pending: bool,
    /// The scheduler's batched stream to this worker.
    from_scheduler: Batched,
    /// This worker's batched stream to the scheduler.
    to_scheduler: Batched,
    /// Busy thread time, µs.
    busy: f64,
}

/// What a run of the model gives.
pub(super) struct Outcome {
    /// Submission to the last task's completion reaching the scheduler, µs.
    pub makespan_us: f64,
    /// Busy thread time per worker, µs.
    pub busy_us: Vec<f64>,
    /// Transfers between workers, and their bytes.
    pub transfers: u64,
    /// Bytes moved.
    pub transferred_bytes: u64,
    /// Tasks moved by work stealing.
    pub stolen: u64,
}

/// The simulation's state, over a graph `G` and costs `C` (references, or
/// handles that share them, so a simulation in progress can be kept
/// between calls): [`Sim::step`] runs it a bounded number of events at a time.
pub(super) struct Sim<G, C> {
    graph: G,
    dependents: Dependents,
    costs: C,
    threads: usize,
    /// Cores of the host the workers share (0: every thread its own core).
    cores: u32,
    /// Cores of that host kept busy by what the model does not have.
    background: f64,
    events: BinaryHeap<Reverse<Timed>>,
    seq: u64,
    now: f64,
    workers: Vec<Worker>,
    place: Placement,
    /// Per task: inputs not yet at its worker.
    missing: Vec<u32>,
    /// Per task: dependencies not yet done.
    waiting: Vec<u32>,
    /// Per task: the workers holding its output.
    holders: Vec<Vec<u32>>,
    /// Per task with p2p bytes: when the last of its shards arrives.
    shards_in: Vec<f64>,
    sched_free: f64,
    left: usize,
    outcome: Outcome,
}

/// Runs `graph` on `cluster` under the model.
pub(super) fn run(graph: &Graph, costs: &Costs, groups: &Groups, cluster: &Cluster) -> Outcome {
    let mut sim = Sim::new(graph, costs, groups, cluster);
    while !sim.step(usize::MAX) {}
    sim.finish()
}

impl<G: Deref<Target = Graph> + Clone, C: Deref<Target = Costs>> Sim<G, C> {
    /// The run of `graph` on `cluster`, the roots released; nothing more
    /// happens until [`Sim::step`].
    pub(super) fn new(graph: G, costs: C, groups: &Groups, cluster: &Cluster) -> Self {
        let (workers, threads) = (cluster.workers, cluster.threads);
        let n = graph.len();
        let mut sim = Sim {
            dependents: graph.dependents(),
            threads: threads as usize,
            cores: cluster.cores,
            background: cluster.background,
            events: BinaryHeap::new(),
            seq: 0,
            now: 0.0,
            workers: (0..workers).map(|_| Worker::default()).collect(),
            place: Placement::new(&graph, &costs, groups, cluster),
            missing: vec![0; n],
            waiting: graph.ids().map(|id| graph.deps(id).len() as u32).collect(),
            holders: vec![Vec::new(); n],
            shards_in: vec![0.0; n],
            sched_free: 0.0,
            left: n,
            outcome: Outcome {
                makespan_us: 0.0,
                busy_us: Vec::new(),
                transfers: 0,
                transferred_bytes: 0,
                stolen: 0,
            },
            graph,
            costs,
        };
        let roots: Vec<usize> = sim
            .graph
            .ids()
            .filter(|id| sim.graph.deps(*id).is_empty())
            .map(|id| id.index())
            .collect();
        // The scheduler takes in the whole graph (distributed's update_graph)
        // before it places the roots.
        sim.now = sim.costs.intake_us;
        sim.sched_free = sim.now;
        sim.release(&roots);
        if cluster.stealing && workers > 1 {
            // distributed's stealing runs on a periodic callback every 100 ms
            // (taken from submission here); ticks missed while the graph was
            // taken in are skipped, as Tornado's PeriodicCallback does, so
            // the first balance is the first tick after the intake.
            let every = super::placement::BALANCE_US;
            sim.push(((sim.now / every).floor() + 1.0) * every, Event::Balance);
        }
        sim
    }

    /// How far the run is, 0 to 1: tasks done.
    pub(super) fn progress(&self) -> f64 {
        1.0 - self.left as f64 / self.graph.len().max(1) as f64
    }

    /// The outcome (of the whole run once [`Sim::step`] said it is over).
    pub(super) fn finish(mut self) -> Outcome {
        self.outcome.busy_us = self.workers.iter().map(|w| w.busy).collect();
        self.outcome
    }

    fn push(&mut self, at: f64, e: Event) {
        self.seq += 1;
        self.events.push(Reverse(Timed(at, self.seq, e)));
    }

    /// Tasks whose dependencies are all done: placed (or queued) by the scheduler.
    fn release(&mut self, tasks: &[usize]) {
        let holders = &self.holders;
        for &t in tasks {
            self.place.ready(t, holders);
        }
        self.send_assignments();
    }

    /// The scheduler's new assignments, each over its worker's batched stream.
    fn send_assignments(&mut self) {
        for (t, w) in self.place.take_assigned() {
            let (costs, stream) = (&*self.costs, &mut self.workers[w as usize].from_scheduler);
            let at = stream.write(self.now, costs.to_worker_us, costs.late_us) + costs.message_us;
            self.push(at, Event::Compute(t, w));
        }
    }

    /// Handles up to `events` events (at least one); true once every task is done.
    pub(super) fn step(&mut self, events: usize) -> bool {
        for _ in 0..events.max(1) {
            if self.left == 0 {
                break;
            }
            let next_event = self.events.peek().map_or(f64::INFINITY, |Reverse(e)| e.0);
            let (next_done, done) = self.next_completion();
            if next_done <= next_event {
                self.advance(next_done);
                let (w, t) = done.expect("a completion time implies a running task");
                self.complete(w, t);
            } else if next_event.is_finite() {
                self.advance(next_event);
                let Some(Reverse(Timed(_, _, e))) = self.events.pop() else {
                    break;
                };
                self.handle(e);
            } else {
                break; // nothing running or pending: cannot happen on a DAG
            }
        }
        self.left == 0
            || self.events.is_empty() && self.workers.iter().all(|w| w.running.is_empty())
    }

    /// The share of a core each running thread gets now (`host::share`):
    /// the running tasks at their GIL rates, the scheduler and every event
    /// loop while busy, on the host's cores.
    fn core_share(&self) -> f64 {
        self.core_share_with(0.0)
    }

    /// The share of a core each busy thread gets now with `extra` more
    /// threads wanting one (a loop or the scheduler about to be busy).
    fn core_share_with(&self, extra: f64) -> f64 {
        if self.cores == 0 {
            return 1.0;
        }
        let now = self.now;
        let mut demand = extra + self.background + if now < self.sched_free { 1.0 } else { 0.0 };
        for worker in &self.workers {
            let total = gil_total(worker, &self.costs.gil, now);
            demand += worker
                .running
                .iter()
                .map(|&(t, _)| rate(self.costs.gil[t], total))
                .sum::<f64>();
            if now < worker.loop_free {
                demand += 1.0;
            }
        }
        host::share(self.cores, demand)
    }

    /// The earliest running task to finish at the current rates.
    fn next_completion(&self) -> (f64, Option<(u32, usize)>) {
        let mut best = (f64::INFINITY, None);
        let share = self.core_share();
        for (w, worker) in self.workers.iter().enumerate() {
            let total = gil_total(worker, &self.costs.gil, self.now);
            for &(t, left) in &worker.running {
                let at = self.now + left / (rate(self.costs.gil[t], total) * share);
                if at < best.0 {
                    best = (at, Some((w as u32, t)));
                }
            }
        }
        best
    }

    /// Moves time to `to`, progressing every running task.
    fn advance(&mut self, to: f64) {
        let dt = (to - self.now).max(0.0);
        if dt > 0.0 {
            let share = self.core_share();
            for worker in &mut self.workers {
                let total = gil_total(worker, &self.costs.gil, self.now);
                for (t, left) in &mut worker.running {
                    *left -= dt * rate(self.costs.gil[*t], total) * share;
                }
                worker.busy += dt * worker.running.len() as f64;
            }
        }
        self.now = self.now.max(to);
    }

    fn handle(&mut self, e: Event) {
        match e {
            Event::Compute(t, w) => self.receive(t, w),
            Event::Arrived(d, w) => {
                self.holders[d].push(w);
                for t in self.workers[w as usize]
                    .fetching
                    .remove(&d)
                    .unwrap_or_default()
                {
                    if self.place.worker_of(t) == Some(w) {
                        self.missing[t] -= 1;
                        if self.missing[t] == 0 {
                            self.make_ready(t, w);
                        }
                    }
                }
            }
            Event::Finished(t, w) => {
                // The scheduler handles messages one at a time, on its
                // share of the host's cores.
                let start = self.now.max(self.sched_free);
                let idle = if self.now < self.sched_free { 0.0 } else { 1.0 };
                self.sched_free = start + self.costs.scheduler_us / self.core_share_with(idle);
                self.push(self.sched_free, Event::Handled(t, w));
            }
            Event::Handled(t, w) => {
                self.place.finished(t, w);
                self.left -= 1;
                self.outcome.makespan_us = self.now;
                let mut released = Vec::new();
                for d in self.dependents.of(TaskId(t as u32)) {
                    let d = d.index();
                    self.waiting[d] -= 1;
                    if self.waiting[d] == 0 {
                        released.push(d);
                    }
                }
                self.release(&released);
            }
            Event::Serialising(w) => {
                let now = self.now;
                self.workers[w as usize]
                    .serialising
                    .retain(|&(_, until)| until > now);
            }
            Event::Start(w) => {
                self.workers[w as usize].start_pending = false;
                self.start_tasks(w);
            }
            Event::Balance => {
                let moved = self.place.balance(&self.holders);
                self.outcome.stolen += moved as u64;
                self.send_assignments();
                if self.left > 0 {
                    self.push(self.now + super::placement::BALANCE_US, Event::Balance);
                }
            }
        }
    }

    /// Worker `w` is told to compute `t`: fetch what it lacks, then queue it.
    fn receive(&mut self, t: usize, w: u32) {
        if self.place.worker_of(t) != Some(w) {
            return; // stolen meanwhile
        }
        let graph = self.graph.clone();
        let mut missing = 0;
        for d in graph.deps(TaskId(t as u32)) {
            let d = d.index();
            if self.holders[d].contains(&w) {
                continue;
            }
            missing += 1;
            let worker = &mut self.workers[w as usize];
            if let Some(waiters) = worker.fetching.get_mut(&d) {
                waiters.push(t);
                continue;
            }
            worker.fetching.insert(d, vec![t]);
            let bytes = graph.bytes(TaskId(d as u32));
            let at = self.fetch(d, bytes, w);
            self.outcome.transfers += 1;
            self.outcome.transferred_bytes += bytes;
            self.push(at, Event::Arrived(d, w));
        }
        self.missing[t] = missing;
        if missing == 0 {
            self.make_ready(t, w);
        }
    }

    /// Starts moving `d`'s output (`bytes`) to worker `w` over its incoming
    /// link; returns when it arrives. Collections (serialised element by
    /// element on the sender's event loop, or its offload thread for large
    /// ones: GIL-bound either way) also hold the sender's loop and GIL: the
    /// sender's running tasks slow down as if one more task held it all the
    /// time, and the serialisation waits for the GIL work they have left
    /// (up to its own length: tasks started later slow down, but do not
    /// delay it).
    fn fetch(&mut self, d: usize, bytes: u64, w: u32) -> f64 {
        let costs = &*self.costs;
        let src = self.holders[d].first().copied().unwrap_or(w) as usize;
        let mut start = self.now.max(self.workers[w as usize].link_free);
        let mut took = costs.transfer(d, bytes);
        if costs.wire[d] != Wire::Buffers {
            let sender = &mut self.workers[src];
            start = start.max(sender.loop_free);
            let alone = took;
            took += sender
                .running
                .iter()
                .map(|&(t, left)| costs.gil[t] * left.min(alone))
                .sum::<f64>();
            sender.loop_free = start + took;
            sender.serialising.push((start, start + took));
            self.push(start, Event::Serialising(src as u32));
            self.push(start + took, Event::Serialising(src as u32));
        }
        self.workers[w as usize].link_free = start + took;
        start + took
    }

    fn make_ready(&mut self, t: usize, w: u32) {
        let worker = &mut self.workers[w as usize];
        worker.ready.push(Reverse((self.costs.priority[t], t)));
        if !std::mem::replace(&mut worker.start_pending, true) {
            self.push(self.now, Event::Start(w));
        }
    }

    /// Fills free threads of worker `w` from its ready tasks.
    fn start_tasks(&mut self, w: u32) {
        let worker = &mut self.workers[w as usize];
        while worker.running.len() < self.threads {
            let Some(Reverse((_, t))) = worker.ready.pop() else {
                break;
            };
            if self.place.worker_of(t) != Some(w) || !self.place.take_start(t) {
                continue; // stolen
            }
            let mut work = self.costs.solo_us[t];
            if self.costs.barrier[t] {
                // A p2p barrier returns once every worker has flushed the
                // shards its inputs sent (at least its measured time).
                let last = self.graph.deps(TaskId(t as u32)).iter();
                let flushed = last.map(|d| self.shards_in[d.index()]).fold(0.0, f64::max);
                work = work.max(flushed - self.now);
            }
            worker.running.push((t, work));
        }
    }

    /// Task `t` finished computing on worker `w`: its output is there; the
    /// event loop reports it (slowed by the GIL its running tasks hold) and
    /// only then hands the freed thread its next task, as distributed's
    /// worker does (its state machine runs on the loop).
    fn complete(&mut self, w: u32, t: usize) {
        self.workers[w as usize].running.retain(|&(r, _)| r != t);
        let idle = if self.now < self.workers[w as usize].loop_free {
            0.0
        } else {
            1.0
        };
        let share = self.core_share_with(idle);
        let costs = &*self.costs;
        let worker = &mut self.workers[w as usize];
        let gil = gil_total(worker, &costs.gil, self.now);
        let start = self.now.max(worker.loop_free);
        worker.loop_free = start + costs.worker_us * (1.0 + gil) / share;
        let written =
            worker
                .to_scheduler
                .write(worker.loop_free, costs.to_scheduler_us, costs.late_us);
        let at = written + costs.message_us;
        let shuffles = costs.p2p_bytes[t] > 0;
        self.holders[t].push(w);
        self.push(at, Event::Finished(t, w));
        if shuffles {
            self.send_shards(t, w);
        }
        let handled = self.workers[w as usize].loop_free;
        self.push(handled, Event::Start(w));
    }

    /// A p2p shuffle's input task `t` finished on `w`: its data, split into
    /// one shard per worker (output partitions are spread evenly over the
    /// workers), goes to every worker — itself too, through its comms — over
    /// their incoming links, outside the graph's edges.
    fn send_shards(&mut self, t: usize, w: u32) {
        let share = self.costs.p2p_bytes[t] / self.workers.len() as u64;
        let took = self.costs.shards(share);
        let mut last = self.now;
        for (v, worker) in self.workers.iter_mut().enumerate() {
            let start = self.now.max(worker.link_free);
            worker.link_free = start + took;
            last = last.max(worker.link_free);
            if v != w as usize {
                self.outcome.transfers += 1;
                self.outcome.transferred_bytes += share;
            }
        }
        self.shards_in[t] = last;
    }
}

/// The GIL held on `worker` at `now`: its running tasks' shares, plus one
/// while its process serialises a collection for another worker.
fn gil_total(worker: &Worker, gil: &[f64], now: f64) -> f64 {
    let tasks: f64 = worker.running.iter().map(|&(t, _)| gil[t]).sum();
    let serialising = worker
        .serialising
        .iter()
        .any(|&(from, until)| from <= now && now < until);
    tasks + if serialising { 1.0 } else { 0.0 }
}
