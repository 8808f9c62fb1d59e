// The page's side of the engine worker (./host.js, started through
// ./worker.js or ./worker-bundled.js). Every request gets a promise; progress
// for a run arrives through the `onProgress` callback.
//
// Messages page → worker: { type: 'init', pool } first (starts the wasm and its pool), then
//                         { id, type: 'hello' | 'build' | 'load' | 'run' | 'simulate' | 'sweep' | 'exportGraph' | 'exportDask' | 'exportDaskConverter' | 'exportTrace' | 'cancel' | 'benchBuild' | 'benchSimulate', … }
// Messages worker → page: { type: 'reply', id, ok, value | error }
//                         { type: 'progress', id, progress }

/**
 * Starts the engine in `worker` (a fresh module worker running ./worker.js or
 * ./worker-bundled.js) with a pool of `pool` threads (default: the machine's
 * cores) and returns a client bound to it.
 */
export function startEngine(worker, { pool } = {}) {
  worker.postMessage({ type: 'init', pool: pool ? Number(pool) : null });
  const pending = new Map();
  const progressListeners = new Map();
  let nextId = 1;

  worker.onmessage = ({ data }) => {
    if (data.type === 'progress') {
      progressListeners.get(data.id)?.(data.progress);
      return;
    }
    const entry = pending.get(data.id);
    if (!entry) return;
    pending.delete(data.id);
    progressListeners.delete(data.id);
    if (data.ok) entry.resolve(data.value);
    else entry.reject(new Error(data.error));
  };
  worker.onerror = (event) => {
    const error = new Error(`engine worker failed: ${event.message ?? 'unknown error'}`);
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
  };

  const request = (type, payload = {}, onProgress) => {
    const id = nextId++;
    if (onProgress) progressListeners.set(id, onProgress);
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, type, ...payload });
    });
  };

  return {
    /** { isolated, threads, flavour, reason } once the wasm and pool are up. */
    hello: () => request('hello'),
    /** Builds the ETL graph for `spec`; resolves with its summary. */
    build: (spec) => request('build', { spec }),
    /** Imports a graph from JSON text (the graph format); resolves with its summary, like build. */
    load: (text) => request('load', { text }),
    /** Runs the built graph; `onProgress(progress)` fires at ≥ 10 Hz. */
    run: (options, onProgress) => request('run', { options }, onProgress),
    /** The built graph as text: `json` (the graph format) or `dot`. */
    exportGraph: (format) => request('exportGraph', { format }),
    /** The built pipeline as a runnable Dask script (Python). */
    exportDask: () => request('exportDask'),
    /** dask_to_dagsim.py: turns a Dask graph and its task stream into a graph file for `load`. */
    exportDaskConverter: () => request('exportDaskConverter'),
    /** The last run's trace as Chrome trace-event JSON. */
    exportTrace: () => request('exportTrace'),
    /** Simulates the built graph on a cluster (`SimOptions`); resolves with the report and its schedule. */
    simulate: (options) => request('simulate', { options }),
    /** Speedup curves of the built graph for every policy at 1…256 workers. */
    sweep: (options) => request('sweep', { options }),
    /** Times `repeats` graph builds inside wasm: { tasks, best_us, heap_bytes }. */
    benchBuild: (spec, repeats) => request('benchBuild', { spec, repeats }),
    /** Times `repeats` simulations of a freshly built graph inside wasm: { tasks, best_us, makespan_ms }. */
    benchSimulate: (spec, options, repeats) => request('benchSimulate', { spec, options, repeats }),
    /** Cancels the run in flight (its promise rejects with "cancelled"). */
    cancel: () => request('cancel'),
    /** Stops the worker. */
    terminate: () => worker.terminate(),
  };
}
