import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BeaconBatch } from '@bodega/contracts';
import { createWebClient } from '../api/client';
import { createTracker } from './beacons';
import { trackerFor } from './context';
import { browserSessionId, SESSION_ID_KEY } from './session-id';

const productId = '0190a6f4-8b2d-7c4e-a1f0-5d6e7f8a9b0c';
const at = new Date('2026-03-08T14:02:11.000Z');

afterEach(() => {
  vi.useRealTimers();
});

describe('the behaviour beacons', () => {
  it('sends the events of a moment as one batch of the session, a moment after the first', () => {
    vi.useFakeTimers();
    const sent: BeaconBatch[] = [];
    const tracker = createTracker({
      sessionId: 'tab-1',
      send: async (batch) => sent.push(batch),
      now: () => at,
    });
    tracker.track({ type: 'product_view', product_id: productId });
    tracker.track({ type: 'add_to_cart', product_id: productId, properties: { quantity: 2 } });
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual([
      {
        session_id: 'tab-1',
        events: [
          { type: 'product_view', product_id: productId, occurred_at: at.toISOString() },
          {
            type: 'add_to_cart',
            product_id: productId,
            properties: { quantity: 2 },
            occurred_at: at.toISOString(),
          },
        ],
      },
    ]);
  });

  it('sends a full batch at once and never more than 50 events in one', () => {
    const sent: BeaconBatch[] = [];
    const tracker = createTracker({ sessionId: 'tab-1', send: async (batch) => sent.push(batch) });
    for (let i = 0; i < 50; i += 1) tracker.track({ type: 'page_view' });
    expect(sent.map((batch) => batch.events.length)).toEqual([50]);
    tracker.track({ type: 'page_view' });
    tracker.flush();
    expect(sent.map((batch) => batch.events.length)).toEqual([50, 1]);
  });

  it('drops a batch analytics refuses or cannot take, and keeps working', async () => {
    let calls = 0;
    const tracker = createTracker({
      sessionId: 'tab-1',
      send: (batch) => {
        calls += 1;
        if (calls === 1) throw new TypeError('fetch is not a function');
        return Promise.reject(new Error(`down for ${batch.events.length}`));
      },
    });
    tracker.track({ type: 'page_view' });
    expect(() => tracker.flush()).not.toThrow();
    tracker.track({ type: 'page_view' });
    tracker.flush();
    await Promise.resolve();
    expect(calls).toBe(2);
  });

  it('go to POST /api/v1/events with keepalive, the session in the body and as X-Session-Id, signed in if the shopper is', async () => {
    const requests: Request[] = [];
    const client = createWebClient({
      baseUrl: 'http://shop.test',
      storage: { getItem: () => null, setItem: () => undefined, removeItem: () => undefined },
      sessionId: 'tab-1',
      csrfToken: () => undefined,
      fetch: async (request) => {
        requests.push(request.clone());
        return new Response(JSON.stringify({ accepted: 1 }), {
          status: 202,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    const tracker = trackerFor(client, 'tab-1');
    tracker.track({ type: 'begin_checkout' });
    tracker.flush();
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    const [request] = requests;
    expect(request!.method).toBe('POST');
    expect(new URL(request!.url).pathname).toBe('/api/v1/events');
    expect(request!.keepalive).toBe(true);
    expect(request!.headers.get('x-session-id')).toBe('tab-1');
    expect(((await request!.json()) as BeaconBatch).session_id).toBe('tab-1');
  });

  it('keep one session id per tab, and make a new one when the stored one is not one', () => {
    const stored = new Map<string, string>();
    const storage = {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => void stored.set(key, value),
    };
    const first = browserSessionId(storage);
    expect(first).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(browserSessionId(storage)).toBe(first);
    stored.set(SESSION_ID_KEY, 'not one!');
    expect(browserSessionId(storage)).not.toBe('not one!');
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(browserSessionId(refusing)).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});
