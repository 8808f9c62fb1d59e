"""Any Dask graph in dagsim's JSON graph format, with measured durations.

From a notebook, with a distributed Client (this file needs only dask;
distributed only to measure):

    from distributed import Client
    import json, dask_to_dagsim  # src/export/dask_to_dagsim.py, copied or on sys.path
    client = Client()            # or your cluster
    graph = dask_to_dagsim.measure(best)          # or measure(a, b, ...)
    with open("mygraph.json", "w") as f:
        json.dump(graph, f)

then `dagsim simulate --graph mygraph.json --sweep` for other cluster sizes
and policies. `measure` computes the collections once (results discarded),
running on the cluster exactly the graph it exports, so every task's
duration is measured: the 'compute' intervals of its record in the task
stream. If you already ran the computation under a task stream, convert
that instead (Dask renames an array's or bag's finalize task on every
compute: those are paired with the stream's by name and timing, and keys
the stream lacks get `default_duration_ms`):

    with get_task_stream() as ts:
        best.compute()           # or dask.compute(a, b, ...)
    dask_to_dagsim.dump("mygraph.json", best, task_stream=ts.data)

For to_dagsim, bytes are 0 unless `nbytes` is given (a mapping, or "stream"
for the sizes the workers measured); measure() records the workers' sizes by
default, and a `measurement` section: the cluster it ran on, where and when
each task ran, and the cluster's calibration, which `dagsim simulate
--policy dask` reads (docs/measurement.md). Both write a `dask` section:
`dask.order`'s priorities and the bytes each task hands to a p2p shuffle.
"""

from __future__ import annotations

import json
import math
import re
import time
import warnings
from collections import defaultdict

from dask.base import unpack_collections
from dask.utils import key_split

__all__ = ["dask_graph", "measure", "to_dagsim", "dump"]

MAX_DURATION_MS = 86_400_000.0  # dagsim's limit: one day per task
MEASUREMENT_VERSION = 1  # of the `measurement` section (docs/measurement.md)
DASK_SECTION_VERSION = 1  # of the `dask` section (docs/measurement.md)
_BARRIER_PREFIX = "shuffle-barrier-"  # distributed.shuffle's barrier keys (_core.barrier_key)

# Dask tokens: md5/uuid4 hex (32 digits) and delayed's dashed uuid4.
_TOKEN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}")


def _flatten(keys):
    if isinstance(keys, list):
        for k in keys:
            yield from _flatten(k)
    else:
        yield keys


def _materialize(collections, optimize_graph):
    """(graph dict, output keys, annotations {type: {key: value}}) as
    `dask.compute`/`Client.compute` would run them."""
    try:  # dask >= 2025: expressions; finalize + optimize like dask.compute
        from dask._expr import FinalizeCompute
        from dask.base import collections_to_expr
    except ImportError:  # older dask: HighLevelGraph-based (annotations not carried)
        from dask.base import collections_to_dsk

        dsk = dict(collections_to_dsk(list(collections), optimize_graph))
        keys = list(_flatten([c.__dask_keys__() for c in collections]))
        return dsk, keys, {}
    expr = FinalizeCompute(collections_to_expr(list(collections), optimize_graph)).optimize()
    return dict(expr.__dask_graph__()), list(_flatten(expr.__dask_keys__())), expr.__dask_annotations__()


def _culled(collections, optimize_graph):
    """(the culled graph `dask.compute(*collections)` runs, its output keys,
    the tasks' annotations, {key: the keys of the graph it needs})."""
    collections, _ = unpack_collections(*collections)  # lists, dicts... like dask.compute
    if not collections:
        raise ValueError("to_dagsim: no dask collection given")
    dsk, keys, annotations = _materialize(collections, optimize_graph)
    try:  # dask >= 2024.12: Task-spec objects (Task, Alias, DataNode) with .dependencies
        from dask._task_spec import convert_legacy_graph, cull

        dsk = cull(convert_legacy_graph(dsk), keys)
        deps = {k: set(v.dependencies) for k, v in dsk.items()}
    except ImportError:  # old-style tuples
        from dask.core import get_dependencies
        from dask.optimization import cull

        dsk, _ = cull(dsk, keys)
        deps = {k: set(get_dependencies(dsk, k)) for k in dsk}
    deps = {k: {d for d in ds if d in dsk and d != k} for k, ds in deps.items()}
    return dsk, keys, annotations, deps


