import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '@bodega/kit';
import { createLogger } from '@bodega/logging';
import { routeTable, type UpstreamName } from '../routes/route-table.js';
import { createDocumentSource } from './document-source.js';

function documentWith(path: string): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: { title: 'x', version: '1' },
    paths: { [path]: { get: { responses: { '200': { description: 'OK' } } } } },
  };
}

const own = documentWith('/api/v1/status');
const documents: Partial<Record<UpstreamName, OpenApiDocument>> = {
  catalog: documentWith('/api/v1/products'),
  search: documentWith('/api/v1/search'),
};

/** A source over two services, a clock the test moves, and the warnings it logs. */
function setup() {
  const clock = { now: 1_000_000 };
  const fetched: UpstreamName[] = [];
  const down = new Set<UpstreamName>();
  const warnings: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().trim().split('\n'))
        warnings.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const source = createDocumentSource({
    services: ['catalog', 'search'],
    fetchDocument: async (service) => {
      fetched.push(service);
      if (down.has(service)) throw new Error(`${service} is down`);
      return documents[service]!;
    },
    ownDocument: async () => own,
    table: routeTable,
    logger: createLogger({ service: 'gateway', level: 'warn', destination }),
    now: () => clock.now,
    ttlMs: 30_000,
    retryMs: 5_000,
  });
  return { source, clock, fetched, down, warnings };
}

describe('the public document source', () => {
  it('builds the document at first request and reuses it until its TTL is over', async () => {
    const { source, clock, fetched } = setup();
    expect(source.latest()).toBeUndefined();
    const first = await source.current();
    expect(Object.keys(first.paths)).toEqual(['/api/v1/products', '/api/v1/search', '/api/v1/status']);
    expect(source.latest()).toBe(first);
    clock.now += 29_999;
    expect(await source.current()).toBe(first);
    expect(fetched).toEqual(['catalog', 'search']);
    clock.now += 1;
    const second = await source.current();
    expect(second).not.toBe(first);
    expect(fetched).toEqual(['catalog', 'search', 'catalog', 'search']);
  });

  it('shares one build between requests that arrive together', async () => {
    const { source, clock, fetched } = setup();
    await Promise.all([source.current(), source.current(), source.current()]);
    clock.now += 30_000;
    await Promise.all([source.current(), source.current()]);
    expect(fetched).toEqual(['catalog', 'search', 'catalog', 'search']);
  });

  it('leaves out a service that is down, with a warning, and asks it again sooner', async () => {
    const { source, clock, down, warnings } = setup();
    down.add('search');
    const partial = await source.current();
    expect(Object.keys(partial.paths)).toEqual(['/api/v1/products', '/api/v1/status']);
    expect(partial['x-bodega-missing-services']).toEqual(['search']);
    expect(warnings).toEqual([
      expect.objectContaining({ level: 'warn', service: 'search', msg: expect.stringContaining('search') }),
    ]);
    down.delete('search');
    clock.now += 5_000;
    const whole = await source.current();
    expect(Object.keys(whole.paths)).toContain('/api/v1/search');
    expect(whole['x-bodega-missing-services']).toBeUndefined();
  });

  it('still answers when every part is missing, its own included', async () => {
    const source = createDocumentSource({
      services: ['catalog'],
      fetchDocument: () => Promise.reject(new Error('down')),
      ownDocument: () => Promise.reject(new Error('broken')),
      table: routeTable,
      logger: createLogger({ service: 'gateway', level: 'silent' }),
    });
    const document = await source.current();
    expect(document.paths).toEqual({});
    expect(document['x-bodega-missing-services']).toEqual(['catalog', 'gateway']);
  });
});
