// The DAG view: the engine's DOT (Dask `visualize()` style) laid out by
// Graphviz off the main thread, shown as SVG with pan and zoom; task nodes are
// recoloured live by state during a run; hovering a task shows its key,
// duration and state. A graph too wide to read whole opens at a readable
// scale with a minimap of the whole drawing (live state colours included)
// that moves the view on click or drag.
import { layout } from '../engine/layout.js';
import { h } from '../lib/dom.js';
import { formatMs } from '../lib/format.js';
import { attachPanZoom } from '../lib/panzoom.js';
import { parseSvg } from '../lib/svg.js';

/** Creates the view in `root` (a container element) and returns its controller. */
export function createDagView(root, { tooltip }) {
  const canvas = root.querySelector('.dag-canvas');
  const note = root.querySelector('.dag-note');
  let nodes = new Map(); // key -> SVG <g> of the task's function node
  let tasks = null; // { index, durations } of the drawn graph
  let groups = new Map(); // prefix -> task count, when drawn one node per prefix
  let states = null;
  let stateColors = [];
  let stateNames = [];
  let svgText = '';
  let minimap = null;

  /** Fills every drawn task node with the colour of its current state. */
  const paint = () => {
    if (!tasks || !states) return;
    for (const [key, g] of nodes) {
      const shape = g.querySelector('ellipse, polygon');
      if (shape) shape.setAttribute('fill', stateColors[states[tasks.index.get(key)]]);
    }
    minimap?.draw();
  };

  canvas.addEventListener('pointermove', (event) => {
    const g = event.target.closest?.('g.node');
    if (g && groups.has(g.id)) return tooltip.show(event, g.id, `${groups.get(g.id).toLocaleString('en')} tasks with this prefix`);
    const key = g && nodes.has(g.id) ? g.id : null;
    if (!key) return tooltip.hide();
    const i = tasks.index.get(key);
    const state = states ? stateNames[states[i]] : 'not run';
    tooltip.show(event, key, `${formatMs(tasks.durations[i])} drawn · ${state}`);
  });
  canvas.addEventListener('pointerleave', () => tooltip.hide());

  return {
    /** Draws `dot`; `graph` = { keys, durations_ms, grouped, tasks, state_names, state_colors } from the engine. */
    async draw(dot, graph) {
      // The previous graph goes at once: nothing stale under "Laying out…".
      canvas.replaceChildren();
      nodes = new Map();
      tasks = null;
      groups = new Map();
      minimap = null;
      svgText = '';
      note.textContent = 'Laying out…';
      root.dataset.state = 'layout';
      states = null;
      const text = await layout(dot, root);
      if (text === null) return; // superseded by a newer graph
      const element = parseSvg(text);
      svgText = new XMLSerializer().serializeToString(element);
      element.removeAttribute('width');
      element.removeAttribute('height');
      canvas.replaceChildren(element);
      stateColors = graph.state_colors;
      stateNames = graph.state_names;
      tasks = graph.grouped ? null : { index: new Map(graph.keys.map((k, i) => [k, i])), durations: graph.durations_ms };
      if (tasks) for (const g of element.querySelectorAll('g.node')) if (tasks.index.has(g.id)) nodes.set(g.id, g);
      if (graph.grouped) groups = new Map(graph.prefixes.map((p) => [p.name, p.count]));
      minimap = createMinimap(canvas, element, () => (tasks && states ? [...nodes].map(([k, g]) => [g, stateColors[states[tasks.index.get(k)]]]) : null));
      const zoom = attachPanZoom(element, { onChange: (view, whole) => minimap.update(view, whole) });
      minimap.bind(zoom);
      note.textContent = graph.grouped
        ? `${graph.tasks.toLocaleString('en')} tasks is too many to draw one by one: one node per prefix (count, total work). Drag to pan, wheel to zoom.`
        : `${graph.tasks.toLocaleString('en')} tasks, coloured by prefix (as in Progress) until a run, then by state · drag to pan, wheel to zoom, f to fit all, hover a task`;
      if (states) paint();
      root.dataset.state = 'drawn';
    },
    /** The whole drawing as a standalone SVG file (not the zoomed view, no page attributes), or ''. */
    svgText: () => svgText,
    /** Recolours task nodes from a per-task state array (Uint8Array, task
     *  order); kept and applied once the layout is drawn if it is not yet. */
    colour(taskStates) {
      states = taskStates;
      paint();
    },
  };
}

/**
 * A small canvas in the corner of `host` showing the whole `svg` (one dot
 * per node, coloured by `colours()` when it returns [[g, colour]…]) and the
 * visible rectangle; hidden while the whole drawing is in view.
 */
function createMinimap(host, svg, colours) {
  const canvas = h('canvas', { className: 'minimap', 'aria-hidden': 'true' });
  host.append(canvas);
  const graph = svg.querySelector('g.graph');
  const matrix = graph?.transform.baseVal.consolidate()?.matrix ?? new DOMMatrix();
  // Node centres in drawing units, measured once.
  const centres = new Map();
  for (const g of svg.querySelectorAll('g.node')) {
    const b = g.getBBox();
    centres.set(g, [matrix.a * (b.x + b.width / 2) + matrix.e, matrix.d * (b.y + b.height / 2) + matrix.f]);
  }
  let view = null;
  let whole = null;
  let zoom = null;
  const size = () => {
    const w = Math.min(220, host.clientWidth * 0.4);
    return { w, h: Math.max(24, Math.min(90, (w * whole.h) / whole.w)) };
  };
  const map = {
    draw() {
      if (!whole) return;
      const all = view.x <= whole.x && view.y <= whole.y && view.x + view.w >= whole.x + whole.w && view.y + view.h >= whole.y + whole.h;
      canvas.hidden = all;
      if (all) return;
      const { w, h: ht } = size();
      const ratio = window.devicePixelRatio || 1;
      canvas.style.width = `${w}px`;
      canvas.style.height = `${ht}px`;
      canvas.width = Math.round(w * ratio);
      canvas.height = Math.round(ht * ratio);
      const ctx = canvas.getContext('2d');
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      const sx = w / whole.w;
      const sy = ht / whole.h;
      const fills = new Map(colours() ?? []);
      for (const [g, [x, y]] of centres) {
        ctx.fillStyle = fills.get(g) ?? '#8a94a3';
        ctx.fillRect((x - whole.x) * sx - 1, (y - whole.y) * sy - 1, 2.5, 2.5);
      }
      ctx.strokeStyle = '#1d2330';
      ctx.lineWidth = 1.5;
      ctx.strokeRect((view.x - whole.x) * sx, (view.y - whole.y) * sy, view.w * sx, view.h * sy);
    },
    update(v, all) {
      view = v;
      whole = all;
      map.draw();
    },
    bind(z) {
      zoom = z;
    },
  };
  const jump = (event) => {
    const r = canvas.getBoundingClientRect();
    zoom?.setCentre(whole.x + ((event.clientX - r.left) / r.width) * whole.w, whole.y + ((event.clientY - r.top) / r.height) * whole.h);
  };
  canvas.addEventListener('pointerdown', (event) => {
    canvas.setPointerCapture(event.pointerId);
    jump(event);
  });
  canvas.addEventListener('pointermove', (event) => event.buttons && jump(event));
  return map;
}
