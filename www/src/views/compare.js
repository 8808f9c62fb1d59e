// Policies compared: every scheduler under every network model on one graph
// and cluster (the engine's comparison), as a bar chart of normalised
// makespans — makespan ÷ the lower bound, as in ESTEE's paper figures — and a
// table of the makespans. Policies are sorted by their best normalised
// makespan. Built from text nodes and class names only (the page's CSP).
import { h } from '../lib/dom.js';
import { formatKnowledge, formatMs, formatRatio } from '../lib/format.js';

/** A cell's network model as shown (null: free transfers). Classes net0… colour the bars by model. */
const networkName = (network) => network ?? 'free network';

/** Creates the view in `root` (with .compare-note, .compare-legend, .compare-chart, .compare-table); returns its controller. */
export function createCompareView(root) {
  const chart = root.querySelector('.compare-chart');
  const table = root.querySelector('.compare-table');
  const note = root.querySelector('.compare-note');
  const legend = root.querySelector('.compare-legend');
  const intro = note.textContent;

  /** Groups cells by policy, in order of their best normalised makespan (skipped policies last). */
  const byPolicy = (cells) => {
    const groups = new Map();
    for (const cell of cells) {
      if (!groups.has(cell.policy)) groups.set(cell.policy, []);
      groups.get(cell.policy).push(cell);
    }
    const best = (list) => Math.min(...list.map((c) => c.normalised ?? Infinity));
    return [...groups.entries()].sort((a, b) => best(a[1]) - best(b[1]));
  };

  return {
    /** Forgets the last comparison (a new graph), showing `message` or the intro. */
    clear(message = intro) {
      for (const el of [legend, chart, table]) el.replaceChildren();
      note.textContent = message;
      root.dataset.state = 'empty';
    },
    /** Shows `{ lower_ms, cells }` for `cluster` (the SimOptions it ran with). */
    show({ lower_ms: lowerMs, cells }, cluster) {
      const networks = [...new Set(cells.map((c) => c.network))];
      const groups = byPolicy(cells);
      const top = Math.max(1, ...cells.map((c) => c.normalised ?? 0));
      const threads = cluster.workers * cluster.threads_per_worker;
      note.textContent = `${cluster.workers} workers × ${cluster.threads_per_worker} threads (${threads} in total)${cluster.bandwidth_mb_s == null ? ', free network' : `, ${cluster.bandwidth_mb_s} MB/s links`}; the schedulers knew ${formatKnowledge(cluster)}. Lower bound ${formatMs(lowerMs)} (work ÷ threads or the critical path, whichever is longer); each bar is a makespan ÷ that bound, so 1.0× is a schedule no policy can beat. Sorted by each policy's best.`;
      legend.replaceChildren(...networks.map((n, i) => h('span', {}, h('span', { className: `swatch net${i}` }), networkName(n))));
      const rows = groups.flatMap(([policy, list]) => {
        const bars = h('div', { className: 'bars' }, list.map((cell) => {
          const i = networks.indexOf(cell.network);
          const bar = h('div', { className: `bar net${i}${cell.normalised == null ? ' skipped' : ''}` });
          bar.title = cell.normalised == null
            ? `${policy} · ${networkName(cell.network)}: not run (${cell.skipped})`
            : `${policy} · ${networkName(cell.network)}: ${formatMs(cell.makespan_ms)}, ${formatRatio(cell.normalised, 1)} the lower bound`;
          bar.style.width = `${(100 * (cell.normalised ?? top)) / top}%`; // CSSOM, allowed by the CSP
          return bar;
        }));
        const best = Math.min(...list.map((c) => c.normalised ?? Infinity));
        return [h('span', { className: 'policy' }, policy), bars, h('span', {}, Number.isFinite(best) ? formatRatio(best, 1) : 'n/a')];
      });
      chart.setAttribute('role', 'img');
      chart.setAttribute('aria-label', `Makespan ÷ lower bound for ${groups.length} policies under ${networks.map(networkName).join(', ')}; best ${groups[0]?.[0] ?? 'none'}. The table below has every number.`);
      chart.replaceChildren(...rows);
      const head = h('tr', {}, h('th', { scope: 'col' }, 'policy'), networks.map((n) => h('th', { scope: 'col' }, networkName(n))));
      const body = groups.map(([policy, list]) => h('tr', {}, h('th', { scope: 'row' }, policy), networks.map((n) => {
        const cell = list.find((c) => c.network === n);
        return h('td', { title: cell?.skipped ?? null }, cell?.normalised == null ? `not run` : `${formatMs(cell.makespan_ms)} · ${formatRatio(cell.normalised, 1)}`);
      })));
      table.replaceChildren(h('table', {}, h('caption', { className: 'note' }, 'Makespan · makespan ÷ lower bound'), h('thead', {}, head), h('tbody', {}, body)));
      root.dataset.state = 'shown';
    },
  };
}
