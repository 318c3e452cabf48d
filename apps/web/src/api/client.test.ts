import { ApiError, SessionExpired } from '@bodega/client';
import { describe, expect, it } from 'vitest';
import { CART_TOKEN_KEY, createWebClient, readCookie } from './client';
import { fieldErrorsOf, isSessionOver, messageOf } from './errors';

const session = {
  access_token: 'access-1',
  refresh_token: 'refresh-in-body',
  token_type: 'Bearer',
  expires_in: 900,
  user: {
    id: 'u1',
    email: 'ada@example.com',
    name: null,
    role: 'customer',
    active: true,
    created_at: '',
    updated_at: '',
  },
};
const failure = (status: number, code: string, details = {}) =>
  Response.json(
    {
      error: {
        code,
        message: code.toLowerCase(),
        details,
        timestamp: '2026-01-15T10:00:00Z',
        request_id: 'r',
      },
    },
    { status },
  );

function harness(answer: (request: Request, body: string) => Response) {
  const seen: { path: string; headers: Headers; body: string }[] = [];
  const storage = new Map<string, string>();
  let csrf: string | undefined;
  const client = createWebClient({
    baseUrl: 'http://shop.test',
    storage: {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => storage.set(key, value),
      removeItem: (key) => storage.delete(key),
    },
    csrfToken: () => csrf,
    fetch: async (request) => {
      const body = await request.clone().text();
      seen.push({ path: new URL(request.url).pathname, headers: request.headers, body });
      return answer(request, body);
    },
  });
  return { client, seen, storage, setCsrf: (value: string | undefined) => (csrf = value) };
}

describe('the web API layer', () => {
  it('reads the CSRF cookie among others, decoded', () => {
    expect(readCookie('bodega_csrf', 'theme=dark; bodega_csrf=a%2Bb%3D; other=1')).toBe('a+b=');
    expect(readCookie('bodega_csrf', 'theme=dark')).toBeUndefined();
    expect(readCookie('bodega_csrf', '')).toBeUndefined();
  });

  it('keeps only the access token: the refresh token stays in its cookie, refreshed with the CSRF header', async () => {
    const { client, seen, setCsrf } = harness((request) => {
      const path = new URL(request.url).pathname;
      if (path === '/api/v1/auth/login' || path === '/api/v1/auth/refresh') return Response.json(session);
      return Response.json({ ok: true });
    });
    await expect(client.refresh()).rejects.toBeInstanceOf(SessionExpired);
    expect(seen).toEqual([]);

    setCsrf('csrf-value');
    const restored = await client.refresh();
    expect(restored.refresh_token).toBe('');
    expect(seen[0]!.headers.get('x-csrf-token')).toBe('csrf-value');
    expect(seen[0]!.headers.get('x-bodega-client')).toBe('web');
    expect(JSON.parse(seen[0]!.body)).toEqual({});
    expect(client.session?.access_token).toBe('access-1');
  });

  it('keeps a guest cart token in storage until the cart is merged', async () => {
    let merged = false;
    const { client, storage, seen } = harness(() => {
      const headers: Record<string, string> = merged ? {} : { 'x-cart-token': 'guest-1' };
      return Response.json({ items: [] }, { headers });
    });
    await client.post('/api/v1/cart/items', { body: { product_id: 'p', quantity: 1 } });
    expect(storage.get(CART_TOKEN_KEY)).toBe('guest-1');
    merged = true;
    await client.get('/api/v1/cart');
    expect(seen[1]!.headers.get('x-cart-token')).toBe('guest-1');
    expect(storage.has(CART_TOKEN_KEY)).toBe(false);
  });

  it('tells a session the API ended from other failures', async () => {
    const { client } = harness(() => failure(401, 'TOKEN_REVOKED'));
    const revoked = await client.get('/api/v1/me').catch((error: unknown) => error);
    expect(isSessionOver(revoked)).toBe(true);
    expect(isSessionOver(new SessionExpired())).toBe(true);
    expect(
      isSessionOver(
        new ApiError(401, {
          code: 'AUTHENTICATION_REQUIRED',
          message: '',
          details: {},
          timestamp: '',
          request_id: '',
        }),
      ),
    ).toBe(false);
    expect(isSessionOver(new Error('x'))).toBe(false);
  });
});

describe('errors in words and on fields', () => {
  const error = (status: number, code: string, message: string, details: Record<string, unknown>) =>
    new ApiError(status, { code, message, details, timestamp: '', request_id: '' });

  it('maps schema issues and a named field to form fields, with aliases', () => {
    const invalid = error(400, 'VALIDATION_ERROR', 'Invalid request body', {
      issues: [
        { field: 'payment.card_number', message: 'must match pattern' },
        { field: 'payment.card_number', message: 'second issue, same field' },
        { field: 'email', message: 'is required' },
        { message: 'no field' },
      ],
    });
    expect(fieldErrorsOf(invalid, { 'payment.card_number': 'card_number' })).toEqual({
      card_number: 'Card number must match pattern',
      email: 'Email is required',
    });
    expect(fieldErrorsOf(error(409, 'EMAIL_TAKEN', 'Taken', { field: 'email' }))).toEqual({ email: 'Taken' });
    expect(fieldErrorsOf(error(503, 'X', 'Down', { field: 'email' }))).toEqual({});
    expect(fieldErrorsOf(new Error('x'))).toEqual({});
  });

  it('never shows a 5xx message or a stack, and names network failures', () => {
    expect(messageOf(error(500, 'INTERNAL', 'select * from users failed', {}))).toBe(
      'Something went wrong on our side. Please try again.',
    );
    expect(messageOf(error(429, 'RATE_LIMITED', 'x', {}))).toBe(
      'Too many requests: wait a moment and try again.',
    );
    expect(messageOf(error(409, 'OUT_OF_STOCK', 'Not enough stock', {}))).toBe('Not enough stock');
    expect(messageOf(new TypeError('Failed to fetch'))).toBe(
      'The shop cannot be reached. Check your connection and try again.',
    );
    expect(messageOf('?')).toBe('Something went wrong. Please try again.');
  });
});
