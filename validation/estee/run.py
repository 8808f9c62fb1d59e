#!/usr/bin/env python3
"""Cross-check of dagsim against ESTEE itself (`make estee ESTEE=DIR`).

    python validation/estee/run.py --estee DIR [--dagsim BIN] [--quick] [--bandwidth MiB/s]
                              [--schedulers a,b] [--out DIR]

Generates ESTEE's benchmark graphs with ESTEE's generators (graphs.py, fixed
seeds), converts each to dagsim's graph JSON, and simulates it in ESTEE and
in dagsim (`dagsim simulate --graph F --policy P --network N ...`) for every
scheduler pair of estee_side.SCHEDULERS × network models simple and maxmin ×
clusters 8×4 and 32×4. Prints, per scheduler × network model, the geometric
mean of |makespan difference| over the cases, the worst case, and the speed
ratio (ESTEE's time per simulation ÷ dagsim's: ESTEE's Simulator.run, dagsim's
sim::simulate timed in process by benches/estee.rs; the time of the whole
`dagsim simulate` process, which also starts and reads the graph, is in
results.json as dagsim_cli_s). Writes every case to OUT/results.json and the
table to OUT/table.md. Every graph of ESTEE's benchmark is run: tasks of
several CPUs and several outputs go into graph JSON version 2.
ESTEE's results are kept in OUT/estee-cache-N.json (by graph, cluster, network,
scheduler, bandwidth and seed; N is CACHE_VERSION, raised whenever
estee_side.py changes what a scheduler name runs), so a second run
re-simulates only dagsim; delete the file after changing the ESTEE checkout.
"""
import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLUSTERS = [(8, 4), (32, 4)]
NETWORKS = ["simple", "maxmin"]
SEED = 42
# Raised whenever estee_side.py changes what a scheduler name runs in ESTEE.
CACHE_VERSION = 2


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--estee", required=True, help="a checkout of ESTEE (its top directory)")
    parser.add_argument("--dagsim", default=str(ROOT / "target/release/dagsim"))
    parser.add_argument("--out", default=str(ROOT / "target/estee"))
    parser.add_argument("--bandwidth", type=float, default=128.0,
                        help="MiB/s, as in ESTEE's benchmark (32 … 8192)")
    parser.add_argument("--schedulers", help="comma-separated ESTEE names (default: all pairs)")
    parser.add_argument("--graphs", help="comma-separated graph names (default: all)")
    parser.add_argument("--quick", action="store_true",
                        help="four small graph shapes on 8x4 only: checks the pipeline")
    return parser.parse_args()


def dagsim_downloads(network):
    """dagsim's download limits for ESTEE's under `network`: total and per
    sender (None: no limit but the total). dagsim allows at most 4,096 at
    once where ESTEE's paper benchmark has no limit (more than any worker
    here ever fetches at once)."""
    import estee_side  # imported by main(), with the checkout on the path
    total, per_sender = estee_side.DOWNLOADS[network]
    return min(total, 4096), per_sender if per_sender < total else None


def run_dagsim(binary, path, policy, network, workers, cpus, bandwidth, downloads):
    """dagsim's makespan (s) of the graph file `path`, and the process's wall time (s)."""
    total, per_sender = downloads
    argv = [binary, "simulate", "--graph", str(path), "--policy", policy,
            "--network", network, "--workers", str(workers),
            "--threads-per-worker", str(cpus), "--bandwidth", str(bandwidth),
            "--downloads", str(total)]
    if per_sender is not None:
        argv += ["--downloads-per-sender", str(per_sender)]
    start = time.perf_counter()
    out = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - start
    if out.returncode:
        raise RuntimeError(f"{' '.join(argv)}: {out.stderr.strip()}")
    return json.loads(out.stdout)["makespan_ms"] / 1e3, wall


