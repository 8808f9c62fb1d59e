// dagsim: the <dagsim-etl> custom element and the createEngine() API.
// Assets (wasm, workers, styles) resolve from this module's URL, so the
// package works from any base URL, with or without a bundler.
export { createEngine } from './src/embed/api.js';
export { DagsimEtl } from './src/embed/element.js';
