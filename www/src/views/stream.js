// The task stream, like the Dask dashboard's: one row per thread, one bar per
// task from its start to its end, coloured by prefix. Drawn on a canvas so
// tens of thousands of bars stay smooth; the same view shows simulated
// schedules. Hover shows the task's key and times.

const ROW_HEIGHT = 18;
const GAP = 3;
const LEFT = 64; // room for row labels
const AXIS = 22;

/** Creates the view in `root` and returns its controller. */
export function createStreamView(root, { tooltip }) {
  const canvas = root.querySelector('canvas');
  const caption = root.querySelector('.stream-caption');
  let data = null; // { task, thread, start, end, threads, colors, prefixOf, keys, spanUs, label }

  const draw = () => {
    const ctx = canvas.getContext('2d');
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const rows = data?.threads ?? 1;
    const height = AXIS + rows * (ROW_HEIGHT + GAP) + GAP;
    canvas.style.height = `${height}px`;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    if (!data) return;
    const span = Math.max(data.spanUs, 1);
    const x = (us) => LEFT + ((width - LEFT - 8) * us) / span;
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = '#5f6b7a';
    for (let t = 0; t < rows; t += 1) {
      ctx.fillText(`${data.label} ${t}`, 4, AXIS + t * (ROW_HEIGHT + GAP) + GAP + 13);
    }
    for (const [us, text] of ticks(span)) {
      ctx.fillStyle = '#dde1e7';
      ctx.fillRect(x(us), AXIS - 4, 1, height - AXIS + 4);
      ctx.fillStyle = '#5f6b7a';
      // Right of its tick line; a label that would run off the canvas is left out.
      if (x(us) + 2 + ctx.measureText(text).width <= width) ctx.fillText(text, x(us) + 2, 12);
    }
    const n = data.start.length;
    for (let i = 0; i < n; i += 1) {
      ctx.fillStyle = data.colors[data.prefixOf[data.task[i]]] ?? '#888';
      const x0 = x(data.start[i]);
      const w = Math.max(1, x(data.end[i]) - x0 - 0.5);
      ctx.fillRect(x0, AXIS + data.thread[i] * (ROW_HEIGHT + GAP) + GAP, w, ROW_HEIGHT);
    }
  };

  const hit = (event) => {
    if (!data) return -1;
    const r = canvas.getBoundingClientRect();
    const row = Math.floor((event.clientY - r.top - AXIS - GAP) / (ROW_HEIGHT + GAP));
    const us = ((event.clientX - r.left - LEFT) / (r.width - LEFT - 8)) * Math.max(data.spanUs, 1);
    for (let i = data.start.length - 1; i >= 0; i -= 1) {
      if (data.thread[i] === row && data.start[i] <= us && us <= data.end[i]) return i;
    }
    return -1;
  };
  canvas.addEventListener('pointermove', (event) => {
    const i = hit(event);
    if (i < 0) return tooltip.hide();
    const key = data.keys?.[data.task[i]] ?? `task ${data.task[i]}`;
    const ms = (us) => (us / 1e3).toFixed(2);
    tooltip.show(event, `<b>${key}</b><br>${data.label} ${data.thread[i]} · ${ms(data.start[i])} → ${ms(data.end[i])} ms (${ms(data.end[i] - data.start[i])} ms)`);
  });
  canvas.addEventListener('pointerleave', () => tooltip.hide());
  // Redraw when the canvas gets wider or narrower, in the next frame: drawing
  // sets the canvas's height, which inside the callback would be a resize loop.
  let drawnWidth = -1;
  new ResizeObserver(() => {
    if (canvas.clientWidth === drawnWidth) return;
    drawnWidth = canvas.clientWidth;
    requestAnimationFrame(draw);
  }).observe(canvas);

  let pending = null; // growable columns during a live run

  return {
    /** Starts a live schedule with `threads` rows; fill it with `append`. */
    begin({ threads, prefixOf, colors, keys, label = 'thread' }) {
      pending = { task: [], thread: [], start: [], end: [] };
      data = { ...pending, threads, prefixOf, colors, keys, label, spanUs: 1 };
      draw();
    },
    /** Adds trace events (columns) to the live schedule and redraws. */
    append(tail) {
      if (!pending || !tail) return;
      for (const column of ['task', 'thread', 'start', 'end']) pending[column].push(...tail[column]);
      let end = data.spanUs;
      for (const e of tail.end) end = Math.max(end, e);
      data = { ...data, ...pending, spanUs: end };
      root.dataset.live = String(pending.start.length);
      caption.textContent = `${pending.start.length.toLocaleString()} tasks so far on ${data.threads} ${data.label}s`;
      draw();
    },
    /**
     * Shows a schedule: `trace` columns { task, thread, start, end } (µs),
     * `threads` rows, per-task prefix indices, prefix colours, optional keys.
     */
    show({ trace, threads, prefixOf, colors, keys, label = 'thread', spanUs }) {
      pending = null;
      let end = 0;
      for (const e of trace.end) end = Math.max(end, e);
      data = { ...trace, threads, prefixOf, colors, keys, label, spanUs: spanUs ?? end };
      caption.textContent = `${trace.start.length.toLocaleString()} tasks on ${threads} ${label}s · ${(data.spanUs / 1e3).toFixed(1)} ms`;
      root.dataset.bars = String(trace.start.length);
      draw();
    },
  };
}

/** About six round tick positions over [0, spanUs], labelled in ms or s. */
function ticks(spanUs) {
  const raw = spanUs / 6;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw);
  const out = [];
  for (let us = 0; us <= spanUs; us += step) {
    out.push([us, spanUs >= 2e6 ? `${(us / 1e6).toFixed(1)} s` : `${(us / 1e3).toFixed(us / 1e3 < 10 && step < 1e3 ? 1 : 0)} ms`]);
  }
  return out;
}
