// The engine's worker side: it owns the wasm instance and its thread pool.
// The page never touches wasm; it sends requests and receives replies and
// progress (the protocol: ./protocol.js). Nothing here blocks the page.
//
// Cross-origin isolated pages get the threaded build and a rayon pool of Web
// Workers; other pages get the single-thread build, whose runs advance in small
// time slices between timer ticks so this worker keeps answering messages.
// Either is the core (build, run, replay, DOT, exports). The scheduling lab
// (graph files, families, simulate, sweep, compare, cluster shapes) is a second,
// single-thread wasm this worker loads the first time a request needs it; the
// two instances hand each other their graph as a byte stream of its columns
// (`startSend`/`sendChunk`, `startReceive`/`receiveChunk`, then `step`), in
// slices, whenever one has a graph the other has not seen. The worker
// entry files (./worker.js without a bundler, ./worker-bundled.js with one)
// only say where the builds are.

import { REQUESTS } from './protocol.js';

/** Upper bound on the pool size, whatever the machine reports. */
const MAX_POOL_THREADS = 16;
/** How often progress is posted during a run (ms): 20 Hz. */
const PROGRESS_INTERVAL_MS = 50;
/** Longest slice of work the single-thread build does between ticks (ms). */
const STEP_BUDGET_MS = 12;
/**
 * Longest slice of long work (build, simulate, sweep, compare, cluster shapes)
 * between two turns of this worker's message loop (ms): the engine steps it
 * within simulations, about a millisecond at a time, so a Cancel waits at
 * most about this long.
 */
const WORK_SLICE_MS = 25;

const isolated = self.crossOriginIsolated === true;

/** Requests answered by the wasm module's free functions (the rest by its Engine). */
const MODULE_REQUESTS = new Set(['benchBuild', 'benchSimulate']);

/**
 * Serves engine requests in this worker. `loadWasm(threaded)` imports the
 * wasm-bindgen module of the threaded or the single-thread core; `loadLab()`
 * the scheduling lab's (without it, the core has the lab: the benchmark
 * build). The pool starts on the client's first message, `{ type: 'init', pool }`.
 */
export function hostEngine(loadWasm, loadLab) {
  let init;
  const ready = new Promise((resolve) => (init = resolve)).then(async (pool) => {
    const wasm = await loadWasm(isolated);
    await wasm.default();
    let poolThreads = 1;
    if (isolated) {
      const asked = Number(pool) || navigator.hardwareConcurrency || 1;
      poolThreads = Math.max(1, Math.min(MAX_POOL_THREADS, asked));
      await wasm.initThreadPool(poolThreads);
    }
    return { wasm, engine: new wasm.Engine(), poolThreads };
  });
  const handlers = engineHandlers(ready, labOf(ready, loadLab));
  self.onmessage = async ({ data }) => {
    const { id, type } = data;
    if (type === 'init') {
      init(data.pool);
      return;
    }
    try {
      if (!Object.hasOwn(REQUESTS, type)) throw new Error(`unknown request type ${type}`);
      const value = await (handlers[type] ?? passThrough(ready, type))(data, id);
      self.postMessage({ type: 'reply', id, ok: true, value });
    } catch (err) {
      // `field` names the input at fault (engine errors carry it): the page flags that field.
      self.postMessage({ type: 'reply', id, ok: false, error: String(err?.message ?? err), field: err?.field ?? null });
    }
  };
}

/**
 * A request answered by the engine method (or wasm function) of its name,
 * called with the message's fields in the protocol's order.
 */
function passThrough(ready, type) {
  return async (data) => {
    const { wasm, engine } = await ready;
    const target = MODULE_REQUESTS.has(type) ? wasm : engine;
    return target[type](...REQUESTS[type].fields.map((f) => data[f]));
  };
}

/**
 * The scheduling lab: `lab()` resolves with its engine, instantiated on the
 * first call (the core's own engine when there is no separate lab; a failed
 * load is tried again on the next call), and `lab.started()` with it or null,
 * without starting it.
 */
function labOf(ready, loadLab) {
  let lab = null;
  const get = () => {
    lab ??= (loadLab
      ? loadLab().then(async (wasm) => {
        await wasm.default();
        return new wasm.Engine();
      })
      : ready.then(({ engine }) => engine)
    ).catch((err) => {
      lab = null; // a lab that failed to load is tried again by the next request
      throw err;
    });
    return lab;
  };
  get.started = () => lab?.catch(() => null) ?? null;
  return get;
}

/**
 * The requests that do more than call the engine, each awaiting the engine
 * `ready` resolves with, or the lab.
 */
