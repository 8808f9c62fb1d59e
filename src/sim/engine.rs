//! The discrete-event loop: time, events, and moving tasks between the
//! queues, the threads and the trace. It knows nothing of policies beyond the
//! `Policy` trait.
//!
//! A task becomes ready when its last dependency finishes; the policy either
//! queues it on a worker — its inputs are fetched to that worker right away
//! and it becomes runnable there once they arrive — or leaves it in the
//! global queue, from which the next free thread pulls it (fetching its
//! inputs first, with the thread reserved). A worker whose queue and the
//! global queue are empty asks the policy for a victim to steal from
//! ([`Policy::steal`]). A task occupies its threads — one, or the `k` of
//! one worker it needs ([`Graph::threads`]) — for
//! `overhead + duration × time_scale`; it starts only when that many
//! threads of its worker are free, and a worker whose next task does not
//! fit yet waits for its threads rather than running a later one. The
//! trace has one event per thread a task occupies. A task fetches only the
//! outputs it reads of its inputs ([`Graph::inputs`]). Two clocks drive the loop: the event
//! heap (finished tasks, arrived inputs) and the network's next transfer
//! completion (`maxmin` only); the earlier goes first, the network on ties.
//! Simultaneous events are handled in the order they were scheduled, so a
//! run is deterministic.
//!
//! Cost: O((tasks + edges) · log) with no allocation per event; see `tasks`
//! and `cluster` for the data layout that keeps large graphs fast.

use super::cluster::{IdleSet, Ranking, Worker};
use super::network::{Arrival, Network};
use super::policy::{self, Policy, View};
use super::queue::{Queued, ReadyQueue};
use super::tasks::Tasks;
use super::waiting::{Wait, Waiting};
use super::SimOptions;
use crate::graph::{Graph, TaskId};
use crate::trace::{Trace, TraceEvent};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

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

/// The outcome of the loop, before the report adds bounds.
pub(super) struct Outcome {
    pub trace: Trace,
    pub busy_us: Vec<f64>,
    pub transfers: u64,
    pub transferred_bytes: u64,
    pub transfer_log: Vec<super::network::Transfer>,
}

/// What the policy sees, borrowing only the fields it needs (so the policy
/// itself can be borrowed mutably at the same time).
macro_rules! view {
    ($sim:expr) => {
        View {
            graph: $sim.graph,
            tasks: &$sim.tasks,
            loads: &mut $sim.loads,
            threads_per_worker: $sim.threads_per_worker,
            network: &$sim.network,
            idle: &$sim.idle,
            workers: &$sim.workers,
        }
    };
}

/// The whole simulation state.
struct Sim<'g> {
    graph: &'g Graph,
    tasks: Tasks,
    policy: Box<dyn Policy>,
    network: Network,
    workers: Vec<Worker>,
    idle: IdleSet,
    /// Work queued or running per worker, µs.
    loads: Ranking,
    /// Whether the policy steals (and hears of queue lengths), orders the
    /// tasks that become ready together, and picks workers for the global queue.
    steals: bool,
    orders_batches: bool,
    picks: bool,
    /// Tasks that just became ready together (kept to reuse its buffer).
    batch: Vec<TaskId>,
    /// Tasks waiting for inputs in flight, and a buffer of those that stopped waiting.
    waiting: Waiting,
    arrived: Vec<(TaskId, Wait)>,
    global: ReadyQueue,
    events: BinaryHeap<Timed>,
    /// Order of scheduled events.
    seq: u64,
    /// Order in which tasks were queued.
    ready_seq: u32,
    now: f64,
    threads_per_worker: u32,
    trace: Vec<TraceEvent>,
    /// Workers whose queues a finished task fed (kept to reuse its buffer).
    touched: Vec<u32>,
    /// Whether some task needs several threads; if so, the threads other
    /// than the first that each running (or fetching) one of them holds.
    wide: bool,
    held: HashMap<TaskId, Vec<u32>>,
}

/// Runs the simulation of `graph` under `options` (already validated).
pub(super) fn run(graph: &Graph, options: &SimOptions) -> Outcome {
    let tasks = Tasks::new(graph, options.overhead_us, options.time_scale);
    let policy = policy::make(graph, &tasks, options);
    run_with(graph, options, tasks, policy)
}

/// The makespan of `graph` under `options` with `policy` instead of the one
/// the options name, µs (for policies that search over schedules).
pub(super) fn makespan_us(graph: &Graph, options: &SimOptions, policy: Box<dyn Policy>) -> f64 {
    let tasks = Tasks::new(graph, options.overhead_us, options.time_scale);
    run_with(graph, options, tasks, policy).trace.makespan_us()
}