def dask_graph(*collections, optimize_graph=True):
    """The culled graph `dask.compute(*collections)` would run: {key: deps}.

    `collections` are dask collections (anything with `__dask_graph__`:
    delayed objects, arrays, bags, dataframes), or Python lists/tuples/dicts
    of them as `dask.compute` takes. Keys are Dask's own (strings
    or tuples); deps is the set of keys of the same graph each task needs.
    """
    return _culled(collections, optimize_graph)[3]


def _key_str(key):
    """The display form of a key; tuples and lists (JSON, msgpack) agree."""
    if isinstance(key, (tuple, list)):
        return str(tuple(_key_tuple(k) for k in key))
    if isinstance(key, bytes):
        return key.decode()
    return str(key)


def _key_tuple(k):
    return tuple(_key_tuple(x) for x in k) if isinstance(k, (tuple, list)) else k


def _signature(key_str):
    """The key with Dask's random/hashed tokens blanked (for the fallback match)."""
    return _TOKEN.sub("*", key_str)


def _stream_records(task_stream):
    """{key string: latest record}, preferring records whose status is OK."""
    latest = {}
    for rec in task_stream or ():
        k = _key_str(rec["key"])
        if k not in latest or rec.get("status", "OK") == "OK" or latest[k].get("status", "OK") != "OK":
            latest[k] = rec
    return latest


def _times(rec, action=None):
    return [ss for ss in rec.get("startstops", ()) if action is None or ss.get("action") == action]


def _groups(keys):
    """{tokens: {signature: key}} for keys sharing Dask tokens (one compute's
    renamed finalize keys share one), or None when two members collide."""
    groups = defaultdict(dict)
    for k in keys:
        tokens = tuple(_TOKEN.findall(k)) or (k,)
        if _signature(k) in groups[tokens]:
            return None
        groups[tokens][_signature(k)] = k
    return groups


def _in_order(ready, starts):
    """Order-preserving pairs (i, j) of sorted `ready` with sorted `starts`
    (len(ready) <= len(starts)) of least total lateness; starting before
    ready costs 1000 times more (clocks may differ by a few ms)."""
    m, n = len(ready), len(starts)
    inf = float("inf")
    cost = [[0.0] * (n + 1)] + [[inf] * (n + 1) for _ in range(m)]
    for i in range(1, m + 1):
        for j in range(i, n + 1):
            gap = starts[j - 1] - ready[i - 1]
            cost[i][j] = min(cost[i][j - 1], cost[i - 1][j - 1] + (gap if gap >= 0 else -1000 * gap))
    pairs, i, j = [], m, n
    while i:
        if cost[i][j] == cost[i][j - 1] and j > i:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return pairs


def _match(deps, records, outputs):
    """{graph key string: stream record}, for `deps` = {key string: dep key strings}.

    Exact matches first. The graph's `outputs` left and the keys sharing
    their tokens (Dask renames its finalize keys on every compute, so the
    graph exported and the one run differ there, and only there) pair up
    with stream keys equal but for Dask's tokens, a renamed group (the keys
    sharing a token) with a group: when only one such pair is possible; else
    by time, in rounds over the groups whose other dependencies are matched:
    in the order those finished, with the candidates in the order they
    started (best effort: collections computed together and finishing
    within a few ms of each other may swap their finalize durations).
    """
    matched = {k: records[k] for k in deps if k in records}
    used = set(matched)
    renamed = {tuple(_TOKEN.findall(k)) for k in outputs if k not in matched}
    left_g = _groups(k for k in deps if k not in matched and tuple(_TOKEN.findall(k)) in renamed)
    left_s = _groups(k for k in records if k not in used)
    if not left_g or left_s is None:
        return matched
    shapes = defaultdict(lambda: ([], []))  # the same signatures: the candidates
    for t, g in left_g.items():
        shapes[frozenset(g)][0].append(t)
    for t, g in left_s.items():
        shapes[frozenset(g)][1].append(t)

    def pair(tg, ts):
        for sig, k in left_g[tg].items():
            matched[k] = records[left_s[ts][sig]]

    def ready(tg):  # when the group's dependencies outside it finished, if all matched
        members = set(left_g[tg].values())
        outside = [d for k in members for d in deps[k] if d not in members]
        if not outside or not all(d in matched for d in outside):
            return None
        return max((x["stop"] for d in outside for x in _times(matched[d])), default=None)

    def start(ts):
        return min((x["start"] for k in left_s[ts].values() for x in _times(records[k])), default=None)

    classes = []
    for gs, ss in shapes.values():
        if len(gs) == 1 and len(ss) == 1:
            pair(gs[0], ss[0])
        elif gs and ss:
            classes.append((gs, [t for t in ss if start(t) is not None]))
    done, progress = set(), True
    while progress:
        progress = False
        for gs, ss in classes:
            gr = sorted((r, t) for t in gs if t not in done and (r := ready(t)) is not None)
            sr = sorted((start(t), t) for t in ss if t not in used)
            if not gr or not sr:
                continue
            gr = gr[: len(sr)]
            for i, j in _in_order([r for r, _ in gr], [s for s, _ in sr]):
                pair(gr[i][1], sr[j][1])
                done.add(gr[i][1])
                used.add(sr[j][1])
            progress = True
    return matched


