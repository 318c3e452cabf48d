import { describe, expect, it } from 'vitest';
import { everyJsonEncoding } from '@bodega/testing';
import { loginEmailKey } from './login-email.js';

const body = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('loginEmailKey', () => {
  it('gives one key to one address however it is cased or spaced', () => {
    const key = loginEmailKey(body({ email: 'bob@example.com', password: 'x' }));
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(loginEmailKey(body({ email: '  Bob@Example.COM ' }))).toBe(key);
    expect(loginEmailKey(body({ email: 'alice@example.com' }))).not.toBe(key);
  });

  it('gives an address one key in every encoding a JSON body may come in', () => {
    const key = loginEmailKey(body({ email: 'bob@example.com', password: 'x' }));
    const bodies = everyJsonEncoding(JSON.stringify({ email: 'Bob@example.com', password: 'x' }));
    for (const [encoding, bytes] of Object.entries(bodies)) expect(loginEmailKey(bytes), encoding).toBe(key);
    expect(loginEmailKey(bodies['UTF-16LE'], 'application/json; charset=utf-16le')).toBe(key);
  });

  it('keeps addresses out of the key', () => {
    expect(loginEmailKey(body({ email: 'bob@example.com' }))).not.toContain('bob');
  });

  it('has no key for a body that names no email', () => {
    for (const value of [
      undefined,
      'text',
      Buffer.alloc(0),
      body('{"email":'),
      body('null'),
      body([]),
      body({}),
      body({ email: 7 }),
      body({ email: ' ' }),
    ]) {
      expect(loginEmailKey(value)).toBeUndefined();
    }
  });
});
