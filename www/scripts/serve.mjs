// Serves the static front end on 127.0.0.1 with the headers wasm threads need.
//
//   node scripts/serve.mjs [--port 8080] [--root .] [--no-isolation] [--script-src "'sha256-…'"] [--style-src data:]
//
// With isolation (the default) every response carries
// `Cross-Origin-Opener-Policy: same-origin` and
// `Cross-Origin-Embedder-Policy: require-corp`, so the page is cross-origin
// isolated and may use SharedArrayBuffer (the threaded wasm build).
// `--no-isolation` leaves them out, to test the single-thread fallback.
//
// Every response also carries the page's Content-Security-Policy — the one in
// the <meta> of www/index.html, the single source — plus `frame-ancestors`
// (which a <meta> cannot carry). Workers get their policy from their own
// response, so the engine and layout workers run under it too. A host page
// served from another root (tests/npm-host) may allow more sources: with
// --script-src its inline import map's hash, with --style-src the data: URLs
// a bundler makes of small CSS files.
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8080' },
    root: { type: 'string', default: path.join(here, '..') },
    'no-isolation': { type: 'boolean', default: false },
    'script-src': { type: 'string', default: '' },
    'style-src': { type: 'string', default: '' },
  },
});

const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(readFileSync(path.join(here, '..', 'index.html'), 'utf8'));
if (!meta) {
  console.error('serve: www/index.html has no Content-Security-Policy <meta>');
  process.exit(1);
}
/** The policy with `extra` sources added to `directive`. */
const allow = (policy, directive, extra) => policy.replace(`${directive} 'self'`, `${directive} 'self' ${extra}`.trimEnd());
const csp = `${allow(allow(meta[1], 'script-src', values['script-src']), 'style-src', values['style-src'])}; frame-ancestors 'self'`;

const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`serve: --port must be an integer between 1 and 65535, got ${values.port}`);
  process.exit(2);
}
const isolated = !values['no-isolation'];

const files = sirv(path.resolve(values.root), {
  dev: true, // no caching: a rebuilt wasm is picked up on reload
  setHeaders(res) {
    res.setHeader('Content-Security-Policy', csp);
    if (isolated) {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
  },
});

const server = http.createServer((req, res) =>
  files(req, res, () => {
    res.statusCode = 404;
    res.end('not found');
  }),
);
server.on('error', (err) => {
  console.error(`serve: cannot listen on 127.0.0.1:${port}: ${err.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  const mode = isolated ? 'cross-origin isolated (threads on)' : 'NOT isolated (single thread)';
  console.log(`dagsim: serving ${path.resolve(values.root)} at http://127.0.0.1:${port}/ — ${mode}. Ctrl-C stops.`);
});
