#!/usr/bin/env python3
"""Dask's Custom ETL pipeline, exported by dagsim: runs unchanged on dask.distributed.

The task bodies compute the same data with the same arithmetic as dagsim (same
splitmix64 draws, same order of floating-point operations), so this script's
answer equals `dagsim run` for the same spec, bit for bit.

    python this_script.py [--time-scale X] [--scheduler ADDRESS] [--threads-only]

Without --scheduler (or $DASK_SCHEDULER_ADDRESS) it starts a LocalCluster.
The last line printed is JSON: {"best": [a, b], "score": ..., "tasks": ...}.
"""
import argparse
import contextlib
import json
import math
import os
import time

import dask
from dask import delayed
from distributed import Client, LocalCluster, progress

# ---- the spec (written by dagsim) -----------------------------------------
FILES = {files}
COMPARES = {compares}
SEED = {seed}
RECORDS_PER_FILE = {records_per_file}
LATENCY = {latency}  # seconds, uniform [lo, hi) per op

# ---- splitmix64 streams (see dagsim's src/prng.rs) ------------------------
MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
PAIRS, LATENCY_DRAWS, FILE_DATA, REFERENCE = 1, 2, 3, 4


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


class SplitMix64:
    def __init__(self, seed, purpose, index):
        self.state = mix(seed ^ mix(((purpose << 32) + index) & MASK))

    def next_u64(self):
        self.state = (self.state + GOLDEN) & MASK
        return mix(self.state)

    def uniform(self):
        return (self.next_u64() >> 11) * (1.0 / 9007199254740992.0)

    def below(self, n):
        return min(int(self.uniform() * n), n - 1)


def duration_s(op, number):
    lo, hi = LATENCY[op]
    return lo + (hi - lo) * SplitMix64(SEED, LATENCY_DRAWS, number).uniform()


def total(values):
    """Left-to-right sum (Python >= 3.12's sum() compensates; dagsim does not)."""
    acc = 0.0
    for v in values:
        acc += v
    return acc


def spend(op, number, scale):
    """Sleeps the task's drawn latency times `scale` (0 = no sleep)."""
    if scale > 0:
        time.sleep(duration_s(op, number) * scale)


# ---- the task bodies (see dagsim's src/etl/bodies.rs) ---------------------
# Each takes its task number (for its latency draw) and the time scale.
def load(address, file, number, scale):
    spend("load", number, scale)
    g = SplitMix64(SEED, FILE_DATA, file)
    period = 1 + file % 5
    readings = []
    for j in range(RECORDS_PER_FILE):
        u1, u2 = g.uniform(), g.uniform()
        readings.append(-1.0 if u1 < 0.05 else float((j * period) % 17) + 4.0 * u2)
    return readings


def load_from_sql(address, number, scale):
    spend("load_from_sql", number, scale)
    g = SplitMix64(SEED, REFERENCE, 0)
    offset, scale = [], []
    for _ in range(RECORDS_PER_FILE):
        offset.append(2.0 * g.uniform() - 1.0)
        scale.append(0.5 + g.uniform())
    return offset, scale


def process(data, reference, number, scale):
    spend("process", number, scale)
    offset, scale = reference
    last, cleaned = 0.0, []
    for r, o, s in zip(data, offset, scale):
        if r >= 0.0:
            last = min(max((r - o) * s, -50.0), 50.0)
        cleaned.append(last)
    return cleaned


def roll(a, b, c, number, scale):
    spend("roll", number, scale)
    s = a + b + c
    return [(s[k] + s[k + 1] + s[k + 2] + s[k + 3]) / 4.0 for k in range(len(s) - 3)]


def compare(a, b, i, j, number, scale):
    spend("compare", number, scale)
    lead = 4
    x, y = a[: len(a) - lead], b[lead:]
    n = float(len(x))
    mean_x, mean_y = total(x) / n, total(y) / n
    cov = var_x = var_y = 0.0
    for xi, yi in zip(x, y):
        dx, dy = xi - mean_x, yi - mean_y
        cov += dx * dy
        var_x += dx * dx
        var_y += dy * dy
    score = cov / math.sqrt(var_x * var_y) if var_x * var_y > 0.0 else 0.0
    return (i, j, score)


def reduction(seq, number, scale):
    spend("reduction", number, scale)
    best = None
    for s in seq:
        if best is None or s[2] > best[2]:
            best = s
    return best


# ---- the graph, built with dask.delayed like the notebook -----------------
def build(scale):
    n = FILES
    load_d, sql_d, process_d = delayed(load), delayed(load_from_sql), delayed(process)
    roll_d, compare_d, reduction_d = delayed(roll), delayed(compare), delayed(reduction)
    filenames = ["mydata-%d.dat" % i for i in range(n)]
    data = [load_d(fn, i, i, scale) for i, fn in enumerate(filenames)]
    reference = sql_d("sql://mytable", n, scale)
    processed = [process_d(d, reference, n + 1 + i, scale) for i, d in enumerate(data)]
    rolled = [roll_d(processed[i], processed[i + 1], processed[i + 2], 2 * n + 1 + i, scale) for i in range(n - 2)]
    compared = []
    for i in range(COMPARES):
        g = SplitMix64(SEED, PAIRS, i)
        a, b = g.below(n - 2), g.below(n - 2)
        compared.append(compare_d(rolled[a], rolled[b], a, b, 3 * n - 1 + i, scale))
    return reduction_d(compared, 3 * n - 1 + COMPARES, scale)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-scale", type=float, default=1.0, help="multiplies every sleep; 0 = no sleeps")
    parser.add_argument("--scheduler", default=os.environ.get("DASK_SCHEDULER_ADDRESS"), help="address of a running scheduler")
    parser.add_argument("--threads-only", action="store_true", help="LocalCluster in this process (threads, no worker processes)")
    args = parser.parse_args()
    if not (args.time_scale >= 0 and math.isfinite(args.time_scale)):
        parser.error(f"--time-scale must be a finite number >= 0, got {args.time_scale}")
    best = build(args.time_scale)
    # Tasks after Dask's own optimisation (culling): what the cluster runs.
    (optimized,) = dask.optimize(best)
    tasks = len(dict(optimized.__dask_graph__()))
    with contextlib.ExitStack() as stack:
        if args.scheduler:
            client = stack.enter_context(Client(args.scheduler))
        else:
            cluster = stack.enter_context(LocalCluster(processes=not args.threads_only, dashboard_address=None))
            client = stack.enter_context(Client(cluster))
        future = client.compute(best)
        progress(future)
        a, b, score = future.result()
    print()
    print(json.dumps({"best": [a, b], "score": score, "tasks": tasks}))


if __name__ == "__main__":
    main()
