// The programmatic API of the npm package: one engine (a module worker that
// owns the wasm and its thread pool) behind a small promise-based surface.
import { startEngine } from '../engine/client.js';

let spawnWorker = null;

/**
 * Sets how createEngine() starts its engine worker. The package's entry
 * modules call it before anything else runs (./no-bundler.js, ./bundler.js).
 */
export function useEngineWorker(spawn) {
  spawnWorker = spawn;
}

/**
 * Starts an engine. `threads` caps the pool (default: the machine's cores,
 * at most 16; 1 when the page is not cross-origin isolated).
 */
export function createEngine({ threads } = {}) {
  if (!spawnWorker) throw new Error("dagsim: import the package's entry ('dagsim'), not its internal modules");
  const client = startEngine(spawnWorker(), { pool: threads });
  const ready = client.hello();
  return {
    /** Resolves with { isolated, threads, flavour, reason } once the engine is up. */
    ready,
    /** Builds the ETL graph; resolves with its summary (tasks, work_ms, span_ms, prefixes, dot, …). */
    build: (spec) => client.build(spec),
    /** Imports a graph in dagsim's JSON format instead; its runs have no answer (best is null). */
    load: (json) => client.load(json),
    /**
     * Runs the built graph; returns { result, cancel } where `result` resolves with the
     * report (best pair, makespan, trace) and `onProgress` gets per-prefix counts at ≥ 10 Hz.
     */
    run(options = {}, { onProgress } = {}) {
      return { result: client.run(options, onProgress), cancel: () => client.cancel() };
    },
    /** Simulates the built graph on a cluster ({ workers, threads_per_worker, policy, … }). */
    simulate: (options) => client.simulate(options),
    /** Speedup curves of every policy at 1…256 workers. */
    sweep: (options) => client.sweep(options),
    /** The built graph or last run as text: 'json', 'dot', 'dask' (Python script) or 'trace'. */
    export(kind) {
      if (kind === 'trace') return client.exportTrace();
      if (kind === 'dask') return client.exportDask();
      return client.exportGraph(kind);
    },
    /** Stops the engine's workers. */
    terminate: () => client.terminate(),
  };
}