def _compute_ms(rec):
    s = sum(ss["stop"] - ss["start"] for ss in rec.get("startstops", ()) if ss.get("action") == "compute")
    return min(max(s * 1000.0, 0.0), MAX_DURATION_MS)


def to_dagsim(*collections, task_stream=None, default_duration_ms=1.0, nbytes=None,
              optimize_graph=True, client=None, report=None):
    """dagsim's JSON graph (a dict: {"tasks": [...]}) for dask collections.

    One task per key of the optimised, culled graph `dask.compute` runs
    (including Dask's finalize task for arrays/bags); key = the key's display
    string (`str(key)` for tuples), prefix = `dask.utils.key_split(key)`,
    deps = the keys it reads.

    - task_stream: records from `distributed.get_task_stream()` /
      `Client.get_task_stream()` (also after a JSON round trip). A key's
      duration is the sum of the 'compute' intervals of its latest record
      (transfers, disk I/O and deserialisation are left out), in ms.
    - client: the distributed Client the collections were computed with; the
      graph is built in its context (`client.as_current()`), as `compute`
      built it: optimisation depends on it (a dataframe shuffle is p2p with
      a client, tasks without). By default the current/default client, if any.
    - default_duration_ms: the duration of keys missing from the stream.
    - nbytes: a mapping key -> output size in bytes (Dask keys or their
      strings), or "stream" to take the sizes the workers reported; else 0.
      A p2p shuffle's input tasks hand their input partitions' sizes to it
      (the `dask` section's `p2p_bytes`).
    - report: an optional dict, filled with "tasks", "measured", "defaulted"
      (the keys that got the default), "renamed" (graph key -> the stream
      key it was matched with when they differ in Dask's tokens) and
      "unmatched_stream_keys".

    Beside the tasks, a `dask` section (docs/measurement.md): every task's
    `dask.order` priority (the order the scheduler gives the graph) and the
    bytes each task hands to a p2p shuffle, which moves them between workers
    outside the graph's edges.

    Only the graph's output keys (the finalize tasks) are paired with
    renamed stream keys. Raises ValueError when some keys are not in the
    stream while the stream has keys the graph lacks: the graph built here
    is not the one that ran (computed in another context or with other
    options), and pairing them would be guesswork. Warns when a
    task stream was given and some keys were not in it. (The
    scheduler keeps only the last `distributed.scheduler.dashboard.tasks.
    task-stream-length` records, 100 000 by default: raise it, in the
    scheduler's config, for bigger graphs.)
    """
    if not (isinstance(default_duration_ms, (int, float)) and math.isfinite(default_duration_ms)
            and 0 <= default_duration_ms <= MAX_DURATION_MS):
        raise ValueError(f"default_duration_ms must be in [0, {MAX_DURATION_MS}], got {default_duration_ms!r}")
    client = client if client is not None else _current_client()
    if client is not None:
        with client.as_current():
            dsk, outputs, _, graph = _culled(collections, optimize_graph)
    else:
        dsk, outputs, _, graph = _culled(collections, optimize_graph)
    names = _names(graph)
    records = _stream_records(task_stream)
    matched = _match({names[k]: [names[d] for d in ds] for k, ds in graph.items()}, records,
                     {names[k] for k in outputs if k in names})
    sizes = _sizes(matched, nbytes)
    tasks, defaulted = _tasks(graph, names, matched, sizes, default_duration_ms)
    used = {id(r) for r in matched.values()}
    unmatched = [k for k, r in records.items() if id(r) not in used]
    if defaulted and unmatched:
        raise ValueError(
            f"to_dagsim: the graph built here is not the one that ran: {len(defaulted)} of its keys are not "
            f"in the task stream (e.g. {defaulted[0]!r}) while the stream ran keys like them that are not in "
            f"it (e.g. {unmatched[0]!r}). Convert in the context that computed (pass client=, the same "
            "dask.config), or use measure(), which exports the graph it runs")
    if task_stream is not None and defaulted:
        warnings.warn(f"to_dagsim: {len(defaulted)} of {len(tasks)} keys not in the task stream "
                      f"(given {default_duration_ms} ms), e.g. {defaulted[0]!r}; was it computed inside "
                      "get_task_stream(), and within the scheduler's task-stream-length?", stacklevel=2)
    if report is not None:
        report.update(tasks=len(tasks), measured=len(tasks) - len(defaulted), defaulted=defaulted,
                      renamed={k: _key_str(r["key"]) for k, r in matched.items() if _key_str(r["key"]) != k},
                      unmatched_stream_keys=unmatched)
    return {"tasks": tasks, "dask": _dask_section(dsk, graph, names, sizes)}