function engineHandlers(ready, lab) {
  let running = false; // a run is in flight
  // Per-task states are posted (for live DAG colours) only while the built
  // graph is drawn one node per task: a grouped drawing has no task nodes.
  let perTaskDrawing = false;
  // Which graph each instance holds: a number per graph the core has held
  // (0: none yet); the lab is sent the core's before it works on it.
  let coreGraph = 0;
  let labGraph = 0;
  /**
   * A function resolving with the lab, holding the core's graph (handed over
   * first when it does not); a Cancel meanwhile rejects it with `cancelled`.
   */
  const labWithGraph = (cancelled) => async () => {
    const { engine } = await ready;
    const labEngine = await lab();
    if (labEngine !== engine && coreGraph !== 0 && labGraph !== coreGraph) {
      const sent = coreGraph;
      await handOver(engine, labEngine, cancelled);
      labGraph = sent;
    }
    return labEngine;
  };
  /**
   * The summary of the graph the lab just made, which the core adopts; a
   * Cancel meanwhile rejects it with `cancelled` (the core keeps its graph).
   */
  const fromLab = async (labEngine, cancelled) => {
    const { engine } = await ready;
    if (labEngine !== engine) {
      labGraph = -1; // until the core holds the lab's graph too
      await handOver(labEngine, engine, cancelled);
    }
    coreGraph += 1;
    labGraph = coreGraph;
    const summary = engine.summary();
    perTaskDrawing = !summary.grouped;
    return summary;
  };
  const core = () => ready.then(({ engine }) => engine);
  const build = longWork(core, (engine, { spec }) => engine.startBuild(spec));
  return {
    async hello() {
      const { poolThreads, engine } = await ready;
      return {
        limits: engine.limits(),
        isolated,
        threads: poolThreads,
        flavour: isolated ? 'threaded' : 'single-thread',
        reason: isolated
          ? null
          : 'This page is not cross-origin isolated (no COOP/COEP headers), so browsers forbid SharedArrayBuffer and wasm threads.',
      };
    },
    async build(data, id) {
      const summary = await build(data, id);
      coreGraph += 1;
      perTaskDrawing = !summary.grouped;
      return summary;
    },
    async run({ options }, id) {
      const { engine } = await ready;
      if (running) throw new Error('a run is already in progress: cancel it first');
      engine.startRun(options);
      return new Promise((resolve, reject) => {
        let lastPost = 0;
        const tick = () => {
          let finished;
          try {
            finished = engine.poll(isolated ? 0 : STEP_BUDGET_MS);
          } catch (err) {
            running = false;
            reject(err);
            return;
          }
          const now = performance.now();
          if (finished || now - lastPost >= PROGRESS_INTERVAL_MS) {
            lastPost = now;
            const progress = engine.progress();
            progress.tail = engine.traceTail();
            if (perTaskDrawing) progress.states = engine.taskStates();
            self.postMessage({ type: 'progress', id, progress });
          }
          if (finished) {
            running = false;
            try {
              resolve(engine.takeResult());
            } catch (err) {
              reject(err);
            }
            return;
          }
          setTimeout(tick, isolated ? PROGRESS_INTERVAL_MS : 0);
        };
        running = true;
        setTimeout(tick, 0);
      });
    },
    // Loading or generating replaces the graph, which would drop long work in
    // progress: they wait for their turn like long work.
    load: ({ source }) => inTurn(async () => {
      const { engine } = await ready;
      // Check the size before the text is read or copied into wasm memory; a
      // string's length (UTF-16 units) is a lower bound of its UTF-8 bytes,
      // which the engine checks exactly.
      engine.checkImportSize(typeof source === 'string' ? source.length : source.size);
      const text = typeof source === 'string' ? source : await source.text();
      const labEngine = await lab();
      const measurement = labEngine.load(text);
      return { ...(await fromLab(labEngine, 'loading cancelled')), measurement };
    }),
    simulate: longWork(labWithGraph('simulation cancelled'), (engine, { options }) => engine.startSimulate(options)),
    sweep: longWork(labWithGraph('sweep cancelled'), (engine, { options }) => engine.startSweep(options)),
    compare: longWork(labWithGraph('comparison cancelled'), (engine, { options }) => engine.startCompare(options)),
    daskShapes: longWork(labWithGraph('shape sweep cancelled'), (engine, { shapeRequest }) => engine.startShapes(shapeRequest)),
    generate: ({ family, size, seed }) => inTurn(async () => {
      const labEngine = await lab();
      labEngine.generate(family, size, seed);
      return fromLab(labEngine, 'generating cancelled');
    }),
    families: async () => (await lab()).families(),
    // The core draws DOT; the graph format, the Chrome trace and the Dask
    // script are written by the lab (which holds the core's graph first).
    exportGraph: async ({ format }) => {
      const { engine } = await ready;
      if (format !== 'json') return engine.exportGraph(format);
      return inTurn(async () => (await labWithGraph('export cancelled')()).exportGraph(format));
    },
    exportTrace: () => inTurn(async () => {
      const { engine } = await ready;
      // Throws when there is none; `current`: the run ran the graph built now.
      const { task, thread, start, end, current } = engine.lastTrace();
      const labEngine = await lab();
      if (labEngine === engine) return engine.exportTrace();
      if (current) await labWithGraph('export cancelled')();
      else {
        // A run keeps the graph it ran: the lab gets that one, for its keys.
        labGraph = -1;
        await handOver(engine, labEngine, 'export cancelled', { lastRun: true });
      }
      return labEngine.chromeTrace(task, thread, start, end);
    }),
    async exportDask() {
      const { engine } = await ready;
      const spec = engine.pipelineSpec(); // throws for an imported graph
      return (await lab()).daskScript(spec);
    },
    async cancel() {
      const { engine } = await ready;
      engine.cancel();
      (await lab.started())?.cancel();
    },
  };
}

