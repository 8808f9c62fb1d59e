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
  /** The promise of long work, with a `cancel()` that stops it. */
  const longWork = (promise) => Object.assign(promise, { cancel: () => client.cancel() });
  return {
    /** Resolves with { isolated, threads, flavour, reason, limits } once the engine is up. */
    ready,
    /**
     * Builds the ETL graph; resolves with its summary (tasks, work_ms, span_ms, prefixes, dot, …).
     * Long work, like simulate: `onProgress` counts tasks, `cancel()` rejects it with
     * "build cancelled" and the previous graph stays.
     */
    build: (spec, { onProgress } = {}) => longWork(client.build(spec, onProgress)),
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
    /**
     * Simulates the built graph on a cluster ({ workers, threads_per_worker, policy, … }).
     * Long work, like sweep, compare and daskShapes: the promise has a
     * `cancel()` (it then rejects with "simulation cancelled", "sweep
     * cancelled", "comparison cancelled", "shape sweep cancelled"), which lands within about 25 ms even inside one simulation of
     * a large graph; `onProgress` gets { done, total, current, fraction,
     * elapsed_ms, eta_ms } (simulations done and in all, how far the current one
     * is, the share of the whole done, the time left or null) every ≤ 25 ms.
     */
    simulate(options, { onProgress } = {}) {
      return longWork(client.simulate(options, onProgress));
    },
    /** Speedup curves of every policy at 1…256 workers (long work, see simulate). */
    sweep(options, { onProgress } = {}) {
      return longWork(client.sweep(options, onProgress));
    },
    /**
     * Every policy under every network model (free transfers when `options`
     * has no bandwidth) on the built graph: resolves with { lower_ms, cells }
     * (long work, see simulate).
     */
    compare(options, { onProgress } = {}) {
      return longWork(client.compare(options, onProgress));
    },
    /**
     * The calibrated Dask model on every cluster shape (workers × threads per
     * worker) of the built graph, with a graph file's measurement and Dask
     * hints when it has them: resolves with { shapes, calibrated, within }
     * (`request`: { time_scale, within_s, host_cores }: host_cores the one host
     * every worker shares, 0 a real cluster, null the measured host's when
     * its workers shared one; long work, see simulate).
     */
    daskShapes(request = {}, { onProgress } = {}) {
      return longWork(client.daskShapes(request, onProgress));
    },
    /** Builds the graph of ESTEE's benchmark family `family` at `size` instead (seed: 0 unless given). */
    generate: (family, size, seed = 0) => client.generate(family, size, seed),
    /** The benchmark families `generate` takes: [{ name, size_means, max_size }]. */
    families: () => client.families(),
    /** Stops whatever is in flight: the run (its result rejects), a simulation, sweep, comparison or shape sweep. */
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
