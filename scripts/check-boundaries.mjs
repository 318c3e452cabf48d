#!/usr/bin/env node
// Fails when code crosses a boundary the architecture forbids (STYLE 12):
//  - a service importing another service (services share only packages/*);
//  - a package importing a service or an app;
//  - anyone reaching into a package's internals (`@bodega/x/src/...`) or another workspace by
//    relative path (`../../packages/x/src/...`) instead of its public entry point.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..'));
const workspaces = ['packages', 'services', 'apps'].flatMap((kind) =>
  fs.existsSync(path.join(root, kind))
    ? fs.readdirSync(path.join(root, kind)).map((name) => ({ kind, name, dir: path.join(root, kind, name) }))
    : [],
);
const byPackageName = new Map();
for (const ws of workspaces) {
  const manifest = path.join(ws.dir, 'package.json');
  if (fs.existsSync(manifest)) byPackageName.set(JSON.parse(fs.readFileSync(manifest, 'utf8')).name, ws);
}

function* sourceFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', 'coverage'].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry.name)) yield full;
  }
}

const importPattern =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
const problems = [];

for (const ws of workspaces) {
  for (const file of sourceFiles(ws.dir)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(importPattern)) {
      const spec = match[1] ?? match[2] ?? match[3];
      const where = `${path.relative(root, file)}: imports '${spec}'`;
      let target;
      if (spec.startsWith('@bodega/')) {
        const [scope, name, ...rest] = spec.split('/');
        target = byPackageName.get(`${scope}/${name}`);
        if (rest.length > 0)
          problems.push(`${where}: deep import into a package's internals; use its entry point`);
      } else if (spec.startsWith('.')) {
        const resolved = path.resolve(path.dirname(file), spec);
        target = workspaces.find(
          (other) => resolved === other.dir || resolved.startsWith(other.dir + path.sep),
        );
        if (target && target !== ws)
          problems.push(`${where}: reaches into ${target.kind}/${target.name} by path`);
        continue;
      } else {
        continue;
      }
      if (!target || target === ws) continue;
      if (ws.kind === 'services' && target.kind === 'services') {
        problems.push(
          `${where}: a service may not import another service (${target.name}); share code through packages/`,
        );
      }
      if (ws.kind === 'packages' && target.kind !== 'packages') {
        problems.push(`${where}: a package may not depend on ${target.kind}/${target.name}`);
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`Boundary check failed (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`Boundary check passed: ${workspaces.length} workspaces, no forbidden imports.`);
