// <dagsim-etl>: the whole simulator as a custom element with Shadow DOM.
//
//   <dagsim-etl files="10" compares="20" seed="42" threads="4" view="all"></dagsim-etl>
//   <dagsim-etl src="mygraph.json"></dagsim-etl>   (a graph file instead of the pipeline)
//
// `view` is dag, progress, stream, speedup or all. Events: dagsim-progress
// (detail: per-prefix counts), dagsim-done (detail: the run's report),
// dagsim-error (detail: { message }). Theme with CSS custom properties on the
// element: --dagsim-accent, --dagsim-bg, --dagsim-card, --dagsim-ink.
// Every element on a page shares one engine.
import { createEngine } from './api.js';
import { createDagView } from '../views/dag.js';
import { renderProgress } from '../views/progress.js';
import { createSpeedupView } from '../views/speedup.js';
import { createStreamView } from '../views/stream.js';
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

const VIEWS = ['dag', 'progress', 'stream', 'speedup'];

const TEMPLATE = `
<link rel="stylesheet" href="${new URL('../../vendor/uPlot.min.css', import.meta.url)}">
<link rel="stylesheet" href="${new URL('../style.css', import.meta.url)}">
<style>
  :host { display: block; --accent: var(--dagsim-accent, #2f6fde); --bg: var(--dagsim-bg, #f6f7f9);
          --card: var(--dagsim-card, #fff); --ink: var(--dagsim-ink, #1d2330); color: var(--ink);
          font: 14px/1.45 system-ui, sans-serif; background: var(--bg); padding: .6rem; border-radius: 8px; }
  .toolbar { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; margin-bottom: .6rem; }
  .views { display: grid; gap: .8rem; }
  [hidden] { display: none !important; }
  .status { color: #5f6b7a; }
  .error { color: #c62828; }
</style>
<div class="toolbar">
  <button class="run" disabled>Run</button><button class="cancel danger" disabled>Cancel</button>
  <span class="status">starting engine…</span><span class="error" role="status"></span>
</div>
<div class="views">
  <section class="card dag" data-view="dag"><p class="dag-note note"></p><div class="dag-canvas"></div></section>
  <section class="card" data-view="progress"><div class="progress"></div></section>
  <section class="card stream" data-view="stream"><p class="stream-caption note"></p><canvas></canvas></section>
  <section class="card" data-view="speedup"><div class="chart"></div></section>
</div>
<div class="tooltip" hidden></div>`;

/** The custom element; see the module docs. */
export class DagsimEtl extends HTMLElement {
  static observedAttributes = ['files', 'compares', 'seed', 'src', 'threads', 'view'];

  constructor() {
    super();
    this.attachShadow({ mode: 'open' }).innerHTML = TEMPLATE;
    const $ = (s) => this.shadowRoot.querySelector(s);
    const tooltip = createTooltip($('.tooltip'));
    this.views = {
      dag: createDagView($('[data-view=dag]'), { tooltip }),
      stream: createStreamView($('[data-view=stream]'), { tooltip }),
      speedup: createSpeedupView($('[data-view=speedup]')),
    };
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
      this.build();
    }, (err) => this.fail(err));
  }

  attributeChangedCallback(name) {
    if (name === 'view') this.showViews();
    else if (this.hello && this.isConnected) this.build();
  }

  /** Number attribute `name`, or `fallback` when absent. */
  number(name, fallback) {
    const v = this.getAttribute(name);
    return v === null || v === '' ? fallback : Number(v);
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
    try {
      this.shadowRoot.querySelector('.error').textContent = '';
      this.graph = await buildOnce(this.source(), null);
      this.colors = Object.fromEntries(this.graph.prefixes.map((p) => [p.name, p.color]));
      this.views.speedup.clear();
      const idle = this.graph.prefixes.map((p) => ({ prefix: p.name, waiting: p.count, ready: 0, running: 0, done: 0, failed: 0 }));
      renderProgress(this.shadowRoot.querySelector('.progress'), { prefixes: idle }, this.colors);
      if (!this.shadowRoot.querySelector('[data-view=speedup]').hidden) {
        const curves = await engine().sweep({ workers: 1 });
        this.views.speedup.setSimulated(curves, this.graph.work_ms / this.graph.span_ms);
      }
      await this.views.dag.draw(this.graph.dot, this.graph);
      this.shadowRoot.querySelector('.run').disabled = false;
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
    const threads = Math.min(this.number('threads', this.hello.threads), this.hello.threads);
    const rows = { threads, prefixOf: this.graph.prefix_of, colors: this.graph.prefixes.map((p) => p.color), keys: this.graph.keys };
    this.views.stream.begin(rows);
    $('.run').disabled = true;
    $('.cancel').disabled = false;
    this.current = engine().run({ threads, time_scale: 0.1, mode: 'sleep', ...options }, {
      onProgress: (progress) => {
        renderProgress($('.progress'), progress, this.colors);
        if (progress.states) this.views.dag.colour(progress.states);
        this.views.stream.append(progress.tail);
        this.dispatchEvent(new CustomEvent('dagsim-progress', { detail: progress, bubbles: true, composed: true }));
      },
    });
    try {
      const report = await this.current.result;
      this.views.stream.show({ ...rows, trace: report.trace, threads: report.threads });
      this.dispatchEvent(new CustomEvent('dagsim-done', { detail: report, bubbles: true, composed: true }));
      return report;
    } catch (err) {
      this.fail(err);
      return null;
    } finally {
      this.current = null;
      $('.run').disabled = false;
      $('.cancel').disabled = true;
    }
  }
}

if (!customElements.get('dagsim-etl')) customElements.define('dagsim-etl', DagsimEtl);
