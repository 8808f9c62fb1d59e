// The speedup chart (uPlot). One x axis, one quantity: threads in total (a
// simulated cluster's workers × threads per worker, or the pool threads of a
// measured run). One y: speedup over one thread. Simulated curves for every
// policy the engine reports (each with its own dash and marker), the
// simulated cluster of the last Simulate (a large ring), measured runs
// (black squares), the ideal line and the critical-path bound (work ÷ span of
// the drawn graph, the parallelism the result card shows). Log-2 axes.
// uPlot is imported the first time there is something to chart, so the page's
// first load does not carry it.
import { formatRatio } from '../lib/format.js';

/** uPlot's module, imported once, on the first chart drawn. */
let uPlotLoading = null;
const loadUPlot = () => (uPlotLoading ??= import('../../vendor/uPlot.esm.js').then((m) => m.default));

// Okabe–Ito colours (colour-blind safe), and a dash and marker per policy, by
// the order the engine lists its policies in.
const STYLES = [
  { stroke: '#0072b2', dash: [], marker: 'circle' },
  { stroke: '#d55e00', dash: [8, 4], marker: 'square' },
  { stroke: '#009e73', dash: [2, 3], marker: 'triangle' },
  { stroke: '#cc79a7', dash: [10, 3, 2, 3], marker: 'diamond' },
  { stroke: '#56b4e9', dash: [4, 4], marker: 'cross' },
  { stroke: '#e69f00', dash: [1, 4], marker: 'circle' },
];

/** What the axes measure (drawn on the canvas, and said in the chart's aria-label). */
const AXES = { x: 'threads in total', y: 'speedup over one thread (×)' };
const X_MEANS = 'threads in total (simulated: workers × threads per worker)';

/** A uPlot points.paths drawing `shape` at every point. */
function markers(shape, size) {
  return (u, seriesIdx, idx0, idx1) => {
    const path = new Path2D();
    const r = (size * devicePixelRatio) / 2;
    for (let i = idx0; i <= idx1; i += 1) {
      const value = u.data[seriesIdx][i];
      if (value == null) continue;
      const x = u.valToPos(u.data[0][i], 'x', true);
      const y = u.valToPos(value, 'y', true);
      if (shape === 'square') path.rect(x - r, y - r, 2 * r, 2 * r);
      else if (shape === 'triangle') { path.moveTo(x, y - r); path.lineTo(x + r, y + r); path.lineTo(x - r, y + r); path.closePath(); }
      else if (shape === 'diamond') { path.moveTo(x, y - r); path.lineTo(x + r, y); path.lineTo(x, y + r); path.lineTo(x - r, y); path.closePath(); }
      else if (shape === 'cross') { path.moveTo(x - r, y - r); path.lineTo(x + r, y + r); path.moveTo(x + r, y - r); path.lineTo(x - r, y + r); }
      else { path.moveTo(x + r, y); path.arc(x, y, r, 0, 2 * Math.PI); }
    }
    return { stroke: path, fill: shape === 'cross' ? null : path };
  };
}

