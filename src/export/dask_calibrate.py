"""Short micro-benchmarks of a running Dask cluster, for dagsim's Dask model.

`calibrate(client)` returns the `calibration` object that
`dask_to_dagsim.measure()` writes into a graph's `measurement` section
(docs/measurement.md describes every field). Each number is measured on the
cluster itself, in about a second:

- scheduler_us_per_task: CPU time of the scheduler's event-loop thread per
  task (`time.thread_time()` on that thread, read with `run_on_scheduler`,
  before and after a batch of no-op tasks; in a LocalCluster the client
  shares that thread, so its per-task work counts too: it is serial there).
- worker_us_per_task: the same on the workers' event-loop threads, per task
  they ran (receiving, starting and reporting a task).
- latency_us: what a chain of dependent no-op tasks takes per link, beyond
  those two CPU costs: the messages between scheduler and worker.
- transfer: between two workers when the cluster has two; the fetch time of
  buffers (`bytes`) of two sizes gives a latency and a bandwidth (`method` says
  "between workers"). On a one-worker cluster, serialising plus
  deserialising the same arrays inside the worker ("within one worker": a
  lower bound on a real transfer).
- pickle_mb_s, dict_mb_s: serialise + deserialise throughput of a list of
  ints and of a dict of str to int through distributed's comm protocol
  (`distributed.protocol.dumps`/`loads`, which serialises them element by
  element), in a worker, in MB of their `dask.sizeof` size (the size the
  graph records) per second: outputs that are lists, tuples or sets (resp.
  dicts) travel at this speed, not the network's.

`GilProbe` measures how much each task holds the GIL while a graph runs (see
its docstring). Needs dask.distributed. The page's dask_to_dagsim.py download
is dask_to_dagsim.py with this file appended (src/export/mod.rs), so that one
file is all a notebook needs.
"""

import pickle
import threading
import time

CALIBRATION_VERSION = 1
_NOOPS = 400
_CHAIN = 100
_SIZES = (1 << 20, 16 << 20)


def _loop_cpu(dask_scheduler=None, dask_worker=None):
    """CPU seconds of the calling thread (the event loop when run by run/run_on_scheduler)."""
    return time.thread_time()


