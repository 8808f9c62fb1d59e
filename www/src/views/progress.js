// Per-prefix progress bars, like distributed's `progress()`: done / total,
// one colour per prefix (the same colour in every view). The rows follow the
// graph on screen: a graph with other prefixes gets new rows.
import { h } from '../lib/dom.js';
import { formatCount } from '../lib/format.js';

/** Draws (or redraws) the bars for `progress` into `root`. */
export function renderProgress(root, progress, colors) {
  const rows = progress.prefixes.map((p) => {
    const total = p.waiting + p.ready + p.running + p.done + p.failed;
    return { ...p, total };
  });
  const names = JSON.stringify(rows.map((r) => [r.prefix, colors[r.prefix]]));
  if (root.dataset.names !== names) {
    root.dataset.names = names;
    root.replaceChildren(
      ...rows.map((r) => {
        const fill = h('span');
        fill.style.background = colors[r.prefix] ?? '#888';
        return h('div', { className: 'bar-row', 'data-prefix': r.prefix },
          h('span', { className: 'name', title: r.prefix }, r.prefix),
          h('div', { className: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-label': `${r.prefix}: tasks done` }, fill),
          h('span', { className: 'count' }));
      }),
    );
  }
  rows.forEach((r, i) => {
    const row = root.children[i];
    const bar = row.querySelector('.bar');
    bar.setAttribute('aria-valuemax', String(r.total));
    bar.setAttribute('aria-valuenow', String(r.done));
    bar.setAttribute('aria-valuetext', `${formatCount(r.done)} of ${formatCount(r.total)} done${r.failed ? `, ${formatCount(r.failed)} failed` : ''}`);
    bar.firstElementChild.style.width = `${r.total ? (100 * r.done) / r.total : 0}%`;
    row.querySelector('.count').textContent = `${formatCount(r.done)} / ${formatCount(r.total)}`;
  });
}
