import { describe, expect, it } from 'vitest';
import { loadConfig, Type } from '@bodega/config';
import { envForService, modeOf, serviceConfig } from './config.js';

describe('service config', () => {
  it('gives every service the common keys with its own port', () => {
    const schema = serviceConfig(8101, { EXTRA: Type.String({ default: 'x', description: 'own key' }) });
    const config = loadConfig(schema, { service: 'identity', env: {}, envFile: false });
    expect(config).toMatchObject({
      PORT: 8101,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      EXTRA: 'x',
      BODY_LIMIT_BYTES: 1_048_576,
    });
    expect(() =>
      loadConfig(schema, { service: 'identity', env: { DATABASE_URL: 'mysql://x' }, envFile: false }),
    ).toThrow(/DATABASE_URL/);
  });

  it('takes a database pool size from 1 to 100, 10 by default, and names the key otherwise', () => {
    const schema = serviceConfig(8101, {});
    const load = (env: Record<string, string>) =>
      loadConfig(schema, { service: 'identity', env, envFile: false });
    expect(load({}).DATABASE_POOL_MAX).toBe(10);
    expect(load({ DATABASE_POOL_MAX: '4' }).DATABASE_POOL_MAX).toBe(4);
    for (const bad of ['0', '101', '2.5', 'many', '-3'])
      expect(() => load({ DATABASE_POOL_MAX: bad }), bad).toThrow(/DATABASE_POOL_MAX/);
  });

  it('lets <SERVICE>_<KEY> override <KEY> for that service alone', () => {
    const env = envForService('identity', {
      PORT: '1',
      IDENTITY_PORT: '0',
      GATEWAY_PORT: '8080',
      IDENTITY_: 'ignored',
    });
    expect(env.PORT).toBe('0');
    expect(env.GATEWAY_PORT).toBe('8080');
    expect(env['']).toBeUndefined();
  });
});

describe('modeOf', () => {
  it('is distributed as soon as any real backend is configured, a gateway with Redis alone included', () => {
    expect(modeOf({})).toBe('embedded');
    expect(modeOf({ DATABASE_URL: '' })).toBe('embedded');
    expect(modeOf({ REDIS_URL: 'redis://127.0.0.1:6379' })).toBe('distributed');
    expect(modeOf({ AMQP_URL: 'amqp://x' })).toBe('distributed');
    expect(modeOf({ DATABASE_URL: 'postgres://x/y' })).toBe('distributed');
  });
});
