// Pure functions over a run's trace, shared by the views and unit-tested in Node.
//
// A trace is columnar, as the engine sends it: { thread: Uint32Array,
// start: Float64Array, end: Float64Array } (µs since the run began), one entry
// per executed task.

/** Number of tasks each pool thread ran: an array indexed by thread. */
export function tasksPerThread(trace, threads) {
  const counts = new Array(threads).fill(0);
  for (const t of trace.thread) counts[t] += 1;
  return counts;
}

/**
 * The largest number of tasks that ran at the same instant on *different*
 * threads, from the recorded intervals (a sweep over start/end events; an end
 * at the same instant as a start does not count as overlap).
 */
export function maxConcurrency(trace) {
  const events = [];
  for (let i = 0; i < trace.start.length; i += 1) {
    if (trace.end[i] > trace.start[i]) {
      events.push([trace.start[i], 1], [trace.end[i], -1]);
    }
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let best = 0;
  for (const [, delta] of events) {
    now += delta;
    best = Math.max(best, now);
  }
  return best;
}
