import { describe, expect, it } from 'vitest';
import { loadConfig } from '@bodega/config';
import { corsOrigins, gatewayConfigSchema, trustedProxies } from './config.js';

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
      TRUST_PROXY: '0',
      OPS_PORT: 9080,
    });
    expect(trustedProxies(config)).toBe(0);
    expect([...corsOrigins(config)]).toEqual([
      'http://127.0.0.1:8080',
      'http://localhost:8080',
      'http://localhost:5173',
    ]);
  });

  it('reads a list of origins with spaces, and booleans and numbers from strings', () => {
    const config = load({
      CORS_ORIGINS: 'https://shop.example, https://admin.example:8443',
      GRAPHQL_IDE: 'true',
      RATE_LIMIT_MAX: '5',
    });
    expect([...corsOrigins(config)]).toEqual(['https://shop.example', 'https://admin.example:8443']);
    expect(config.GRAPHQL_IDE).toBe(true);
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

  it('reads TRUST_PROXY as a hop count or as addresses and CIDRs', () => {
    expect(trustedProxies(load({ TRUST_PROXY: ' 2 ' }))).toBe(2);
    expect(trustedProxies(load({ TRUST_PROXY: '10.0.0.0/8, fd00::/8 ,loopback,192.0.2.7' }))).toEqual([
      '10.0.0.0/8',
      'fd00::/8',
      'loopback',
      '192.0.2.7',
    ]);
  });

  it.each(['true', 'false', '*', '10.0.0.0/8;10.1.0.0/16'])('refuses TRUST_PROXY=%s at boot', (value) => {
    expect(() => load({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY[^\n]*true is refused/);
  });

  it.each(['10.0.0.0/33', '1.2.3', '::1/129', '2001:db8:::1'])('refuses the non-address %s', (value) => {
    expect(() => trustedProxies(load({ TRUST_PROXY: value }))).toThrow(
      /TRUST_PROXY: .* is no IP address or CIDR/,
    );
  });

  it('refuses a limit of zero and a window under a second', () => {
    expect(() => load({ RATE_LIMIT_MAX: '0', RATE_LIMIT_WINDOW_MS: '10' })).toThrow(
      /RATE_LIMIT_MAX[\s\S]*RATE_LIMIT_WINDOW_MS/,
    );
  });

  it('limits GraphQL documents by default: 50 upstream calls, 50 fragments, 30 aliases, 5 directives', () => {
    expect(load({})).toMatchObject({
      GRAPHQL_MAX_UPSTREAM_CALLS: 50,
      GRAPHQL_MAX_FRAGMENTS: 50,
      GRAPHQL_MAX_ALIASES: 30,
      GRAPHQL_MAX_DIRECTIVES: 5,
    });
    expect(load({ GRAPHQL_MAX_ALIASES: '0' }).GRAPHQL_MAX_ALIASES).toBe(0);
    expect(() => load({ GRAPHQL_MAX_UPSTREAM_CALLS: '0', GRAPHQL_MAX_FRAGMENTS: '-1' })).toThrow(
      /GRAPHQL_MAX_UPSTREAM_CALLS[\s\S]*GRAPHQL_MAX_FRAGMENTS/,
    );
  });
});
