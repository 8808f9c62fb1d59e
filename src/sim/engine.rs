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
//! threads of its worker are free. A worker whose best queued task does
//! not fit yet starts the best of its queue that does (as ESTEE's workers
//! do); the global queue's next task waits for a worker with the threads
//! rather than letting a later one pass. When a task finishes, its worker
//! first starts what its own queue holds, then the policy places the tasks
//! the finish made ready — a worker does not wait for its scheduler (ESTEE's
//! order, too). The trace has one event per thread a task occupies. A task fetches only the
//! outputs it reads of its inputs ([`Graph::inputs`]). Two clocks drive the loop: the event
//! heap (finished tasks, arrived inputs) and the network's next transfer
//! completion (`maxmin` only); the earlier goes first, the network on ties.
//! Simultaneous events are handled in the order they were scheduled, so a
//! run is deterministic.
//!
//! Cost: O((tasks + edges) · log) with no allocation per event; see `tasks`
//! and `cluster` for the data layout that keeps large graphs fast.
//!
//! The policy sees the graph as it believes it (`estimate`: estimated
//! durations and sizes unless the information mode is exact) while tasks
//! run for their real durations. With a minimal scheduling interval
//! (`decisions`) the policy's choices wait for decision points.
//!
//! Resumable: [`Sim::step`] handles a bounded number of events and task
//! placements and returns, so a caller that must stay responsive runs one
//! simulation in slices; the schedule does not depend on the slicing.

use super::cluster::{IdleSet, Ranking, Worker};
use super::decisions::Decisions;
use super::network::{Arrival, Network};
use super::policy::{Policy, View};
use super::queue::{Queued, ReadyQueue};
use super::tasks::{thread_time_us, Tasks};
use super::waiting::{Wait, Waiting};
use super::SimOptions;
use crate::graph::{Graph, TaskId};
use crate::trace::{Trace, TraceEvent};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::ops::Deref;

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
    /// A decision point (only with a minimal scheduling interval).
    Decide,
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
            graph: match &$sim.believed {
                Some(believed) => believed,
                None => &$sim.graph,
            },
            tasks: &$sim.tasks,
            loads: &mut $sim.loads,
            threads_per_worker: $sim.threads_per_worker,
            network: &$sim.network,
            idle: &$sim.idle,
            now_us: $sim.now,
            workers: &$sim.workers,
        }
    };
}

/// What follows once the tasks that became ready together are placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Then {
    /// The start: every idle worker takes work.
    Start,
    /// A task finished: the workers in `touched` take work.
    Finished,
    /// A decision point: every worker with a free thread takes work.
    Decide,
}

/// The whole simulation state, over a graph `G` (a `&Graph`, or a handle
/// that shares one, so a simulation in progress can be kept between calls).
pub(super) struct Sim<G> {
    graph: G,
    /// The graph as the policy believes it (`None`: `graph` itself, exact).
    believed: Option<Graph>,
    /// `tasks` holds the costs the policy believes; these are the real
    /// ones, µs (`None`: the same).
    actual_us: Option<Vec<f64>>,
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
    /// Tasks that became ready together and are not placed yet.
    batch: Vec<TaskId>,
    /// Whether a batch is being placed (and what follows), and whether no
    /// task of it has been placed yet.
    placing: Option<Then>,
    fresh: bool,
    /// Tasks placed so far.
    placed: usize,
    /// Tasks started so far (a task of k threads is k trace events).
    started: usize,
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
    /// Decision points, with a minimal scheduling interval.
    decisions: Decisions,
    /// Whether the policy may decide now (always, without an interval):
    /// place tasks, hand out the global queue, let workers steal.
    deciding: bool,
    /// Whether some task needs several threads; if so, the threads other
    /// than the first that each running (or fetching) one of them holds.
    wide: bool,
    held: HashMap<TaskId, Vec<u32>>,
}

/// The makespan of `graph` under `options` with `policy` instead of the one
/// the options name, µs (for policies that search over schedules: `graph`
/// is the one they believe, simulated as if it were real).
pub(super) fn makespan_us(graph: &Graph, options: &SimOptions, policy: Box<dyn Policy>) -> f64 {
    let tasks = Tasks::new(graph, options.overhead_us, options.time_scale);
    run_with(graph, options, tasks, policy).trace.makespan_us()
}

