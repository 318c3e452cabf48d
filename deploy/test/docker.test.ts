/**
 * The image, checked without a Docker engine: the Dockerfile's shape (stages, production dependencies
 * only, non-root, healthcheck), and the two scripts it runs, executed here for real: the entrypoint
 * (which command a container runs) and the healthcheck (against a small HTTP server).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformServices, repoRoot, type PlatformService } from '../tools/platform.js';

const run = promisify(execFile);
const dockerfile = fs.readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
const dockerDir = path.join(repoRoot, 'deploy', 'docker');

/** The Dockerfile's stages: each FROM line with the instructions under it. */
function stages(): { name: string; base: string; lines: string[] }[] {
  const result: { name: string; base: string; lines: string[] }[] = [];
  for (const line of dockerfile.replace(/\\\n/g, ' ').split('\n')) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) result.push({ base: from[1] ?? '', name: from[2] ?? '', lines: [] });
    else if (line.trim() && !line.startsWith('#')) result.at(-1)?.lines.push(line);
  }
  return result;
}

let services: PlatformService[];
beforeAll(async () => {
  services = await platformServices();
});

describe('the Dockerfile', () => {
  const all = stages();
  const runtime = all.at(-1)!;

  it('builds in one stage and runs from another holding production dependencies only', () => {
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/ARG NODE_IMAGE=node:20-bookworm-slim/);
    const production = all.find((stage) => stage.name === 'production-dependencies')!;
    expect(production.lines.join('\n')).toMatch(/npm ci --omit=dev/);
    expect(runtime.lines).toContain('COPY --from=production-dependencies /app ./');
    expect(runtime.lines.join('\n')).not.toMatch(/npm (ci|install)/);
  });

  it('runs as a numeric non-root user, with a healthcheck, writing only under /tmp', () => {
    const user = runtime.lines.find((line) => line.startsWith('USER'));
    expect(user).toMatch(/^USER [1-9]\d*:[1-9]\d*$/);
    expect(runtime.lines.join('\n')).toMatch(
      /HEALTHCHECK .*CMD \["node", "\/app\/deploy\/docker\/healthcheck\.mjs"\]/,
    );
    expect(runtime.lines.join('\n')).toMatch(/BODEGA_DATA_DIR=\/tmp\/bodega/);
    expect(runtime.lines.join('\n')).toMatch(/HOST=0\.0\.0\.0/);
  });

  it('keeps secrets, dependencies and build output out of the build context', () => {
    const ignored = fs.readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8').split('\n');
    for (const pattern of ['.git', '**/node_modules', '**/dist', '**/.env', '**/.env.*'])
      expect(ignored).toContain(pattern);
  });
});

describe('the entrypoint', () => {
  let bin: string;
  beforeAll(() => {
    // A stand-in `node` that prints its arguments: the test sees what the container would run.
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-entrypoint-'));
    fs.writeFileSync(path.join(bin, 'node'), '#!/bin/sh\necho "$@"\n', { mode: 0o755 });
  });
  afterAll(() => {
    fs.rmSync(bin, { recursive: true, force: true });
  });

  const entrypoint = async (args: string[], env: Record<string, string> = {}) => {
    const { stdout } = await run('sh', [path.join(dockerDir, 'entrypoint.sh'), ...args], {
      env: { PATH: `${bin}:/usr/bin:/bin`, ...env },
    });
    return stdout.trim();
  };

  it('starts the service named as its argument or in SERVICE', async () => {
    expect(await entrypoint(['catalog'])).toBe('/app/apps/cli/dist/main.js start --service catalog');
    expect(await entrypoint([], { SERVICE: 'search' })).toBe(
      '/app/apps/cli/dist/main.js start --service search',
    );
  });

  it('passes bodega commands through, and shows the help when told nothing', async () => {
    expect(await entrypoint(['migrate', 'up', 'orders'])).toBe(
      '/app/apps/cli/dist/main.js migrate up orders',
    );
    expect(await entrypoint([])).toBe('/app/apps/cli/dist/main.js --help');
  });
});

describe('the healthcheck', () => {
  let server: http.Server;
  let port: number;
  let healthy = true;
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      response.statusCode = request.url === '/healthz' && healthy ? 200 : 503;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const check = async (env: Record<string, string>) =>
    run(process.execPath, [path.join(dockerDir, 'healthcheck.mjs')], {
      env: { PATH: process.env.PATH ?? '', ...env },
    }).then(
      () => 0,
      (error: unknown) => (error as { code?: number }).code ?? -1,
    );

  it('passes when /healthz answers 200 and fails when it answers 503', async () => {
    healthy = true;
    expect(await check({ PORT: String(port) })).toBe(0);
    healthy = false;
    expect(await check({ PORT: String(port) })).toBe(1);
  });

  it('fails when nothing listens, or when it cannot tell which port to ask', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await check({ PORT: String(free) })).toBe(1);
    expect(await check({ HEALTHCHECK_CMDLINE: path.join(os.tmpdir(), 'no-such-cmdline') })).toBe(1);
  });

  it("knows every service's default port, as its config schema declares it", () => {
    const table = fs.readFileSync(path.join(dockerDir, 'healthcheck.mjs'), 'utf8');
    for (const service of services) expect(table).toContain(`${service.name}: ${service.port},`);
  });
});