def _ones(nbytes):
    import numpy as np

    return np.ones(nbytes // 8)


def _round_trip(nbytes):
    """(seconds to serialise and deserialise an array of `nbytes` with distributed's comm
    protocol, the copies a socket makes included; the same protocol's speed on a list of
    ints and on a dict of str to int, in `dask.sizeof` bytes per second), in this process."""
    from dask.sizeof import sizeof
    from distributed.protocol import deserialize_bytes, dumps, loads, serialize_bytes, to_serialize

    arr = _ones(nbytes)
    t0 = time.perf_counter()
    for _ in range(3):
        deserialize_bytes(bytes(serialize_bytes(arr)))
    buffers = (time.perf_counter() - t0) / 3
    # distributed serialises a list or dict element by element: what a transfer of one costs
    n = max(nbytes // 800, 1000)
    rates = []
    for obj in ([(i * 7919) % 1000 for i in range(n)], {f"k-{i}": i for i in range(n)}):
        t0 = time.perf_counter()
        loads(dumps({"data": to_serialize(obj)}))
        rates.append(sizeof(obj) / (time.perf_counter() - t0))
    return buffers, rates[0], rates[1]


def _key(what):
    """A fresh key for a calibration task (they all start with dagsim-calibrate-)."""
    import uuid

    return f"dagsim-calibrate-{what}-{uuid.uuid4()}"


def _fit(points):
    """Least-squares (intercept, slope) of seconds against bytes, both clamped ≥ 0."""
    n = len(points)
    mx = sum(b for b, _ in points) / n
    my = sum(s for _, s in points) / n
    var = sum((b - mx) ** 2 for b, _ in points)
    slope = sum((b - mx) * (s - my) for b, s in points) / var if var else 0.0
    slope = max(slope, 1e-12)
    return max(my - slope * mx, 0.0), slope


def _per_task_cpu(client, run_graph, n):
    """(scheduler, worker) event-loop CPU seconds per task for `run_graph()` running n tasks."""
    s0 = client.run_on_scheduler(_loop_cpu)
    w0 = client.run(_loop_cpu)
    run_graph()
    s1 = client.run_on_scheduler(_loop_cpu)
    w1 = client.run(_loop_cpu)
    return (s1 - s0) / n, sum(w1[w] - w0[w] for w in w0) / n


def _transfers(client, workers):
    """[(bytes, seconds)] of fetching buffers from worker 0 to worker 1 (best of 3 each)."""
    from distributed import get_task_stream

    points = []
    for nbytes in _SIZES:
        best = None
        for _ in range(3):
            src = client.submit(bytes, nbytes, workers=[workers[0]], key=_key("bytes"))
            src.result()
            with get_task_stream(client=client) as ts:
                client.submit(len, src, workers=[workers[1]], key=_key("len")).result()
            got = [ss["stop"] - ss["start"] for r in ts.data for ss in r.get("startstops", ())
                   if ss.get("action") == "transfer"]
            if got:
                best = min(best or got[0], got[0])
            src.release()
        if best is not None:
            points.append((nbytes, best))
    return points


def calibrate(client):
    """The cluster's calibration (a dict; module docstring): about one second of tasks."""
    from dask.utils import key_split  # noqa: F401  (dask must be importable)

    workers = sorted(client.scheduler_info()["workers"])
    # Builtins only in tasks: a worker of a remote cluster could not import this file
    # (functions run with client.run travel by value, see dask_to_dagsim._ship_by_value).
    noops = {f"dagsim-calibrate-noop-{i}": (int,) for i in range(_NOOPS)}
    t0 = time.perf_counter()
    s_us, w_us = _per_task_cpu(client, lambda: client.get(noops, list(noops)), _NOOPS)
    noop_wall = time.perf_counter() - t0
    chain = {"dagsim-calibrate-chain-0": (int,)}
    for i in range(1, _CHAIN):
        chain[f"dagsim-calibrate-chain-{i}"] = (abs, f"dagsim-calibrate-chain-{i - 1}")
    t0 = time.perf_counter()
    client.get(chain, f"dagsim-calibrate-chain-{_CHAIN - 1}")
    per_link = (time.perf_counter() - t0) / _CHAIN
    latency = max(per_link - s_us - w_us, 0.0)
    round_trips = [client.run(_round_trip, n, workers=[workers[0]])[workers[0]] for n in _SIZES]
    if len(workers) >= 2:
        points, method = _transfers(client, workers), "between workers"
    else:
        points, method = [], "within one worker"
    if len(points) < 2:
        points, method = [(n, rt[0]) for n, rt in zip(_SIZES, round_trips)], "within one worker"
    t_latency, per_byte = _fit(points)
    return {
        "version": CALIBRATION_VERSION,
        "scheduler_us_per_task": s_us * 1e6,
        "worker_us_per_task": w_us * 1e6,
        "latency_us": latency * 1e6,
        "noop_tasks_per_s": _NOOPS / noop_wall,
        "transfer": {"method": method, "latency_us": t_latency * 1e6, "bandwidth_mb_s": 1e-6 / per_byte,
                     "points": [[b, s * 1e3] for b, s in points]},
        "pickle_mb_s": min(rt[1] for rt in round_trips) / 1e6,
        "dict_mb_s": min(rt[2] for rt in round_trips) / 1e6,
    }


def _canary(stop, samples, period):
    """Sleeps `period` s in a loop and records (wall time, how late it woke): while
    another thread holds the GIL, waking up waits for it (up to the switch interval)."""
    while not stop.is_set():
        t = time.perf_counter()
        time.sleep(period)
        samples.append((time.time(), time.perf_counter() - t - period))


def _canary_start(dask_worker=None, period=0.002):
    import sys

    stop, samples = threading.Event(), []
    thread = threading.Thread(target=_canary, args=(stop, samples, period), daemon=True,
                              name="dagsim-gil-canary")
    dask_worker._dagsim_canary = (stop, samples, thread)
    thread.start()
    return sys.getswitchinterval()


def _canary_stop(dask_worker=None):
    stop, samples, thread = dask_worker._dagsim_canary
    stop.set()
    thread.join()
    del dask_worker._dagsim_canary
    return samples


class GilProbe:
    """How much of each task's time holds the GIL, measured while the graph runs.

    A "canary" thread in every worker sleeps 2 ms in a loop and records how
    late it wakes. A thread that holds the GIL keeps the canary waiting up to
    the interpreter's switch interval (5 ms): a pure-Python task makes it wake
    ~5 ms late, a task in NumPy or I/O (GIL released) on time. For a task,
    gil_share = (its samples' mean lateness − the worker's idle lateness) /
    switch interval, clamped to [0, 1], from the samples taken while it was
    the only task running on its worker (others would blur the attribution).
    The idle lateness is the median over a quiet window of QUIET_S before
    the graph is submitted (~50 wake-ups with nothing running but the
    worker's idle event loop), and over the samples before the worker's
    first task: the gaps between tasks are no baseline, since the worker's
    event loop holds the GIL there while it reports one task and starts the
    next, and a baseline read there cancels a pure-Python task's share.
    The method of https://github.com/milesgranger/gilknocker, in Python.
    """

    QUIET_S = 0.1

    def __init__(self, client):
        self.client = client
        self.switch = None
        self.samples = {}

    def __enter__(self):
        self.switch = next(iter(self.client.run(_canary_start).values()))
        time.sleep(self.QUIET_S)  # the idle baseline's window (class docstring)
        return self

    def __exit__(self, *exc):
        self.samples = self.client.run(_canary_stop)
        return False

    def shares(self, intervals):
        """{key: gil_share} for `intervals` = {key: (worker address, start, stop)} (wall
        seconds, the task stream's clock); keys without a lone sample are left out."""
        by_worker = {}
        for key, (w, start, stop) in intervals.items():
            by_worker.setdefault(w, []).append((start, stop, key))
        out = {}
        for w, spans in by_worker.items():
            samples = sorted(self.samples.get(w, ()))
            if not samples:
                continue
            spans.sort()
            busy = _overlaps(samples, spans)
            first = spans[0][0]
            quiet = sorted(late for t, late in samples if t - late < first)
            base = quiet[len(quiet) // 2] if quiet else 0.0
            total, count = {}, {}
            for (_, late), keys in zip(samples, busy):
                if len(keys) == 1:
                    k = keys[0]
                    total[k] = total.get(k, 0.0) + late
                    count[k] = count.get(k, 0) + 1
            for k, n in count.items():
                out[k] = min(max((total[k] / n - base) / self.switch, 0.0), 1.0)
        return out


def _overlaps(samples, spans):
    """For each sample (sorted by time), the keys of the spans (sorted by start) that
    contain the moment the canary was due to wake. O((samples + spans) · concurrency)."""
    out, active, j = [], [], 0
    for t, late in samples:
        due = t - late
        while j < len(spans) and spans[j][0] <= due:
            active.append(spans[j])
            j += 1
        active = [s for s in active if s[1] > due]
        out.append([s[2] for s in active])
    return out