/** Creates the chart in `root` (with a .chart and a .speedup-note) and returns its controller. */
export function createSpeedupView(root) {
  const host = root.querySelector('.chart');
  const note = root.querySelector('.speedup-note');
  let measured = []; // [{ threads, speedup }]
  let simulated = new Map(); // policy -> [{ threads, speedup }]
  let cluster = null; // { threads, speedup, policy } of the last Simulate
  let bound = null; // work / span of the drawn graph
  let threadsPerWorker = 1;
  let plot = null;
  let drawn = 0; // counts render() and clear() calls: a chart whose uPlot arrives late draws only if it is still the newest

  const explain = () => {
    const parts = simulated.size ? ['Simulated: threads in total = workers × threads per worker.'] : [];
    if (bound != null) parts.push(`The graph's parallelism (work ÷ span) is ${formatRatio(bound, 1)}: no number of threads beats that bound, so curves flatten as they reach it.`);
    if (simulated.size && threadsPerWorker > 1) parts.push(`Each simulated worker has ${threadsPerWorker} threads, so the simulated curves start at ${threadsPerWorker} threads.`);
    if (simulated.size && bound != null && threadsPerWorker >= bound) parts.push('One worker already has more threads than the graph can use: adding workers cannot speed it up.');
    note.textContent = parts.join(' ');
  };

  const render = () => {
    const turn = ++drawn;
    explain();
    const xs = [...new Set([
      ...measured.map((m) => m.threads),
      ...[...simulated.values()].flat().map((s) => s.threads),
      ...(cluster ? [cluster.threads] : []),
    ])].sort((a, b) => a - b);
    if (xs.length === 0) return Promise.resolve();
    const at = (points) => xs.map((x) => points.find((p) => p.threads === x)?.speedup ?? null);
    const series = [{ label: 'threads' }, { label: 'ideal (speedup = threads)', stroke: '#9aa3ae', dash: [4, 4], width: 1, points: { show: false } }];
    const data = [xs, xs.map((x) => x)];
    if (bound != null) {
      series.push({ label: `critical-path bound (${formatRatio(bound, 1)})`, stroke: '#5f6b7a', dash: [1, 2], width: 1.5, points: { show: false } });
      data.push(xs.map(() => bound));
    }
    [...simulated.keys()].forEach((policy, i) => {
      const style = STYLES[i % STYLES.length];
      series.push({
        label: `simulated ${policy}`, stroke: style.stroke, dash: style.dash, width: 1.75, spanGaps: true,
        points: { show: true, size: 7, width: 1.5, stroke: style.stroke, fill: '#fff', paths: markers(style.marker, 7) },
      });
      data.push(at(simulated.get(policy)));
    });
    if (cluster) {
      series.push({ label: `your cluster (${cluster.policy})`, stroke: '#1d2330', width: 0, paths: () => null, points: { show: true, size: 14, width: 2.5, stroke: '#1d2330', fill: 'transparent' } });
      data.push(at([cluster]));
    }
    if (measured.length) {
      series.push({ label: 'measured runs', stroke: '#1d2330', width: 2.5, spanGaps: true, points: { show: true, size: 9, width: 1, stroke: '#1d2330', fill: '#1d2330', paths: markers('square', 9) } });
      data.push(at(measured));
    }
    const width = Math.max(280, host.clientWidth);
    const opts = {
      width,
      height: 300,
      scales: { x: { time: false, distr: 3, log: 2 }, y: { distr: 3, log: 2, range: (u, min, max) => powersOfTwo(Math.min(1, min ?? 1), Math.max(2, max ?? 2)) } },
      axes: [{ label: AXES.x }, { label: AXES.y }],
      series,
      legend: { live: false },
    };
    return loadUPlot().then((uPlot) => {
      if (turn !== drawn) return;
      plot?.destroy();
      plot = new uPlot(opts, data, host);
      host.setAttribute('role', 'img');
      host.setAttribute('aria-label', `Speedup chart, log scales. x: ${X_MEANS}; y: ${AXES.y}. Series: ${series.slice(1).map((s) => s.label).join(', ')}.`);
      root.dataset.series = String(series.length - 1);
    });
  };
  // Follow the card's width, in the next frame: resizing the plot inside the
  // callback changes the host's size again, a resize loop.
  new ResizeObserver(() => {
    const width = Math.max(280, host.clientWidth);
    if (plot && plot.width !== width) requestAnimationFrame(() => plot?.setSize({ width, height: 300 }));
  }).observe(host);

  return {
    /**
     * Sets the measured points: [{ threads, makespan_ms }], which include the
     * 1-thread run (speedup is over it); `parallelism` = work ÷ span.
     */
    setMeasured(runs, parallelism) {
      const base = runs.find((r) => r.threads === 1)?.makespan_ms;
      if (base === undefined) throw new Error('measured speedup needs the 1-thread run');
      measured = runs.map((r) => ({ threads: r.threads, speedup: base / r.makespan_ms }));
      bound = parallelism;
      render();
    },
    /**
     * Sets the simulated curves: `points` [{ policy, workers, makespan_ms }] as the
     * engine's sweep returns them, for workers of `threadsPerWorker` threads;
     * speedup over one thread = `workMs` (the drawn work at the simulation's
     * time scale) ÷ makespan. Resolves once the chart is drawn (the chart
     * library loads on the first chart) or a newer drawing replaced it.
     */
    setSimulated(points, { workMs, threadsPerWorker: tpw = 1, parallelism }) {
      simulated = new Map();
      threadsPerWorker = tpw;
      for (const p of points) {
        if (!simulated.has(p.policy)) simulated.set(p.policy, []);
        simulated.get(p.policy).push({ threads: p.workers * tpw, speedup: p.makespan_ms > 0 ? workMs / p.makespan_ms : null });
      }
      bound = parallelism;
      return render();
    },
    /** Marks the cluster of the last Simulate: `threads` in total, its policy and makespan. */
    markCluster({ threads, policy, makespanMs, workMs }) {
      cluster = { threads, policy, speedup: makespanMs > 0 ? workMs / makespanMs : null };
      render();
    },
    /** Forgets everything (a new graph was built). */
    clear() {
      drawn += 1;
      measured = [];
      simulated = new Map();
      cluster = null;
      bound = null;
      plot?.destroy();
      plot = null;
      note.textContent = '';
      root.dataset.series = '0';
    },
  };
}

/** The range [lo, hi] widened to powers of two, so a log-2 axis ticks at 1, 2, 4, … (not 0.919, 2.839, …). */
function powersOfTwo(lo, hi) {
  return [2 ** Math.floor(Math.log2(lo)), 2 ** Math.ceil(Math.log2(hi * 1.05))];
}
