#!/usr/bin/env python3
"""dagsim against real Dask, in one run on one machine: graph construction,
per-task scheduling overhead, makespan / lower bound, and the simulator's
prediction of Dask's makespans. Writes comparison.json, comparison.md and two
charts (PNG) into --out.

    .venv/bin/python scripts/bench-dask.py --out DIR [--quick] [--wasm wasm.json]

The Dask side runs the very script `dagsim export dask` writes (the same
graph and the same task bodies), so both sides do the same work.
"""
import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

import dask
import distributed
from distributed import Client, LocalCluster

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The release CLI for real numbers; `make bench-quick` points DAGSIM at the debug build.
DAGSIM = os.environ.get("DAGSIM", os.path.join(ROOT, "target", "release", "dagsim"))
# Overheads are measured with the smallest synthetic files, so task bodies cost
# next to nothing on either side (Python bodies in Dask, Rust in dagsim).
TINY = 4


def dagsim(*args):
    out = subprocess.run([DAGSIM, *map(str, args)], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def pipeline(files, compares, records=64):
    """Imports the exported Dask script for this spec as a module."""
    script = subprocess.run([DAGSIM, "export", "dask", "--files", str(files), "--compares", str(compares),
                             "--records-per-file", str(records)], check=True, capture_output=True, text=True).stdout
    path = os.path.join(tempfile.mkdtemp(), f"etl_{files}_{compares}_{records}.py")
    with open(path, "w") as f:
        f.write(script)
    spec = importlib.util.spec_from_file_location(f"etl_{files}_{compares}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best_of(n, fn):
    return min(fn() for _ in range(n))


def construction(sizes):
    rows = []
    for target in sizes:
        files = max(3, target // 4)
        m = pipeline(files, files)
        def build():
            t = time.perf_counter()
            best = m.build(0)
            return time.perf_counter() - t, best
        seconds = min(build()[0] for _ in range(3))
        (opt,) = dask.optimize(m.build(0))
        tasks = len(dict(opt.__dask_graph__()))
        ours = best_of(3, lambda: dagsim("graph", "--files", files, "--compares", files)["build_ms"])
        rows.append({"tasks": tasks, "dask_us": 1e6 * seconds / tasks, "dagsim_us": 1e3 * ours / tasks})
    return rows


def overhead(sizes, client):
    rows = []
    for target in sizes:
        files = max(3, target // 4)
        m = pipeline(files, files, TINY)
        (opt,) = dask.optimize(m.build(0))
        tasks = len(dict(opt.__dask_graph__()))
        row = {"tasks": tasks}
        graph = m.build(0)  # built once, outside the timings: construction is measured separately
        for name, run in [
            ("sync", lambda: dask.compute(graph, scheduler="sync")),
            ("threads", lambda: dask.compute(graph, scheduler="threads", num_workers=2)),
            ("distributed", lambda: client.compute(graph).result()),
        ]:
            def timed():
                t = time.perf_counter()
                run()
                return time.perf_counter() - t
            row[name] = 1e6 * best_of(2, timed) / tasks
        r = min((dagsim("run", "--files", files, "--compares", files, "--records-per-file", TINY, "--threads", 2,
                        "--time-scale", 0) for _ in range(3)),
                key=lambda r: r["makespan_ms"])
        row["dagsim_native"] = 1e3 * r["makespan_ms"] / tasks
        rows.append(row)
    return rows


def makespans(threads, scale):
    """Large example: Dask threads vs dagsim, and the simulator's prediction."""
    m = pipeline(100, 200)
    summary = dagsim("graph", "--files", 100, "--compares", 200)
    rows = []
    for t in threads:
        bound = max(summary["work_ms"] * scale / t, summary["span_ms"] * scale)
        graph = m.build(scale)
        start = time.perf_counter()
        dask.compute(graph, scheduler="threads", num_workers=t)
        dask_ms = 1e3 * (time.perf_counter() - start)
        ours = dagsim("run", "--files", 100, "--compares", 200, "--threads", t, "--time-scale", scale)["makespan_ms"]
        predicted = dagsim("simulate", "--files", 100, "--compares", 200, "--workers", 1, "--threads-per-worker", t,
                           "--policy", "dask-like", "--time-scale", scale)["makespan_ms"]
        rows.append({"threads": t, "bound_ms": bound, "dask_ms": dask_ms, "dagsim_ms": ours, "predicted_ms": predicted})
    return rows


def charts(result, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ms = result["makespan"]
    fig, ax = plt.subplots(figsize=(6, 4), dpi=110)
    threads = [r["threads"] for r in ms]
    base_dask, base_ours = ms[0]["dask_ms"] * ms[0]["threads"], ms[0]["dagsim_ms"] * ms[0]["threads"]
    ax.plot(threads, [base_dask / r["dask_ms"] for r in ms], "o-", label="Dask threaded")
    ax.plot(threads, [base_ours / r["dagsim_ms"] for r in ms], "s-", label="dagsim (native)")
    ax.plot(threads, [base_ours / r["predicted_ms"] for r in ms], "x--", label="dagsim simulator")
    ax.plot(threads, threads, ":", color="grey", label="ideal")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log", base=2)
    ax.set_xticks(threads, [str(t) for t in threads])
    ax.set_yticks(threads, [f"{t}×" for t in threads])
    ax.set_xlabel("threads")
    ax.set_ylabel("speedup vs 1 thread")
    ax.set_title("Large example (100/200), sleep latency × %g" % result["scale"])
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(out, "bench-speedup.png"))

    ov = result["overhead"]
    fig, ax = plt.subplots(figsize=(6, 4), dpi=110)
    tasks = [r["tasks"] for r in ov]
    for key, label in [("sync", "Dask sync"), ("threads", "Dask threads"), ("distributed", "Dask distributed"),
                       ("dagsim_native", "dagsim native (2 threads)")]:
        ax.plot(tasks, [r[key] for r in ov], "o-", label=label)
    if result.get("wasm"):
        w = [r for r in result["wasm"]["overhead"] if r["threads"] == 2]
        ax.plot([r["tasks"] for r in w], [1e3 * r["makespan_ms"] / r["tasks"] for r in w], "s-", label="dagsim WASM (2 threads)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("tasks (zero latency)")
    ax.set_ylabel("wall time per task (µs)")
    ax.set_title("Scheduling overhead per task")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(out, "bench-overhead.png"))


def markdown(r):
    lines = [
        f"Machine: {r['machine']}; date {r['date']}; Python {r['python']}, dask {r['dask']}, distributed {r['distributed']}, "
        f"{r.get('wasm', {}).get('chromium', 'no browser run')}. Every ratio below comes from this one run.",
        "",
        "![Speedup vs threads](docs/bench-speedup.png) ![Overhead vs graph size](docs/bench-overhead.png)",
        "",
        "**Graph construction** (µs per task; dagsim native from `dagsim graph`, one process per build)",
        "",
        "| tasks | dask.delayed | dagsim native | ratio |" + (" dagsim WASM |" if r.get("wasm") else ""),
        "|---:|---:|---:|---:|" + ("---:|" if r.get("wasm") else ""),
    ]
    wasm_build = {w["tasks"]: w["us_per_task"] for w in r.get("wasm", {}).get("build", [])}
    for c in r["construction"]:
        w = min(wasm_build.items(), key=lambda kv: abs(kv[0] - c["tasks"]))[1] if wasm_build else None
        lines.append(f"| {c['tasks']} | {c['dask_us']:.1f} | {c['dagsim_us']:.2f} | {c['dask_us'] / c['dagsim_us']:.0f}× |"
                     + (f" {w:.2f} (nearest size) |" if w is not None else ""))
    lines += ["", "**Per-task overhead, zero latency** (wall time / tasks, µs; 4 records per file so bodies are negligible)", "",
              "| tasks | Dask sync | Dask threads (2) | Dask distributed (1 worker × 2 threads) | dagsim native (2 threads) | Dask threads ÷ dagsim |",
              "|---:|---:|---:|---:|---:|---:|"]
    for o in r["overhead"]:
        lines.append(f"| {o['tasks']} | {o['sync']:.1f} | {o['threads']:.1f} | {o['distributed']:.1f} | {o['dagsim_native']:.2f} | {o['threads'] / o['dagsim_native']:.0f}× |")
    lines += ["", f"**Makespan ÷ lower bound**, large example, sleep latency × {r['scale']}, and the simulator's prediction (dask-like policy, 1 worker × T threads)", "",
              "| threads | bound ms | Dask threads ms | ratio | dagsim ms | ratio | simulated ms | sim ÷ Dask | sim ÷ dagsim |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for m in r["makespan"]:
        lines.append(f"| {m['threads']} | {m['bound_ms']:.0f} | {m['dask_ms']:.0f} | {m['dask_ms'] / m['bound_ms']:.3f} | {m['dagsim_ms']:.0f} | "
                     f"{m['dagsim_ms'] / m['bound_ms']:.3f} | {m['predicted_ms']:.0f} | {m['predicted_ms'] / m['dask_ms']:.3f} | {m['predicted_ms'] / m['dagsim_ms']:.3f} |")
    if r.get("wasm"):
        lines += ["", f"**In the page**: wasm {r['wasm_size']}; page load to engine ready {r['wasm']['engine_ready_ms']} ms, "
                      f"to the first finished run {r['wasm']['first_run_ms']} ms (headless Chromium, localhost)."]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run of the harness")
    parser.add_argument("--wasm", help="JSON written by www/scripts/bench-wasm.mjs --json")
    parser.add_argument("--wasm-size", default="", help="a line describing the wasm sizes")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    quick = args.quick
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}",
        "date": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "dask": dask.__version__,
        "distributed": distributed.__version__,
        "scale": 0.01 if quick else 0.1,
        "wasm_size": args.wasm_size,
    }
    if args.wasm:
        with open(args.wasm) as f:
            result["wasm"] = json.load(f)
    result["construction"] = construction([500] if quick else [500, 5_000, 20_000])
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        result["overhead"] = overhead([500] if quick else [500, 5_000, 20_000], client)
    result["makespan"] = makespans([1, 2] if quick else [1, 2, 4, 8], result["scale"])
    with open(os.path.join(args.out, "comparison.json"), "w") as f:
        json.dump(result, f, indent=1)
    with open(os.path.join(args.out, "comparison.md"), "w") as f:
        f.write(markdown(result))
    charts(result, args.out)
    print(markdown(result))


if __name__ == "__main__":
    sys.exit(main())
