#!/usr/bin/env python3
"""Check of src/export/dask_to_dagsim.py against real dask.distributed and dagsim.

    .venv/bin/python tests/dask_to_dagsim_check.py [path/to/dagsim]

Builds the Custom ETL notebook's graph with dask.delayed (tiny fixed sleeps),
computes it on a LocalCluster (2 worker processes) under get_task_stream(),
converts it with to_dagsim(task_stream=...) and checks that dagsim imports it
(`dagsim graph/simulate --graph`) with the same tasks, edges, prefixes and
measured durations; then the same for dask.array and dask.bag graphs (tuple
keys, culling, the finalize task Dask renames on every compute). Then
measure(), which runs the exported graph itself: of the notebook's graph and of
the array and the bag in one call, every key is one that ran, with its own
record's duration (finalize tasks too), and dagsim imports it; it keeps the
tasks' annotations (retries), works through a client that is not the default
one, writes a valid `measurement` section (cluster, every task placed, a
calibration; also from the single-file converter the page serves) and says
when there is no Client. A dataframe shuffle converted in the client's
context matches the stream exactly; converted with no client (another
shuffle method, another graph) it is refused. Every export's `dask` section
gives dask.order's priorities; a p2p shuffle measured (and converted with
nbytes) gives the bytes its input tasks hand to it, which the Dask model
moves between workers. Exits 1 with a list of what
failed. Run by scripts/check-dask-export (make test).
"""
import json
import logging
import os
import random
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src" / "export"))

import dask_to_dagsim  # noqa: E402

SLEEP_MS = {"load": 20, "load_from_sql": 40, "process": 10, "roll": 5, "compare": 2, "reduction": 10}
# time.sleep(s) sleeps at least s; the worker's clock may round by a few µs.
CLOCK_SLACK_MS = 0.05
FILES, COMPARES = 10, 20
CLOCK_OFFSET_MS = 50


# ---- the notebook's functions (module level: pickled to worker processes) ---
def load(address):
    time.sleep(SLEEP_MS["load"] / 1000)
    return len(address)


def load_from_sql(address):
    time.sleep(SLEEP_MS["load_from_sql"] / 1000)
    return len(address)


def process(data, reference):
    time.sleep(SLEEP_MS["process"] / 1000)
    return data + reference


def roll(a, b, c):
    time.sleep(SLEEP_MS["roll"] / 1000)
    return a + b + c


def compare(a, b):
    time.sleep(SLEEP_MS["compare"] / 1000)
    return abs(a - b)


def reduction(seq):
    time.sleep(SLEEP_MS["reduction"] / 1000)
    return max(seq)


def flaky(marker):
    """Fails the first time (then leaves `marker`): runs only with retries."""
    if not os.path.exists(marker):
        open(marker, "w").close()
        raise RuntimeError("flaky: the first attempt fails")
    return 1


def notebook_graph(files, compares, seed=0):
    """The notebook's cells; returns (best, {key: the keys of its arguments})."""
    from dask import delayed

    rng = random.Random(seed)
    d_load, d_sql, d_process = delayed(load), delayed(load_from_sql), delayed(process)
    d_roll, d_compare, d_reduction = delayed(roll), delayed(compare), delayed(reduction)
    data = [d_load("mydata-%d.dat" % i) for i in range(files)]
    reference = d_sql("sql://mytable")
    processed = [d_process(d, reference) for d in data]
    rolled = [d_roll(*processed[i:i + 3]) for i in range(len(processed) - 2)]
    deps = {x.key: set() for x in data + [reference]}
    deps.update({p.key: {d.key, reference.key} for p, d in zip(processed, data)})
    deps.update({r.key: {p.key for p in processed[i:i + 3]} for i, r in enumerate(rolled)})
    compared = []
    for _ in range(compares):
        a, b = rng.choice(rolled), rng.choice(rolled)
        compared.append(d_compare(a, b))
        deps[compared[-1].key] = {a.key, b.key}  # one dep when a is b
    best = d_reduction(compared)
    deps[best.key] = {c.key for c in compared}
    return best, deps


class Failures(list):
    def check(self, ok, what):
        if not ok:
            self.append(what)
        return ok


def dagsim(binary, *args):
    out = subprocess.run([binary, *args], capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f"dagsim {' '.join(args)} failed ({out.returncode}): {out.stderr.strip()}")
    return json.loads(out.stdout)