/// Runs the simulation with `policy`, `tasks` being `graph`'s initial state.
fn run_with(graph: &Graph, options: &SimOptions, tasks: Tasks, policy: Box<dyn Policy>) -> Outcome {
    let p = options.workers;
    let t = options.threads_per_worker;
    let mut policy = policy;
    let mut sim = Sim {
        graph,
        tasks,
        steals: policy.stealing().is_some(),
        orders_batches: policy.orders_batches(),
        picks: policy.picks(),
        batch: Vec::new(),
        policy,
        network: Network::new(
            graph.output_count(),
            p as usize,
            options.bandwidth_mb_s,
            options.latency_us,
            options.network,
            options.downloads,
        ),
        waiting: Waiting::default(),
        arrived: Vec::new(),
        workers: (0..p).map(|_| Worker::new(t)).collect(),
        idle: IdleSet::all(p),
        loads: Ranking::new(p),
        global: ReadyQueue::new(),
        events: BinaryHeap::new(),
        seq: 0,
        ready_seq: 0,
        now: 0.0,
        threads_per_worker: t,
        trace: Vec::with_capacity(graph.len()),
        touched: Vec::new(),
        wide: graph.most_threads().is_some(),
        held: HashMap::new(),
    };
    let mut roots: Vec<TaskId> = graph
        .ids()
        .filter(|id| graph.deps(*id).is_empty())
        .collect();
    sim.place_batch(&mut roots, &mut Vec::new());
    // One pass suffices: queues only shrink during it, so a worker left idle
    // found nothing to take, and nothing appears for it later in the pass.
    sim.dispatch_idle();
    if sim.picks {
        sim.assign_global();
    }
    loop {
        let transfer = sim.network.next_completion();
        let event = sim.events.peek().map(|e| e.at_us);
        if let Some(at_us) = transfer.filter(|t| event.is_none_or(|e| *t <= e)) {
            sim.now = at_us;
            sim.transfer_done();
            continue;
        }
        let Some(Timed { at_us, event, .. }) = sim.events.pop() else {
            break;
        };
        sim.now = at_us;
        match event {
            Event::Finished { task, worker, slot } => sim.finished(task, worker, slot),
            Event::Arrived { task, worker } => {
                sim.enqueue(task, worker);
                sim.dispatch(worker);
                sim.offer_to_thieves(worker);
            }
        }
    }
    Outcome {
        busy_us: sim.workers.iter().map(|w| w.busy_us).collect(),
        transfers: sim.network.transfers,
        transferred_bytes: sim.network.bytes,
        transfer_log: std::mem::take(&mut sim.network.log),
        trace: Trace {
            threads: p * t,
            events: sim.trace,
        },
    }
}