/**
 * Calls `fn` on a later turn of this worker's event loop, after the messages
 * that arrived meanwhile (a Cancel): a message to itself, which, unlike a
 * nested `setTimeout(fn, 0)`, is not held back ≥ 4 ms per turn.
 */
const nextTurn = (() => {
  const channel = new MessageChannel();
  const waiting = [];
  channel.port1.onmessage = () => waiting.shift()();
  return (fn) => {
    waiting.push(fn);
    channel.port2.postMessage(null);
  };
})();

/** A promise of the next turn of this worker's message loop (see `nextTurn`). */
const turn = () => new Promise((resolve) => nextTurn(resolve));

/** Bytes of a graph handed over per turn: a few ms to write, copy and read. */
const HANDOVER_CHUNK_BYTES = 4 << 20;

/**
 * Hands the graph of engine `from` to engine `to` (the core's and the lab's,
 * one way or the other) as one byte stream, a chunk per turn of this
 * worker's message loop, then `to` checks it a slice per turn, so a Cancel
 * (both engines' `cancel()`) stops it within one chunk or slice; `to` keeps
 * its previous graph then, and this rejects with `cancelled`, the message of
 * the request it was for ("simulation cancelled", …). With `lastRun`, `from`
 * sends the graph its last finished run ran (see `exportTrace`).
 */
async function handOver(from, to, cancelled, { lastRun = false } = {}) {
  const start = performance.now();
  let slices = 0;
  let longest = 0;
  const slice = (fn) => {
    const began = performance.now();
    const value = fn();
    slices += 1;
    longest = Math.max(longest, performance.now() - began);
    return value;
  };
  try {
    slice(() => {
      from.startSend(lastRun);
      to.startReceive();
    });
    for (let whole = false; !whole;) {
      await turn();
      whole = slice(() => to.receiveChunk(from.sendChunk(HANDOVER_CHUNK_BYTES)));
    }
    do await turn(); while (slice(() => to.step(WORK_SLICE_MS)).result === null);
  } catch (err) {
    if (String(err?.message ?? err) === 'hand-over cancelled') throw new Error(cancelled);
    throw err;
  } finally {
    // For profilers and www/scripts/bench-handoff.mjs: its span, slices and longest slice.
    performance.measure('dagsim hand-over', { start, detail: { slices, longest_ms: longest } });
  }
}

/**
 * The engine holds one piece of long work at a time (starting another, or
 * loading a graph, would drop it), and several callers share one engine —
 * the widget's elements build at once — so requests for long work, loads and
 * generated graphs wait for the one before to end (done, failed or
 * cancelled), in the order they came.
 */
let longWorkQueue = Promise.resolve();

/** Runs `fn` (returning a promise) once everything queued before it has ended. */
function inTurn(fn) {
  const job = longWorkQueue.then(fn);
  longWorkQueue = job.catch(() => {});
  return job;
}

/**
 * A request for long work: `start(engine, data)` starts it in the engine
 * `target()` resolves with (the core's, or the lab's),
 * then it runs one slice of `engine.step` per turn of this worker's message
 * loop, so a Cancel (engine.cancel() drops the work; the next step throws
 * "sweep cancelled", …) is handled between two slices. Posts `{ done,
 * total, current, fraction, elapsed_ms, eta_ms }` after each slice
 * (simulations — a build: tasks — done and in all, how far the current one is, the whole work's
 * share done, and the time left at the pace so far, null before any
 * progress); resolves with the work's result. Waits for the long work
 * requested before it to end.
 */
function longWork(target, start) {
  return (data, id) => inTurn(() => runLongWork(target, start, data, id));
}

/** Starts one request's long work and runs it slice by slice (see `longWork`). */
async function runLongWork(target, start, data, id) {
  const engine = await target();
  start(engine, data);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const slice = () => {
      let status;
      try {
        status = engine.step(WORK_SLICE_MS);
      } catch (err) {
        reject(err);
        return;
      }
      const elapsed_ms = performance.now() - started;
      const fraction = Math.min(1, (status.done + status.current) / status.total);
      const eta_ms = fraction > 0 ? (elapsed_ms * (1 - fraction)) / fraction : null;
      const { done, total, current } = status;
      self.postMessage({ type: 'progress', id, progress: { done, total, current, fraction, elapsed_ms, eta_ms } });
      if (status.result !== null) resolve(status.result);
      else nextTurn(slice);
    };
    nextTurn(slice);
  });
}
