// The page: reads the controls, talks to the engine worker, feeds the views.
// Never touches wasm and never waits on the pool.
import { startEngine } from './engine/client.js';
import { renderProgress } from './views/progress.js';
import { renderResult } from './views/result.js';

const $ = (id) => document.getElementById(id);
const form = $('spec-form');
const runButton = $('run');
const status = $('engine-status');
const engine = startEngine({ pool: new URL(location.href).searchParams.get('pool') });
let poolThreads = 1;
let colors = {};
/** A handle for the console and for tests: the last run's report, as the engine sent it. */
window.dagsim = { lastReport: null };

function setStatus(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

/** Reads the form; flags each bad field next to it and returns null when any is bad. */
function readForm() {
  let ok = true;
  const value = (name) => {
    const input = form.elements[name];
    const v = Number(input.value);
    const min = Number(input.min);
    const max = input.max === '' ? Infinity : Number(input.max);
    const integer = input.step !== 'any';
    const bad = input.value.trim() === '' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v));
    input.setAttribute('aria-invalid', String(bad));
    if (bad) {
      ok = false;
      $('form-error').textContent = `${name}: must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}`;
    }
    return v;
  };
  $('form-error').textContent = '';
  const spec = { files: value('files'), compares: value('compares'), seed: value('seed') };
  const options = { threads: value('threads'), time_scale: value('time_scale'), mode: 'sleep' };
  return ok ? { spec, options } : null;
}

async function onRun(event) {
  event.preventDefault();
  const input = readForm();
  if (!input) return;
  runButton.disabled = true;
  try {
    const summary = await engine.build(input.spec);
    colors = Object.fromEntries(summary.prefixes.map((p) => [p.name, p.color]));
    const report = await engine.run(input.options, (progress) => renderProgress($('progress'), progress, colors));
    renderResult($('result'), $('per-thread'), report);
    window.dagsim.lastReport = report;
    document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
  } catch (err) {
    $('form-error').textContent = err.message;
  } finally {
    runButton.disabled = false;
  }
}

async function boot() {
  try {
    const hello = await engine.hello();
    poolThreads = hello.threads;
    const threadsInput = form.elements.threads;
    threadsInput.max = String(poolThreads);
    threadsInput.value = String(poolThreads);
    if (hello.isolated) {
      setStatus('ready', `threaded · ${poolThreads} pool threads`);
    } else {
      setStatus('single', 'single thread');
      const banner = $('isolation-banner');
      banner.innerHTML = `<strong>Threads are off.</strong> ${hello.reason} dagsim is running its single-thread build. To enable threads, serve the page with <code>Cross-Origin-Opener-Policy: same-origin</code> and <code>Cross-Origin-Embedder-Policy: require-corp</code> (<code>make serve</code> does).`;
      banner.hidden = false;
    }
    document.body.dataset.engine = hello.flavour;
    runButton.disabled = false;
  } catch (err) {
    setStatus('error', 'engine failed');
    $('form-error').textContent = err.message;
  }
}

form.addEventListener('submit', onRun);
boot();