def ran_keys(stream):
    """The keys of a task stream, but measure()'s own calibration tasks."""
    return {k for k in (dask_to_dagsim._key_str(r["key"]) for r in stream) if not k.startswith("dagsim-calibrate")}


def single_file_module():
    """dask_to_dagsim.py with dask_calibrate.py appended, as the page serves it (www/scripts/converter.mjs), imported."""
    import types

    export = ROOT / "src" / "export"
    text = (export / "dask_to_dagsim.py").read_text() + "\n\n" + (export / "dask_calibrate.py").read_text()
    module = types.ModuleType("dask_to_dagsim_single")
    sys.modules[module.__name__] = module  # cloudpickle pickles its functions by value
    exec(compile(text, "dask_to_dagsim_single.py", "exec"), module.__dict__)
    import cloudpickle

    cloudpickle.register_pickle_by_value(module)
    return module


def check_measurement(fail, label, graph, workers, threads):
    """measure()'s `measurement` section: the cluster, every task placed, a calibration."""
    m = graph.get("measurement", {})
    fail.check(m.get("version") == 1 and m.get("cluster", {}).get("workers") == workers
               and m["cluster"].get("threads") == [threads] * workers,
               f"{label}: measurement cluster {m.get('cluster')}, ran on {workers} x {threads}")
    keys = {t["key"] for t in graph["tasks"]}
    tasks = m.get("tasks", {})
    fail.check(set(tasks) == keys, f"{label}: measurement.tasks has {len(tasks)} keys, the graph {len(keys)}")
    bad = [k for k, t in tasks.items()
           if not (0 <= t["worker"] < workers and 0 <= t["thread"] < threads and isinstance(t["priority"], int)
                   # the workers' clocks, corrected by distributed's estimate of their offset, may
                   # differ from the client's by some ms
                   and 0 <= t["start_ms"] <= t["stop_ms"] <= m["makespan_ms"] + CLOCK_OFFSET_MS)]
    fail.check(not bad, f"{label}: tasks placed outside the cluster or the run: {[tasks[k] for k in bad[:2]]}")
    fail.check(len({t["priority"] for t in tasks.values()}) == len(tasks), f"{label}: priorities not distinct")
    # every LocalCluster here runs on this host: shared, with this process's cores
    fail.check(m["cluster"].get("shared_host") is True and m["cluster"].get("cores") == len(os.sched_getaffinity(0)),
               f"{label}: measurement cluster {m['cluster']}: a LocalCluster shares this host's "
               f"{len(os.sched_getaffinity(0))} cores")
    busy = m["cluster"].get("host_busy_s")
    fail.check(isinstance(busy, float) and 0 <= busy <= len(os.sched_getaffinity(0)) * (m["makespan_ms"] / 1e3 + 1),
               f"{label}: host_busy_s {busy}: the host's busy CPU seconds during the run")
    fail.check(set(m.get("prefixes", {})) == {t["prefix"] for t in graph["tasks"]},
               f"{label}: measurement.prefixes {sorted(m.get('prefixes', {}))}")
    return m


def check_gil_probe(fail):
    """GilProbe.shares on made-up canary samples: a task's share is its lone wake-ups' mean
    lateness less the idle median, over the switch interval."""
    from dask_calibrate import GilProbe

    probe = GilProbe(client=None)
    probe.switch = 0.005
    quiet = [(0.01 * i + 1e-4, 1e-4) for i in range(9)] + [(0.095, 2e-4)]  # due before the first task
    # task "a" alone from 1.0 to 1.1 s: mean lateness 0.55 ms; "b" from 2.0 to 2.1 s: 5.1 ms
    # (clamped); "c" runs beside "b" from 2.05 s: the wake-up due then is neither's alone
    a = [(1.01 + 1e-4, 1e-4), (1.03 + 1e-3, 1e-3), (1.05 + 1e-4, 1e-4), (1.07 + 1e-3, 1e-3)]
    b = [(2.01 + 5.1e-3, 5.1e-3), (2.03 + 5.1e-3, 5.1e-3), (2.07 + 1e-4, 1e-4)]
    probe.samples = {"w": quiet + a + b}
    shares = probe.shares({"a": ("w", 1.0, 1.1), "b": ("w", 2.0, 2.1), "c": ("w", 2.05, 2.1)})
    fail.check(set(shares) == {"a", "b"} and abs(shares["a"] - 0.09) < 1e-9 and shares["b"] == 1.0,
               f"GilProbe.shares on made-up samples: {shares}")


