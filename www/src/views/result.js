// The result card: the answer and the numbers of the last run. `spanMs` is
// the critical path at the run's time scale.
import { tasksPerThread, maxConcurrency } from '../lib/trace.js';

const ms = (x) => `${x.toFixed(1)} ms`;

/** Fills a <dl> with [term, value] rows; each value gets a data-stat name for tests. */
function fillStats(root, rows) {
  root.replaceChildren(
    ...rows.flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      dd.dataset.stat = k.toLowerCase().replace(/[^a-z]+/g, '-').replace(/-$/, '');
      return [dt, dd];
    }),
  );
}

/**
 * Shows a simulation `report` (as the engine returns it) of `cluster` (the
 * options simulated) in `statsRoot`; clears the per-thread counts.
 */
export function renderSimulation(statsRoot, threadsRoot, report, cluster) {
  threadsRoot.replaceChildren();
  fillStats(statsRoot, [
    ['Simulated cluster', `${report.workers} × ${report.threads_per_worker} threads, ${report.policy}`],
    ['Predicted makespan', ms(report.makespan_ms)],
    ['Lower bound', ms(report.bounds.lower_ms)],
    ['Makespan / bound', `${(report.makespan_ms / Math.max(report.bounds.lower_ms, 1e-9)).toFixed(3)}×`],
    ['Utilisation', `${(100 * report.utilisation).toFixed(1)} %`],
    ['Transfers', cluster.bandwidth_mb_s == null
      ? 'free network (no bandwidth set)'
      : `${report.transfers} (${(report.transferred_bytes / 1e6).toFixed(2)} MB)`],
  ]);
}

/** Shows the run `report` (as the engine returns it) in `statsRoot` and `threadsRoot`. */
export function renderResult(statsRoot, threadsRoot, report, { spanMs }) {
  const answer = report.best
    ? [['Best pair', `roll ${report.best.a} × roll ${report.best.b}`], ['Score', report.best.score.toFixed(6)]]
    : []; // an imported graph has no task bodies, hence no answer
  const rows = [
    ...answer,
    ['Threads', String(report.threads)],
    ['Makespan', ms(report.makespan_ms)],
    ['Work (sum of tasks)', ms(report.work_ms)],
    ['Span (critical path)', ms(spanMs)],
    ['Parallelism (work / span)', `${(report.work_ms / Math.max(spanMs, 1e-9)).toFixed(2)}×`],
    ['Speedup (work / makespan)', `${(report.work_ms / report.makespan_ms).toFixed(2)}×`],
    ['Max tasks at once', String(maxConcurrency(report.trace))],
    ['Idle + overhead per task', `${report.overhead_us_per_task.toFixed(1)} µs`],
  ];
  fillStats(statsRoot, rows);
  const counts = tasksPerThread(report.trace, report.threads);
  const most = Math.max(1, ...counts);
  const heading = document.createElement('h3');
  heading.textContent = 'Tasks per pool thread';
  threadsRoot.replaceChildren(
    heading,
    ...counts.map((n, t) => {
      const row = document.createElement('div');
      row.className = 'bar-row';
      row.dataset.thread = String(t);
      row.innerHTML = '<span class="name"></span><div class="bar"><span></span></div><span class="count"></span>';
      row.querySelector('.name').textContent = `thread ${t}`;
      const fill = row.querySelector('.bar > span');
      fill.style.width = `${(100 * n) / most}%`;
      fill.style.background = 'var(--accent)';
      row.querySelector('.count').textContent = `${n} tasks`;
      return row;
    }),
  );
}
