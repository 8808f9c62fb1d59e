"""The fidelity table (markdown) from validation/fidelity/results.json.

    .venv/bin/python validation/fidelity/table.py [results.json]
"""
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

ESTEE = "ESTEE's paper reports 3.47 % mean error against Dask (its own workloads and cluster)"


def _geo(xs):
    xs = [max(abs(x), 1e-4) for x in xs]
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else float("nan")


def _hosts(runs):
    """Which host the predictions ran on (each file's own by default, `simulate --host-cores`)."""
    cores = sorted({r.get("host_cores", 0) for r in runs})
    if cores == [0]:
        return "every thread its own core (the files do not say their workers shared a host)"
    return (f"the measured host, as each file records it ({' or '.join(map(str, cores))} cores shared by the "
            "scheduler, the client and every worker: a LocalCluster)")


def render(results):
    """(markdown, summary dict) of `results`."""
    runs = results["runs"]
    real = defaultdict(list)  # (workload, shape) -> real makespans
    for r in runs:
        real[(r["workload"], "%dx%d" % tuple(r["shape"]))].append(r["real_ms"])
    mean = {k: sum(v) / len(v) for k, v in real.items()}
    rows = defaultdict(lambda: {"model": [], "trivial": []})  # (workload, from, to) -> errors per rep
    for r in runs:
        src = "%dx%d" % tuple(r["shape"])
        for dst, p in r["predicted_ms"].items():
            if (r["workload"], dst) not in mean:
                continue
            actual = mean[(r["workload"], dst)]
            rows[(r["workload"], src, dst)]["model"].append(p / actual - 1)
            rows[(r["workload"], src, dst)]["trivial"].append(r["trivial_ms"][dst] / actual - 1)
    out = [f"Measured {results['date']} on {results['machine']}, {results['cores']} cores, dask {results['dask']}; "
           f"load average {results['load_average_before'][0]:.1f} before, {results['load_average_after'][0]:.1f} "
           "after (other jobs shared the machine). Error = predicted / mean real − 1, per repetition's file; "
           "the table shows the mean over repetitions.\n",
           "| workload | measured → predicted | real ms (spread) | model ms | model error | trivial error |",
           "|---|---|---:|---:|---:|---:|"]
    same, cross, cross_triv, same_triv = [], [], [], []
    held = set(results.get("held_out", ()))
    held_same, held_cross = [], []
    for (w, src, dst), e in sorted(rows.items()):
        reals = real[(w, dst)]
        spread = (max(reals) - min(reals)) / mean[(w, dst)] if len(reals) > 1 else 0.0
        m, t = sum(e["model"]) / len(e["model"]), sum(e["trivial"]) / len(e["trivial"])
        (same if src == dst else cross).extend(e["model"])
        (same_triv if src == dst else cross_triv).extend(e["trivial"])
        if w in held:
            (held_same if src == dst else held_cross).extend(e["model"])
        out.append(f"| {w} | {src} → {dst} | {mean[(w, dst)]:.0f} (±{100 * spread / 2:.0f} %) | "
                   f"{mean[(w, dst)] * (1 + m):.0f} | {100 * m:+.1f} % | {100 * t:+.1f} % |")
    spreads = [(max(v) - min(v)) / (sum(v) / len(v)) for v in real.values() if len(v) > 1]
    # the noise floor: a model predicting each measured run's own makespan exactly
    floor = [x / mean[k] - 1 for k, v in real.items() for x in v]
    summary = {
        "same_shape_geomean": _geo(same), "cross_shape_geomean": _geo(cross),
        "cross_shape_worst": max(map(abs, cross), default=float("nan")),
        "trivial_same_geomean": _geo(same_triv), "trivial_cross_geomean": _geo(cross_triv),
        "repetition_spread_median": sorted(spreads)[len(spreads) // 2] if spreads else 0.0,
        "noise_floor_geomean": _geo(floor),
    }
    out += ["",
            f"- same shape, file defaults: geometric mean |error| **{100 * summary['same_shape_geomean']:.1f} %** "
            f"(trivial formula {100 * summary['trivial_same_geomean']:.1f} %)",
            f"- other shape: geometric mean **{100 * summary['cross_shape_geomean']:.1f} %**, worst "
            f"{100 * summary['cross_shape_worst']:.1f} % (trivial formula "
            f"{100 * summary['trivial_cross_geomean']:.1f} %)",
            f"- repetition spread (max − min over mean, median over workload × shape): "
            f"{100 * summary['repetition_spread_median']:.1f} %",
            f"- noise floor: a model that predicted every measured run's own makespan exactly would score "
            f"{100 * summary['noise_floor_geomean']:.1f} % against the mean of the repetitions",
            f"- predicted on: {_hosts(runs)}",
            f"- for reference: {ESTEE}", ""]
    if held_same or held_cross:
        summary["held_out_same_geomean"], summary["held_out_cross_geomean"] = _geo(held_same), _geo(held_cross)
        out.insert(-2, f"- held out ({', '.join(sorted(held))}: added after the model's last change, never "
                       f"adjusted for): same shape {100 * _geo(held_same):.1f} %, other shape "
                       f"{100 * _geo(held_cross):.1f} %, worst {100 * max(map(abs, held_cross), default=0):.1f} %")
    return "\n".join(out), summary


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "results.json")
    print(render(json.loads(path.read_text()))[0])