/// Runs the simulation with `policy`, `tasks` being `graph`'s initial state.
fn run_with(graph: &Graph, options: &SimOptions, tasks: Tasks, policy: Box<dyn Policy>) -> Outcome {
    let mut sim = Sim::new(graph, None, options, tasks, policy);
    while !sim.step(usize::MAX) {}
    sim.finish()
}

impl<G: Deref<Target = Graph>> Sim<G> {
    /// The simulation of `graph` under `options` (already validated) with
    /// `policy`, which believes `believed` (`None`: `graph`), `tasks` being
    /// the believed graph's initial state; nothing is handled until
    /// [`Sim::step`].
    pub(super) fn new(
        graph: G,
        believed: Option<Graph>,
        options: &SimOptions,
        tasks: Tasks,
        policy: Box<dyn Policy>,
    ) -> Self {
        let p = options.workers;
        let t = options.threads_per_worker;
        let mut policy = policy;
        let roots: Vec<TaskId> = graph
            .ids()
            .filter(|id| graph.deps(*id).is_empty())
            .collect();
        let actual_us = believed.is_some().then(|| {
            graph
                .ids()
                .map(|id| thread_time_us(&graph, id, options.overhead_us, options.time_scale))
                .collect()
        });
        Sim {
            believed,
            actual_us,
            tasks,
            steals: policy.stealing().is_some(),
            orders_batches: policy.orders_batches(),
            picks: policy.picks(),
            batch: roots,
            placing: Some(Then::Start),
            fresh: true,
            placed: 0,
            started: 0,
            policy,
            network: Network::new(
                graph.output_count(),
                p as usize,
                options.bandwidth_mb_s,
                options.latency_us,
                options.network,
                (
                    options.downloads,
                    options.downloads_per_sender.unwrap_or(u32::MAX),
                ),
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
            decisions: Decisions::new(options.scheduling_interval_us),
            deciding: true,
            wide: graph.most_threads().is_some(),
            held: HashMap::new(),
            graph,
        }
    }

    /// Handles up to `work` events and task placements (at least one);
    /// true once the simulation is over.
    pub(super) fn step(&mut self, work: usize) -> bool {
        let mut left = work.max(1);
        loop {
            if let Some(then) = self.placing {
                if !self.place_batch(&mut left) {
                    return false;
                }
                self.placing = None;
                self.after_batch(then);
            }
            if left == 0 {
                return false;
            }
            left -= 1;
            let transfer = self.network.next_completion();
            let event = self.events.peek().map(|e| e.at_us);
            if let Some(at_us) = transfer.filter(|t| event.is_none_or(|e| *t <= e)) {
                self.now = at_us;
                self.transfer_done();
                continue;
            }
            let Some(Timed { at_us, event, .. }) = self.events.pop() else {
                return true;
            };
            self.now = at_us;
            match event {
                Event::Finished { task, worker, slot } => self.finished(task, worker, slot),
                Event::Arrived { task, worker } => {
                    self.enqueue(task, worker);
                    self.dispatch(worker);
                    self.offer_to_thieves(worker);
                    self.request_decision();
                }
                Event::Decide => self.decide(),
            }
        }
    }

    /// How far the simulation is, 0 to 1: tasks placed and started so far.
    pub(super) fn progress(&self) -> f64 {
        (self.placed + self.started) as f64 / (2 * self.graph.len()).max(1) as f64
    }

    /// The outcome of the events handled so far (the whole simulation once
    /// [`Sim::step`] said it is over).
    pub(super) fn finish(mut self) -> Outcome {
        Outcome {
            busy_us: self.workers.iter().map(|w| w.busy_us).collect(),
            transfers: self.network.transfers,
            transferred_bytes: self.network.bytes,
            transfer_log: std::mem::take(&mut self.network.log),
            trace: Trace {
                threads: self.workers.len() as u32 * self.threads_per_worker,
                events: self.trace,
            },
        }
    }

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

    /// Places tasks of the batch (which became ready together) in the
    /// policy's order, one per unit of `left`, adding to `touched` the
    /// workers whose queues they joined; true once the batch is empty.
    fn place_batch(&mut self, left: &mut usize) -> bool {
        if self.fresh && !self.orders_batches {
            self.batch.reverse(); // placed from the end: in the order they became ready
            self.fresh = false;
        }
        while !self.batch.is_empty() {
            if *left == 0 {
                return false;
            }
            *left -= 1;
            let task = if self.orders_batches {
                let i = self
                    .policy
                    .next_ready(&mut view!(self), &mut self.batch, self.fresh);
                self.batch.swap_remove(i)
            } else {
                self.batch.pop().expect("the batch is not empty")
            };
            self.fresh = false;
            self.placed += 1;
            if let Some(worker) = self.make_ready(task) {
                self.touched.push(worker);
            }
        }
        self.fresh = true;
        true
    }

    /// What follows a placed batch: at the start, every idle worker takes
    /// work; after a task finished, the workers whose queues it fed, the
    /// global queue and the thieves.
    fn after_batch(&mut self, then: Then) {
        if then != Then::Finished {
            // One pass suffices: queues only shrink during it, so a worker left
            // idle found nothing to take, and nothing appears for it later in the pass.
            self.dispatch_idle();
            if self.picks {
                self.assign_global();
            }
            // Between decision points (with an interval), the policy waits.
            self.deciding = !self.decisions.gated();
            return;
        }
        let mut touched = std::mem::take(&mut self.touched);
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
        let threads = if self.wide {
            self.graph.threads(task)
        } else {
            1
        };
        self.workers[worker as usize].queue.push(q, threads);
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
        let end = start
            + match &self.actual_us {
                Some(actual) => actual[task.index()],
                None => self.cost_us(task),
            };
        let first = worker * self.threads_per_worker;
        let mut event = TraceEvent {
            task,
            thread: first + slot,
            start_us: start,
            end_us: end,
        };
        self.trace.push(event);
        self.started += 1;
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

    /// Starts tasks of `worker`'s own queue (inputs there) on its free
    /// threads while one fits.
    fn run_queued(&mut self, worker: u32) {
        while let Some(task) = self.dequeue_fitting(worker) {
            let slot = self.take_threads(task, worker);
            self.run_on(task, worker, slot, self.now);
        }
    }

    /// The highest-priority task of `worker`'s own queue that fits in its
    /// free threads, taken off the queue (a task that does not fit lets
    /// later ones that do start, as ESTEE's workers do).
    fn dequeue_fitting(&mut self, worker: u32) -> Option<TaskId> {
        let free = self.workers[worker as usize].free_slots.len() as u32;
        let q = self.workers[worker as usize].queue.pop_fitting(free)?;
        self.queue_changed(worker);
        Some(q.task)
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
    /// whether its inputs still need fetching: the best of its own queue
    /// (inputs there) that fits, else — its queue empty — the global queue
    /// or a victim the policy names, each only when its next task fits.
    fn next_for(&mut self, worker: u32, free: u32) -> Option<(TaskId, bool)> {
        if !self.workers[worker as usize].queue.is_empty() {
            return self.dequeue_fitting(worker).map(|task| (task, false));
        }
        if !self.deciding {
            return None;
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
        if !self.steals || !self.deciding {
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

    /// `task` finished on `slot` of `worker`: the worker starts what its
    /// own queue holds on the freed threads, as a worker does before its
    /// scheduler hears of the finish; then the dependents it makes ready
    /// are placed (see [`Sim::after_batch`]).
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
        self.run_queued(worker);
        self.touched.clear();
        self.touched.push(worker);
        for i in 0..self.tasks.dependent_count(task) {
            let next = self.tasks.dependent(task, i);
            let state = self.tasks.get_mut(next);
            state.pending -= 1;
            if state.pending == 0 {
                self.batch.push(next);
            }
        }
        if !self.deciding {
            self.decisions.defer(&mut self.batch);
            self.dispatch(worker);
            self.request_decision();
            return;
        }
        self.placing = Some(Then::Finished);
    }

    /// Between decision points, something happened: the next decision
    /// point is scheduled unless it already is.
    fn request_decision(&mut self) {
        if self.deciding {
            return;
        }
        if let Some(at_us) = self.decisions.request(self.now) {
            self.schedule(at_us, Event::Decide);
        }
    }

    /// A decision point: the policy places the tasks that became ready
    /// since the last one (over the next steps), then every worker with a
    /// free thread takes work (its queue, the global queue, stealing).
    fn decide(&mut self) {
        self.deciding = true;
        self.decisions.begin(self.now, &mut self.batch);
        self.placing = Some(Then::Decide);
    }
}
