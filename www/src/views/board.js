// The views of one graph wired together, shared by the page (../app.js) and
// the <dagsim-etl> element (../embed/element.js): the DAG, progress, result,
// task stream and speedup chart, shown afresh for a new graph and fed by a
// run's progress and report.
import { renderStateLegend } from '../lib/states.js';
import { createDagView } from './dag.js';
import { h } from '../lib/dom.js';
import { renderProgress } from './progress.js';

/** The result view (./result.js), imported the first time a result is shown. */
const resultView = () => import('./result.js');

/** Clears the result card to one line, `message` (after a cancel, a new graph, or before the first run). */
function clearResult(statsRoot, threadsRoot, message) {
  threadsRoot.replaceChildren();
  statsRoot.replaceChildren(h('dt', {}, '—'), h('dd', { className: 'empty' }, message));
}

/**
 * Creates the views in their containers: `dag`, `stream`, `speedup` (the
 * cards), `progress`, `result`, `perThread` and `legend` (elements), with a
 * shared `tooltip`. Returns the board; its `dag` is the view itself, its
 * `stream` and `speedup` the methods of those views, which are imported on
 * first use and resolve once the view has done them (the result card's view
 * too: `done`, `showSimulation`).
 */
export function createBoard(parts, { tooltip }) {
  const dag = createDagView(parts.dag, { tooltip });
  const stream = lazyStream(parts.stream, { tooltip });
  const speedup = lazySpeedup(parts.speedup);
  let graph = null;
  let colors = {}; // prefix name -> colour

  return {
    dag,
    stream,
    speedup,
    /**
     * Shows `summary` (from build or load): legend, idle progress, and no
     * stale stream, result or chart, whose empty states say `hints`
     * ({ stream, result }). Resolves when the DAG is drawn.
     */
    show(summary, hints) {
      graph = summary;
      colors = Object.fromEntries(summary.prefixes.map((p) => [p.name, p.color]));
      renderStateLegend(parts.legend, summary);
      speedup.clear();
      stream.clear(hints.stream);
      clearResult(parts.result, parts.perThread, hints.result);
      const idle = summary.prefixes.map((p) => ({ prefix: p.name, waiting: p.count, ready: 0, running: 0, done: 0, failed: 0 }));
      renderProgress(parts.progress, { prefixes: idle }, colors);
      return dag.draw(summary.dot, summary);
    },
    /** Work ÷ span of the shown graph: the one parallelism every view shows (null when the span is 0). */
    parallelism: () => (graph.span_ms > 0 ? graph.work_ms / graph.span_ms : null),
    /**
     * Starts showing a run on `threads` threads (the result says `note`);
     * returns `{ progress(p), done(report, timeScale) }` to feed it; `done`
     * resolves once the stream and the result card show the report (a
     * failed import of either view rejects there, not in `progress`).
     */
    beginRun(threads, note) {
      const rows = { threads, prefixOf: graph.prefix_of, colors: graph.prefixes.map((p) => p.color), keys: graph.keys };
      const quiet = () => {}; // done() reports a failed import
      stream.begin(rows).catch(quiet);
      clearResult(parts.result, parts.perThread, note);
      return {
        progress(progress) {
          renderProgress(parts.progress, progress, colors);
          if (progress.states) dag.colour(progress.states);
          stream.append(progress.tail).catch(quiet);
        },
        done(report, timeScale) {
          const result = resultView().then((m) => m.renderResult(parts.result, parts.perThread, report, { graph, timeScale }));
          return Promise.all([result, stream.show({ ...rows, trace: report.trace, threads: report.threads })]);
        },
      };
    },
    /** Clears the result card to one line, `note` ("simulating…"). */
    noteResult(note) {
      clearResult(parts.result, parts.perThread, note);
    },
    /** Shows a simulation `report` of `cluster` in the result card (see ./result.js). */
    async showSimulation(report, cluster) {
      (await resultView()).renderSimulation(parts.result, parts.perThread, report, cluster);
    },
    /** Clears what a cancelled run would have shown; the result says `note`. */
    cancelled(note) {
      clearResult(parts.result, parts.perThread, note);
      stream.clear('Cancelled.');
    },
  };
}

/**
 * `create()` on first use of the returned `call(name)`: a function that calls
 * the view's method `name` once it is created, returning a promise; calls run
 * in call order. `loaded()` says whether the view was asked for.
 */
function lazily(create) {
  let view = null;
  const load = () => (view ??= create().catch((err) => { view = null; throw err; }));
  return {
    call: (name) => (...args) => load().then((v) => v[name](...args)),
    loaded: () => view !== null,
  };
}

/**
 * The speedup view (./speedup.js), imported the first time a chart is set: a
 * new graph's first drawing does not need it. Its setters return promises, in
 * call order; `clear()` before the import has nothing to clear.
 */
function lazySpeedup(root) {
  const { call, loaded } = lazily(() => import('./speedup.js').then((m) => m.createSpeedupView(root)));
  return {
    setMeasured: call('setMeasured'),
    setSimulated: call('setSimulated'),
    markCluster: call('markCluster'),
    clear() {
      if (loaded()) call('clear')().catch(() => {});
    },
  };
}

/**
 * The task stream (./stream.js), imported the first time a schedule is shown
 * (begin or show): a new graph's first drawing needs only its caption, which
 * `clear(message)` sets until then (the markup hides its empty box).
 */
function lazyStream(root, { tooltip }) {
  const { call, loaded } = lazily(() => import('./stream.js').then((m) => m.createStreamView(root, { tooltip })));
  return {
    begin: call('begin'),
    append: call('append'),
    show: call('show'),
    clear(message = '') {
      if (loaded()) call('clear')(message).catch(() => {});
      else root.querySelector('.stream-caption').textContent = message;
    },
  };
}