def in_process_us(results):
    """dagsim's time per simulation of every case in `results`, µs, timed in
    process by benches/estee.rs (without starting a process or reading the graph)."""
    out = subprocess.run(["cargo", "bench", "--quiet", "--bench", "estee", "--", str(results)],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def geo_mean(values, floor=1e-6):
    """Geometric mean of |values|, each at least `floor` (an exact match
    would make it 0; with many exact matches it is near 0 whatever the
    others, so the table also gives the arithmetic mean)."""
    return math.exp(sum(math.log(max(abs(v), floor)) for v in values) / len(values))


def table(cases, schedulers):
    """The markdown table of `cases`: a row per scheduler × network model."""
    lines = ["| ESTEE scheduler | dagsim policy | network | cases | geo-mean \\|diff\\| | mean \\|diff\\| | "
             "worst diff (graph, cluster) | within 1 % | ESTEE ms/sim | dagsim µs/sim | speed ratio: geo-mean, pooled |",
             "|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|"]
    for name in schedulers:
        for network in NETWORKS:
            rows = [c for c in cases if c["scheduler"] == name and c["network"] == network]
            if not rows:
                continue
            worst = max(rows, key=lambda c: abs(c["diff"]))
            estee_ms = 1e3 * sum(c["estee_s"] for c in rows) / len(rows)
            dagsim_us = 1e6 * sum(c["dagsim_s"] for c in rows) / len(rows)
            ratios = [c["estee_s"] / c["dagsim_s"] for c in rows]
            lines.append(
                f"| {name} | {rows[0]['policy']} | {network} | {len(rows)} | "
                f"{100 * geo_mean([c['diff'] for c in rows]):.2f} % | "
                f"{100 * sum(abs(c['diff']) for c in rows) / len(rows):.2f} % | "
                f"{100 * worst['diff']:+.2f} % ({worst['graph']}, {worst['cluster']}) | "
                f"{sum(abs(c['diff']) <= 0.01 for c in rows)}/{len(rows)} | "
                f"{estee_ms:.1f} | {dagsim_us:.0f} | {geo_mean(ratios):.0f}×, {estee_ms * 1e3 / dagsim_us:.0f}× |")
    return "\n".join(lines) + "\n"


def main():
    args = parse_args()
    sys.path.insert(0, str(Path(args.estee).resolve()))
    sys.path.insert(0, str(Path(__file__).parent))
    import estee_side  # noqa: E402  (after the checkout is on the path)
    import graphs  # noqa: E402

    schedulers = args.schedulers.split(",") if args.schedulers else list(estee_side.SCHEDULERS)
    wanted = set(args.graphs.split(",")) if args.graphs else set(graphs.QUICK) if args.quick else None
    clusters = CLUSTERS[:1] if args.quick else CLUSTERS
    out = Path(args.out)
    (out / "graphs").mkdir(parents=True, exist_ok=True)
    cache_path = out / f"estee-cache-{CACHE_VERSION}.json"
    cache = json.loads(cache_path.read_text()) if cache_path.exists() else {}
    cases = []
    for graph_set, name, generator, gen_args in graphs.GENERATORS:
        if wanted is not None and name not in wanted:
            continue
        graph = graphs.generate(generator, gen_args, SEED)
        path = out / "graphs" / f"{name}.json"
        path.write_text(json.dumps(graphs.to_dagsim(graph)))
        for (workers, cpus), network, scheduler in (
                (c, n, s) for c in clusters for n in NETWORKS for s in schedulers):
            policy = estee_side.SCHEDULERS[scheduler][1]
            key = f"{name}/{workers}x{cpus}/{network}/{scheduler}/{args.bandwidth:g}/{SEED}"
            if key not in cache:
                cache[key] = estee_side.simulate(
                    graph, scheduler, network, workers, cpus, args.bandwidth, SEED)
                cache_path.write_text(json.dumps(cache))
            estee_makespan, estee_s = cache[key]
            downloads = dagsim_downloads(network)
            dagsim_makespan, dagsim_s = run_dagsim(
                args.dagsim, path, policy, network, workers, cpus, args.bandwidth, downloads)
            diff = dagsim_makespan / estee_makespan - 1 if estee_makespan else 0.0
            case = {"graph": name, "set": graph_set, "tasks": graph.task_count,
                    "cluster": f"{workers}x{cpus}", "network": network,
                    "scheduler": scheduler, "policy": policy,
                    "downloads": downloads[0], "downloads_per_sender": downloads[1],
                    "estee": estee_makespan, "dagsim": dagsim_makespan, "diff": diff,
                    "estee_s": estee_s, "dagsim_cli_s": dagsim_s}
            cases.append(case)
            print(f"{name:18} {case['cluster']:5} {network:7} {scheduler:10} "
                  f"estee {estee_makespan:10.3f} s  dagsim {dagsim_makespan:10.3f} s  "
                  f"{100 * diff:+7.2f} %  ({1e3 * estee_s:7.1f} / {1e3 * dagsim_s:5.1f} ms)",
                  flush=True)
    results = out / "results.json"
    results.write_text(json.dumps(
        {"bandwidth": args.bandwidth, "seed": SEED, "cases": cases}, indent=1))
    for case, us in zip(cases, in_process_us(results)):
        case["dagsim_s"] = us / 1e6
    text = (f"Bandwidth {args.bandwidth:g} MiB/s, seed {SEED}, clusters "
            f"{', '.join(f'{w}x{c}' for w, c in clusters)}; {platform.node()}, "
            f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}, "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.\n\n"
            + table(cases, schedulers))
    results.write_text(json.dumps(
        {"bandwidth": args.bandwidth, "seed": SEED, "cases": cases}, indent=1))
    (out / "table.md").write_text(text)
    print()
    print(text)


if __name__ == "__main__":
    main()
