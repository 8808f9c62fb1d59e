"""Running a graph in ESTEE: the schedulers compared with dagsim's, the
cluster and network of ESTEE's paper benchmark, and the shims that let its
2019 code import under today's Python and numpy (it uses
`collections.Iterable` and `np.float`, both since removed). Nothing of
ESTEE's is changed or copied: the checkout is imported as it is.
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


def _deterministic(cls, name, level, largest_first):
    """ESTEE's `-gt` queue scheduler `cls` with its ties broken in a fixed
    order instead of at random: the queue by `level` (largest first if
    `largest_first`) then task id, the worker of least transfer cost (ESTEE's
    cost: the input bytes not on it, a tenth for those on their way) with the
    lowest id. dagsim breaks ties the same way, up to its own order of ready
    tasks."""

    class Deterministic(cls):
        def make_queue(self):
            levels = level(self.task_graph)
            tasks = sorted(self.task_graph.tasks.values(), key=lambda t: t.id)
            # A stable sort: equal levels stay in task id order.
            tasks.sort(key=lambda t: levels[t], reverse=largest_first)
            return tasks

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


# ESTEE scheduler → (its factory, dagsim's policy, how they relate).
SCHEDULERS = {
    "blevel-gt": (_deterministic(queue.BlevelGtScheduler, "BlevelGt",
                                 utils.compute_b_level_duration, True), "b-level-gt",
                  "ties broken by task id / lowest worker instead of at random"),
    "tlevel-gt": (_deterministic(queue.TlevelGtScheduler, "TlevelGt",
                                 utils.compute_t_level_duration, False), "t-level-gt",
                  "ties broken by task id / lowest worker instead of at random"),
    "mcp": (others.MCPScheduler, "mcp", "as ESTEE runs it (see the README)"),
    "etf": (others.ETFScheduler, "etf", "as ESTEE runs it (see the README)"),
    "dls": (others.DLSScheduler, "dls", "as ESTEE runs it (see the README)"),
    "single": (basic.AllOnOneScheduler, "single", "as ESTEE runs it"),
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
