#!/usr/bin/env node
// Runs before `npm start` and `npm run start:services`: builds the web app (apps/web/dist, which the
// gateway serves at /) when it is missing or older than its sources, so the quick start's `npm start`
// shows the shop on a fresh clone and after a pull, without a separate build step. A few seconds when
// it builds; nothing when the build is current. A failed build leaves the gateway its landing page,
// unless `--strict` (the browser tests) makes it fail.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newest } from './newest.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'apps/web/dist/index.html');
const sources = [
  'apps/web/src',
  'apps/web/public',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'packages/client/src',
];

const builtAt = newest(built);
const changedAt = Math.max(...sources.map((source) => newest(path.join(root, source))));
if (builtAt > 0 && builtAt >= changedAt) process.exit(0);

process.stderr.write(
  builtAt === 0 ? 'building the web app (first start)\n' : 'rebuilding the web app (sources changed)\n',
);
const build = spawnSync('npm', ['run', 'build', '-w', '@bodega/web'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) {
  process.stderr.write('the web app did not build; the gateway serves its landing page instead\n');
  if (process.argv.includes('--strict')) process.exit(build.status ?? 1);
}