def check_imported(fail, binary, path, graph, label):
    """dagsim graph/simulate accept the file with the same tasks and edges and durations."""
    summary = dagsim(binary, "graph", "--graph", str(path))
    n_edges = sum(len(t["deps"]) for t in graph["tasks"])
    fail.check(summary["tasks"] == len(graph["tasks"]),
               f"{label}: dagsim graph reports {summary['tasks']} tasks, the JSON has {len(graph['tasks'])}")
    fail.check(summary["edges"] == n_edges,
               f"{label}: dagsim graph reports {summary['edges']} edges, the JSON has {n_edges}")
    work = sum(t["duration_ms"] for t in graph["tasks"])
    fail.check(abs(summary["work_ms"] - work) <= 1e-6 * max(work, 1),
               f"{label}: dagsim work_ms {summary['work_ms']} != sum of durations {work}")
    sim = dagsim(binary, "simulate", "--graph", str(path), "--workers", "2", "--threads-per-worker", "2")
    fail.check(sim["makespan_ms"] >= sim["bounds"]["lower_ms"] - 1e-6 and sim["makespan_ms"] > 0,
               f"{label}: dagsim simulate makespan {sim['makespan_ms']} below its bound {sim['bounds']}")
    return summary, sim


def check_measured(fail, binary, path, label, got, report, outer, reference):
    """measure()'s graph `got`: exactly the keys that ran (`outer`, a task
    stream around the call), each with its own record's duration, the graph
    to_dagsim gives (`reference`) but for the finalize keys' fresh tokens,
    and dagsim imports it."""
    keys = [t["key"] for t in got["tasks"]]
    fail.check(len(set(keys)) == len(keys), f"{label}: duplicate keys in measure's JSON")
    fail.check(set(keys) == ran_keys(outer.data),
               f"{label}: measure's keys are not the keys it ran: {sorted(set(keys) ^ ran_keys(outer.data))[:3]}")
    fail.check(report["tasks"] == report["measured"] == len(keys) and report["other_stream_keys"] == [],
               f"{label}: measure's report {dict(report, other_stream_keys=report['other_stream_keys'][:3])}")
    records = dask_to_dagsim._stream_records(outer.data)
    wrong = [t["key"] for t in got["tasks"]
             if t["key"] not in records or t["duration_ms"] != dask_to_dagsim._compute_ms(records[t["key"]])]
    fail.check(not wrong, f"{label}: durations not measured from the key's own record: {wrong[:3]}")
    sig = dask_to_dagsim._signature

    def shape(graph):
        return sorted((sig(t["key"]), t["prefix"], sorted(map(sig, t["deps"]))) for t in graph["tasks"])

    fail.check(len(keys) == len(reference["tasks"]) and shape(got) == shape(reference),
               f"{label}: measure's graph ({len(keys)} tasks) is not to_dagsim's ({len(reference['tasks'])})")
    fixed = {t["key"] for t in reference["tasks"] if "finalize" not in t["key"]}
    fail.check(fixed == {k for k in keys if "finalize" not in k}, f"{label}: measure has other (non-finalize) keys")
    path.write_text(json.dumps(got))
    check_imported(fail, binary, path, got, label)


def check_priorities(fail, label, graph):
    """The `dask` section gives every task its dask.order priority: 0..n-1, once each."""
    section = graph.get("dask", {})
    priority = section.get("priority", {})
    fail.check(section.get("version") == 1 and set(priority) == {t["key"] for t in graph["tasks"]}
               and sorted(priority.values()) == list(range(len(graph["tasks"]))),
               f"{label}: dask section {str(section)[:200]}")


