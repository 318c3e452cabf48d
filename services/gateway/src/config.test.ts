import { describe, expect, it } from 'vitest';
import { loadConfig } from '@bodega/config';
import { corsOrigins, gatewayConfigSchema } from './config.js';

const load = (env: Record<string, string>) =>
  loadConfig(gatewayConfigSchema, { service: 'gateway', env, envFile: false });

describe('gateway config', () => {
  it('defaults to port 8080, 100 requests a minute, 30 on auth, 10 logins, the local web app origins', () => {
    const config = load({});
    expect(config).toMatchObject({
      PORT: 8080,
      UPSTREAM_TIMEOUT_MS: 5_000,
      RATE_LIMIT_MAX: 100,
      RATE_LIMIT_WINDOW_MS: 60_000,
      AUTH_RATE_LIMIT_MAX: 30,
      LOGIN_RATE_LIMIT_MAX: 10,
      TRUST_PROXY: false,
    });
    expect([...corsOrigins(config)]).toEqual([
      'http://127.0.0.1:8080',
      'http://localhost:8080',
      'http://localhost:5173',
    ]);
  });

  it('reads a list of origins with spaces, and booleans and numbers from strings', () => {
    const config = load({
      CORS_ORIGINS: 'https://shop.example, https://admin.example:8443',
      TRUST_PROXY: 'true',
      RATE_LIMIT_MAX: '5',
    });
    expect([...corsOrigins(config)]).toEqual(['https://shop.example', 'https://admin.example:8443']);
    expect(config.TRUST_PROXY).toBe(true);
    expect(config.RATE_LIMIT_MAX).toBe(5);
  });

  it.each([
    '*',
    'https://shop.example/',
    'shop.example',
    'https://a.example,,https://b.example',
    'https://shop.example/path',
  ])('refuses CORS_ORIGINS=%s at boot, naming the key', (value) => {
    expect(() => load({ CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS/);
  });

  it('refuses a limit of zero and a window under a second', () => {
    expect(() => load({ RATE_LIMIT_MAX: '0', RATE_LIMIT_WINDOW_MS: '10' })).toThrow(
      /RATE_LIMIT_MAX[\s\S]*RATE_LIMIT_WINDOW_MS/,
    );
  });
});
