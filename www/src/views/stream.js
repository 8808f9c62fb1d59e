// The task stream, like the Dask dashboard's: one row per thread that ran
// something ("worker W · thread T" for a simulated cluster), one bar per task
// from its start to its end, coloured by prefix. Drawn on a canvas, only the
// visible rows and time window, so 100k bars stay smooth. Rows scroll in a
// box of bounded height; time zooms and pans with the wheel, drag and keys
// (+/-, arrows, 0 resets). Hover shows a task's key, place and times.
// A simulation's transfers between workers are drawn in red, like Dask's,
// as a strip along the bottom of the receiving worker's first row.
import { formatBytes, formatCount, formatMs } from '../lib/format.js';

const ROW = 16; // bar height
const GAP = 2;
const PITCH = ROW + GAP;
const AXIS = 20;
const MAX_HEIGHT = 380;
const STRIP = 4; // transfer strip height, at the bottom of a row
const TRANSFER = '#e31a1c'; // red, as in Dask's task stream; no prefix colour is near it

/** Creates the view in `root` (with a .stream-caption and a .stream-scroll > canvas) and returns its controller. */
export function createStreamView(root, { tooltip }) {
  const scroller = root.querySelector('.stream-scroll');
  const spacer = root.querySelector('.stream-spacer');
  const canvas = root.querySelector('canvas');
  const caption = root.querySelector('.stream-caption');
  let data = null; // { task, thread, start, end, threads, threadsPerWorker, colors, prefixOf, keys, spanUs }
  let rows = null; // { order: thread ids shown, of: Map(thread -> row), bars: [[event index…] per row, by start], inbound: Map(row -> transfers into its worker) }
  let window_ = null; // visible time [t0, t1] in µs, or null to follow the whole span
  let left = 64; // label column width, px

  const label = (thread) => (data.threadsPerWorker
    ? `worker ${Math.floor(thread / data.threadsPerWorker)} · thread ${thread % data.threadsPerWorker}`
    : `thread ${thread}`);

  /** Groups event indices by thread; rows are the threads that ran something. */
  const index = () => {
    const byThread = new Map();
    for (let i = 0; i < data.start.length; i += 1) {
      const t = data.thread[i];
      if (!byThread.has(t)) byThread.set(t, []);
      byThread.get(t).push(i);
    }
    const order = [...byThread.keys()].sort((a, b) => a - b);
    const bars = order.map((t) => byThread.get(t).sort((a, b) => data.start[a] - data.start[b]));
    rows = { order, of: new Map(order.map((t, r) => [t, r])), bars, inbound: inboundByRow(order) };
  };

  /**
   * Transfers into each worker, on the worker's first shown row: indices by
   * start, with the running maximum of their ends (they overlap, so this is
   * what a binary search for the first one still under way at `t` needs).
   */
  const inboundByRow = (order) => {
    const out = new Map();
    const moves = data.transfers;
    if (!moves || !data.threadsPerWorker) return out;
    const rowOf = new Map();
    order.forEach((thread, r) => {
      const worker = Math.floor(thread / data.threadsPerWorker);
      if (!rowOf.has(worker)) rowOf.set(worker, r);
    });
    const byRow = new Map();
    for (let i = 0; i < moves.start.length; i += 1) {
      const r = rowOf.get(moves.to[i]);
      if (r === undefined || !(moves.end[i] >= moves.start[i])) continue; // a worker that ran nothing; never completed
      if (!byRow.has(r)) byRow.set(r, []);
      byRow.get(r).push(i);
    }
    for (const [r, list] of byRow) {
      list.sort((a, b) => moves.start[a] - moves.start[b]);
      const reach = new Float64Array(list.length);
      list.forEach((i, k) => { reach[k] = Math.max(k ? reach[k - 1] : -Infinity, moves.end[i]); });
      out.set(r, { list, reach });
    }
    return out;
  };

  /** Index in `inbound.list` of the first transfer that may still be under way at `t`. */
  const firstReaching = ({ reach }, t) => {
    let lo = 0;
    let hi = reach.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (reach[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const span = () => Math.max(data?.spanUs ?? 1, 1);
  const visible = () => window_ ?? [0, span()];

  const draw = () => {
    scroller.hidden = !data; // no empty box before the first run: the caption says what comes
    if (!data) return;
    const ctx = canvas.getContext('2d');
    const ratio = window.devicePixelRatio || 1;
    const width = scroller.clientWidth;
    const count = rows?.order.length ?? 0;
    const full = AXIS + Math.max(count, 1) * PITCH + GAP;
    spacer.style.height = `${full}px`;
    const height = Math.min(full, MAX_HEIGHT);
    scroller.style.height = `${height}px`;
    canvas.style.height = `${height}px`;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    if (!rows) return;
    ctx.font = '11px system-ui, sans-serif';
    left = 8 + Math.max(40, ...rows.order.slice(-1).concat(rows.order.slice(0, 1)).map((t) => ctx.measureText(label(t)).width));
    const [t0, t1] = visible();
    const scale = (width - left - 8) / (t1 - t0);
    const x = (us) => left + (us - t0) * scale;
    const top = scroller.scrollTop;
    const first = Math.max(0, Math.floor(top / PITCH));
    const last = Math.min(count - 1, Math.floor((top + height - AXIS) / PITCH));
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, AXIS, width - left, height - AXIS);
    ctx.clip();
    for (let r = first; r <= last; r += 1) {
      const y = AXIS + r * PITCH - top + GAP;
      const bars = rows.bars[r];
      let lastPx = -Infinity;
      let colour = '';
      for (let k = firstEndingAfter(bars, data.end, t0); k < bars.length; k += 1) {
        const i = bars[k];
        if (data.start[i] > t1) break;
        const x1 = Math.max(x(data.start[i]) + 1, x(data.end[i]) - 0.5);
        if (x1 <= lastPx) continue; // sub-pixel bars already covered
        const x0 = Math.max(x(data.start[i]), lastPx);
        const c = data.colors[data.prefixOf[data.task[i]]] ?? '#888';
        if (c !== colour) ctx.fillStyle = colour = c; // setting a style is the costly part
        ctx.fillRect(x0, y, x1 - x0, ROW);
        lastPx = x1;
      }
      const inbound = rows.inbound.get(r);
      if (inbound) drawTransfers(ctx, inbound, x, y + ROW - STRIP, t0, t1);
    }
    ctx.restore();
    // Row labels and the time axis stay in place while bars scroll under them.
    ctx.fillStyle = '#5f6b7a';
    for (let r = first; r <= last; r += 1) ctx.fillText(label(rows.order[r]), 4, AXIS + r * PITCH - top + GAP + 12);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, AXIS);
    for (const [us, text] of ticks(t0, t1)) {
      ctx.fillStyle = '#dde1e7';
      ctx.fillRect(x(us), AXIS - 4, 1, height - AXIS + 4);
      ctx.fillStyle = '#5f6b7a';
      if (x(us) + 2 + ctx.measureText(text).width <= width) ctx.fillText(text, x(us) + 2, 12);
    }
  };

  /** The transfers of one row overlapping [t0, t1], merged below a pixel. */
  const drawTransfers = (ctx, inbound, x, y, t0, t1) => {
    const moves = data.transfers;
    ctx.fillStyle = TRANSFER;
    let lastPx = -Infinity;
    for (let k = firstReaching(inbound, t0); k < inbound.list.length; k += 1) {
      const i = inbound.list[k];
      if (moves.start[i] > t1) break;
      const x1 = Math.max(x(moves.start[i]) + 2, x(moves.end[i])); // 2 px at least: red stays visible
      if (x1 <= lastPx) continue;
      const x0 = Math.max(x(moves.start[i]), lastPx);
      ctx.fillRect(x0, y, x1 - x0, STRIP);
      lastPx = x1;
    }
  };

  let frame = 0;
  const redraw = () => {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; draw(); });
  };

  /** Time (µs) under clientX. */
  const timeAt = (clientX) => {
    const r = canvas.getBoundingClientRect();
    const [t0, t1] = visible();
    return t0 + ((clientX - r.left - left) / (r.width - left - 8)) * (t1 - t0);
  };
  const setWindow = (t0, t1) => {
    const s = span();
    const w = Math.min(s, Math.max(t1 - t0, s / 1e5, 1));
    const a = Math.min(Math.max(0, t0), s - w);
    window_ = w >= s ? null : [a, a + w];
    root.dataset.window = window_ ? `${Math.round(window_[0])}-${Math.round(window_[1])}` : 'all';
    redraw();
  };
  const zoomAt = (factor, at) => {
    const [t0, t1] = visible();
    setWindow(at - (at - t0) * factor, at + (t1 - at) * factor);
  };
  const pan = (fraction) => {
    const [t0, t1] = visible();
    setWindow(t0 + (t1 - t0) * fraction, t1 + (t1 - t0) * fraction);
  };

  /** The row under the pointer and the pointer's y inside it, or null. */
  const rowAt = (event) => {
    if (!rows) return null;
    const r = canvas.getBoundingClientRect();
    const offset = event.clientY - r.top - AXIS + scroller.scrollTop - GAP;
    const row = Math.floor(offset / PITCH);
    if (event.clientY - r.top < AXIS || row < 0 || row >= rows.order.length) return null;
    return { row, y: offset - row * PITCH };
  };

  /** The transfer under the pointer (on a transfer strip), or -1. */
  const hitTransfer = (event) => {
    const at = rowAt(event);
    const inbound = at && at.y >= ROW - STRIP && at.y < ROW ? rows.inbound.get(at.row) : null;
    if (!inbound) return -1;
    const us = timeAt(event.clientX);
    const slack = (2 * (visible()[1] - visible()[0])) / canvas.clientWidth; // 2 px, as drawn: short transfers stay hoverable
    const moves = data.transfers;
    for (let k = firstReaching(inbound, us - slack); k < inbound.list.length; k += 1) {
      const i = inbound.list[k];
      if (moves.start[i] > us + slack) break;
      if (moves.end[i] >= us - slack) return i;
    }
    return -1;
  };

  const hit = (event) => {
    const at = rowAt(event);
    if (!at) return -1;
    const { row } = at;
    const us = timeAt(event.clientX);
    const bars = rows.bars[row];
    const k = firstEndingAfter(bars, data.end, us);
    return k < bars.length && data.start[bars[k]] <= us ? bars[k] : -1;
  };

  canvas.addEventListener('wheel', (event) => {
    if (!data) return;
    event.preventDefault();
    if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) pan(event.deltaX / 500);
    else zoomAt(event.deltaY > 0 ? 1.25 : 0.8, timeAt(event.clientX));
  }, { passive: false });
  let drag = null;
  canvas.addEventListener('pointerdown', (event) => {
    drag = { x: event.clientX, y: event.clientY, window: visible(), top: scroller.scrollTop };
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener('pointerup', () => { drag = null; });
  canvas.addEventListener('pointermove', (event) => {
    if (drag) {
      const [t0, t1] = drag.window;
      const dt = ((event.clientX - drag.x) / (canvas.clientWidth - left - 8)) * (t1 - t0);
      setWindow(t0 - dt, t1 - dt);
      scroller.scrollTop = drag.top - (event.clientY - drag.y);
      return;
    }
    const m = hitTransfer(event);
    if (m >= 0) {
      const moves = data.transfers;
      return tooltip.show(event, `transfer into worker ${moves.to[m]}`, `from worker ${moves.from[m]} · ${formatBytes(moves.bytes[m])} · ${formatMs(moves.start[m] / 1e3)} → ${formatMs(moves.end[m] / 1e3)} (${formatMs((moves.end[m] - moves.start[m]) / 1e3)})`);
    }
    const i = hit(event);
    if (i < 0) return tooltip.hide();
    const key = data.keys?.[data.task[i]] ?? `task ${data.task[i]}`;
    tooltip.show(event, key, `${label(data.thread[i])} · ${formatMs(data.start[i] / 1e3)} → ${formatMs(data.end[i] / 1e3)} (${formatMs((data.end[i] - data.start[i]) / 1e3)})`);
  });
  canvas.addEventListener('pointerleave', () => tooltip.hide());
  scroller.addEventListener('scroll', redraw);
  scroller.addEventListener('keydown', (event) => {
    const [t0, t1] = visible();
    const actions = {
      '+': () => zoomAt(0.8, (t0 + t1) / 2), '=': () => zoomAt(0.8, (t0 + t1) / 2), '-': () => zoomAt(1.25, (t0 + t1) / 2),
      0: () => setWindow(0, span()), ArrowLeft: () => pan(-0.1), ArrowRight: () => pan(0.1),
    };
    if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
  });
  // Redraw when the view gets wider or narrower, in the next frame: drawing
  // sets the canvas's size, which inside the callback would be a resize loop.
  let drawnWidth = -1;
  new ResizeObserver(() => {
    if (scroller.clientWidth === drawnWidth) return;
    drawnWidth = scroller.clientWidth;
    requestAnimationFrame(redraw);
  }).observe(scroller);
  scroller.hidden = true;

  /** Tasks in the schedule: a simulated task of several threads has one event per thread, adjacent. */
  const taskCount = () => {
    let count = 0;
    for (let i = 0; i < data.start.length; i++) if (i === 0 || data.task[i] !== data.task[i - 1]) count++;
    return count;
  };

  /** Caption: what is shown, and the threads that ran nothing. */
  const describe = (live) => {
    const ran = rows.order.length;
    const idle = data.threads - ran;
    const what = data.threadsPerWorker ? 'simulated threads' : 'pool threads';
    const rest = idle > 0 ? `; ${formatCount(idle)} of ${formatCount(data.threads)} ${what} ran nothing (not shown)` : '';
    const time = live ? 'so far' : `in ${formatMs(data.spanUs / 1e3)}`;
    const moves = data.transfers?.start.length ?? 0;
    const red = moves ? ` Red along the bottom of a worker's first row: transfers into this worker (${formatCount(moves)} in all).` : '';
    caption.textContent = `${formatCount(taskCount())} tasks ${time} on ${formatCount(ran)} ${what}${rest}.${red} Wheel or +/- zooms time, drag pans, 0 resets.`;
    canvas.setAttribute('aria-label', `Task stream: ${caption.textContent}`);
  };

  let pending = null; // growable columns during a live run

  return {
    /** Starts a live schedule on `threads` threads; fill it with `append`. */
    begin({ threads, prefixOf, colors, keys }) {
      pending = { task: [], thread: [], start: [], end: [] };
      data = { ...pending, threads, threadsPerWorker: 0, transfers: null, prefixOf, colors, keys, spanUs: 1 };
      window_ = null;
      index();
      caption.textContent = 'Running…';
      redraw();
    },
    /** Adds trace events (columns) to the live schedule and redraws. */
    append(tail) {
      if (!pending || !tail) return;
      for (const column of ['task', 'thread', 'start', 'end']) pending[column].push(...tail[column]);
      let end = data.spanUs;
      for (const e of tail.end) end = Math.max(end, e);
      data = { ...data, ...pending, spanUs: end };
      index();
      root.dataset.live = String(pending.start.length);
      describe(true);
      redraw();
    },
    /**
     * Shows a schedule: `trace` columns { task, thread, start, end } (µs) on
     * `threads` threads, per-task prefix indices, prefix colours, optional
     * keys; `threadsPerWorker` labels rows "worker W · thread T" (a
     * simulation), whose `transfers` columns { from, to, start, end, bytes }
     * are drawn on the receiving workers' rows.
     */
    show({ trace, threads, threadsPerWorker = 0, transfers = null, prefixOf, colors, keys }) {
      pending = null;
      let end = 0;
      for (const e of trace.end) end = Math.max(end, e);
      data = { ...trace, threads, threadsPerWorker, transfers, prefixOf, colors, keys, spanUs: end };
      window_ = null;
      index();
      describe(false);
      root.dataset.bars = String(trace.start.length);
      root.dataset.rows = String(rows.order.length);
      redraw();
    },
    /** Empties the view (a new graph, or a cancelled run). */
    clear(message = '') {
      pending = null;
      data = null;
      rows = null;
      caption.textContent = message;
      delete root.dataset.bars;
      delete root.dataset.rows;
      redraw();
    },
  };
}

/** Index in `bars` (event indices sorted by start, not overlapping) of the first bar ending at or after `t`. */
function firstEndingAfter(bars, end, t) {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (end[bars[mid]] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** About six round tick positions over [t0, t1] µs, labelled with a unit that fits. */
function ticks(t0, t1) {
  const raw = (t1 - t0) / 6;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw);
  const out = [];
  for (let us = Math.ceil(t0 / step) * step; us <= t1; us += step) out.push([us, formatMs(us / 1e3).replace(/\.0+ /, ' ')]);
  return out;
}
