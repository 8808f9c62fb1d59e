// Serves the host app tests/npm-host with the packed dagsim tarball installed
// into it (from target/npm, made by scripts/build-npm; not the repo's sources):
//
//   node scripts/npm-host.mjs --port 8184 [--no-isolation] [--vite build|dev]
//
// Without --vite the app is served as it is, from a sub-path (/npm-host/:
// the package must not assume it sits at the site's root): plain ES modules
// and an import map (the package's no-bundler entry). `--vite build` bundles it with Vite
// into target/vite-host-<port> and serves that; `--vite dev` runs Vite's dev server
// (always isolated, through the app's vite.config.js).
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { build, createServer } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const host = path.join(root, 'tests', 'npm-host');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8184' },
    'no-isolation': { type: 'boolean', default: false },
    vite: { type: 'string' },
  },
});
if (values.vite !== undefined && !['build', 'dev'].includes(values.vite)) {
  console.error(`npm-host: --vite must be build or dev, got ${values.vite}`);
  process.exit(2);
}

const tarball = readdirSync(path.join(root, 'target', 'npm')).find((f) => /^dagsim-.*\.tgz$/.test(f));
if (!tarball) {
  console.error('npm-host: no target/npm/dagsim-*.tgz: run scripts/build-npm first');
  process.exit(1);
}
// Installed once per tarball (a stamp holds its hash), so hosts started one
// after another share the install.
const tarballPath = path.join(root, 'target', 'npm', tarball);
const hash = createHash('sha256').update(readFileSync(tarballPath)).digest('hex');
const stamp = path.join(host, 'node_modules', '.dagsim-tarball');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== hash) {
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', tarballPath], { cwd: host, stdio: 'inherit' });
  writeFileSync(stamp, hash);
}

// The host page runs under the page's CSP (serve.mjs); its one inline script,
// the import map, is allowed by its hash — what an embedding site would do.
const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(readFileSync(path.join(host, 'index.html'), 'utf8'))[1];
const importMapHash = `'sha256-${createHash('sha256').update(importMap).digest('base64')}'`;

const serve = (dir) => {
  const args = [path.join(here, 'serve.mjs'), '--root', dir, '--port', values.port, '--script-src', importMapHash];
  // Vite inlines CSS files under 4 kB (uPlot's, the element's) as data: URLs.
  if (values.vite === 'build') args.push('--style-src', 'data:');
  if (values['no-isolation']) args.push('--no-isolation');
  const server = spawn(process.execPath, args, { stdio: 'inherit' });
  process.on('SIGTERM', () => server.kill());
};

if (values.vite === 'dev') {
  // `force`: pre-bundle the installed tarball afresh (Vite's cache keys on lockfiles, and this install has none).
  const server = await createServer({
    root: host,
    optimizeDeps: { force: true },
    server: { host: '127.0.0.1', port: Number(values.port), strictPort: true },
  });
  await server.listen();
  process.on('SIGTERM', () => server.close());
} else if (values.vite === 'build') {
  // One output directory per port, so two hosts never rebuild each other's.
  const outDir = path.join(root, 'target', `vite-host-${values.port}`);
  await build({ root: host, logLevel: 'warn', build: { outDir } });
  serve(outDir);
} else {
  serve(path.dirname(host));
}