def _current_client():
    """The client `compute` would use here, or None (also without distributed)."""
    try:
        from distributed import default_client
        return default_client()
    except (ImportError, ValueError):
        return None


def _names(graph):
    """{key: its display string}; raises if two keys display alike."""
    names = {k: _key_str(k) for k in graph}
    if len(set(names.values())) != len(names):
        seen = {}
        for k, s in names.items():
            if s in seen:
                raise ValueError(f"to_dagsim: keys {seen[s]!r} and {k!r} have the same string {s!r}")
            seen[s] = k
    return names


def _sizes(matched, nbytes):
    """{key string: output bytes}: the stream's (nbytes="stream"), a mapping's, or none."""
    if isinstance(nbytes, str):
        if nbytes != "stream":
            raise ValueError(f'nbytes must be a mapping, "stream" or None, got {nbytes!r}')
        return {k: r.get("nbytes", 0) for k, r in matched.items()}
    if nbytes is not None:
        return {_key_str(k): v for k, v in nbytes.items()}
    return {}


def _tasks(graph, names, matched, sizes, default_duration_ms):
    """(dagsim's task list, the key strings given the default duration)."""
    tasks, defaulted = [], []
    for k, deps in graph.items():
        s = names[k]
        rec = matched.get(s)
        if rec is None:
            defaulted.append(s)
        size = sizes.get(s) or 0
        tasks.append({
            "key": s,
            "prefix": key_split(k),
            "deps": sorted(names[d] for d in deps),
            "duration_ms": _compute_ms(rec) if rec is not None else float(default_duration_ms),
            "bytes": max(int(size), 0),
        })
    return tasks, defaulted


def _p2p_inputs(graph):
    """{a p2p shuffle's input task (a dependency of a barrier): its barrier}."""
    return {d: k for k, deps in graph.items() if isinstance(k, str) and k.startswith(_BARRIER_PREFIX)
            for d in deps}


def _dask_section(dsk, graph, names, sizes, shard_bytes=None):
    """The `dask` section (docs/measurement.md): `dask.order`'s priority of every
    task, and the bytes each p2p shuffle input task hands to the shuffle: its
    input partitions' sizes (`sizes`), or, where the run metered the shards
    (`shard_bytes`: {prefix: bytes}), that total split in proportion to them."""
    from dask.order import order

    priority = order(dsk)
    inputs = _p2p_inputs(graph)
    given = {k: sum(max(int(sizes.get(names[d]) or 0), 0) for d in graph[k]) for k in inputs}
    p2p = dict(given)
    for prefix, total in (shard_bytes or {}).items():
        mine = [k for k in inputs if key_split(k) == prefix]
        weight = sum(given[k] for k in mine)
        for k in mine:
            p2p[k] = round(total * given[k] / weight) if weight else round(total / len(mine))
    return {"version": DASK_SECTION_VERSION,
            "priority": {names[k]: int(priority[k]) for k in graph},
            "p2p_bytes": {names[k]: int(b) for k, b in p2p.items() if b > 0}}


