// <dagsim-etl>: the whole simulator as a custom element with Shadow DOM.
//
//   <dagsim-etl files="10" compares="20" seed="42" threads="4" view="all"></dagsim-etl>
//   <dagsim-etl src="mygraph.json"></dagsim-etl>   (a graph file instead of the pipeline)
//
// `view` is dag, progress, stream, speedup, result or all. `information`
// (exact, noisy, prefix-mean), `noise` and `scheduling-interval-us` set
// what the simulated speedup curves' schedulers know and how often they
// decide (engine defaults when absent). Events:
// dagsim-progress (detail: per-prefix counts), dagsim-done (detail: the run's
// report), dagsim-error (detail: { message }). Theme with CSS custom
// properties on the element: --dagsim-accent, --dagsim-bg, --dagsim-card,
// --dagsim-ink. Every element on a page shares one engine. Keys and file
// names from a graph file are shown as text only.
import { createEngine } from './api.js';
import { h } from '../lib/dom.js';
import { isCancel } from '../lib/errors.js';
import { createBoard } from '../views/board.js';
import { createTooltip } from '../views/tooltip.js';

let shared = null;
/** The one engine all elements on the page use. */
function engine() {
  shared ??= createEngine();
  return shared;
}

let builtKey = ''; // the key of the source the shared engine holds now
/** Makes the shared engine hold `source` unless it does already; resolves with the summary. */
async function buildOnce(source, summary) {
  if (source.key === builtKey && summary) return summary;
  const built = await source.make();
  builtKey = source.key;
  return built;
}

const files = new Map(); // graph file URL → its text (a promise), fetched once per page
/** The text of the graph file at `url`; the error names the `src` attribute. */
function graphText(url) {
  if (!files.has(url)) {
    files.set(url, fetch(url).then((res) => {
      if (!res.ok) throw new Error(`src: cannot fetch ${url}: HTTP ${res.status}`);
      return res.text();
    }));
    files.get(url).catch(() => files.delete(url)); // a failed fetch is retried next time
  }
  return files.get(url);
}

const VIEWS = ['dag', 'progress', 'stream', 'speedup', 'result'];

// Constant markup only: nothing from attributes or graph files goes in here.
const TEMPLATE = `
<div class="toolbar">
  <button class="run" disabled>Run</button><button class="cancel danger" disabled>Cancel</button>
  <span class="status" role="status">starting engine…</span><span class="clamped" hidden></span><span class="error" role="alert"></span>
</div>
<div class="views">
  <section class="card dag" data-view="dag"><h3>Task graph <span class="legend"></span></h3><p class="dag-note note"></p><div class="dag-canvas"></div></section>
  <section class="card" data-view="progress"><h3>Progress</h3><div class="progress"></div></section>
  <section class="card" data-view="result"><h3>Result</h3><dl class="stats result"></dl><div class="per-thread"></div></section>
  <section class="card" data-view="speedup"><h3>Speedup (simulated)</h3><div class="chart"></div><p class="speedup-note note"></p></section>
  <section class="card stream" data-view="stream"><h3>Task stream</h3><p class="stream-caption note"></p>
    <div class="stream-scroll" tabindex="0" hidden><div class="stream-spacer"><canvas role="img" aria-label="Task stream: nothing run yet"></canvas></div></div></section>
</div>
<div class="tooltip" hidden></div>`;

