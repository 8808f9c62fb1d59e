//! The discrete-event loop: time, workers with thread slots, queues, the
//! network and the trace. It knows nothing of policies beyond the `Policy`
//! trait.
//!
//! A task becomes ready when its last dependency finishes; the policy either
//! queues it on a worker — its inputs are fetched to that worker right away
//! and it becomes runnable there once they arrive — or leaves it in the
//! global queue, from which the next free thread pulls it (fetching its
//! inputs first, with the thread reserved). A task occupies its thread for
//! `overhead + duration × time_scale`. Simultaneous events are handled in
//! the order they were scheduled, so a run is deterministic.

use super::network::Network;
use super::policy::{self, Policy, View};
use super::SimOptions;
use crate::graph::{Graph, TaskId};
use crate::trace::{Trace, TraceEvent};
use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeSet, BinaryHeap};

const NOWHERE: u32 = u32::MAX;

/// A queued task: priority first, then the order it became ready.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Queued {
    priority: f64,
    seq: u64,
    task: TaskId,
}

impl Eq for Queued {}
impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        self.priority
            .total_cmp(&other.priority)
            .then(other.seq.cmp(&self.seq))
    }
}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Event {
    Finished {
        task: TaskId,
        worker: u32,
        slot: u32,
    },
    Arrived {
        task: TaskId,
        worker: u32,
    },
}

/// An event at a time; earlier first, then in scheduling order.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Timed {
    at_us: f64,
    seq: u64,
    event: Event,
}

impl Eq for Timed {}
impl Ord for Timed {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .at_us
            .total_cmp(&self.at_us)
            .then(other.seq.cmp(&self.seq))
    }
}
impl PartialOrd for Timed {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

struct Worker {
    free_slots: Vec<u32>,
    queue: BinaryHeap<Queued>,
    busy_us: f64,
}

/// The outcome of the loop, before the report adds bounds.
pub(super) struct Outcome {
    pub trace: Trace,
    pub busy_us: Vec<f64>,
    pub transfers: u64,
    pub transferred_bytes: u64,
}

/// What the policy sees, borrowing only the fields it needs (so the policy
/// itself can be borrowed mutably at the same time).
macro_rules! view {
    ($sim:expr) => {
        View {
            graph: $sim.graph,
            bottom_level: &$sim.bottom_level,
            home: &$sim.home,
            load_us: &$sim.load_us,
            threads_per_worker: $sim.threads_per_worker,
            network: &$sim.network,
        }
    };
}

/// The whole simulation state.
struct Sim<'g> {
    graph: &'g Graph,
    dependents: crate::graph::Dependents,
    bottom_level: Vec<f64>,
    policy: Box<dyn Policy>,
    network: Network,
    workers: Vec<Worker>,
    idle: BTreeSet<u32>,
    global: BinaryHeap<Queued>,
    pending: Vec<u32>,
    home: Vec<u32>,
    finished_at: Vec<f64>,
    load_us: Vec<f64>,
    events: BinaryHeap<Timed>,
    seq: u64,
    now: f64,
    overhead_us: f64,
    scale_us: f64,
    threads_per_worker: u32,
    trace: Vec<TraceEvent>,
}

/// Runs the simulation of `graph` under `options` (already validated).
pub(super) fn run(graph: &Graph, options: &SimOptions) -> Outcome {
    let p = options.workers as usize;
    let t = options.threads_per_worker;
    let mut sim = Sim {
        graph,
        dependents: graph.dependents(),
        bottom_level: graph.bottom_levels_ms(),
        policy: policy::make(options.policy, options.seed),
        network: Network::new(p, options.bandwidth_mb_s, options.latency_us),
        workers: (0..p)
            .map(|_| Worker {
                free_slots: (0..t).rev().collect(),
                queue: BinaryHeap::new(),
                busy_us: 0.0,
            })
            .collect(),
        idle: (0..p as u32).collect(),
        global: BinaryHeap::new(),
        pending: graph.ids().map(|id| graph.deps(id).len() as u32).collect(),
        home: vec![NOWHERE; graph.len()],
        finished_at: vec![0.0; graph.len()],
        load_us: vec![0.0; p],
        events: BinaryHeap::new(),
        seq: 0,
        now: 0.0,
        overhead_us: options.overhead_us,
        scale_us: options.time_scale * 1e3,
        threads_per_worker: t,
        trace: Vec::with_capacity(graph.len()),
    };
    for id in graph.ids().filter(|id| graph.deps(*id).is_empty()) {
        sim.make_ready(id);
    }
    sim.dispatch_idle();
    if sim.policy.steals() {
        sim.dispatch_idle();
    }
    while let Some(Timed { at_us, event, .. }) = sim.events.pop() {
        sim.now = at_us;
        match event {
            Event::Finished { task, worker, slot } => sim.finished(task, worker, slot),
            Event::Arrived { task, worker } => {
                let q = sim.queued(task);
                sim.workers[worker as usize].queue.push(q);
                sim.dispatch(worker);
                sim.offer_to_thieves(worker);
            }
        }
    }
    Outcome {
        busy_us: sim.workers.iter().map(|w| w.busy_us).collect(),
        transfers: sim.network.transfers,
        transferred_bytes: sim.network.bytes,
        trace: Trace {
            threads: options.workers * t,
            events: sim.trace,
        },
    }
}