def _submittable(dsk, annotations):
    """The graph to submit: `dsk` itself, or, when its tasks carry annotations
    (`dask.annotate`: retries, resources, priority, workers...), a
    HighLevelGraph of the same tasks with one layer per distinct set of
    annotations, so that the scheduler still applies them."""
    if not any(annotations.values()):
        return dsk
    from dask.highlevelgraph import HighLevelGraph, MaterializedLayer

    groups = {}
    for k, task in dsk.items():
        own = {kind: per_key[k] for kind, per_key in annotations.items() if k in per_key}
        groups.setdefault(repr(sorted(own.items())), (own, {}))[1][k] = task
    layers = {f"dask_to_dagsim-{i}": MaterializedLayer(tasks, annotations=own or None)
              for i, (own, tasks) in enumerate(groups.values())}
    return HighLevelGraph(layers, {name: set() for name in layers})


def measure(*collections, client=None, optimize_graph=True, nbytes="stream", calibrate=True,
            report=None):
    """dagsim's JSON graph for dask collections, every duration measured,
    with the `measurement` section dagsim's Dask model reads.

    Computes the collections once on a distributed cluster (`client`, or the
    default client: `distributed.get_client()`), under a task stream, and
    returns the same graph as `to_dagsim` (one task per key of the optimised,
    culled graph `dask.compute` runs, finalize tasks included, and its `dask`
    section; a p2p shuffle's bytes are those Dask metered as its shards) with each
    task's duration = the 'compute' intervals of its own record in that
    stream, in ms. The graph run is the very one exported (built once, in
    the client's context, then submitted with `Client.get`, keeping the
    tasks' annotations), so keys match exactly, finalize keys included: no
    pairing, no default. The results are discarded (not even gathered to
    the client); a task's error is raised.

    The `measurement` section (docs/measurement.md) records the cluster
    (workers, threads, the cores its processes may run on, whether they
    all shared one host and, if so, how busy its cores were during the run
    from /proc/stat), the makespan from submission to the last
    result, per task the worker and thread that ran it, its start and stop,
    its priority (`dask.order.order` of the graph, as the scheduler computes
    it) and the share of its time it held the GIL (`dask_calibrate.GilProbe`),
    per prefix the thread CPU time against wall time (Dask's own
    `thread-cpu`/`thread-noncpu` metrics), and, unless calibrate=False, the
    cluster's `calibration` (`dask_calibrate.calibrate`: about a second of
    micro-benchmarks, run after the graph).

    - nbytes: as for `to_dagsim`; by default "stream" (the sizes the workers
      reported).
    - report: an optional dict, filled with "tasks", "measured" and
      "other_stream_keys" (keys that ran meanwhile but are not in the graph:
      other computations on the cluster).

    Raises RuntimeError if some key did not run (already in memory on the
    cluster, e.g. persisted or held by another client's future; or more
    tasks than the scheduler's task-stream-length, 100 000 by default,
    `distributed.scheduler.dashboard.tasks.task-stream-length`).
    """
    try:
        from distributed import get_client, get_task_stream
    except ImportError as e:
        raise ImportError("measure: needs dask.distributed (pip install distributed)") from e
    GilProbe, run_calibration = _calibration_module()
    _ship_by_value(GilProbe)

    if client is None:
        try:
            client = get_client()
        except ValueError:
            raise ValueError("measure: no distributed Client; start one first "
                             "(`Client()` or `Client('scheduler-address:8786')`) or pass client=") from None
    if getattr(client, "asynchronous", False):
        raise ValueError("measure: needs a synchronous Client (not asynchronous=True)")
    if isinstance(nbytes, str) and nbytes != "stream":
        raise ValueError(f'nbytes must be a mapping, "stream" or None, got {nbytes!r}')
    with client.as_current():  # the client's context: e.g. dataframe shuffles pick p2p
        dsk, keys, annotations, graph = _culled(collections, optimize_graph)
    names = _names(graph)
    metrics0 = client.run(_digests)
    with get_task_stream(client=client) as ts, GilProbe(client) as probe:
        busy0 = _host_busy_s()
        t0 = time.time()
        futures = client.get(_submittable(dsk, annotations), keys, sync=False)
        try:
            for f in futures:  # Future.exception waits through `f`'s own client (not the default one)
                if f.exception() is not None:
                    f.result()  # raises the task's error
            t1 = time.time()
            busy1 = _host_busy_s()
        finally:
            for f in futures:
                f.release()
    metrics1 = client.run(_digests)
    records = _stream_records(ts.data)
    missing = [s for s in names.values() if s not in records]
    if missing:
        raise RuntimeError(
            f"measure: {len(missing)} of {len(names)} tasks did not run on the cluster, e.g. {missing[0]!r}: "
            "already in memory there (persisted, or another client's future: release it), or more tasks "
            "than the scheduler's task stream keeps (distributed.scheduler.dashboard.tasks."
            "task-stream-length)? Else compute as usual under get_task_stream() and use "
            "to_dagsim(..., task_stream=ts.data)")
    matched = {s: records[s] for s in names.values()}
    sizes = _sizes(matched, nbytes)
    tasks, _ = _tasks(graph, names, matched, sizes, 0.0)
    section = _measurement(client, dsk, names, matched, t0, t1, probe, metrics0, metrics1)
    if section["cluster"]["shared_host"] and busy0 is not None and busy1 is not None:
        section["cluster"]["host_busy_s"] = max(busy1 - busy0, 0.0)
    hints = _dask_section(dsk, graph, names, sizes, _shard_bytes(metrics0, metrics1))
    if calibrate:
        section["calibration"] = run_calibration(client)
    if report is not None:
        report.update(tasks=len(tasks), measured=len(tasks),
                      other_stream_keys=[k for k in records if k not in matched])
    return {"tasks": tasks, "measurement": section, "dask": hints}


