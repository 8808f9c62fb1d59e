// Starts scripts/serve.mjs as a child process for the scripts that drive a
// browser themselves (benchmarks, screenshots); resolves once it listens.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serve = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve.mjs');

/** Serves www/ on 127.0.0.1:`port` (extra `flags` as for serve.mjs); resolves with the child process. */
export function startServer(port, ...flags) {
  const child = spawn(process.execPath, [serve, '--port', String(port), ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout.once('data', () => resolve(child)));
}
