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
    /** Resolves with { isolated, threads, flavour, reason, limits } once the engine is up. */
    ready,
    /** Builds the ETL graph; resolves with its summary (tasks, work_ms, span_ms, prefixes, dot, …). */
    build: (spec) => client.build(spec),
    /** { tasks, bytes }: what the pipeline of `spec` will take, before building it. */
    estimate: (spec) => client.estimate(spec),
    /**
     * Imports a graph in dagsim's JSON format instead (JSON text, or a File or Blob,
     * whose size is checked before it is read); its runs have no answer (best is null).
     */
    load: (source) => client.load(source),
    /**
     * Runs the built graph; returns { result, cancel } where `result` resolves with the
     * report (best pair, makespan, trace) and `onProgress` gets per-prefix counts at ≥ 10 Hz.
     * Every failure rejects with an Error whose `field` names the input at fault, or is null.
     */
    run(options = {}, { onProgress } = {}) {
      return { result: client.run(options, onProgress), cancel: () => client.cancel() };
    },
    /** Simulates the built graph on a cluster ({ workers, threads_per_worker, policy, … }). */
    simulate: (options) => client.simulate(options),
    /**
     * Speedup curves of every policy at 1…256 workers. The promise has a
     * `cancel()` (it then rejects with "sweep cancelled"); `onProgress` gets
     * { done, total, elapsed_ms, eta_ms }.
     */
    sweep(options, { onProgress } = {}) {
      return Object.assign(client.sweep(options, onProgress), { cancel: () => client.cancel() });
    },
    /**
     * Every policy under every network model (free transfers when `options`
     * has no bandwidth) on the built graph: resolves with { lower_ms, cells }.
     * The promise has a `cancel()` (it then rejects with "comparison cancelled").
     */
    compare(options, { onProgress } = {}) {
      return Object.assign(client.compare(options, onProgress), { cancel: () => client.cancel() });
    },
    /**
     * The calibrated Dask model on every cluster shape (workers × threads per
     * worker) of the built graph, with a graph file's measurement and Dask
     * hints when it has them: resolves with { shapes, calibrated, within }
     * (`request`: { time_scale, within_s }). The promise has a `cancel()` (it
     * then rejects with "cluster-shape sweep cancelled").
     */
    daskShapes(request = {}, { onProgress } = {}) {
      return Object.assign(client.daskShapes(request, onProgress), { cancel: () => client.cancel() });
    },
    /** Builds the graph of ESTEE's benchmark family `family` at `size` instead (seed: 0 unless given). */
    generate: (family, size, seed = 0) => client.generate(family, size, seed),
    /** The benchmark families `generate` takes: [{ name, size_means, max_size }]. */
    families: () => client.families(),
    /** Stops whatever is in flight: the run (its result rejects), the sweeps and the comparison. */
    cancel: () => client.cancel(),
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
