/**
 * What the deployment docs and helper scripts promise: the configuration reference matches the
 * services' schemas, the dev backends are valid Kubernetes objects with a database for every service
 * that owns one, and the local smoke journey reports each step.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smoke } from '../compose/smoke.js';
import { referencePath, renderReference } from '../tools/config-reference.js';
import { readYamlDocuments } from '../tools/helm/chart.js';
import { validateObjects, type KubernetesObject } from '../tools/kubernetes/validate.js';
import { platformServices, repoRoot, type PlatformService } from '../tools/platform.js';

let services: PlatformService[];
beforeAll(async () => {
  services = await platformServices();
});

describe('the configuration reference', () => {
  it('is the one the services config schemas produce (regenerate it with deploy/tools/config-reference.ts --write)', async () => {
    expect(fs.readFileSync(referencePath, 'utf8')).toBe(await renderReference(services));
  });

  it('lists every key of every service', async () => {
    const text = await renderReference(services);
    for (const service of services) {
      expect(text).toContain(`## ${service.name} (port ${service.port})`);
      for (const entry of service.config)
        expect(text, `${service.name} ${entry.key}`).toContain(`\`${entry.key}\``);
    }
  });
});

describe('the development backends', () => {
  const dev = path.join(repoRoot, 'deploy', 'helm', 'dev');

  it('are valid Kubernetes objects', async () => {
    const objects = readYamlDocuments(
      fs.readFileSync(path.join(dev, 'backends.yaml'), 'utf8'),
      'backends.yaml',
    );
    expect(await validateObjects(objects as KubernetesObject[])).toEqual([]);
  });

  it('create a database, and a URL in the Secret, for every service that owns one', () => {
    const backends = fs.readFileSync(path.join(dev, 'backends.yaml'), 'utf8');
    const secrets = fs.readFileSync(path.join(dev, 'create-secrets.sh'), 'utf8');
    for (const service of services.filter((entry) => entry.database)) {
      expect(/for service in ([a-z ]+);/.exec(backends)?.[1]?.split(' ')).toContain(service.name);
      expect(secrets).toContain(
        `--from-literal=${service.name.toUpperCase()}_DATABASE_URL="$(database ${service.name})"`,
      );
    }
  });
});

describe('make test-local', () => {
  let server: http.Server;
  let url: string;
  let registered = false;
  beforeAll(async () => {
    // A stand-in gateway: enough of the public API for the journey.
    server = http.createServer((request, response) => {
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      const route = `${request.method ?? ''} ${new URL(request.url ?? '/', 'http://x').pathname}`;
      if (route === 'GET /api/v1/status') send(200, { status: 'ok', services: [] });
      else if (route === 'GET /api/v1/products' || route === 'GET /api/v1/search')
        send(200, { items: [], next_cursor: null });
      else if (route === 'POST /api/v1/auth/register') {
        registered = true;
        send(201, {});
      } else if (route === 'POST /api/v1/auth/login') send(registered ? 200 : 401, { access_token: 'token' });
      else send(404, { error: { code: 'NOT_FOUND' } });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('walks a shopper through status, products, search, sign-up and sign-in', async () => {
    const results = await smoke(url);
    expect(results.map((result) => [result.step, result.ok])).toEqual([
      ['every service is up', true],
      ['products are listed', true],
      ['search answers', true],
      ['a shopper signs up', true],
      ['the shopper signs in', true],
    ]);
  });

  it('stops at the first failing step and says why', async () => {
    const results = await smoke('http://127.0.0.1:1');
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ step: 'every service is up', ok: false });
    expect(results[0]?.detail).toBeTruthy();
  });
});
