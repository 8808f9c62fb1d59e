// The page: reads the controls, talks to the engine worker, feeds the views.
// It never touches wasm and never waits on the pool.
import { startEngine } from './engine/client.js';
import { createControls } from './views/controls.js';
import { createBoard } from './views/board.js';
import { createTooltip } from './views/tooltip.js';
import { h } from './lib/dom.js';
import { formatCount } from './lib/format.js';
import { isCancel } from './lib/errors.js';

const $ = (id) => document.getElementById(id);
const PRESETS = { small: { files: 10, compares: 20 }, large: { files: 100, compares: 200 } };

const form = $('spec-form');
const controls = createControls(form);
const tooltip = createTooltip($('tooltip'));
const board = createBoard({
  dag: $('dag'), stream: $('stream'), speedup: $('speedup'),
  progress: $('progress'), result: $('result'), perThread: $('per-thread'), legend: $('state-legend'),
}, { tooltip });
const { dag, stream, speedup } = board;
const engine = startEngine(new Worker(new URL('./engine/worker.js', import.meta.url), { type: 'module' }), {
  pool: new URL(location.href).searchParams.get('pool'),
});
// Views the first graph does not need are imported on first use: the page
// loads less before its first interaction. Until then their cards keep the
// markup of index.html (the comparison's intro; the shapes card hidden).
let comparing = null; // the compare view, once Compare was pressed
let shaping = null; // the shapes view, once a measured graph was opened
/** The compare view (createCompareView), imported the first time. */
const compareView = () => (comparing ??= import('./views/compare.js').then(
  (m) => m.createCompareView($('compare-card')),
  (err) => { comparing = null; throw err; },
));
/** The shapes view (createShapesView), imported the first time. */
const shapesView = () => (shaping ??= import('./views/shapes.js').then(
  (m) => m.createShapesView($('shapes'), {
    note: $('cluster-note'),
    form,
    ask: (request) => engine.daskShapes(request, showProgress('Predicting every cluster shape', 'shapes')),
  }),
  (err) => { shaping = null; throw err; },
));
/** Tells the shapes view a graph opened with measurement `m` (null: none); loads it only for a measured graph. */
async function openedShapes(m) {
  if (m || shaping) (await shapesView()).opened(m);
}
const ACTIONS = ['build', 'generate', 'run', 'sweep', 'simulate', 'compare'];
const buttons = Object.fromEntries([...ACTIONS, 'cancel'].map((id) => [id, $(id)]));

/** A handle for the console and for tests: the last graph summary and run report. */
window.dagsim = { graph: null, lastReport: null };

let graph = null; // the built graph's summary, with the spec it was built from
let busy = false;

/** One line under the buttons: the memory a pipeline will take, or the progress of long work. */
const workNote = $('work-note');
/** Shows what the pipeline of the fields will take, before it is built. */
async function showEstimate() {
  const input = controls.read();
  if (!input || busy) return;
  const { tasks, bytes } = await engine.estimate(input.spec);
  const mb = (n) => `${formatCount(n / 2 ** 20)} MB`;
  workNote.textContent = `This pipeline: up to ${formatCount(tasks)} tasks, up to ${mb(bytes)} of the engine's ${mb(limits.memory_bytes)}.`;
}
let limits = null; // the engine's memory and import limits (hello)

/**
 * A progress callback for long work that shows, under the form, `what`, the
 * `unit`s done of all, the share done and the time left at the pace so far.
 */
function showProgress(what, unit) {
  return (p) => {
    const left = p.eta_ms == null ? 'estimating the time left' : `about ${Math.ceil(p.eta_ms / 1000)} s left`;
    workNote.textContent = `${what}: ${formatCount(p.done)} of ${formatCount(p.total)} ${unit}, ${Math.floor(100 * p.fraction)} % done, ${left}.`;
  };
}

function setBusy(value) {
  busy = value;
  for (const name of ACTIONS) buttons[name].disabled = value;
  form.elements.graph.disabled = value;
  buttons.cancel.disabled = !value;
  document.body.dataset.busy = String(value);
}

const sameSpec = (a, b) => a && b && a.files === b.files && a.compares === b.compares && a.seed === b.seed;

/**
 * Builds the ETL graph for `spec` unless it is the one already built. An
 * imported graph stays (for Run, Sweep, Simulate) unless `keepImported` is false.
 */