def _calibration_module():
    """(GilProbe, calibrate) from dask_calibrate.py: appended to this file (the page's
    download), or beside it."""
    if "GilProbe" in globals():
        return globals()["GilProbe"], globals()["calibrate"]
    try:
        from dask_calibrate import GilProbe, calibrate
    except ImportError:
        from .dask_calibrate import GilProbe, calibrate
    return GilProbe, calibrate


def _ship_by_value(probe_class):
    """Pickle this module's and dask_calibrate's functions by value: the workers of a
    remote cluster cannot import files copied next to a notebook."""
    import sys

    import cloudpickle

    for name in {__name__, probe_class.__module__}:
        module = sys.modules.get(name)
        if module is not None and name != "__main__":
            cloudpickle.register_pickle_by_value(module)


def _digests(dask_worker=None):
    """The worker's cumulative {(prefix, "thread-cpu"|"thread-noncpu"): seconds} and
    {(prefix, "p2p-shards"): bytes} (the p2p shards its tasks cut), summed over spans,
    from its metrics `("execute", span id, prefix, label, unit)`."""
    out = {}
    for k, v in dask_worker.digests_total.items():
        if not (isinstance(k, tuple) and len(k) >= 5 and k[0] == "execute"):
            continue
        if (k[-2], k[-1]) in (("thread-cpu", "seconds"), ("thread-noncpu", "seconds"), ("p2p-shards", "bytes")):
            out[(k[-3], k[-2])] = out.get((k[-3], k[-2]), 0.0) + v
    return out


def _shard_bytes(metrics0, metrics1):
    """{prefix: bytes of p2p shards its tasks cut during the run}, from two `_digests` per worker."""
    out = {}
    for w, now in metrics1.items():
        for (prefix, kind), v in now.items():
            if kind == "p2p-shards":
                out[prefix] = out.get(prefix, 0.0) + max(v - metrics0.get(w, {}).get((prefix, kind), 0.0), 0.0)
    return {p: b for p, b in out.items() if b > 0}


def _host_of(dask_worker=None, dask_scheduler=None):
    """(host name, cores this process may run on: its CPU affinity, else the CPU count)."""
    import os
    import socket

    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return socket.gethostname(), max(cores, 1)


