// The page's side of the layout worker: `layout(dot)` resolves with SVG text.
// Only the newest request matters; older ones resolve with null.

let worker = null;
let latest = 0;
const pending = new Map();

/** Lays out `dot` with Graphviz off the main thread; resolves with SVG text, or null if superseded. */
export function layout(dot) {
  if (!worker) {
    worker = new Worker(new URL('./layout-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => {
      const entry = pending.get(data.id);
      pending.delete(data.id);
      if (!entry) return;
      if (data.id !== latest) entry.resolve(null);
      else if (data.error) entry.reject(new Error(`graph layout failed: ${data.error}`));
      else entry.resolve(data.svg);
    };
  }
  latest += 1;
  const id = latest;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, dot });
  });
}
