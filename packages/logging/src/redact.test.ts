import { describe, expect, it } from 'vitest';
import { CENSOR, redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('censors secret fields at the top, one level down and in request headers', () => {
    const line = {
      password: 'hunter22',
      body: { email: 'a@b.c', new_password: 'n3w-secret', card_number: '4242424242424242' },
      req: { headers: { Authorization: 'Bearer abc', cookie: 'sid=1', 'x-service-token': 'st' } },
      res: { headers: { 'set-cookie': ['bodega_refresh=rt'] } },
      access_token: 'at',
    };
    const redacted = redactSecrets(line);
    expect(redacted).toEqual({
      password: CENSOR,
      body: { email: 'a@b.c', new_password: CENSOR, card_number: CENSOR },
      req: { headers: { Authorization: CENSOR, cookie: CENSOR, 'x-service-token': CENSOR } },
      res: { headers: { 'set-cookie': CENSOR } },
      access_token: CENSOR,
    });
  });

  it('never changes what the caller passed, and returns a clean line itself', () => {
    const body = { refresh_token: 'rt', name: 'Ann' };
    const line = { body };
    expect(redactSecrets(line).body).toEqual({ refresh_token: CENSOR, name: 'Ann' });
    expect(body.refresh_token).toBe('rt');
    const clean = { method: 'GET', url: '/api/v1/products', status: 200, nested: { a: [{ b: 1 }] } };
    expect(redactSecrets(clean)).toBe(clean);
  });

  it('walks objects inside arrays, and leaves errors and dates to their serializers', () => {
    const error = Object.assign(new Error('boom'), { token: 'kept-for-the-serializer' });
    const when = new Date(0);
    const line = { items: [{ token: 't1' }, 'plain', { ok: true }], err: error, when };
    const redacted = redactSecrets(line);
    expect(redacted.items).toEqual([{ token: CENSOR }, 'plain', { ok: true }]);
    expect(redacted.err).toBe(error);
    expect(redacted.when).toBe(when);
  });
});