def check_p2p(fail, binary, work, measured, sized):
    """A p2p shuffle's input tasks (the barrier's deps) carry the bytes they hand
    to it: measured, the shards Dask metered; from a stream with nbytes, their
    input partitions' sizes. The Dask model moves them between workers."""
    for label, graph in (("measure p2p", measured), ("to_dagsim p2p", sized)):
        tasks = {t["key"]: t for t in graph["tasks"]}
        barriers = [t for t in graph["tasks"] if t["key"].startswith("shuffle-barrier-")]
        p2p = graph.get("dask", {}).get("p2p_bytes", {})
        fail.check(len(barriers) == 1 and set(p2p) == set(barriers[0]["deps"]) and len(p2p) == 4
                   and all(b > 0 for b in p2p.values()), f"{label}: barrier {barriers[:1]}, p2p_bytes {p2p}")
        inputs = {k: sum(tasks[d]["bytes"] for d in tasks[k]["deps"]) for k in p2p}
        if label.startswith("to_dagsim"):
            fail.check(p2p == inputs, f"{label}: p2p_bytes {p2p}, the input partitions {inputs}")
        else:  # serialised Arrow shards against pandas' sizeof: the same order of magnitude
            total, given = sum(p2p.values()), sum(inputs.values())
            fail.check(0.1 * given <= total <= 10 * given, f"{label}: {total} bytes of shards, inputs {given}")
        check_priorities(fail, label, graph)
    path = work / "p2p.json"
    path.write_text(json.dumps(measured))
    sim = dagsim(binary, "simulate", "--graph", str(path), "--workers", "2")
    half = sum(measured["dask"]["p2p_bytes"].values()) // 2
    fail.check(sim.get("model") == "dask" and sim["transferred_bytes"] >= 0.9 * half,
               f"measure p2p: the Dask model on 2 workers moved {sim.get('transferred_bytes')} bytes, "
               f"half the shards are {half}")


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "debug" / "dagsim")
    import dask
    import dask.array as da
    import dask.bag as db
    from dask import delayed
    from distributed import Client, LocalCluster, get_task_stream

    fail = Failures()
    t0 = time.monotonic()
    check_gil_probe(fail)
    tmp = tempfile.TemporaryDirectory(prefix="dask_to_dagsim.")
    work = Path(tmp.name)
    best, expected_deps = notebook_graph(FILES, COMPARES)
    x = da.ones((100, 100), chunks=10)
    arr = (x + 1)[:30].sum()  # the slice culls most chunks of x + 1
    bag = db.from_sequence(range(20), npartitions=4).map(lambda v: v * 2).sum()
    import dask.dataframe as dd
    import pandas as pd

    frame = pd.DataFrame({"a": [i % 7 for i in range(400)], "b": range(400)})
    shuffled = dd.from_pandas(frame, npartitions=4).shuffle(on="a").b.sum()

    # silence_logs: flaky()'s planned first failure is not an error to print
    with LocalCluster(n_workers=2, threads_per_worker=2, processes=True, dashboard_address=None,
                      silence_logs=logging.CRITICAL) as cluster, Client(cluster) as client:
        with get_task_stream() as ts_etl:
            answer = best.compute()
        with get_task_stream() as ts_arr:
            got_arr, got_bag = arr.compute(), bag.compute()
        # measure(): computes the graph it exports (a stream around it shows what ran)
        m_report = {"etl": {}, "array+bag": {}}
        with get_task_stream() as ts_m_etl:
            m_etl = dask_to_dagsim.measure(best, report=m_report["etl"])  # the default client
        # a client that is not the default one (measure must wait through it, not the default)
        with Client(cluster, set_as_default=False) as other, get_task_stream(client=other) as ts_m_arr:
            m_arr = dask_to_dagsim.measure(arr, bag, client=other, calibrate=False, report=m_report["array+bag"])
        # the page's download: dask_calibrate.py appended to dask_to_dagsim.py, one module
        single = single_file_module()
        m_single = single.measure(delayed(sum)([1, 2]), client=client)
        # a dataframe shuffle: p2p with a client, tasks without; to_dagsim must build the graph that ran
        with get_task_stream() as ts_df:
            got_df = shuffled.compute()
        df_report = {}
        df_graph = dask_to_dagsim.to_dagsim(shuffled, task_stream=ts_df.data, report=df_report)
        df_saved = json.loads(json.dumps([{k: r[k] for k in ("key", "startstops", "status")} for r in ts_df.data]))
        # a small p2p shuffle, measured: the bytes it moves between workers outside the graph
        with dask.config.set({"dataframe.shuffle.method": "p2p"}):
            p2p_coll = dd.from_pandas(frame, npartitions=4).shuffle(on="a").b.sum()
            m_p2p = dask_to_dagsim.measure(p2p_coll, calibrate=False)
        df_sized = dask_to_dagsim.to_dagsim(shuffled, task_stream=ts_df.data, nbytes="stream")
        with dask.annotate(retries=1):  # measure must keep it, or flaky() fails the graph
            flaky_task = delayed(flaky)(str(work / "flaky-ran-once"))
        m_flaky = dask_to_dagsim.measure(delayed(sum)([flaky_task, 1]))
    try:
        dask_to_dagsim.measure(best)
        no_client = "no error"
    except ValueError as e:
        no_client = str(e)
    try:  # no client now: this builds the tasks-shuffle graph, not the p2p one that ran
        dask_to_dagsim.to_dagsim(shuffled, task_stream=df_saved)
        other_graph = "no error"
    except ValueError as e:
        other_graph = str(e)
    fail.check("not the one that ran" in other_graph,
               f"to_dagsim outside the client's context: {other_graph[:200]}")
    fail.check(got_df == sum(range(400)) and df_report["defaulted"] == [] and df_report["unmatched_stream_keys"] == []
               and {t["key"] for t in df_graph["tasks"]} == ran_keys(ts_df.data)
               and any("p2p" in t["prefix"] or "shuffle" in t["prefix"] for t in df_graph["tasks"]),
               f"dataframe shuffle: to_dagsim in the client's context defaulted {df_report['defaulted'][:2]}, "
               f"left {df_report['unmatched_stream_keys'][:2]}")
    check_p2p(fail, binary, work, m_p2p, df_sized)
    fail.check(answer == best.compute(scheduler="sync") and got_arr == 3 * 10 * 100 * 2
               and got_bag == sum(range(20)) * 2, "the computations gave wrong answers")

    # ---- the notebook ---------------------------------------------------------
    report = {}
    graph = dask_to_dagsim.to_dagsim(best, task_stream=ts_etl.data, report=report)
    path = work / "etl.json"
    path.write_text(json.dumps(graph))
    tasks = {t["key"]: t for t in graph["tasks"]}
    n_expected = FILES + 1 + FILES + (FILES - 2) + COMPARES + 1
    fail.check(len(tasks) == len(graph["tasks"]), "etl: duplicate keys in the JSON")
    fail.check(len(tasks) == n_expected == len(ran_keys(ts_etl.data)),
               f"etl: {len(tasks)} tasks in the JSON, {n_expected} in the notebook, "
               f"{len(ran_keys(ts_etl.data))} run by distributed")
    fail.check(set(tasks) == ran_keys(ts_etl.data), "etl: the JSON's keys are not the keys distributed ran")
    fail.check(report["defaulted"] == [] and report["measured"] == len(tasks),
               f"etl: durations defaulted (not in the stream) for {report['defaulted'][:3]}...")
    fail.check(report["unmatched_stream_keys"] == [], f"etl: stream keys left over {report['unmatched_stream_keys'][:3]}")
    prefixes = {t["prefix"] for t in graph["tasks"]}
    fail.check(prefixes == set(SLEEP_MS), f"etl: prefixes {sorted(prefixes)} != the notebook's {sorted(SLEEP_MS)}")
    for t in graph["tasks"]:
        sleep = SLEEP_MS.get(t["prefix"], 0)
        fail.check(t["duration_ms"] >= sleep - CLOCK_SLACK_MS,
                   f"etl: {t['key']} took {t['duration_ms']:.3f} ms, less than its {sleep} ms sleep")
        fail.check(t["duration_ms"] < 100 * sleep + 1000, f"etl: {t['key']} took {t['duration_ms']:.3f} ms?")
    # every task's deps are exactly the notebook's arguments
    for key, want in expected_deps.items():
        got = set(tasks[key]["deps"]) if key in tasks else None
        fail.check(got == want, f"etl: deps of {key} are {sorted(got or ())}, the notebook gives {sorted(want)}")
    check_priorities(fail, "etl", graph)
    summary, _ = check_imported(fail, binary, path, graph, "etl")
    sweep = dagsim(binary, "simulate", "--graph", str(path), "--sweep")
    fail.check(all(r["makespan_ms"] > 0 for r in sweep) and len(sweep) > 1, "etl: simulate --sweep gave no table")
    fail.check(summary["edges"] == sum(len(v) for v in expected_deps.values()),
               f"etl: dagsim counts {summary['edges']} edges, the notebook has "
               f"{sum(len(v) for v in expected_deps.values())}")

    # a task stream saved as JSON (tuples -> lists, bytes dropped) matches the same
    saved = json.loads(json.dumps([{k: r[k] for k in ("key", "startstops", "status")} for r in ts_etl.data]))
    again = dask_to_dagsim.to_dagsim(best, task_stream=saved)
    fail.check(again == graph, "etl: a JSON round-tripped task stream gives other durations")
    # only 'compute' intervals count (not transfers, disk, deserialisation)
    first = min(ss["start"] for ss in saved[-1]["startstops"])
    saved[-1]["startstops"][:0] = [{"action": "transfer", "start": first - 2, "stop": first - 1},
                                   {"action": "deserialize", "start": first - 1, "stop": first}]
    saved.insert(0, {"key": saved[-1]["key"], "status": "OK",  # an earlier run of that key is superseded
                     "startstops": [{"action": "compute", "start": first - 9, "stop": first - 3}]})
    fail.check(dask_to_dagsim.to_dagsim(best, task_stream=saved) == graph,
               "etl: transfer/deserialize intervals or an earlier run were counted in a duration")
    # a key missing from the stream gets the default duration (and a warning)
    dropped = ts_etl.data[0]
    report2 = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        partial = dask_to_dagsim.to_dagsim(best, task_stream=ts_etl.data[1:], default_duration_ms=7.5,
                                           report=report2)
    missing = [t for t in partial["tasks"] if t["duration_ms"] == 7.5]
    fail.check(report2["defaulted"] == [dask_to_dagsim._key_str(dropped["key"])] and len(missing) == 1
               and len(caught) == 1, f"etl: a dropped stream record gave defaulted {report2['defaulted']}")

    # ---- dask.array and dask.bag: tuple keys, culling, finalize ----------------
    report = {}
    graph = dask_to_dagsim.to_dagsim(arr, bag, task_stream=ts_arr.data, nbytes="stream", report=report)
    path = work / "array-bag.json"
    path.write_text(json.dumps(graph))
    keys = {t["key"] for t in graph["tasks"]}
    fail.check(len(keys) == len(graph["tasks"]) == len(ran_keys(ts_arr.data)),
               f"array+bag: {len(graph['tasks'])} tasks in the JSON, {len(ran_keys(ts_arr.data))} run by distributed")
    # Dask names the finalize tasks afresh on every compute: only those may differ
    renamed = keys - ran_keys(ts_arr.data)
    fail.check(all("finalize" in k for k in renamed), f"array+bag: keys not run by distributed {sorted(renamed)[:3]}")
    fail.check(report["defaulted"] == [] and report["unmatched_stream_keys"] == [],
               f"array+bag: durations defaulted for {report['defaulted']}, "
               f"stream keys left over {report['unmatched_stream_keys']}")
    # ... and each is paired with its own collection's run (told apart by the result's type)
    typename = {dask_to_dagsim._key_str(r["key"]): r.get("typename") for r in ts_arr.data}
    result_type = {}  # the result's type, by the keys (not renamed) of each collection
    for coll, result in ((arr, got_arr), (bag, got_bag)):
        for k in dask_to_dagsim.dask_graph(coll):
            result_type[dask_to_dagsim._key_str(k)] = f"{type(result).__module__}.{type(result).__name__}"
    deps = {t["key"]: t["deps"] for t in graph["tasks"]}

    def of(key):  # the collection's result type, from the first dep not renamed
        while key not in result_type and deps.get(key):
            key = deps[key][0]
        return result_type.get(key, "?").replace("builtins.", "")

    fail.check(sorted(report["renamed"]) == sorted(renamed), f"array+bag: renamed {report['renamed']}")
    for g, s in report["renamed"].items():
        fail.check(typename[s] == of(g), f"array+bag: {g} ({of(g)}) was matched with {s}, a {typename[s]}")
    fail.check(any(k.startswith("(") for k in keys), "array+bag: no tuple key (stringified) in the JSON")
    fail.check(any(t["prefix"].startswith("finalize") for t in graph["tasks"]), "array+bag: no finalize task")
    fail.check(any(t["bytes"] > 0 for t in graph["tasks"]), 'array+bag: nbytes="stream" gave no bytes')
    fail.check(len(graph["tasks"]) < 100 + 100, f"array+bag: {len(graph['tasks'])} tasks, the slice was not culled")
    check_imported(fail, binary, path, graph, "array+bag")
    # a task stream saved as JSON: tuple keys become lists, and still match
    saved = json.loads(json.dumps([{k: r[k] for k in ("key", "startstops", "status")} for r in ts_arr.data]))
    report2 = {}
    again = dask_to_dagsim.to_dagsim(arr, bag, task_stream=saved, report=report2)
    fixed = {t["key"]: t["duration_ms"] for t in graph["tasks"] if "finalize" not in t["key"]}
    fail.check(report2["defaulted"] == [] and fixed == {t["key"]: t["duration_ms"] for t in again["tasks"]
                                                       if "finalize" not in t["key"]},
               f"array+bag: a JSON round-tripped task stream (list keys) left {len(report2['defaulted'])} "
               f"keys unmatched, e.g. {report2['defaulted'][:1]}")
    dagsim(binary, "simulate", "--graph", str(path), "--bandwidth", "100")
    # without a stream: every task gets the default
    path = work / "plain.json"
    plain = dask_to_dagsim.dump(str(path), da.ones((100, 100), chunks=10).sum(), default_duration_ms=2)
    fail.check(json.loads(path.read_text()) == plain, "dump: the file is not what to_dagsim returned")
    fail.check(all(t["duration_ms"] == 2 and t["bytes"] == 0 for t in plain["tasks"]), "array: defaults not applied")
    check_imported(fail, binary, path, plain, "array without stream")

    # ---- measure(): the graph it runs is the graph it exports ------------------
    check_measured(fail, binary, work / "measured-etl.json", "measure etl", m_etl, m_report["etl"], ts_m_etl,
                   dask_to_dagsim.to_dagsim(best, task_stream=ts_etl.data))
    for t in m_etl["tasks"]:
        sleep = SLEEP_MS.get(t["prefix"], 0)
        fail.check(t["duration_ms"] >= sleep - CLOCK_SLACK_MS,
                   f"measure etl: {t['key']} took {t['duration_ms']:.3f} ms, less than its {sleep} ms sleep")
    check_measured(fail, binary, work / "measured-array-bag.json", "measure array+bag", m_arr,
                   m_report["array+bag"], ts_m_arr, dask_to_dagsim.to_dagsim(arr, bag, task_stream=ts_arr.data))
    finalize = [t["key"] for t in m_arr["tasks"] if t["prefix"].startswith("finalize")]
    fail.check(len(finalize) >= 2 and not set(finalize) & ran_keys(ts_arr.data),
               f"measure array+bag: finalize keys {finalize} (one per collection, new ones)")
    fail.check(any(t["bytes"] > 0 for t in m_arr["tasks"]), "measure array+bag: no bytes recorded by default")
    m = check_measurement(fail, "measure etl", m_etl, 2, 2)
    check_priorities(fail, "measure etl", m_etl)
    fail.check({k: t["priority"] for k, t in m["tasks"].items()} == m_etl["dask"]["priority"],
               "measure etl: the dask section's priorities are not the measurement's")
    cal = m.get("calibration", {})
    fail.check(all(cal.get(k, 0) > 0 for k in ("scheduler_us_per_task", "worker_us_per_task", "pickle_mb_s"))
               and cal.get("transfer", {}).get("method") == "between workers"
               and cal["transfer"]["bandwidth_mb_s"] > 0, f"measure etl: calibration {cal}")
    m = check_measurement(fail, "measure array+bag", m_arr, 2, 2)
    fail.check("calibration" not in m, "measure(calibrate=False) calibrated")
    fail.check(m_single["measurement"].get("calibration", {}).get("scheduler_us_per_task", 0) > 0,
               "the single-file converter (dask_calibrate.py appended) did not calibrate")
    fail.check(sorted(t["prefix"] for t in m_flaky["tasks"]) == ["flaky", "sum"],
               f"measure with retries=1: {m_flaky}")
    fail.check("Client" in no_client, f"measure without a Client: {no_client}")

    tmp.cleanup()
    took = time.monotonic() - t0
    if fail:
        print(f"dask_to_dagsim: FAIL ({len(fail)} problems, {took:.1f}s)")
        for f in fail[:20]:
            print("  -", f)
        return 1
    print(f"dask_to_dagsim: OK — etl {n_expected} tasks, array+bag {len(keys)} tasks, all measured "
          f"(to_dagsim and measure), imported by dagsim ({took:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
