"""Running a graph in ESTEE: the schedulers compared with dagsim's, the
cluster and network of ESTEE's paper benchmark, and the shims that let its
2019 code import under today's Python and numpy (it uses
`collections.Iterable` and `np.float`, both since removed). Nothing of
ESTEE's is changed or copied: the checkout is imported as it is, and the
`-gt` queue schedulers and `single` are subclassed here where ESTEE draws
ties at random or computes levels unlike its paper (`_deterministic`,
`_paper_levels`, `_Single`).
"""
import collections
import collections.abc
import random
import time

import numpy

if not hasattr(collections, "Iterable"):
    collections.Iterable = collections.abc.Iterable
if not hasattr(numpy, "float"):
    numpy.float = float

from estee.schedulers import basic, clustering, others, queue, utils, ws  # noqa: E402
from estee.simulator import MaxMinFlowNetModel, SimpleNetModel, Simulator, Worker  # noqa: E402


def _deterministic(cls, name, largest_first):
    """ESTEE's `-gt` queue scheduler `cls` with its ties broken in a fixed
    order instead of at random, and its levels as the paper defines them
    (`_paper_levels`). The queue: by level (largest first if
    `largest_first`), then in the order tasks became ready (the update that
    made them ready), then by task id — dagsim's order of its global queue
    (priority, then the order tasks were queued). The worker: the one of
    least transfer cost (ESTEE's cost: the input bytes not on it, a tenth
    for those on their way), the lowest id among equals, as dagsim's."""

    class Deterministic(cls):
        def __init__(self):
            super().__init__()
            self.levels = {}
            self.ready_round = {}  # task → the number of the update that made it ready
            self.updates = 0

        def schedule(self, update):
            self.updates += 1
            for task in update.new_ready_tasks:
                self.ready_round[task] = self.updates
            if self.queue:
                self.queue = self.ordered(self.queue)
            return super().schedule(update)

        def ordered(self, tasks):
            sign = -1 if largest_first else 1
            last = float("inf")
            return sorted(tasks, key=lambda t: (sign * self.levels[t],
                                                self.ready_round.get(t, last), t.id))

        def make_queue(self):
            self.levels = _paper_levels(self.task_graph, largest_first)
            return self.ordered(self.task_graph.tasks.values())

        def choose_worker(self, workers, task):
            workers = sorted(workers, key=lambda w: w.worker_id)
            costs = []
            for w in workers:
                cost = 0
                for inp in task.inputs:
                    if w in inp.availability or w in inp.placing:
                        continue
                    cost += 0.10 * inp.size if w in inp.scheduled else inp.size
                costs.append(cost)
            return workers[costs.index(min(costs))]

    Deterministic.__name__ = name
    return Deterministic


def _paper_levels(task_graph, bottom):
    """Every task's b-level (`bottom`: its duration plus the largest b-level
    of the tasks reading its outputs) or t-level (the largest t-level plus
    duration of the tasks it reads), over distinct producer and consumer
    tasks, as the paper defines them. ESTEE's own `utils.compute_b_level`
    and `compute_t_level` count a task's links per data object but step
    once per distinct task (`graph_dist_crawl`), so a task that reads
    several outputs of one producer never completes its count: its levels
    never reach the tasks before (b-level) or after (t-level) it."""
    tasks = sorted(task_graph.tasks.values(), key=lambda t: t.id)
    pending = {t: len(t.pretasks) for t in tasks}
    order = [t for t in tasks if not pending[t]]
    for task in order:  # grows while it is walked: a topological order
        for consumer in sorted(task.consumers(), key=lambda t: t.id):
            pending[consumer] -= 1
            if not pending[consumer]:
                order.append(consumer)
    duration = utils.get_duration_estimate
    level = {}
    if bottom:
        for task in reversed(order):
            level[task] = max((level[c] for c in task.consumers()), default=0.0) + duration(task)
    else:
        for task in order:
            level[task] = max((level[p] + duration(p) for p in task.pretasks), default=0.0)
    return level


class _Single(basic.AllOnOneScheduler):
    """ESTEE's `single`: every task on the worker with the most CPUs, its
    priority the task's b-level — with b-levels as the paper defines them
    (`_paper_levels`), and the tasks that become ready together assigned in
    task id order (ESTEE's come from a set, so ties among equal b-levels
    fall in an order that changes from run to run)."""

    def schedule(self, update):
        if update.cluster_changed:
            self.worker = utils.max_cpus_worker(self.workers.values())
        if update.graph_changed:
            self.b_level = _paper_levels(self.task_graph, True)
        for task in sorted(update.new_ready_tasks, key=lambda t: t.id):
            self.assign(self.worker, task, self.b_level[task])


# ESTEE scheduler → (its factory, dagsim's policy, how they relate).
SCHEDULERS = {
    "blevel-gt": (_deterministic(queue.BlevelGtScheduler, "BlevelGt", True), "b-level-gt",
                  "ties broken as dagsim does instead of at random; b-levels as the paper defines them"),
    "tlevel-gt": (_deterministic(queue.TlevelGtScheduler, "TlevelGt", False), "t-level-gt",
                  "ties broken as dagsim does instead of at random; t-levels as the paper defines them"),
    "mcp": (others.MCPScheduler, "mcp", "as ESTEE runs it (see the README)"),
    "etf": (others.ETFScheduler, "etf", "as ESTEE runs it (see the README)"),
    "dls": (others.DLSScheduler, "dls", "as ESTEE runs it (see the README)"),
    "single": (_Single, "single", "b-levels as the paper defines them, ties in task id order"),
    "lc": (clustering.LcScheduler, "lc", "as ESTEE runs it"),
    "ws": (ws.WorkStealingScheduler, "work-stealing-eager",
           "ESTEE draws among tied workers at random (seeded)"),
}

NETMODELS = {"simple": SimpleNetModel, "maxmin": MaxMinFlowNetModel}

# ESTEE's paper benchmark (benchmarks/benchmark.py): under "simple" a worker
# downloads without limit, under "maxmin" at most 4 at once, 2 from one sender.
UNLIMITED = 2 ** 32
DOWNLOADS = {"simple": (UNLIMITED, UNLIMITED), "maxmin": (4, 2)}


def simulate(graph, scheduler, netmodel, workers, cpus, bandwidth, seed):
    """ESTEE's makespan (s) of `graph` and the wall time of the simulation (s)."""
    numpy.random.seed(seed)
    random.seed(seed)
    max_downloads, per_worker = DOWNLOADS[netmodel]
    cluster = [Worker(cpus=cpus, max_downloads=max_downloads,
                      max_downloads_per_worker=per_worker) for _ in range(workers)]
    factory = SCHEDULERS[scheduler][0]
    start = time.perf_counter()
    simulator = Simulator(graph, cluster, factory(), NETMODELS[netmodel](bandwidth))
    makespan = simulator.run()
    return makespan, time.perf_counter() - start
