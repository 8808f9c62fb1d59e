// dagsim for bundlers (Vite, webpack, …): the same element and API as
// ./index.js, with an engine worker and a threaded build that the bundler can
// follow and emit. Chosen by the `module` export condition.
import './src/embed/bundler.js';
export { createEngine } from './src/embed/api.js';
export { DagsimEtl } from './src/embed/element.js';