def _host_busy_s():
    """CPU seconds the cores this process may run on have been busy since boot, every process's
    (the `cpuN` lines of /proc/stat: user + nice + system + irq + softirq + steal), or None off Linux."""
    import os

    try:
        cpus = {f"cpu{i}" for i in os.sched_getaffinity(0)}
        busy = 0
        with open("/proc/stat") as f:
            for line in f:
                name, *ticks = line.split()
                if name in cpus:
                    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, ticks[:8])
                    busy += user + nice + system + irq + softirq + steal
        return busy / os.sysconf("SC_CLK_TCK")
    except (AttributeError, OSError, ValueError):
        return None


def _host(client):
    """(cores, shared_host) of the cluster: whether the client, the scheduler and
    every worker run on one host (a LocalCluster), and the cores they may use
    there (the fewest any of them may run on), else the most cores of a worker."""
    hosts = list(client.run(_host_of).values())
    everyone = hosts + [client.run_on_scheduler(_host_of), _host_of()]
    shared = len({name for name, _ in everyone}) == 1
    return (min(c for _, c in everyone) if shared else max(c for _, c in hosts)), shared


def _measurement(client, dsk, names, matched, t0, t1, probe, metrics0, metrics1):
    """The `measurement` section (docs/measurement.md) of a run that started at t0 and ended at t1."""
    import dask
    import distributed
    from dask.order import order
    from distributed.utils import key_split_group

    info = client.scheduler_info()["workers"]
    addresses = sorted(info)
    cores, shared_host = _host(client)
    worker_index = {w: i for i, w in enumerate(addresses)}
    threads = {}  # (worker, thread id) -> slot, in order of first use
    priority = order(dsk)
    starts, typenames = {}, {}
    out_tasks = {}
    for key, name in names.items():
        rec = matched[name]
        comp = _times(rec, "compute") or _times(rec)
        start, stop = min(x["start"] for x in comp), max(x["stop"] for x in comp)
        w = rec.get("worker", addresses[0])
        slot = threads.setdefault((w, rec.get("thread")), sum(1 for (x, _) in threads if x == w))
        starts[name] = (w, start, stop)
        kinds = typenames.setdefault(key_split(key), {})
        kinds[rec.get("typename", "")] = kinds.get(rec.get("typename", ""), 0) + 1
        out_tasks[name] = {"worker": worker_index.get(w, 0), "thread": slot, "priority": priority.get(key, 0),
                           "group": key_split_group(key),
                           # worker clocks, corrected by distributed, may put a start a few ms before t0
                           "start_ms": max(start - t0, 0.0) * 1e3, "stop_ms": max(stop - t0, 0.0) * 1e3}
    for name, share in probe.shares(starts).items():
        out_tasks[name]["gil_share"] = share
    prefixes = {p: {"thread_cpu_s": 0.0, "thread_noncpu_s": 0.0, "typename": max(kinds, key=kinds.get)}
                for p, kinds in typenames.items()}
    for w in metrics1:
        for (prefix, kind), v in metrics1[w].items():
            d = v - metrics0.get(w, {}).get((prefix, kind), 0.0)
            p = prefixes.get(prefix)
            if p is None or kind == "p2p-shards":  # other work on the cluster meanwhile; bytes
                continue
            p["thread_cpu_s" if kind == "thread-cpu" else "thread_noncpu_s"] += max(d, 0.0)
    return {
        "version": MEASUREMENT_VERSION,
        "dask": dask.__version__,
        "distributed": distributed.__version__,
        "cluster": {"workers": len(addresses), "threads": [info[w]["nthreads"] for w in addresses],
                    "cores": cores, "shared_host": shared_host},
        "makespan_ms": (t1 - t0) * 1e3,
        "gil_switch_interval_ms": probe.switch * 1e3,
        "tasks": out_tasks,
        "prefixes": prefixes,
    }


def dump(path_or_file, *collections, **kwargs):
    """Writes `to_dagsim(*collections, **kwargs)` as JSON to a path or an open text file."""
    graph = to_dagsim(*collections, **kwargs)
    if hasattr(path_or_file, "write"):
        json.dump(graph, path_or_file)
    else:
        with open(path_or_file, "w") as f:
            json.dump(graph, f)
    return graph
