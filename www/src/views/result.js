// The result card: the answer and the numbers of the last run or simulation.
// Imported on first use (./board.js, ../app.js): until then the card shows
// one line, which the board sets (`note`).
// Span and parallelism have one definition everywhere (here and in the
// speedup chart): from the graph's drawn durations — span is its critical
// path, parallelism its work ÷ span — scaled by the run's time scale.
import { h } from '../lib/dom.js';
import { formatBytes, formatCount, formatKnowledge, formatMs, formatPercent, formatRatio } from '../lib/format.js';
import { tasksPerThread, maxConcurrency } from '../lib/trace.js';

/** "1 thread", "4,096 workers". */
const plural = (n, noun) => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;

/** Fills a <dl> with [term, value] rows; each value gets a data-stat name for tests. */
function fillStats(root, rows) {
  root.replaceChildren(
    ...rows.flatMap(([k, v]) => [
      h('dt', {}, k),
      h('dd', { 'data-stat': k.toLowerCase().replace(/[^a-z]+/g, '-').replace(/-$/, '') }, v),
    ]),
  );
}

/**
 * Shows a simulation `report` (as the engine returns it) of `cluster` (the
 * options simulated) in `statsRoot`; clears the per-thread counts.
 */
export function renderSimulation(statsRoot, threadsRoot, report, cluster) {
  threadsRoot.replaceChildren();
  fillStats(statsRoot, [
    ['Simulated cluster', `${plural(report.workers, 'worker')} × ${plural(report.threads_per_worker, 'thread')}, ${report.policy}`],
    ['Scheduler knew', formatKnowledge(cluster)],
    ['Predicted makespan', formatMs(report.makespan_ms)],
    ['Lower bound', formatMs(report.bounds.lower_ms)],
    ['Makespan / bound', formatRatio(report.makespan_ms, report.bounds.lower_ms)],
    ['Utilisation', formatPercent(report.utilisation)],
    ['Transfers', cluster.bandwidth_mb_s == null
      ? 'free network (no bandwidth set)'
      : `${formatCount(report.transfers)} (${formatBytes(report.transferred_bytes)})`],
  ]);
}

/**
 * Shows the run `report` (as the engine returns it) in `statsRoot` and
 * `threadsRoot`; `graph` is the summary it ran ({ work_ms, span_ms }, drawn)
 * and `timeScale` the run's time scale.
 */
export function renderResult(statsRoot, threadsRoot, report, { graph, timeScale }) {
  const answer = report.best
    ? [['Best pair', `roll ${report.best.a} × roll ${report.best.b}`], ['Score', report.best.score.toFixed(6)]]
    : []; // an imported graph has no task bodies, hence no answer
  const rows = [
    ...answer,
    ['Threads', String(report.threads)],
    ['Makespan', formatMs(report.makespan_ms)],
    ['Work (sum of tasks)', formatMs(report.work_ms)],
    ['Span (critical path)', timeScale > 0 ? formatMs(graph.span_ms * timeScale) : 'n/a (time scale 0)'],
    ['Parallelism (work / span)', formatRatio(graph.work_ms, graph.span_ms)],
    ['Speedup (work / makespan)', formatRatio(report.work_ms, report.makespan_ms)],
    ['Max tasks at once', String(maxConcurrency(report.trace))],
    ['Idle + overhead per task', `${report.overhead_us_per_task.toFixed(1)} µs`],
  ];
  fillStats(statsRoot, rows);
  const counts = tasksPerThread(report.trace, report.threads);
  const most = Math.max(1, ...counts);
  threadsRoot.replaceChildren(
    h('h3', {}, 'Tasks per pool thread'),
    ...counts.map((n, t) => {
      const fill = h('span');
      fill.style.width = `${(100 * n) / most}%`;
      fill.style.background = 'var(--accent)';
      return h('div', { className: 'bar-row', 'data-thread': String(t) },
        h('span', { className: 'name' }, `thread ${t}`),
        h('div', { className: 'bar', role: 'meter', 'aria-label': `tasks on thread ${t}`, 'aria-valuemin': '0', 'aria-valuemax': String(most), 'aria-valuenow': String(n) }, fill),
        h('span', { className: 'count' }, `${formatCount(n)} tasks`));
    }),
  );
}