async function ensureBuilt(spec, { keepImported = true } = {}) {
  if (graph && ((keepImported && graph.imported) || (!graph.imported && sameSpec(graph.spec, spec)))) return graph;
  // Progress only for builds that take more than a slice (the last slice reports done = total).
  const progress = showProgress('Building', 'tasks');
  let shown = false;
  let summary;
  try {
    summary = await engine.build(spec, (p) => {
      if (p.done === p.total) return;
      shown = true;
      progress(p);
    });
  } finally {
    if (shown) workNote.textContent = '';
  }
  showGraph(summary, { spec });
  await openedShapes(null);
  $('graph-source').textContent = 'The ETL pipeline of these fields.';
  return graph;
}

/** Imports the graph JSON file `file` in place of the ETL pipeline. */
async function importGraph(file) {
  showGraph(await engine.load(file), { imported: file.name }); // size-checked before it is read
  await openedShapes(graph.measurement); // a measured file fills the cluster fields
  $('graph-source').textContent = `Imported ${file.name} (${formatCount(graph.tasks)} tasks): runs replay its durations. Build returns to the ETL pipeline.`;
}

/** Makes `summary` (from build or load; `source` says which) the graph every view shows. */
function showGraph(summary, source) {
  graph = { ...summary, ...source };
  window.dagsim.graph = graph;
  comparing?.then((view) => view.clear(), () => {});
  window.dagsim.lastReport = null;
  updateDownloads();
  board.show(graph, { stream: 'Run or simulate to see one bar per task.', result: 'build and run the pipeline' })
    .then(updateDownloads, (err) => controls.showError(err));
  document.body.dataset.builds = String(Number(document.body.dataset.builds ?? 0) + 1);
}

/** Runs the built graph once with `options`, feeding the live views; resolves with the report. */
async function runOnce(options) {
  const shown = board.beginRun(options.threads, `running on ${options.threads} thread${options.threads === 1 ? '' : 's'}…`);
  const report = await engine.run(options, shown.progress);
  await shown.done(report, options.time_scale);
  window.dagsim.lastReport = report;
  document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
  updateDownloads();
  return report;
}

/** Wraps a user action: reads the form, disables the buttons, reports errors next to their field. */
function action(body) {
  return async (event) => {
    event?.preventDefault();
    if (busy) return;
    const input = controls.read();
    if (!input) return;
    setBusy(true);
    try {
      await body(input);
    } catch (err) {
      if (isCancel(err)) {
        // Nothing half-done stays on screen, and a cancel is not an error; a
        // cancelled build (or family) leaves the previous graph and its result.
        const what = String(err?.message ?? 'run cancelled'); // "run cancelled", "build cancelled", "sweep cancelled", …
        if (!/^(build|generating) /.test(what)) board.cancelled('cancelled: run again for a result');
        controls.notice(`${what.charAt(0).toUpperCase()}${what.slice(1)}.`);
      } else {
        controls.showError(err);
      }
    } finally {
      setBusy(false);
    }
  };
}

