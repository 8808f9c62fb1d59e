// The page's side of the engine worker (./host.js, started through
// ./worker.js or ./worker-bundled.js). Every request gets a promise; progress
// for a run arrives through the `onProgress` callback.
//
// Messages page → worker: { type: 'init', pool } first (starts the wasm and its pool), then
//                         { id, type: 'hello' | 'build' | 'estimate' | 'load' | 'run' | 'simulate' | 'sweep' | 'daskShapes' | 'compare' | 'generate' | 'families' | 'exportGraph' | 'exportDask' | 'exportDaskConverter' | 'exportTrace' | 'cancel' | 'benchBuild' | 'benchSimulate', … }
// Messages worker → page: { type: 'reply', id, ok, value | error, field }
//                         { type: 'progress', id, progress }   (runs, sweeps, comparisons)
// A failed request rejects with an Error whose `field` names the input at
// fault (`files`, `workers`, `graph`, …) or is null.

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
    else entry.reject(Object.assign(new Error(data.error), { field: data.field ?? null }));
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
    /** { isolated, threads, flavour, reason, limits } once the wasm and pool are up. */
    hello: () => request('hello'),
    /** Builds the ETL graph for `spec`; resolves with its summary. */
    build: (spec) => request('build', { spec }),
    /** { tasks, bytes }: what the pipeline of `spec` will take, before building it. */
    estimate: (spec) => request('estimate', { spec }),
    /**
     * Imports a graph file (a File or Blob, size-checked before it is read) or
     * JSON text; resolves with its summary, like build.
     */
    load: (source) => request('load', { source }),
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
    /**
     * Speedup curves of the built graph for every policy at 1…256 workers;
     * `onProgress({ done, total, elapsed_ms, eta_ms })` after every slice.
     * Cancel rejects it with "sweep cancelled".
     */
    sweep: (options, onProgress) => request('sweep', { options }, onProgress),
    /**
     * Every policy under every network model on the built graph (other options
     * from `options`): resolves with `{ lower_ms, cells }`; `onProgress` as for
     * sweep, counting policies. Cancel rejects it with "comparison cancelled".
     */
    compare: (options, onProgress) => request('compare', { options }, onProgress),
    /** Builds the graph of ESTEE's benchmark family `family` at `size` (seeded); resolves with its summary. */
    generate: (family, size, seed) => request('generate', { family, size, seed }),
    /** The benchmark families `generate` takes: `[{ name, size_means, max_size }]`. */
    families: () => request('families'),
    /** Times `repeats` graph builds inside wasm: { tasks, best_us, heap_bytes }. */
    benchBuild: (spec, repeats) => request('benchBuild', { spec, repeats }),
    /** Times `repeats` simulations of a freshly built graph inside wasm: { tasks, best_us, makespan_ms }. */
    benchSimulate: (spec, options, repeats) => request('benchSimulate', { spec, options, repeats }),
    /**
     * The calibrated Dask model on every cluster shape of the built graph
     * (`{ time_scale, within_s }`): `{ shapes, calibrated, within }`.
     */
    daskShapes: (shapeRequest) => request('daskShapes', { shapeRequest }),
    /** Cancels the run in flight, the sweep and the comparison in progress (their promises reject). */
    cancel: () => request('cancel'),
    /** Stops the worker. */
    terminate: () => worker.terminate(),
  };
}
