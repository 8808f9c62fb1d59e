// Per-prefix progress bars, like distributed's `progress()`: done / total,
// one colour per prefix (the same colour in every view).

/** Draws (or redraws) the bars for `progress` into `root`. */
export function renderProgress(root, progress, colors) {
  const rows = progress.prefixes.map((p) => {
    const total = p.waiting + p.ready + p.running + p.done + p.failed;
    return { ...p, total };
  });
  if (root.childElementCount !== rows.length) {
    root.replaceChildren(
      ...rows.map((r) => {
        const row = document.createElement('div');
        row.className = 'bar-row';
        row.dataset.prefix = r.prefix;
        row.innerHTML = '<span class="name"></span><div class="bar" role="progressbar" aria-valuemin="0"><span></span></div><span class="count"></span>';
        row.querySelector('.name').textContent = r.prefix;
        row.querySelector('.bar > span').style.background = colors[r.prefix] ?? '#888';
        return row;
      }),
    );
  }
  rows.forEach((r, i) => {
    const row = root.children[i];
    const bar = row.querySelector('.bar');
    bar.setAttribute('aria-valuemax', String(r.total));
    bar.setAttribute('aria-valuenow', String(r.done));
    bar.firstElementChild.style.width = `${r.total ? (100 * r.done) / r.total : 0}%`;
    row.querySelector('.count').textContent = `${r.done} / ${r.total}`;
  });
}
