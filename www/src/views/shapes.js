// Cluster shapes, for a graph file measured by dask_to_dagsim.measure():
// when the file opens, the simulated-cluster fields take the measured
// cluster and its calibration (and a note says so); after Simulate, the
// calibrated Dask model's makespan for every workers × threads shape, its
// cost in core-seconds, the Pareto front (no other shape both faster and
// cheaper) and the answer to "the smallest cluster that finishes within X s".
// Everything is built from text (lib/dom.js); the chart is a canvas.
import { h } from '../lib/dom.js';
import { formatCount, formatMs } from '../lib/format.js';
import { isCancel } from '../lib/errors.js';

/** "2 × 4" for a shape. */
const shapeName = (r) => `${r.workers} × ${r.threads_per_worker}`;
const plural = (n, noun) => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
/** Seconds with three significant digits, for core-seconds. */
const seconds = (s) => (Number.isFinite(s) ? `${s.toPrecision(3)} s` : 'n/a');

/**
 * Binds to `root` (the shapes card), `note` (a line by the simulated-cluster
 * fields) and `form` (the control form); `ask(request)` is the engine's
 * daskShapes (a Cancel while it works rejects `show`). Returns { opened(measured), show(timeScale), clear() }.
 */
export function createShapesView(root, { note, form, ask }) {
  const caption = h('p', { className: 'note' });
  const within = h('input', { type: 'number', name: 'within_s', min: '0', step: 'any', value: '', 'aria-describedby': 'shapes-error' });
  const askForm = h('form', { className: 'shapes-within', noValidate: true, 'aria-label': 'Smallest cluster within a time' },
    h('label', {}, 'Smallest cluster that finishes within ', within, ' s'),
    h('button', { type: 'submit', className: 'secondary' }, 'Ask'));
  const answer = h('p', { className: 'shapes-answer', role: 'status' });
  const error = h('p', { className: 'field-error', id: 'shapes-error', role: 'alert' });
  const canvas = h('canvas', { role: 'img', 'aria-label': 'Makespan against cost for every cluster shape' });
  const table = h('table', { className: 'shapes-table' });
  root.append(
    caption,
    askForm,
    error,
    answer,
    h('div', { className: 'shapes-body' }, canvas, table),
  );
  let measured = null;
  let timeScale = 1;
  let last = null; // the engine's last ShapeSweep

  /** Fills the simulated-cluster fields from the file's measurement and says so. */
  const opened = (m) => {
    measured = m;
    clear();
    note.hidden = !m;
    if (!m) {
      note.textContent = '';
      return;
    }
    const fields = { time_scale: 1, workers: m.workers, threads_per_worker: m.threads_per_worker, overhead_us: m.overhead_us, latency_us: m.latency_us, bandwidth_mb_s: m.bandwidth_mb_s, host_cores: m.host_cores ?? 0 };
    for (const [name, value] of Object.entries(fields)) {
      if (value != null) form.elements[name].value = String(Number(value.toPrecision(4)));
    }
    const ran = `Measured by dask_to_dagsim.measure() on ${plural(m.workers, 'worker')} × ${plural(m.threads_per_worker, 'thread')} (dask ${m.dask}) in ${formatMs(m.makespan_ms)}.`;
    const host = m.host_cores
      ? ` Its workers shared one host of ${plural(m.host_cores, 'core')}: Host cores is that host, where the shapes are predicted (0: a real cluster, every thread its own core).`
      : ' Host cores 0: the shapes are predicted with every thread on its own core.';
    note.textContent = (m.calibrated
      ? `${ran} The cluster fields are that cluster and its calibration: task overhead = the scheduler's and the worker's time per task, link latency and bandwidth of a transfer between workers; time scale 1 keeps the measured durations. Simulate also predicts every cluster shape with the calibrated Dask model.`
      : `${ran} The file has no calibration: only Workers, Threads / worker and Time scale (1: the measured durations) were filled. Simulate also predicts every cluster shape with the Dask model (no overheads, free transfers).`) + host;
  };

  /** Asks the engine for every shape (and the within answer) and draws them. */
  const show = async (scale = timeScale) => {
    if (!measured) return;
    timeScale = scale;
    error.textContent = '';
    within.removeAttribute('aria-invalid');
    const text = within.value.trim();
    // The measured host as the file says it (null), else the field's cores.
    const cores = form.elements.host_cores.value.trim();
    const host = cores === '' || Number(cores) === (measured.host_cores ?? 0) ? null : Number(cores);
    const request = { time_scale: timeScale, within_s: text === '' ? null : Number(text), host_cores: host };
    try {
      last = await ask(request);
    } catch (err) {
      if (isCancel(err)) {
        clear(); // Cancel clears the card; the action that asked says so
        throw err;
      }
      // A bad time is flagged at its input; anything else is said as it is.
      const message = String(err?.message ?? err);
      root.hidden = false;
      answer.textContent = '';
      answer.dataset.shape = '';
      if (err?.field !== 'within_s') {
        error.textContent = message;
        return;
      }
      within.setAttribute('aria-invalid', 'true');
      error.textContent = `Finish within: ${message.replace(/^within_s:\s*/, '')}`;
      return;
    }
    root.hidden = false;
    if (text === '' && last.shapes.length) {
      // A first question worth asking: within the median makespan.
      const times = last.shapes.map((p) => p.makespan_ms).sort((a, b) => a - b);
      within.value = String(Number((times[Math.floor(times.length / 2)] / 1e3).toPrecision(2)));
      await show();
      return;
    }
    render();
  };

  const render = () => {
    const { shapes, within: w } = last;
    const host = last.host_cores
      ? `every shape's workers sharing one host of ${plural(last.host_cores, 'core')}${last.host_from_file ? ', the measured host' : ''}`
      : 'every thread on its own core';
    caption.textContent = `The calibrated Dask model (${last.calibrated ? "the file's calibration" : 'no calibration: no overheads, free transfers'}) on ${shapes.length} cluster shapes, workers × threads per worker, ${host} (Host cores). Cost is workers × threads × makespan (core-seconds: every thread is a core you pay for); the Pareto front (filled, joined, named) holds the shapes no other shape beats on both; the ring is the answer below.`;
    const best = w?.shape ? `${w.shape[0]} × ${w.shape[1]}` : null;
    answer.textContent = !w
      ? ''
      : best
        ? `Smallest cluster within ${w.seconds} s: ${plural(w.shape[0], 'worker')} × ${plural(w.shape[1], 'thread')}, predicted ${formatMs(w.makespan_ms)}.`
        : `No shape swept finishes within ${w.seconds} s (the fastest takes ${formatMs(Math.min(...shapes.map((p) => p.makespan_ms)))}).`;
    answer.dataset.shape = best ?? '';
    table.replaceChildren(
      h('thead', {}, h('tr', {}, ...['Workers', 'Threads / worker', 'Makespan', 'Core-seconds', 'Pareto'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...shapes.map((p) => h('tr', {
        'data-shape': shapeName(p),
        'data-pareto': String(p.pareto),
        className: shapeName(p) === best ? 'answer' : '',
      }, h('td', {}, String(p.workers)), h('td', {}, String(p.threads_per_worker)), h('td', {}, formatMs(p.makespan_ms)), h('td', {}, seconds(p.core_seconds)), h('td', {}, p.pareto ? '●' : '')))),
    );
    draw(canvas, shapes, best);
  };

  /** Hides the card (a new graph, or one without a measurement). */
  const clear = () => {
    root.hidden = true;
    last = null;
    answer.textContent = '';
    error.textContent = '';
    within.value = '';
  };

  askForm.addEventListener('submit', (event) => {
    event.preventDefault();
    show();
  });
  return { opened, show, clear, get measured() { return measured; } };
}

/** Draws makespan (y) against core-seconds (x), log axes; the Pareto front joined and named, `best` ringed and named. */
function draw(canvas, shapes, best) {
  const css = getComputedStyle(canvas);
  const width = canvas.clientWidth || 420;
  const height = canvas.clientHeight || 260; // style.css sets it
  canvas.width = Math.round(width * devicePixelRatio);
  canvas.height = Math.round(height * devicePixelRatio);
  const ctx = canvas.getContext('2d');
  ctx.scale(devicePixelRatio, devicePixelRatio);
  const pad = { left: 58, right: 16, top: 12, bottom: 38 };
  const xs = shapes.map((p) => p.core_seconds);
  const ys = shapes.map((p) => p.makespan_ms / 1e3);
  const scale = (values, lo, hi) => {
    const [a, b] = [Math.log(Math.min(...values) * 0.85), Math.log(Math.max(...values) * 1.15)];
    return (v) => lo + ((Math.log(v) - a) / (b - a || 1)) * (hi - lo);
  };
  const x = scale(xs, pad.left, width - pad.right);
  const y = scale(ys, height - pad.bottom, pad.top);
  ctx.clearRect(0, 0, width, height);
  ctx.font = `12px ${css.fontFamily}`;
  ctx.fillStyle = '#5f6b7a';
  ctx.strokeStyle = '#dde1e7';
  ctx.strokeRect(pad.left, pad.top, width - pad.left - pad.right, height - pad.top - pad.bottom);
  ctx.textAlign = 'center';
  ctx.fillText('cost: core-seconds (log)', (pad.left + width - pad.right) / 2, height - 8);
  for (const v of [Math.min(...xs), Math.max(...xs)]) ctx.fillText(v.toPrecision(3), x(v), height - pad.bottom + 14);
  ctx.textAlign = 'right';
  for (const v of [Math.min(...ys), Math.max(...ys)]) ctx.fillText(`${v.toPrecision(3)} s`, pad.left - 6, y(v) + 4);
  ctx.save();
  ctx.translate(12, (pad.top + height - pad.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText('makespan (log)', 0, 0);
  ctx.restore();
  const front = shapes.filter((p) => p.pareto).sort((a, b) => a.core_seconds - b.core_seconds);
  ctx.strokeStyle = '#2f6fde';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  front.forEach((p, i) => (i ? ctx.lineTo : ctx.moveTo).call(ctx, x(p.core_seconds), y(p.makespan_ms / 1e3)));
  ctx.stroke();
  ctx.textAlign = 'left';
  for (const p of shapes) {
    const [px, py] = [x(p.core_seconds), y(p.makespan_ms / 1e3)];
    ctx.beginPath();
    ctx.arc(px, py, 4, 0, 2 * Math.PI);
    ctx.fillStyle = p.pareto ? '#2f6fde' : '#fff';
    ctx.strokeStyle = p.pareto ? '#2f6fde' : '#5f6b7a';
    ctx.fill();
    ctx.stroke();
    // Only the front and the answer are named (the table names every shape). Every other
    // shape lies above or right of the front, so front labels go below-left, the answer's above-right.
    ctx.fillStyle = '#1d2330';
    if (p.pareto) {
      ctx.textAlign = 'right';
      ctx.fillText(shapeName(p), px - 6, py + 15);
    } else if (shapeName(p) === best) {
      ctx.textAlign = 'left';
      ctx.fillText(shapeName(p), px + 10, py - 9);
    }
    if (shapeName(p) === best) {
      ctx.beginPath();
      ctx.arc(px, py, 9, 0, 2 * Math.PI);
      ctx.strokeStyle = '#d55e00';
      ctx.lineWidth = 2;
      ctx.stroke();
      ctx.lineWidth = 1.5;
    }
  }
}
