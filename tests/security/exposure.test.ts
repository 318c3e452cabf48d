/**
 * What the platform lets out: security headers on every kind of answer (proxied, a service's error,
 * the gateway's own errors, docs, the landing page), CORS only for the listed origins, and no password,
 * token, cookie or card number in any log line of any service while people register, sign in (as API
 * clients and as the web app), refresh, change their password, check out and sign out.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayClient, verbs, type Answer } from './support/http.js';
import { admin, securityModes, type SecurityPlatform } from './support/platform.js';

const webApp = 'http://localhost:5173';
const card = '4242 4242 4242 4242';

describe.each(securityModes())('headers, CORS and logs in %s mode', (_mode, start) => {
  let platform: SecurityPlatform;
  const send = gatewayClient(() => platform.url);
  const { get, post } = verbs(send);
  beforeAll(async () => {
    platform = await start({ captureLogs: true, env: { BODY_LIMIT_BYTES: '65536' } });
  }, 120_000);
  afterAll(async () => {
    await platform.close();
  });

  function expectSecurityHeaders(answer: Answer, label: string) {
    const header = (name: string) => answer.headers.get(name);
    const csp = header('content-security-policy') ?? '';
    expect(csp, label).toContain("default-src 'self'");
    expect(csp, label).toContain("script-src 'self'");
    expect(csp, label).toContain("frame-ancestors 'none'");
    expect(csp, label).not.toContain('unsafe-inline');
    expect(header('strict-transport-security'), label).toBe('max-age=31536000; includeSubDomains');
    expect(header('x-content-type-options'), label).toBe('nosniff');
    expect(header('x-frame-options'), label).toBe('DENY');
    expect(header('referrer-policy'), label).toBe('strict-origin-when-cross-origin');
    expect(header('x-powered-by'), label).toBeNull();
    expect(header('x-request-id'), label).toBeTruthy();
  }

  it('sends the security headers on every kind of answer', async () => {
    const answers: [string, Answer][] = [
      ['a proxied read', await get('/api/v1/products')],
      ["a service's 404", await get(`/api/v1/products/${randomUUID()}`)],
      ["a service's 400", await send({ method: 'POST', path: '/api/v1/auth/login', body: '{"email":' })],
      ["the gateway's 401", await get('/api/v1/me', 'not-a-token')],
      ['an unknown path', await get('/nowhere')],
      ['an internal path', await get('/internal/products/lookup')],
      ['an oversized body', await post('/api/v1/products', { name: 'x'.repeat(70_000) })],
      ['the status report', await get('/api/v1/status')],
      ['the API document', await get('/api/docs/openapi.json')],
      ['the API viewer', await get('/api/docs/', undefined, { accept: 'text/html' })],
      ['the landing page', await get('/', undefined, { accept: 'text/html' })],
      [
        'a preflight',
        await send({
          method: 'OPTIONS',
          path: '/api/v1/cart',
          headers: { origin: webApp, 'access-control-request-method': 'POST' },
        }),
      ],
    ];
    expect(answers.map(([label, answer]) => [label, answer.status])).toEqual([
      ['a proxied read', 200],
      ["a service's 404", 404],
      ["a service's 400", 400],
      ["the gateway's 401", 401],
      ['an unknown path', 404],
      ['an internal path', 404],
      ['an oversized body', 413],
      ['the status report', 200],
      ['the API document', 200],
      ['the API viewer', 200],
      ['the landing page', 200],
      ['a preflight', 204],
    ]);
    for (const [label, answer] of answers) expectSecurityHeaders(answer, label);
  });

  it('gives CORS headers to a listed origin, on answers and errors, and answers its preflight', async () => {
    for (const answer of [
      await get('/api/v1/products', undefined, { origin: webApp }),
      await get('/api/v1/me', 'bad', { origin: webApp }),
    ]) {
      expect(answer.headers.get('access-control-allow-origin')).toBe(webApp);
      expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
      expect(answer.headers.get('access-control-expose-headers')).toContain('x-request-id');
      expect(answer.headers.get('vary')).toMatch(/origin/i);
    }
    const preflight = await send({
      method: 'OPTIONS',
      path: '/api/v1/checkout',
      headers: {
        origin: webApp,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(webApp);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('gives any other origin no CORS header at all, lookalikes included, and its preflight a 404', async () => {
    const others = [
      'https://evil.example.com',
      'null',
      `${webApp}.evil.example.com`,
      'http://localhost:51730',
      'HTTP://LOCALHOST:5173',
    ];
    for (const origin of others) {
      const answer = await get('/api/v1/products', undefined, { origin });
      expect(answer.status).toBe(200);
      const cors = [...answer.headers.keys()].filter((name) => name.startsWith('access-control-'));
      expect(cors, origin).toEqual([]);
      const preflight = await send({
        method: 'OPTIONS',
        path: '/api/v1/me',
        headers: { origin, 'access-control-request-method': 'DELETE' },
      });
      expect(preflight.status, origin).toBe(404);
      expect(preflight.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('writes no password, token, cookie or card number in any log line, through a whole customer journey', async () => {
    const email = `logged-${randomUUID()}@example.com`;
    const password = `first secret ${randomUUID()}`;
    const newPassword = `second secret ${randomUUID()}`;
    const wrongPassword = `wrong secret ${randomUUID()}`;
    const secrets: string[] = [
      password,
      newPassword,
      wrongPassword,
      admin.password,
      card,
      card.replace(/ /g, ''),
    ];
    const remember = (...values: (string | null | undefined)[]) => {
      for (const value of values) if (value) secrets.push(value);
    };

    const staff = await post('/api/v1/auth/login', admin);
    remember(staff.body.access_token, staff.body.refresh_token);
    const category = `logs-${randomUUID().slice(0, 8)}`;
    expect(
      (await post('/api/v1/categories', { slug: category, name: 'Logs' }, staff.body.access_token)).status,
    ).toBe(201);
    const product = await post(
      '/api/v1/products',
      {
        name: 'Logbook',
        category,
        sku: `LOG-${randomUUID().slice(0, 8)}`,
        price: { amount: 700, currency: 'USD' },
        stock_qty: 10,
      },
      staff.body.access_token,
    );
    expect(product.status).toBe(201);

    expect((await post('/api/v1/auth/register', { email, password, name: 'Logged' })).status).toBe(201);
    expect((await post('/api/v1/auth/login', { email, password: wrongPassword })).status).toBe(401);
    // As an API client: tokens in the body.
    const session = await post('/api/v1/auth/login', { email, password });
    expect(session.status).toBe(200);
    remember(session.body.access_token, session.body.refresh_token);
    const refreshed = await post('/api/v1/auth/refresh', { refresh_token: session.body.refresh_token });
    expect(refreshed.status).toBe(200);
    remember(refreshed.body.access_token, refreshed.body.refresh_token);
    const token = refreshed.body.access_token as string;

    // As the web app: the refresh token in a cookie, refreshed with the CSRF header.
    const web = await post('/api/v1/auth/login', { email, password }, undefined, {
      'x-bodega-client': 'web',
    });
    expect(web.status).toBe(200);
    remember(web.body.access_token, web.body.refresh_token);
    const cookies = web.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!);
    const csrf = cookies.find((cookie) => cookie.startsWith('bodega_csrf='))!.split('=')[1]!;
    remember(...cookies.map((cookie) => cookie.split('=')[1]), csrf);
    const byCookie = await post('/api/v1/auth/refresh', undefined, undefined, {
      cookie: cookies.join('; '),
      'x-csrf-token': csrf,
      'x-bodega-client': 'web',
    });
    expect(byCookie.status, byCookie.text).toBe(200);
    remember(byCookie.body.access_token, byCookie.body.refresh_token);

    const changed = await send({
      method: 'PATCH',
      path: '/api/v1/me',
      body: { password: newPassword, current_password: password },
      token,
    });
    expect(changed.status, changed.text).toBe(200);

    expect(
      (await post('/api/v1/cart/items', { product_id: product.body.id, quantity: 1 }, token)).status,
    ).toBe(200);
    const declined = await post(
      '/api/v1/checkout',
      { payment: { card_number: '4000 0000 0000 0002' } },
      token,
      {
        'idempotency-key': randomUUID(),
      },
    );
    expect(declined.status).toBe(402);
    secrets.push('4000 0000 0000 0002', '4000000000000002');
    const order = await post('/api/v1/checkout', { payment: { card_number: card } }, token, {
      'idempotency-key': randomUUID(),
    });
    expect(order.status, order.text).toBe(201);
    const out = await post('/api/v1/auth/logout', { refresh_token: refreshed.body.refresh_token }, token);
    expect(out.status).toBe(204);
    // The old token is refused now, and that refusal is logged too.
    expect((await get('/api/v1/me', token)).status).toBe(401);

    // Request lines are written once the answer is sent: wait for the last one.
    const lastId = (await get('/api/v1/me', token)).headers.get('x-request-id')!;
    for (
      let attempt = 0;
      attempt < 100 && !platform.logLines().some((line) => line.includes(lastId));
      attempt++
    )
      await new Promise((resolve) => setTimeout(resolve, 20));

    const lines = platform.logLines();
    // The capture works: every service spoke, and the journey's requests are there.
    const services = new Set(lines.map((line) => (JSON.parse(line) as { service?: string }).service));
    for (const service of ['gateway', 'identity', 'catalog', 'orders', 'payments'])
      expect(services).toContain(service);
    expect(lines.filter((line) => line.includes('/api/v1/auth/login')).length).toBeGreaterThanOrEqual(3);

    const configured = [
      ...Object.values(platform.secrets.serviceKeys.privateKeys),
      ...platform.secrets.signingKey.split('\n').filter((row) => row.length > 40),
    ];
    const leaks = lines.filter(
      (line) =>
        [...secrets, ...configured].some((secret) => line.includes(secret)) ||
        // Any JWT at all (access or service token), whole or its signature.
        /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/.test(line) ||
        secrets.some((secret) => secret.startsWith('eyJ') && line.includes(secret.split('.')[2]!)),
    );
    expect(leaks).toEqual([]);
  });
});
