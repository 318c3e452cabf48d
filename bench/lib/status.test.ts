import { describe, expect, it } from 'vitest';
import { everyServiceUp } from './status.js';

describe('everyServiceUp', () => {
  it('accepts a list of services that are all up and include the expected ones', () => {
    const body = {
      status: 'ok',
      services: [
        { name: 'identity', status: 'up' },
        { name: 'gateway', status: 'ok' },
      ],
    };
    expect(everyServiceUp(body, ['identity'])).toBe(true);
  });

  it('accepts an object keyed by service name', () => {
    expect(everyServiceUp({ services: { identity: { ok: true } } }, ['identity'])).toBe(true);
    expect(everyServiceUp({ services: { identity: 'ready' } }, ['identity'])).toBe(true);
  });

  it('refuses a service that is down, a missing expected service, or no services at all', () => {
    expect(everyServiceUp({ services: [{ name: 'identity', status: 'down' }] })).toBe(false);
    expect(everyServiceUp({ services: [{ name: 'gateway', status: 'up' }] }, ['identity'])).toBe(false);
    expect(everyServiceUp({ services: [] })).toBe(false);
    expect(everyServiceUp('starting')).toBe(false);
  });
});
