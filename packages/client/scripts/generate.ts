/**
 * Writes src/api.ts from the OpenAPI document of the public API.
 *
 *   npm run generate -w @bodega/client                         starts the embedded platform on free ports
 *   npm run generate -w @bodega/client -- http://127.0.0.1:8080  reads the document of a running gateway
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { typesFile, typesOf } from './types.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

async function documentAt(gateway: string): Promise<object> {
  const response = await fetch(new URL('/api/docs/openapi.json', gateway));
  if (!response.ok) throw new Error(`${gateway} answered ${response.status} for its OpenAPI document`);
  const document = (await response.json()) as { 'x-bodega-missing-services'?: string[] };
  const missing = document['x-bodega-missing-services'];
  if (missing) throw new Error(`the document misses services that did not answer: ${missing.join(', ')}`);
  return document;
}

/**
 * `bodega start` in embedded mode, every service on a free port, in a data directory of its own: the
 * platform as a user runs it, whatever is configured in this shell (its service URLs, ports and real
 * backends are left out).
 */
async function withEmbeddedPlatform<T>(use: (gateway: string) => Promise<T>): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-generate-'));
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/(^|_)(URL|PORT|HOST)$/.test(key)),
  );
  const child = spawn(
    process.execPath,
    ['--conditions=bodega-source', '--import', 'tsx', 'apps/cli/src/main.ts', 'start'],
    {
      cwd: root,
      env: { ...env, PORT: '0', BODEGA_DATA_DIR: dataDir, LOG_LEVEL: 'info', DEMO_CATALOG_SIZE: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const gateway = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => {
        reject(new Error(`the platform stopped before it was ready (exit code ${String(code)})`));
      });
      // The log line that says the platform is ready lists where each service listens.
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.startsWith('{')) return;
        const entry = JSON.parse(line) as { services?: Record<string, string> };
        if (entry.services?.gateway) resolve(entry.services.gateway);
      });
    });
    return await use(gateway);
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const [from] = process.argv.slice(2);
const document = await (from ? documentAt(from) : withEmbeddedPlatform(documentAt));
fs.writeFileSync(typesFile, await typesOf(document));
console.log(`wrote ${path.relative(process.cwd(), typesFile)}`);