/** The custom element; see the module docs. */
export class DagsimEtl extends HTMLElement {
  static observedAttributes = ['files', 'compares', 'seed', 'src', 'threads', 'view', 'information', 'noise', 'scheduling-interval-us'];

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const sheets = [new URL('../../vendor/uPlot.min.css', import.meta.url), new URL('../style.css', import.meta.url), new URL('./element.css', import.meta.url)];
    root.append(...sheets.map((href) => h('link', { rel: 'stylesheet', href: href.href })));
    root.append(document.createRange().createContextualFragment(TEMPLATE));
    const $ = (s) => root.querySelector(s);
    const tooltip = createTooltip($('.tooltip'));
    this.board = createBoard({
      dag: $('[data-view=dag]'), stream: $('[data-view=stream]'), speedup: $('[data-view=speedup]'),
      progress: $('.progress'), result: $('.result'), perThread: $('.per-thread'), legend: $('.legend'),
    }, { tooltip });
    $('.run').addEventListener('click', () => this.run());
    $('.cancel').addEventListener('click', () => this.current?.cancel());
  }

  connectedCallback() {
    this.showViews();
    engine().ready.then((hello) => {
      this.hello = hello;
      this.shadowRoot.querySelector('.status').textContent = hello.isolated
        ? `${hello.threads} threads`
        : 'single thread: this page is not cross-origin isolated (no COOP/COEP headers)';
      this.dataset.engine = hello.flavour;
      this.showClamp();
      this.build();
    }, (err) => this.fail(err));
  }

  attributeChangedCallback(name) {
    if (name === 'view') this.showViews();
    else if (name === 'threads') this.showClamp();
    else if (this.hello && this.isConnected) this.build();
  }

  /** Number attribute `name`, or `fallback` when absent. */
  number(name, fallback) {
    const v = this.getAttribute(name);
    return v === null || v === '' ? fallback : Number(v);
  }

  /** The simulation options the attributes set: what the scheduler knows, how often it decides. */
  knowledge() {
    const options = {};
    const information = this.getAttribute('information');
    if (information) options.information = information;
    const noise = this.number('noise', undefined);
    if (noise !== undefined) options.noise = noise;
    const interval = this.number('scheduling-interval-us', undefined);
    if (interval !== undefined) options.scheduling_interval_us = interval;
    return options;
  }

  /** Threads a run uses: the `threads` attribute, at most the engine's pool. */
  threads() {
    return Math.max(1, Math.min(this.number('threads', this.hello.threads), this.hello.threads));
  }

  /** Says so, visibly, when `threads` asks for more than the engine has. */
  showClamp() {
    if (!this.hello) return;
    const asked = this.number('threads', this.hello.threads);
    const note = this.shadowRoot.querySelector('.clamped');
    note.hidden = !(asked > this.hello.threads);
    note.textContent = note.hidden ? '' : `threads="${asked}" is more than this engine's ${this.hello.threads}: runs use ${this.hello.threads}.`;
  }

  showViews() {
    const wanted = (this.getAttribute('view') ?? 'all').split(/[\s,]+/);
    for (const v of VIEWS) {
      this.shadowRoot.querySelector(`[data-view=${v}]`).hidden = !(wanted.includes('all') || wanted.includes(v));
    }
  }

  fail(err) {
    const message = String(err?.message ?? err);
    this.shadowRoot.querySelector('.error').textContent = message;
    this.dispatchEvent(new CustomEvent('dagsim-error', { detail: { message }, bubbles: true, composed: true }));
  }

  /** Builds the graph the attributes describe and draws it. */
  async build() {
    const $ = (s) => this.shadowRoot.querySelector(s);
    try {
      $('.error').textContent = '';
      this.graph = await buildOnce(this.source(), null);
      const drawn = this.board.show(this.graph, {
        stream: 'Press Run to see one bar per task, one row per thread.',
        result: 'press Run for the best pair and the timings',
      });
      const charted = (async () => {
        if ($('[data-view=speedup]').hidden) return;
        const curves = await engine().sweep({ time_scale: 1, ...this.knowledge() });
        await this.board.speedup.setSimulated(curves, { workMs: this.graph.work_ms, threadsPerWorker: 1, parallelism: this.board.parallelism() });
      })();
      await Promise.all([drawn, charted]);
      $('.run').disabled = false;
      this.dataset.built = String(this.graph.tasks);
    } catch (err) {
      this.fail(err);
    }
  }

  /** What the attributes describe: the graph file at `src`, else the pipeline; `{ key, make() }`. */
  source() {
    const src = this.getAttribute('src');
    if (src) {
      const url = new URL(src, document.baseURI).href;
      return { key: `src ${url}`, make: async () => engine().load(await graphText(url)) };
    }
    const spec = { files: this.number('files', 10), compares: this.number('compares', 20), seed: this.number('seed', 42) };
    return { key: JSON.stringify(spec), make: () => engine().build(spec) };
  }

  /** Runs the built graph; resolves with the report (also sent as `dagsim-done`). */
  async run(options = {}) {
    if (!this.graph || this.current) return null;
    await buildOnce(this.source(), this.graph); // another element may have built its own graph since
    const $ = (s) => this.shadowRoot.querySelector(s);
    const threads = this.threads();
    const runOptions = { threads, time_scale: 0.1, mode: 'sleep', ...options };
    const shown = this.board.beginRun(runOptions.threads, 'running…');
    $('.error').textContent = '';
    $('.run').disabled = true;
    $('.cancel').disabled = false;
    this.current = engine().run(runOptions, {
      onProgress: (progress) => {
        shown.progress(progress);
        this.dispatchEvent(new CustomEvent('dagsim-progress', { detail: progress, bubbles: true, composed: true }));
      },
    });
    try {
      const report = await this.current.result;
      await shown.done(report, runOptions.time_scale);
      this.dataset.runs = String(Number(this.dataset.runs ?? 0) + 1);
      this.dispatchEvent(new CustomEvent('dagsim-done', { detail: report, bubbles: true, composed: true }));
      return report;
    } catch (err) {
      if (isCancel(err)) {
        this.board.cancelled('cancelled: press Run for a result');
      } else {
        this.fail(err);
      }
      return null;
    } finally {
      this.current = null;
      $('.run').disabled = false;
      $('.cancel').disabled = true;
    }
  }
}

if (!customElements.get('dagsim-etl')) customElements.define('dagsim-etl', DagsimEtl);
