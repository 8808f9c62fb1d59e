#!/usr/bin/env python3
"""The fidelity suite: real Dask against dagsim's calibrated Dask model.

    .venv/bin/python validation/fidelity/run.py [--quick] [--reps N] [--only W,...] [--out DIR] [--dagsim BIN]

For each LocalCluster(processes=True) shape (1x1, 1x2, 2x1: what fits 2
cores) and repetition: calibrate the cluster (dask_calibrate.calibrate), then
measure() every workload of workloads.py on it. Then every measured file
predicts every shape (`dagsim simulate --graph F --workers P
--threads-per-worker T`, no other flag: the file's own calibration), beside
the trivial formula max(span, (work + n * overhead) / threads) with overhead =
1 / the calibrated no-op throughput. Writes DIR/results.json (raw: every real
makespan and prediction) and DIR/fidelity.md (the table; validation/fidelity/
table.py rebuilds it from the JSON); the measured graphs go to
target/fidelity/. --quick: two small workloads, 1x1 and 2x1, one repetition,
written under target/; checks the pipeline, not the accuracy. --only: those
workloads only (with --quick: check that they run).
--predict-only: predict again from the graphs the last run measured.
"""
import argparse
import json
import logging
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src" / "export"), str(Path(__file__).parent)]

import dask_calibrate  # noqa: E402
import dask_to_dagsim  # noqa: E402
import table  # noqa: E402
import workloads  # noqa: E402

import cloudpickle  # noqa: E402

cloudpickle.register_pickle_by_value(workloads)  # the workers need not import it

SHAPES = [(1, 1), (1, 2), (2, 1)]


def dagsim(binary, *args):
    out = subprocess.run([binary, *map(str, args)], capture_output=True, text=True, timeout=120)
    if out.returncode:
        raise RuntimeError(f"dagsim {' '.join(map(str, args))}: {out.stderr.strip()}")
    return json.loads(out.stdout)


def _warm_up(dask_worker=None):
    """Imports what the workloads use, so that no measured task pays for it."""
    import dask.array  # noqa: F401
    import dask.bag  # noqa: F401
    import dask.dataframe  # noqa: F401
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401
    from distributed.shuffle import _core  # noqa: F401


def measure_all(shapes, reps, loads, work, index):
    from distributed import Client, LocalCluster

    runs = []
    for workers, threads in shapes:
        with LocalCluster(n_workers=workers, threads_per_worker=threads, processes=True, dashboard_address=None,
                          silence_logs=logging.CRITICAL) as cluster, Client(cluster) as client:
            client.run(_warm_up)
            _warm_up()
            for rep in range(reps):
                cal = dask_calibrate.calibrate(client)
                for load in loads:
                    graph = dask_to_dagsim.measure(*load(), client=client, calibrate=False)
                    graph["measurement"]["calibration"] = cal
                    path = work / f"{load.__name__}-{workers}x{threads}-{rep}.json"
                    path.write_text(json.dumps(graph))
                    runs.append({"workload": load.__name__, "shape": [workers, threads], "rep": rep,
                                 "real_ms": graph["measurement"]["makespan_ms"], "tasks": len(graph["tasks"]),
                                 "file": str(path), "calibration": cal})
                    index.write_text(json.dumps(runs))
                    print(f"  {load.__name__:18} {workers}x{threads} rep {rep}: "
                          f"{graph['measurement']['makespan_ms']:8.0f} ms, {len(graph['tasks'])} tasks", flush=True)
    return runs


def predict_all(binary, runs, shapes):
    for run in runs:
        stats = dagsim(binary, "graph", "--graph", run["file"])
        cal = run["calibration"]
        overhead_ms = 1e3 / cal["noop_tasks_per_s"]
        run["predicted_ms"], run["trivial_ms"] = {}, {}
        for w, t in shapes:
            name = f"{w}x{t}"
            report = dagsim(binary, "simulate", "--graph", run["file"], "--workers", w, "--threads-per-worker", t)
            run["predicted_ms"][name] = report["makespan_ms"]
            run["host_cores"] = report.get("host_cores", 0)  # the file's host by default (0: a core per thread)
            run["trivial_ms"][name] = max(stats["span_ms"],
                                          (stats["work_ms"] + run["tasks"] * overhead_ms) / (w * t))
        run["file"] = Path(run["file"]).name


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--out", default=None, help="default: validation/fidelity (target/fidelity-quick with --quick)")
    ap.add_argument("--dagsim", default=str(ROOT / "target" / "release" / "dagsim"))
    ap.add_argument("--only", default=None, help="comma-separated workload names (default: all)")
    ap.add_argument("--predict-only", action="store_true",
                    help="predict again from the graphs the last run measured (target/fidelity/)")
    args = ap.parse_args()
    shapes = [(1, 1), (2, 1)] if args.quick else SHAPES
    loads = workloads.QUICK if args.quick else workloads.ALL
    if args.only:
        by_name = {w.__name__: w for w in workloads.ALL}
        unknown = [n for n in args.only.split(",") if n not in by_name]
        if unknown:
            ap.error(f"--only: unknown workload {unknown[0]!r}; one of {', '.join(by_name)}")
        loads = [by_name[n] for n in args.only.split(",")]
    reps = 1 if args.quick else args.reps
    out = Path(args.out or (ROOT / "target" / "fidelity-quick" if args.quick else Path(__file__).parent))
    out.mkdir(parents=True, exist_ok=True)
    work = ROOT / "target" / "fidelity" / ("graphs-quick" if args.quick else "graphs")
    work.mkdir(parents=True, exist_ok=True)
    index = work / "measured.json"
    t0 = time.time()
    load = os.getloadavg()
    if args.predict_only:
        saved = json.loads((work / "results-meta.json").read_text())
        runs, load, t0 = json.loads(index.read_text()), saved["load_average_before"], t0 - saved["seconds"]
        for run in runs:  # the graphs beside the index, wherever they were measured
            run["file"] = str(work / Path(run["file"]).name)
        date, load_after = saved["date"], saved["load_average_after"]
        shapes = sorted({tuple(r["shape"]) for r in runs})
    else:
        runs = measure_all(shapes, reps, loads, work, index)
        date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(t0))
        load_after = os.getloadavg()
        (work / "results-meta.json").write_text(json.dumps({"load_average_before": load, "seconds": time.time() - t0,
                                                            "date": date, "load_average_after": load_after}))
    predict_all(args.dagsim, runs, shapes)
    import dask
    results = {"date": date, "machine": platform.platform(),
               "cores": os.cpu_count(), "load_average_before": load, "load_average_after": load_after,
               "dask": dask.__version__, "seconds": time.time() - t0, "runs": runs,
               "held_out": [w.__name__ for w in workloads.HELD_OUT]}
    (out / "results.json").write_text(json.dumps(results, indent=1))
    text, summary = table.render(results)
    (out / "fidelity.md").write_text(text)
    print(text)
    bad = [r for r in runs for v in r["predicted_ms"].values() if not (v > 0 and v < 1e9)]
    if bad:
        print(f"fidelity: {len(bad)} predictions not positive and finite")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
