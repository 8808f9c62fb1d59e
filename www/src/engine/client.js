// The page's side of the engine worker (./host.js, started through
// ./worker.js or ./worker-bundled.js). Every request gets a promise; progress
// arrives through the `onProgress` callback. The requests and their messages
// are listed once, in ./protocol.js.
import { REQUESTS } from './protocol.js';

/**
 * Starts the engine in `worker` (a fresh module worker running ./worker.js or
 * ./worker-bundled.js) with a pool of `pool` threads (default: the machine's
 * cores) and returns a client bound to it.
 */
export function startEngine(worker, { pool } = {}) {
  worker.postMessage({ type: 'init', pool: pool ? Number(pool) : null });
  const pending = new Map();
  const progressListeners = new Map();
  let nextId = 1;

  worker.onmessage = ({ data }) => {
    if (data.type === 'progress') {
      progressListeners.get(data.id)?.(data.progress);
      return;
    }
    const entry = pending.get(data.id);
    if (!entry) return;
    pending.delete(data.id);
    progressListeners.delete(data.id);
    if (data.ok) entry.resolve(data.value);
    else entry.reject(Object.assign(new Error(data.error), { field: data.field ?? null }));
  };
  worker.onerror = (event) => {
    const error = new Error(`engine worker failed: ${event.message ?? 'unknown error'}`);
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
  };

  const request = (type, payload = {}, onProgress) => {
    const id = nextId++;
    if (onProgress) progressListeners.set(id, onProgress);
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, type, ...payload });
    });
  };

  // One method per request of the protocol: its fields as arguments, then
  // `onProgress` for requests that report progress.
  const client = Object.fromEntries(Object.entries(REQUESTS).map(([type, { fields, progress }]) => [
    type,
    (...args) => request(type, Object.fromEntries(fields.map((f, i) => [f, args[i]])), progress ? args[fields.length] : undefined),
  ]));
  /** Stops the worker. */
  client.terminate = () => worker.terminate();
  return client;
}