impl Sim<'_> {
    fn cost_us(&self, task: TaskId) -> f64 {
        self.tasks.get(task).cost_us
    }

    fn queued(&mut self, task: TaskId) -> Queued {
        self.ready_seq += 1;
        Queued {
            priority: self.policy.priority(&view!(self), task, self.ready_seq),
            seq: self.ready_seq,
            task,
        }
    }

    fn schedule(&mut self, at_us: f64, event: Event) {
        self.seq += 1;
        self.events.push(Timed {
            at_us,
            seq: self.seq,
            event,
        });
    }

    /// Fetches what `task` lacks of its inputs to `worker`: when the inputs
    /// with a known arrival are there, and how many are still in flight
    /// (each recorded as awaited by `task`).
    fn fetch_inputs(&mut self, task: TaskId, worker: u32) -> (f64, u32) {
        let (mut ready, mut missing) = (self.now, 0);
        if self.network.is_free() {
            return (ready, missing);
        }
        for input in self.graph.inputs(task) {
            let home = self.tasks.get(input.task).home;
            match self
                .network
                .fetch(input.output, home, input.bytes, worker, self.now)
            {
                Arrival::At(at) => ready = ready.max(at),
                Arrival::Later(transfer) => {
                    self.waiting.needs(task, transfer);
                    missing += 1;
                }
            }
        }
        (ready, missing)
    }

    /// The network completed a transfer: tasks that were waiting only for it
    /// join their worker's queue when it is there, or start on the thread they hold.
    fn transfer_done(&mut self) {
        let Some((transfer, at)) = self.network.complete(self.now) else {
            return;
        };
        let mut arrived = std::mem::take(&mut self.arrived);
        self.waiting.arrived(transfer, at, &mut arrived);
        for (task, wait) in arrived.drain(..) {
            match wait.slot {
                Some(slot) => self.run_on(task, wait.worker, slot, wait.inputs_at),
                None => self.schedule(
                    wait.inputs_at.max(self.now),
                    Event::Arrived {
                        task,
                        worker: wait.worker,
                    },
                ),
            }
        }
        self.arrived = arrived;
    }

    /// A task's dependencies are all done: the policy places it. Returns the
    /// worker whose queue it joined right away, if any.
    fn make_ready(&mut self, task: TaskId) -> Option<u32> {
        match self.policy.place(&mut view!(self), task) {
            None => {
                let q = self.queued(task);
                self.global.push(q);
                None
            }
            Some(worker) => {
                self.loads.add(worker, self.cost_us(task));
                let (arrive, missing) = self.fetch_inputs(task, worker);
                if missing > 0 {
                    let wait = Wait {
                        worker,
                        slot: None,
                        inputs_at: arrive,
                        missing,
                    };
                    self.waiting.insert(task, wait);
                    None
                } else if arrive > self.now {
                    self.schedule(arrive, Event::Arrived { task, worker });
                    None
                } else {
                    self.enqueue(task, worker);
                    Some(worker)
                }
            }
        }
    }

    /// Places the tasks of `batch` (which became ready together) in the
    /// policy's order, adding to `touched` the workers whose queues they joined.
    fn place_batch(&mut self, batch: &mut Vec<TaskId>, touched: &mut Vec<u32>) {
        if !self.orders_batches {
            for &task in batch.iter() {
                touched.extend(self.make_ready(task));
            }
            batch.clear();
            return;
        }
        let mut fresh = true;
        while !batch.is_empty() {
            let i = self.policy.next_ready(&mut view!(self), batch, fresh);
            fresh = false;
            let task = batch.swap_remove(i);
            touched.extend(self.make_ready(task));
        }
    }

    /// Hands tasks of the global queue, highest priority first, to the idle
    /// workers the policy picks, while it picks one.
    fn assign_global(&mut self) {
        while let Some(&q) = self.global.peek() {
            let Some(worker) = self.policy.pick(&mut view!(self), q.task) else {
                return;
            };
            let free = self.workers[worker as usize].free_slots.len() as u32;
            if !self.fits(q.task, free) {
                debug_assert!(
                    false,
                    "the policy picked worker {worker}, which lacks free threads"
                );
                return;
            }
            self.global.pop();
            let slot = self.take_threads(q.task, worker);
            self.loads.add(worker, self.cost_us(q.task));
            self.fetch_and_run(q.task, worker, slot);
        }
    }

    /// Queues `task`, whose inputs are on `worker`, there.
    fn enqueue(&mut self, task: TaskId, worker: u32) {
        let q = self.queued(task);
        self.workers[worker as usize].queue.push(q);
        self.queue_changed(worker);
    }

    /// The next task of `worker`'s queue.
    fn dequeue(&mut self, worker: u32) -> Option<TaskId> {
        let q = self.workers[worker as usize].queue.pop()?;
        self.queue_changed(worker);
        Some(q.task)
    }

    /// Tells a stealing policy `worker`'s new queue length.
    fn queue_changed(&mut self, worker: u32) {
        if self.steals {
            let len = self.workers[worker as usize].queue.len();
            self.policy.queue_changed(worker, len);
        }
    }

    /// Runs `task` on `slot` of `worker` (taken off its free slots) once its
    /// inputs are there.
    fn run_on(&mut self, task: TaskId, worker: u32, slot: u32, inputs_at: f64) {
        let start = inputs_at.max(self.now);
        let end = start + self.cost_us(task);
        let first = worker * self.threads_per_worker;
        let mut event = TraceEvent {
            task,
            thread: first + slot,
            start_us: start,
            end_us: end,
        };
        self.trace.push(event);
        let mut threads = 1.0;
        if self.wide {
            for &other in self.held.get(&task).map_or(&[][..], |s| &s[..]) {
                event.thread = first + other;
                self.trace.push(event);
                threads += 1.0;
            }
        }
        self.workers[worker as usize].busy_us += (end - start) * threads;
        self.schedule(end, Event::Finished { task, worker, slot });
    }

    /// Whether `task` fits in `free` threads.
    #[inline]
    fn fits(&self, task: TaskId, free: u32) -> bool {
        !self.wide || self.graph.threads(task) <= free
    }

    /// Takes the threads `task` needs off `worker`'s free ones (there are
    /// enough): returns the first, keeps the others in `held`.
    fn take_threads(&mut self, task: TaskId, worker: u32) -> u32 {
        let k = if self.wide {
            self.graph.threads(task)
        } else {
            1
        } as usize;
        let w = &mut self.workers[worker as usize];
        let slot = w.free_slots.pop().expect("a free thread");
        if k > 1 {
            let rest = w.free_slots.len() - (k - 1);
            self.held.insert(task, w.free_slots.split_off(rest));
        }
        if w.free_slots.is_empty() {
            self.idle.remove(worker);
        }
        slot
    }

    /// Fills `worker`'s free slots: its own queue, then the global queue,
    /// then what the policy lets it steal. A slot is taken only together
    /// with a task, so every task started has a slot.
    fn dispatch(&mut self, worker: u32) {
        loop {
            let free = self.workers[worker as usize].free_slots.len() as u32;
            if free == 0 {
                return;
            }
            let Some((task, fetch)) = self.next_for(worker, free) else {
                return;
            };
            let slot = self.take_threads(task, worker);
            if fetch {
                self.fetch_and_run(task, worker, slot);
            } else {
                self.run_on(task, worker, slot, self.now);
            }
        }
    }

    /// Fetches `task`'s inputs to `worker` and runs it on `slot` (held
    /// meanwhile) once they are there.
    fn fetch_and_run(&mut self, task: TaskId, worker: u32, slot: u32) {
        let (inputs_at, missing) = self.fetch_inputs(task, worker);
        if missing == 0 {
            self.run_on(task, worker, slot, inputs_at);
        } else {
            let wait = Wait {
                worker,
                slot: Some(slot),
                inputs_at,
                missing,
            };
            self.waiting.insert(task, wait);
        }
    }

    /// The next task for `worker`, which has `free` free threads, and
    /// whether its inputs still need fetching: from its own queue (inputs
    /// there), the global queue, or a victim the policy names — each only
    /// when its next task fits in `free` threads.
    fn next_for(&mut self, worker: u32, free: u32) -> Option<(TaskId, bool)> {
        if let Some(q) = self.workers[worker as usize].queue.peek() {
            if !self.fits(q.task, free) {
                return None;
            }
            return self.dequeue(worker).map(|task| (task, false));
        }
        if !self.picks {
            if let Some(&q) = self.global.peek() {
                if !self.fits(q.task, free) {
                    return None;
                }
                self.global.pop();
                self.loads.add(worker, self.cost_us(q.task));
                return Some((q.task, true));
            }
        }
        if !self.steals {
            return None;
        }
        let victim = self.policy.steal(&mut view!(self), worker)?;
        let next = self.workers[victim as usize].queue.peek()?.task;
        if !self.fits(next, free) {
            return None;
        }
        let task = self.dequeue(victim)?;
        let cost = self.cost_us(task);
        self.loads.add(victim, -cost);
        self.loads.add(worker, cost);
        Some((task, true))
    }

    /// After work was queued on a busy `worker`, idle workers steal (lowest
    /// index first) while any work is left in its queue — like Dask's
    /// stealing, which keeps moving tasks while workers sit idle.
    fn offer_to_thieves(&mut self, worker: u32) {
        if !self.steals {
            return;
        }
        let mut next = self.idle.first_from(0);
        while let Some(thief) = next {
            if self.workers[worker as usize].queue.is_empty() {
                return;
            }
            if thief != worker {
                self.dispatch(thief);
            }
            next = self.idle.first_from(thief + 1);
        }
    }

    /// Lets every worker with a free slot take work, lowest index first.
    /// Dispatching a worker changes only its own idleness, so walking the set
    /// while dispatching visits exactly the workers idle at the start.
    fn dispatch_idle(&mut self) {
        let mut next = self.idle.first_from(0);
        while let Some(w) = next {
            self.dispatch(w);
            next = self.idle.first_from(w + 1);
        }
    }

    fn finished(&mut self, task: TaskId, worker: u32, slot: u32) {
        self.workers[worker as usize].free_slots.push(slot);
        if self.wide {
            if let Some(others) = self.held.remove(&task) {
                self.workers[worker as usize].free_slots.extend(others);
            }
        }
        self.idle.insert(worker);
        self.loads.add(worker, -self.cost_us(task));
        self.tasks.get_mut(task).home = worker;
        let mut touched = std::mem::take(&mut self.touched);
        let mut batch = std::mem::take(&mut self.batch);
        touched.clear();
        touched.push(worker);
        for i in 0..self.tasks.dependent_count(task) {
            let next = self.tasks.dependent(task, i);
            let state = self.tasks.get_mut(next);
            state.pending -= 1;
            if state.pending == 0 {
                batch.push(next);
            }
        }
        self.place_batch(&mut batch, &mut touched);
        self.batch = batch;
        touched.sort_unstable();
        touched.dedup();
        for &w in &touched {
            self.dispatch(w);
        }
        if !self.global.is_empty() {
            if self.picks {
                self.assign_global();
            } else {
                self.dispatch_idle();
            }
        }
        for &w in &touched {
            self.offer_to_thieves(w);
        }
        self.touched = touched;
    }
}
