"""The fidelity suite's real Dask workloads: each a function returning the
collections to compute, sized to take about a second on a 2-core machine.
Nothing in dagsim's model was tuned on them (it is calibrated from
dask_calibrate's micro-benchmarks only)."""

import time


def array_reduction():
    import dask.array as da
    return [da.random.RandomState(0).random_sample((3000, 3000), chunks=500).std()]


def array_matmul():
    import dask.array as da
    x = da.random.RandomState(1).random_sample((1500, 1500), chunks=500)
    return [(x @ x.T).sum()]


def array_qr():
    import dask.array as da
    x = da.random.RandomState(2).random_sample((20000, 60), chunks=(2500, 60))
    q, r = da.linalg.qr(x)
    return [r.sum(), q[:10].sum()]


def _frame(n=200_000, parts=8):
    import dask.dataframe as dd
    import numpy as np
    import pandas as pd
    rng = np.random.default_rng(3)
    pdf = pd.DataFrame({"k": rng.integers(0, 1000, n), "v": rng.random(n), "w": rng.random(n)})
    return dd.from_pandas(pdf, npartitions=parts)


def df_groupby():
    return [_frame().groupby("k").v.mean()]


def df_shuffle_tasks():
    import dask
    with dask.config.set({"dataframe.shuffle.method": "tasks"}):
        return [_frame().shuffle(on="k").v.sum()]


def df_shuffle_p2p():
    import dask
    with dask.config.set({"dataframe.shuffle.method": "p2p"}):
        return [_frame().shuffle(on="k").v.sum()]


def bag_wordcount():
    import dask.bag as db
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
    lines = [" ".join(words[(i * j) % 8] for j in range(40)) for i in range(10000)]
    return [db.from_sequence(lines, npartitions=16).str.split().flatten().frequencies()]


def _etl_load(i):
    return [(i * 7919 + j) % 1000 for j in range(20000)]


def _etl_process(data, ref):
    return sorted(x ^ ref for x in data)


def _etl_roll(a, b, c):
    return [x + y + z for x, y, z in zip(a, b, c)]


def _etl_compare(a, b):
    return sum(abs(x - y) for x, y in zip(a, b))


def delayed_etl():
    """The seed's Custom ETL notebook's shape: load, process, roll of three, compare random pairs, reduce."""
    from dask import delayed
    files = 12
    loaded = [delayed(_etl_load)(i) for i in range(files)]
    ref = delayed(len)(loaded[0])
    processed = [delayed(_etl_process)(d, ref) for d in loaded]
    rolled = [delayed(_etl_roll)(processed[i], processed[i + 1], processed[i + 2]) for i in range(files - 2)]
    pairs = [(i, (i * 7 + 3) % (files - 2)) for i in range(16)]
    compared = [delayed(_etl_compare)(rolled[a % (files - 2)], rolled[b]) for a, b in pairs]
    return [delayed(max)(compared)]


def fine_grained():
    import dask.array as da
    return [da.ones((400, 400), chunks=10).sum()]


def _big_dict(i):
    return {f"{i}-{j}": j for j in range(150_000)}


def _merge(a, b):
    return len(a) + len(b)


def transfer_heavy():
    from dask import delayed
    parts = [delayed(_big_dict)(i) for i in range(8)]
    return [delayed(sum)([delayed(_merge)(parts[i], parts[(i + 3) % 8]) for i in range(8)])]


def _spin(n):
    s = 0
    for i in range(n):
        s += i * i
    return s


def python_tree():
    """Pure-Python tasks: GIL-bound; threads of one worker do not help."""
    from dask import delayed
    leaves = [delayed(_spin)(300_000) for _ in range(16)]
    return [delayed(sum)(leaves)]


ALL = [array_reduction, array_matmul, array_qr, df_groupby, df_shuffle_tasks, df_shuffle_p2p,
       bag_wordcount, delayed_etl, fine_grained, transfer_heavy, python_tree]
QUICK = [delayed_etl, fine_grained]