buttons.build.addEventListener('click', action(({ spec }) => ensureBuilt(spec, { keepImported: false })));
/** Opens a graph file chosen in the file field or dropped on the page. */
async function openFile(file) {
  if (!file || busy) return;
  controls.clear();
  setBusy(true);
  try {
    await importGraph(file);
  } catch (err) {
    // The previous graph stays; an error names the field or the key, as text.
    if (isCancel(err)) controls.notice('Loading cancelled.');
    else controls.flag('graph', err.message);
  } finally {
    setBusy(false);
    form.elements.graph.value = ''; // the same file can be opened again
  }
}
form.elements.graph.addEventListener('change', () => openFile(form.elements.graph.files[0]));
form.addEventListener('input', (event) => {
  if (['files', 'compares'].includes(event.target.name)) showEstimate().catch(() => {});
});
// Drag a graph file anywhere onto the page.
document.addEventListener('dragover', (event) => {
  if (![...event.dataTransfer.types].includes('Files')) return;
  event.preventDefault();
  document.body.classList.add('dropping');
});
document.addEventListener('dragleave', (event) => {
  if (!event.relatedTarget) document.body.classList.remove('dropping');
});
document.addEventListener('drop', (event) => {
  document.body.classList.remove('dropping');
  if (!event.dataTransfer.files.length) return;
  event.preventDefault();
  openFile(event.dataTransfer.files[0]);
});
form.addEventListener('submit', action(async ({ spec, options }) => {
  await ensureBuilt(spec);
  await runOnce(options);
}));
buttons.sweep.addEventListener('click', action(async ({ spec, options }) => {
  await ensureBuilt(spec);
  const runs = [];
  const max = Number(form.elements.threads.max);
  for (let threads = 1; threads <= max; threads *= 2) {
    const report = await runOnce({ ...options, threads });
    runs.push({ threads, makespan_ms: report.makespan_ms });
    await speedup.setMeasured(runs, board.parallelism());
  }
}));
buttons.simulate.addEventListener('click', action(async ({ spec, cluster }) => {
  await ensureBuilt(spec);
  board.noteResult('simulating…');
  let report;
  try {
    report = await engine.simulate(cluster, showProgress(`Simulating ${cluster.policy} on ${cluster.workers} workers`, 'cluster'));
  } finally {
    workNote.textContent = '';
  }
  await stream.show({
    trace: report.trace,
    threads: report.threads,
    threadsPerWorker: report.threads_per_worker,
    transfers: report.transfer_log,
    prefixOf: graph.prefix_of,
    colors: graph.prefixes.map((p) => p.color),
    keys: graph.keys,
  });
  await board.showSimulation(report, cluster);
  const workMs = graph.work_ms * cluster.time_scale;
  try {
    // A sweep picks the workers and policies itself: the other cluster fields only.
    const { workers, policy, ...others } = cluster;
    const sweep = await engine.sweep(others, showProgress('Simulating every policy', 'clusters'));
    await speedup.setSimulated(sweep, { workMs, threadsPerWorker: cluster.threads_per_worker, parallelism: board.parallelism() });
  } finally {
    workNote.textContent = '';
  }
  await speedup.markCluster({ threads: report.workers * report.threads_per_worker, policy: report.policy, makespanMs: report.makespan_ms, workMs });
  try {
    if (shaping) await (await shapesView()).show(cluster.time_scale); // a measured graph: every cluster shape
  } finally {
    workNote.textContent = '';
  }
  window.dagsim.lastSimulation = report;
  document.body.dataset.simulations = String(Number(document.body.dataset.simulations ?? 0) + 1);
}));
buttons.compare.addEventListener('click', action(async ({ spec, cluster }) => {
  await ensureBuilt(spec);
  const comparison = await compareView();
  comparison.clear('Comparing…');
  try {
    const result = await engine.compare(cluster, showProgress('Comparing every policy', 'simulations'));
    comparison.show(result, cluster);
    window.dagsim.lastComparison = result;
  } catch (err) {
    comparison.clear();
    throw err;
  } finally {
    workNote.textContent = '';
  }
  document.body.dataset.comparisons = String(Number(document.body.dataset.comparisons ?? 0) + 1);
}));
buttons.generate.addEventListener('click', action(async ({ spec, family }) => {
  if (!family) {
    controls.flag('family', 'Pick a family to generate (or Build for the ETL pipeline).');
    return;
  }
  showGraph(await engine.generate(family.name, family.size, spec.seed), { imported: `${family.name} ${family.size}`, family });
  await openedShapes(null); // a generated graph carries no measurement
  $('graph-source').textContent = `ESTEE's ${family.name} at size ${family.size}, seed ${spec.seed} (${formatCount(graph.tasks)} tasks): runs replay its durations. Build returns to the ETL pipeline.`;
}));
/**
 * Fills the family picker with the engine's families the first time it is
 * focused or pressed (asking for them loads the engine's scheduling lab, which
 * the page does not load before it is needed); meanwhile the picker says it is
 * loading (`data-state`: loading, ready or error); the size field follows the
 * picked one.
 */
