// The engine's message protocol, written once: ./client.js builds its methods
// from this table and ./host.js serves it.
//
// Messages page → worker: { type: 'init', pool } first (starts the wasm and its pool), then
//                         { id, type, ...fields } for a request type below.
// Messages worker → page: { type: 'reply', id, ok, value | error, field }
//                         { type: 'progress', id, progress }   (requests with `progress`)
// A failed request rejects with an Error whose `field` names the input at
// fault (`files`, `workers`, `graph`, …) or is null.

/**
 * Every request: the fields its message carries (the client method's
 * arguments, in order), whether it reports progress (the method then takes an
 * `onProgress` callback last), and what it resolves with.
 */
export const REQUESTS = {
  /** { isolated, threads, flavour, reason, limits } once the wasm and pool are up. */
  hello: { fields: [] },
  /**
   * Builds the ETL graph for `spec`; resolves with its summary. Long work,
   * like simulate: progress with `done` and `total` counting tasks (`done`
   * equals `total` while the graph's summary is made, in slices too); Cancel
   * rejects it with "build cancelled" and the previous graph stays.
   */
  build: { fields: ['spec'], progress: true },
  /** { tasks, bytes }: what the pipeline of `spec` will take, before building it. */
  estimate: { fields: ['spec'] },
  /**
   * Imports a graph file (a File or Blob, size-checked before it is read) or
   * JSON text; resolves with its summary, like build. Cancel while the graph
   * is handed to the core rejects it with "loading cancelled" ("generating
   * cancelled" for generate) and the previous graph stays.
   */
  load: { fields: ['source'] },
  /** Runs the built graph; progress (per-prefix counts, trace tail, states) at ≥ 10 Hz. */
  run: { fields: ['options'], progress: true },
  /**
   * Simulates the built graph on a cluster (`SimOptions`); resolves with the
   * report and its schedule. Long work, like sweep, compare and daskShapes:
   * progress { done, total, current, fraction, elapsed_ms, eta_ms } every
   * ≤ 25 ms (simulations done and in all, how far the current one is, the
   * share of the whole done, the time left or null); Cancel rejects it with
   * "simulation cancelled" ("sweep", "comparison", "shape sweep").
   */
  simulate: { fields: ['options'], progress: true },
  /** Speedup curves of the built graph for every policy at 1…256 workers. */
  sweep: { fields: ['options'], progress: true },
  /**
   * Every policy under every network model on the built graph (other options
   * from `options`): resolves with `{ lower_ms, cells }`.
   */
  compare: { fields: ['options'], progress: true },
  /** Builds the graph of ESTEE's benchmark family `family` at `size` (seeded); resolves with its summary. */
  generate: { fields: ['family', 'size', 'seed'] },
  /** The benchmark families `generate` takes: `[{ name, size_means, max_size }]`. */
  families: { fields: [] },
  /**
   * The calibrated Dask model on every cluster shape of the built graph
   * (`{ time_scale, within_s }`): `{ shapes, calibrated, within }`; progress as
   * for sweep, counting shapes. Cancel rejects it with "shape sweep cancelled".
   */
  daskShapes: { fields: ['shapeRequest'], progress: true },
  /** The built graph as text: `json` (the graph format; the scheduling lab writes it) or `dot`. */
  exportGraph: { fields: ['format'] },
  /** The built pipeline as a runnable Dask script (Python; the scheduling lab writes it). */
  exportDask: { fields: [] },
  /** The last run's trace as Chrome trace-event JSON (the scheduling lab writes it). */
  exportTrace: { fields: [] },
  /**
   * Cancels the run in flight and the long work in progress, including a
   * graph on its way between the core and the lab (their promises reject).
   */
  cancel: { fields: [] },
  /** Times `repeats` graph builds inside wasm: { tasks, best_us, heap_bytes }. */
  benchBuild: { fields: ['spec', 'repeats'] },
  /** Times `repeats` simulations of a freshly built graph inside wasm: { tasks, best_us, makespan_ms }. */
  benchSimulate: { fields: ['spec', 'options', 'repeats'] },
};
