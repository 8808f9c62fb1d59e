// The host app's own script: uses the package's API next to its elements.
// A file, not an inline script, so the page runs under a CSP without 'unsafe-inline'.
import { createEngine } from 'dagsim';
window.events = [];
for (const name of ['dagsim-progress', 'dagsim-done', 'dagsim-error']) {
  document.addEventListener(name, (e) => window.events.push({ name, id: e.target.id }));
}
const engine = createEngine({ threads: 2 });
const hello = await engine.ready;
await engine.build({ files: 13, compares: 17, seed: 5 });
const report = await engine.run({ threads: hello.threads, time_scale: 0 }).result;
document.getElementById('api-result').textContent = JSON.stringify({ isolated: hello.isolated, best: report.best, tasks: report.tasks });