impl Sim<'_> {
    fn cost_us(&self, task: TaskId) -> f64 {
        self.overhead_us + self.graph.duration_ms(task) * self.scale_us
    }

    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    fn queued(&mut self, task: TaskId) -> Queued {
        let seq = self.next_seq();
        Queued {
            priority: self.policy.priority(&view!(self), task, seq),
            seq,
            task,
        }
    }

    fn schedule(&mut self, at_us: f64, event: Event) {
        let seq = self.next_seq();
        self.events.push(Timed { at_us, seq, event });
    }

    /// When all of `task`'s inputs can be on `worker`, fetching what is missing.
    fn fetch_inputs(&mut self, task: TaskId, worker: u32) -> f64 {
        let mut ready = self.now;
        if self.network.is_free() {
            return ready;
        }
        for &d in self.graph.deps(task) {
            let at = self.network.fetch(
                d.0,
                self.home[d.index()],
                self.finished_at[d.index()],
                self.graph.bytes(d),
                worker,
                self.now,
            );
            ready = ready.max(at);
        }
        ready
    }

    /// A task's dependencies are all done: the policy places it. Returns the
    /// worker whose queue it joined right away, if any.
    fn make_ready(&mut self, task: TaskId) -> Option<u32> {
        match self.policy.place(&view!(self), task) {
            None => {
                let q = self.queued(task);
                self.global.push(q);
                None
            }
            Some(worker) => {
                self.load_us[worker as usize] += self.cost_us(task);
                let arrive = self.fetch_inputs(task, worker);
                if arrive > self.now {
                    self.schedule(arrive, Event::Arrived { task, worker });
                    None
                } else {
                    let q = self.queued(task);
                    self.workers[worker as usize].queue.push(q);
                    Some(worker)
                }
            }
        }
    }

    /// Starts `task` on a free slot of `worker` once its inputs are there.
    fn start(&mut self, task: TaskId, worker: u32, inputs_at: f64) {
        let w = &mut self.workers[worker as usize];
        let Some(slot) = w.free_slots.pop() else {
            return;
        };
        if w.free_slots.is_empty() {
            self.idle.remove(&worker);
        }
        let start = inputs_at.max(self.now);
        let end = start + self.cost_us(task);
        self.workers[worker as usize].busy_us += end - start;
        self.trace.push(TraceEvent {
            task,
            thread: worker * self.threads_per_worker + slot,
            start_us: start,
            end_us: end,
        });
        self.schedule(end, Event::Finished { task, worker, slot });
    }

    /// Fills `worker`'s free slots: its own queue, then the global queue,
    /// then (if the policy steals) the busiest worker's queue.
    fn dispatch(&mut self, worker: u32) {
        while !self.workers[worker as usize].free_slots.is_empty() {
            if let Some(q) = self.workers[worker as usize].queue.pop() {
                self.start(q.task, worker, self.now);
            } else if let Some(q) = self.global.pop() {
                self.load_us[worker as usize] += self.cost_us(q.task);
                let at = self.fetch_inputs(q.task, worker);
                self.start(q.task, worker, at);
            } else if let Some(task) = self.steal_for(worker) {
                let at = self.fetch_inputs(task, worker);
                self.start(task, worker, at);
            } else {
                return;
            }
        }
    }

    /// A queued task from the worker with the longest queue, moved to `thief`.
    fn steal_for(&mut self, thief: u32) -> Option<TaskId> {
        if !self.policy.steals() {
            return None;
        }
        let victim = (0..self.workers.len())
            .filter(|v| *v != thief as usize)
            .max_by_key(|v| (self.workers[*v].queue.len(), Reverse(*v)))?;
        let q = self.workers[victim].queue.pop()?;
        let cost = self.cost_us(q.task);
        self.load_us[victim] -= cost;
        self.load_us[thief as usize] += cost;
        Some(q.task)
    }

    /// After work was queued on a busy `worker`, idle workers may steal it.
    fn offer_to_thieves(&mut self, worker: u32) {
        if self.policy.steals() && !self.workers[worker as usize].queue.is_empty() {
            if let Some(&thief) = self.idle.iter().find(|w| **w != worker) {
                self.dispatch(thief);
            }
        }
    }

    /// Lets every worker with a free slot take work.
    fn dispatch_idle(&mut self) {
        let idle: Vec<u32> = self.idle.iter().copied().collect();
        for w in idle {
            self.dispatch(w);
        }
    }

    fn finished(&mut self, task: TaskId, worker: u32, slot: u32) {
        self.workers[worker as usize].free_slots.push(slot);
        self.idle.insert(worker);
        self.load_us[worker as usize] -= self.cost_us(task);
        self.home[task.index()] = worker;
        self.finished_at[task.index()] = self.now;
        let mut touched = vec![worker];
        for i in 0..self.dependents.of(task).len() {
            let next = self.dependents.of(task)[i];
            self.pending[next.index()] -= 1;
            if self.pending[next.index()] == 0 {
                touched.extend(self.make_ready(next));
            }
        }
        touched.sort_unstable();
        touched.dedup();
        for &w in &touched {
            self.dispatch(w);
        }
        if !self.global.is_empty() {
            self.dispatch_idle();
        }
        for w in touched {
            self.offer_to_thieves(w);
        }
    }
}