function offerFamilies() {
  const select = form.elements.family;
  const none = select.options[0]; // "—": no family
  let families = [];
  let listing = null;
  /** Says in the picker itself whether its list is loading, failed (focus again to retry) or there. */
  const state = (name, text) => {
    select.dataset.state = name;
    select.setAttribute('aria-busy', String(name === 'loading'));
    none.textContent = text;
  };
  const list = () => {
    if (listing) return;
    state('loading', 'loading families…');
    listing = engine.families().then((all) => {
      families = all;
      select.append(...all.map((f) => h('option', { value: f.name }, f.name)));
      state('ready', '—');
      controls.unflag('family'); // a failure before
    }, (err) => {
      listing = null;
      state('error', 'families failed to load');
      controls.flag('family', `The families could not be loaded (${err?.message ?? err}); focus the picker to try again.`);
    });
  };
  for (const type of ['focus', 'pointerdown', 'keydown']) select.addEventListener(type, list);
  select.addEventListener('change', () => {
    const f = families.find((x) => x.name === select.value);
    const size = form.elements.size;
    size.max = String(f?.max_size ?? 100000);
    size.dataset.why = f ? `${f.name}'s size is its ${f.size_means}` : '';
    size.title = size.dataset.why;
  });
}
buttons.cancel.addEventListener('click', () => engine.cancel());

/** Offers `text` as a file download named `name`. */
function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
const DOWNLOADS = {
  trace: async () => download('trace.json', 'application/json', await engine.exportTrace()),
  json: async () => download('graph.json', 'application/json', await engine.exportGraph('json')),
  dot: async () => download('graph.dot', 'text/vnd.graphviz', await engine.exportGraph('dot')),
  svg: async () => download('graph.svg', 'image/svg+xml', dag.svgText()),
  dask: async () => download('etl_dask.py', 'text/x-python', await engine.exportDask()),
  converter: async () => download('dask_to_dagsim.py', 'text/x-python', await converterText()),
};
/** The single-file Dask converter, a static file beside the page (www/scripts/converter.mjs writes it). */
async function converterText() {
  const response = await fetch(new URL('../dask_to_dagsim.py', import.meta.url));
  if (!response.ok) throw new Error(`dask_to_dagsim.py could not be fetched: HTTP ${response.status}`);
  return response.text();
}
for (const button of document.querySelectorAll('[data-download]')) {
  button.addEventListener('click', () => DOWNLOADS[button.dataset.download]().catch((err) => controls.showError(err)));
}
/** Enables the downloads that have something to download. */
function updateDownloads() {
  for (const button of document.querySelectorAll('[data-download]')) {
    const kind = button.dataset.download;
    button.disabled = !graph || (kind === 'trace' && !window.dagsim.lastReport) || (kind === 'svg' && !dag.svgText()) || (kind === 'dask' && Boolean(graph.imported));
  }
}
for (const button of form.querySelectorAll('[data-preset]')) {
  button.addEventListener('click', () => {
    const preset = PRESETS[button.dataset.preset];
    for (const [name, value] of Object.entries(preset)) form.elements[name].value = String(value);
    buttons.build.click();
  });
}

async function boot() {
  const status = $('engine-status');
  try {
    const hello = await engine.hello();
    const threads = form.elements.threads;
    threads.max = String(hello.threads);
    threads.value = String(hello.threads);
    if (hello.isolated) {
      status.dataset.state = 'ready';
      status.textContent = `threaded · ${hello.threads} pool threads`;
    } else {
      status.dataset.state = 'single';
      status.textContent = 'single thread';
      const banner = $('isolation-banner');
      banner.replaceChildren(
        h('strong', {}, 'Threads are off.'),
        ` ${hello.reason} dagsim is running its single-thread build; everything but multi-thread runs works. To enable threads, serve the page with `,
        h('code', {}, 'Cross-Origin-Opener-Policy: same-origin'), ' and ', h('code', {}, 'Cross-Origin-Embedder-Policy: require-corp'),
        ' (', h('code', {}, 'make serve'), ' does).',
      );
      banner.hidden = false;
    }
    document.body.dataset.engine = hello.flavour;
    limits = hello.limits;
    // The engine's ranges (the numbers its validators check) bound the fields.
    for (const [name, [min, max]] of Object.entries(limits.fields)) {
      const input = form.elements[name];
      if (input) Object.assign(input, { min: String(min), max: String(max) });
    }
    offerFamilies();
    setBusy(false);
    await showEstimate().catch(() => {});
    buttons.build.click();
  } catch (err) {
    status.dataset.state = 'error';
    status.textContent = 'engine failed';
    controls.showError(err);
  }
}

boot();
