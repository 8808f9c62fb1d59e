// The DAG view: the engine's DOT (Dask `visualize()` style) laid out by
// Graphviz off the main thread, shown as SVG with pan and zoom; task nodes are
// recoloured live by state during a run; hovering a task shows its key,
// duration and state.
import { layout } from '../engine/layout.js';
import { attachPanZoom } from '../lib/panzoom.js';
import { STATE_NAMES } from '../lib/states.js';

/** Creates the view in `root` (a container element) and returns its controller. */
export function createDagView(root, { tooltip }) {
  const canvas = root.querySelector('.dag-canvas');
  const note = root.querySelector('.dag-note');
  let nodes = new Map(); // key -> SVG <g> of the task's function node
  let tasks = null; // { keys, durations } of the drawn graph
  let states = null;
  let stateColors = [];

  /** Fills every drawn task node with the colour of its current state. */
  const paint = () => {
    if (!tasks || !states) return;
    for (const [key, g] of nodes) {
      const shape = g.querySelector('ellipse, polygon');
      if (shape) shape.setAttribute('fill', stateColors[states[tasks.index.get(key)]]);
    }
  };

  canvas.addEventListener('pointermove', (event) => {
    const g = event.target.closest?.('g.node');
    const key = g && nodes.has(g.id) ? g.id : null;
    if (!key) return tooltip.hide();
    const i = tasks.index.get(key);
    const state = states ? STATE_NAMES[states[i]] : 'not run';
    tooltip.show(event, `<b>${key}</b><br>${tasks.durations[i].toFixed(1)} ms drawn · ${state}`);
  });
  canvas.addEventListener('pointerleave', () => tooltip.hide());

  return {
    /** Draws `dot`; `graph` = { keys, durations_ms, grouped, tasks } from the engine. */
    async draw(dot, graph) {
      note.textContent = graph.grouped
        ? `${graph.tasks.toLocaleString()} tasks is too many to draw one by one: showing one node per prefix (count, total work).`
        : 'Laying out…';
      root.dataset.state = 'layout';
      states = null;
      const svg = await layout(dot, root);
      if (svg === null) return; // superseded by a newer graph
      canvas.innerHTML = svg;
      const element = canvas.querySelector('svg');
      element.removeAttribute('width');
      element.removeAttribute('height');
      attachPanZoom(element);
      nodes = new Map();
      tasks = graph.grouped ? null : { index: new Map(graph.keys.map((k, i) => [k, i])), durations: graph.durations_ms };
      stateColors = graph.state_colors;
      if (tasks) {
        for (const g of element.querySelectorAll('g.node')) if (tasks.index.has(g.id)) nodes.set(g.id, g);
        note.textContent = `${graph.tasks} tasks · drag to pan, wheel to zoom, hover a task for details`;
      }
      if (states) paint();
      root.dataset.state = 'drawn';
    },
    /** The drawn SVG as text, or '' before the first drawing. */
    svgText() {
      const svg = canvas.querySelector('svg');
      return svg ? new XMLSerializer().serializeToString(svg) : '';
    },
    /** Recolours task nodes from a per-task state array (Uint8Array, task
     *  order); kept and applied once the layout is drawn if it is not yet. */
    colour(taskStates) {
      states = taskStates;
      paint();
    },
  };
}
