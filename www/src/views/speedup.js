// The speedup chart (uPlot): measured speedup at 1, 2, 4, … threads, simulated
// speedup for 1…256 workers per policy, the ideal line (speedup = workers) and
// the critical-path bound (work / span). Log-2 x axis.
import uPlot from '../../vendor/uPlot.esm.js';

const POLICY_COLORS = { 'dask-like': '#2f6fde', 'work-stealing': '#8e44ad', 'b-level': '#16a085', random: '#e67e22', fifo: '#7f8c8d' };

/** Creates the chart in `root` and returns its controller. */
export function createSpeedupView(root) {
  const host = root.querySelector('.chart');
  let measured = []; // [{ threads, speedup }]
  let simulated = {}; // policy -> [{ workers, speedup }]
  let bound = null; // work / span
  let plot = null;

  const render = () => {
    const xs = [...new Set([...measured.map((m) => m.threads), ...Object.values(simulated).flat().map((s) => s.workers)])].sort((a, b) => a - b);
    if (xs.length === 0) return;
    const at = (points, key) => xs.map((x) => points.find((p) => p[key] === x)?.speedup ?? null);
    const series = [{ label: 'workers / threads' }, { label: 'ideal', stroke: '#bbb', dash: [4, 4], width: 1, points: { show: false } }];
    const data = [xs, xs.map((x) => x)];
    if (bound) {
      series.push({ label: `critical-path bound (${bound.toFixed(1)}×)`, stroke: '#c62828', dash: [2, 3], width: 1, points: { show: false } });
      data.push(xs.map(() => bound));
    }
    for (const [policy, points] of Object.entries(simulated)) {
      series.push({ label: `simulated ${policy}`, stroke: POLICY_COLORS[policy] ?? '#555', width: 1.5, spanGaps: true });
      data.push(at(points, 'workers'));
    }
    if (measured.length) {
      series.push({ label: 'measured', stroke: '#111', width: 2.5, points: { size: 8, fill: '#111' }, spanGaps: true });
      data.push(at(measured, 'threads'));
    }
    const width = Math.max(280, host.clientWidth);
    const opts = {
      width,
      height: 300,
      scales: { x: { time: false, distr: 3, log: 2 }, y: { distr: 3, log: 2, range: (u, min, max) => [1, Math.max(2, max * 1.1)] } },
      axes: [{ label: 'workers (simulated) / threads (measured)' }, { label: 'speedup (×)' }],
      series,
      legend: { live: false },
    };
    plot?.destroy();
    plot = new uPlot(opts, data, host);
    root.dataset.series = String(series.length - 1);
  };
  // Follow the card's width, in the next frame: resizing the plot inside the
  // callback changes the host's size again, a resize loop.
  new ResizeObserver(() => {
    const width = Math.max(280, host.clientWidth);
    if (plot && plot.width !== width) requestAnimationFrame(() => plot?.setSize({ width, height: 300 }));
  }).observe(host);

  return {
    /** Sets the measured points: [{ threads, makespan_ms }] (speedup relative to the 1-thread run). */
    setMeasured(runs, workOverSpan) {
      const base = runs.find((r) => r.threads === 1)?.makespan_ms ?? runs[0].makespan_ms * runs[0].threads;
      measured = runs.map((r) => ({ threads: r.threads, speedup: base / r.makespan_ms }));
      bound = workOverSpan;
      render();
    },
    /** Sets the simulated curves: [{ policy, workers, speedup }] as the engine's sweep returns them. */
    setSimulated(points, workOverSpan) {
      simulated = {};
      for (const p of points) (simulated[p.policy] ??= []).push({ workers: p.workers, speedup: p.speedup });
      bound = workOverSpan;
      render();
    },
    /** Forgets everything (a new graph was built). */
    clear() {
      measured = [];
      simulated = {};
      plot?.destroy();
      plot = null;
      root.dataset.series = '0';
    },
  };
}
