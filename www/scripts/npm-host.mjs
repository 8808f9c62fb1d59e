// Serves tests/npm-host with the packed dagsim tarball installed into it:
//   node scripts/npm-host.mjs --port 8184 [--no-isolation]
// (the tarball comes from scripts/build-npm; the install is from the tarball,
// not the repo's sources).
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const host = path.join(root, 'tests', 'npm-host');
const tarball = readdirSync(path.join(root, 'target', 'npm')).find((f) => /^dagsim-.*\.tgz$/.test(f));
if (!tarball) {
  console.error('npm-host: no target/npm/dagsim-*.tgz: run scripts/build-npm first');
  process.exit(1);
}
execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', path.join(root, 'target', 'npm', tarball)], { cwd: host, stdio: 'inherit' });
const server = spawn(process.execPath, [path.join(here, 'serve.mjs'), '--root', host, ...process.argv.slice(2)], { stdio: 'inherit' });
process.on('SIGTERM', () => server.kill());
