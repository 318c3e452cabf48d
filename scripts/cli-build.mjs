#!/usr/bin/env node
// Runs before `npm start`, `npm run start:services` and `npm run bodega`: bundles the bodega command
// and every workspace package and service it runs into one ES module
// (node_modules/.cache/bodega/cli.mjs) when it is missing or older than its sources. Dependencies in
// node_modules stay outside the bundle and load as Node loads them. Starting from one file instead of
// transpiling several hundred TypeScript modules through a loader thread at every start is what keeps
// a restart of the platform within seconds (ADR 0015). About half a second when it builds; nothing when
// the bundle is current.
//
// `import.meta.url` in a bundled file is replaced by that file's own URL, so paths found from it
// (migrations, the web app's dist, the GraphQL schema) stay what they are in the sources. The bundle
// is a cache of this checkout, not an artifact to ship: images run the compiled `dist` (Dockerfile).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { newest } from './newest.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const bundlePath = path.join(root, 'node_modules/.cache/bodega/cli.mjs');
const sources = ['apps/cli', 'packages', 'services'];
// What the command is built from: TypeScript sources and manifests, not tests or build outputs.
const sourcesOnly = {
  skip: new Set(['node_modules', 'dist', 'test', 'coverage']),
  include: (file) => /\.(ts|json|sql)$/.test(file),
};

/** Whether the bundle is missing or older than anything it is built from. */
export function isStale() {
  let builtAt;
  try {
    builtAt = fs.statSync(bundlePath).mtimeMs;
  } catch {
    return true;
  }
  const changedAt = Math.max(
    newest(path.join(root, 'package-lock.json')),
    ...sources.map((source) => newest(path.join(root, source), sourcesOnly)),
  );
  return builtAt < changedAt;
}

export async function buildCli() {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(root, 'apps/cli/src/main.ts')],
    outfile: bundlePath,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Workspace packages resolve to their TypeScript sources, as under tsx.
    conditions: ['bodega-source'],
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    plugins: [
      {
        name: 'bodega-workspace',
        setup(build) {
          // Only the workspace is bundled; every other package is imported from node_modules at run time.
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@bodega/') ? undefined : { path: args.path, external: true },
          );
          build.onLoad({ filter: /\.ts$/ }, async (args) => {
            const text = await fs.promises.readFile(args.path, 'utf8');
            const url = JSON.stringify(pathToFileURL(args.path).href);
            return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
          });
        },
      },
    ],
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (isStale()) {
    process.stderr.write('bundling the bodega command (sources changed or first start)\n');
    await buildCli();
  }
}
