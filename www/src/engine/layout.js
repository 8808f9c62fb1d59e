// The page's side of the layout worker: `layout(dot, owner)` resolves with
// SVG text. Per owner (a view), only the newest request matters; its older
// ones resolve with null. All views share the one worker.

let worker = null;
let nextId = 0;
const latest = new Map(); // owner -> id of its newest request
const pending = new Map(); // id -> { owner, resolve, reject }

/** Lays out `dot` with Graphviz off the main thread; resolves with SVG text, or null if superseded. */
export function layout(dot, owner) {
  if (!worker) {
    worker = new Worker(new URL('./layout-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => {
      const entry = pending.get(data.id);
      pending.delete(data.id);
      if (!entry) return;
      if (data.id !== latest.get(entry.owner)) entry.resolve(null);
      else if (data.error) entry.reject(new Error(`graph layout failed: ${data.error}`));
      else entry.resolve(data.svg);
    };
  }
  nextId += 1;
  const id = nextId;
  latest.set(owner, id);
  return new Promise((resolve, reject) => {
    pending.set(id, { owner, resolve, reject });
    worker.postMessage({ id, dot });
  });
}
