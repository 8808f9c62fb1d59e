// dagsim: the <dagsim-etl> custom element and the createEngine() API, for
// pages without a bundler (plain ES modules, an import map). Bundlers get
// ./bundler.js through the `module` export condition instead.
// Assets (wasm, workers, styles) resolve from the modules' own URLs, so the
// package works from any base URL.
import './src/embed/no-bundler.js';
export { createEngine } from './src/embed/api.js';
export { DagsimEtl } from './src/embed/element.js';
