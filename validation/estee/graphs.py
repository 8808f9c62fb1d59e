"""ESTEE's benchmark graphs, made by ESTEE's own generators, and their
conversion to dagsim's graph JSON.

The sets and sizes are those of ESTEE's `benchmarks/generate.py` (the
"elementary", "irw" and "pegasus" sets of the paper). Every graph is drawn
with Python's and numpy's generators seeded with `seed` just before it, so a
(name, seed) pair always gives the same graph. ESTEE's "exact" information
mode is applied (the schedulers see the real durations and sizes), as
dagsim's schedulers do.

Units: ESTEE's durations are seconds and its sizes MiB, its bandwidth MiB/s.
A dagsim graph stores milliseconds and bytes and a bandwidth in bytes/µs, so
durations are × 1000, sizes × 10⁶ (rounded to whole bytes) and the bandwidth
is passed unchanged: size / bandwidth is the same number of seconds on both
sides.
"""
import random

import numpy

from estee.common import imode
from estee.generators import elementary, irw, pegasus

# (set, name, generator, arguments), as ESTEE's benchmarks/generate.py lists them.
GENERATORS = [
    ("elementary", "plain1n", elementary.plain1n, (380,)),
    ("elementary", "plain1e", elementary.plain1e, (380,)),
    ("elementary", "plain1cpus", elementary.plain1cpus, (380,)),
    ("elementary", "triplets", elementary.triplets, (110, 4)),
    ("elementary", "merge_neighbours", elementary.merge_neighbours, (107,)),
    ("elementary", "merge_triplets", elementary.merge_triplets, (111,)),
    ("elementary", "merge_small_big", elementary.merge_small_big, (80,)),
    ("elementary", "fork1", elementary.fork1, (100,)),
    ("elementary", "fork2", elementary.fork2, (100,)),
    ("elementary", "bigmerge", elementary.bigmerge, (320,)),
    ("elementary", "duration_stairs", elementary.duration_stairs, (190,)),
    ("elementary", "size_stairs", elementary.size_stairs, (190,)),
    ("elementary", "splitters", elementary.splitters, (7,)),
    ("elementary", "conflux", elementary.conflux, (7,)),
    ("elementary", "grid", elementary.grid, (19,)),
    ("elementary", "fern", elementary.fern, (200,)),
    ("irw", "gridcat", irw.gridcat, (20,)),
    ("irw", "crossv", irw.crossv, (8,)),
    ("irw", "crossvx", irw.crossvx, (4, 4)),
    ("irw", "fastcrossv", irw.fastcrossv, (8,)),
    ("irw", "mapreduce", irw.mapreduce, (160,)),
    ("irw", "nestedcrossv", irw.nestedcrossv, (5,)),
    ("pegasus", "montage", pegasus.montage, (50,)),
    ("pegasus", "cybershake", pegasus.cybershake, (50,)),
    ("pegasus", "epigenomics", pegasus.epigenomics, (50,)),
    ("pegasus", "ligo", pegasus.ligo, ((20, 10, 15),)),
    ("pegasus", "sipht", pegasus.sipht, (2,)),
]

# The small selection of --quick: one graph of each kind of shape.
QUICK = ["merge_neighbours", "fork1", "splitters", "gridcat"]


def generate(generator, args, seed):
    """The ESTEE graph `generator(*args)` drawn from `seed`, normalised and
    in the exact information mode."""
    random.seed(seed)
    numpy.random.seed(seed)
    graph = generator(*args)
    graph.normalize()
    graph.validate()
    imode.process_imode_exact(graph)
    return graph


def to_dagsim(graph):
    """`graph` as dagsim's graph JSON object (version 2: ESTEE's task
    model). Keys are the task ids (ESTEE's names repeat); the prefix is the
    name without digits. Every output keeps its own size; a consumer names
    the outputs it reads of a task when it reads only some of them; a task
    of several CPUs needs as many threads."""
    def key(task):
        return f"t{task.id}"

    tasks = []
    for task in graph.tasks.values():
        reads = {}  # producer → indices of its outputs read, in input order
        for obj in task.inputs:
            read = reads.setdefault(obj.parent, [])
            index = obj.parent.outputs.index(obj)
            if index not in read:
                read.append(index)
        deps = [key(p) if sorted(read) == list(range(len(p.outputs)))
                else {"key": key(p), "outputs": read}
                for p, read in reads.items()]
        entry = {
            "key": key(task),
            "prefix": "".join(c for c in (task.name or "t") if not c.isdigit()).strip("-_") or "t",
            "deps": deps,
            "duration_ms": task.duration * 1000.0,
            "outputs": [int(round(o.size * 1e6)) for o in task.outputs],
        }
        if task.cpus != 1:
            entry["threads"] = task.cpus
        tasks.append(entry)
    return {"version": 2, "tasks": tasks}
