/**
 * Injection, through the gateway: SQL, full-text query operators, HTML and script, CR/LF header
 * splitting and path traversal are data like any other. What is stored comes back byte for byte, as
 * JSON (never HTML a browser would run), and nothing is executed, widened, split or reached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorBody, gatewayClient, verbs, type Answer, type Json } from './support/http.js';
import { securityModes, type SecurityPlatform } from './support/platform.js';
import { rawGet, type RawAnswer } from './support/raw-http.js';
import { populate, type World } from './support/world.js';

/** Payloads stored as text and expected back exactly. */
const payloads = [
  "Robert'); DROP TABLE products; --",
  "' OR '1'='1' --",
  "1; UPDATE users SET role = 'admin' --",
  '<script>alert("stored")</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "lamp & !shade | (brass <-> glass):* 'quoted'",
  "\\' \\\" \\\\ %_ $1 $$ E'\\x41'",
  '{{7*7}} ${7*7} <%= 7*7 %>',
  'line one\r\nSet-Cookie: injected=1',
  '../../etc/passwd',
];

/** Full-text queries built of tsquery syntax and SQL, which search reads as words. */
const searches = [
  'brass & glass',
  'brass | glass',
  '!brass',
  'brass <-> glass',
  'bra:*',
  '(((',
  "'",
  "brass' OR '1'='1",
  '\\',
  '&|!<->():*',
  "'); DROP TABLE search_documents; --",
];

/** A header an answer must not carry: one smuggled in through a CR/LF. */
const injectedHeader = (headers: [string, string][] | Headers) => {
  const entries = headers instanceof Headers ? [...headers.entries()] : headers;
  return entries.filter(([name, value]) => name === 'injected' || /injected/i.test(value));
};

describe.each(securityModes())('injection payloads in %s mode', (_mode, start) => {
  let platform: SecurityPlatform;
  let world: World;
  const send = gatewayClient(() => platform.url);
  const { get, post } = verbs(send);
  beforeAll(async () => {
    platform = await start();
    world = await populate(send);
  }, 120_000);
  afterAll(async () => {
    await platform.close();
  });

  const staff = () => world.accounts.admin.token;

  /** The answer is JSON that no browser would sniff into HTML. */
  function expectInertJson(answer: Answer) {
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  }

  it('stores product names, descriptions and attributes exactly as written, and reads them back the same', async () => {
    for (const payload of payloads) {
      const product = await world.newProduct({
        name: payload,
        description: payload,
        attributes: { note: payload },
      });
      const read = await get(`/api/v1/products/${product.id}`);
      expect(read.status).toBe(200);
      expectInertJson(read);
      expect(read.body).toMatchObject({ name: payload, description: payload, attributes: { note: payload } });
      expect(injectedHeader(read.headers)).toEqual([]);
    }
    // The catalog is still whole: no payload dropped or rewrote anything.
    const listed = await get(`/api/v1/products?category=${world.category}&limit=100`);
    expect(listed.body.items.length).toBeGreaterThanOrEqual(payloads.length + 2);
  });

  it('stores review titles and bodies and profile names exactly, and returns them as JSON text', async () => {
    const reviewer = await world.newCustomer();
    for (const payload of payloads) {
      const product = await world.newProduct();
      const review = await post(
        `/api/v1/products/${product.id}/reviews`,
        { rating: 3, title: payload.slice(0, 200), body: payload },
        reviewer.token,
      );
      expect(review.status, review.text).toBe(201);
      const listed = await get(`/api/v1/products/${product.id}/reviews`);
      expectInertJson(listed);
      expect(listed.body.items[0]).toMatchObject({ title: payload.slice(0, 200), body: payload });

      const renamed = await send({
        method: 'PATCH',
        path: '/api/v1/me',
        body: { name: payload },
        token: reviewer.token,
      });
      expect(renamed.status, renamed.text).toBe(200);
      expect((await get('/api/v1/me', reviewer.token)).body.name).toBe(payload);
    }
  });

  it('answers full-text queries made of tsquery operators and SQL as plain words, never an error', async () => {
    for (const q of searches) {
      const answer = await get(`/api/v1/search?q=${encodeURIComponent(q)}`);
      expect(answer.status, `${q}: ${answer.text}`).toBe(200);
      expect(Array.isArray(answer.body.items)).toBe(true);
    }
  });

  it('finds a product whose name is full of tsquery operators by its words, and only it', async () => {
    const word = `zq${Date.now().toString(36)}`;
    const product = await world.newProduct({ name: `${word} & !lamp | (brass <-> glass):*` });
    let hits: Json[] = [];
    // Search is fed by events: it sees the product a moment after catalog does.
    for (let attempt = 0; attempt < 100 && hits.length === 0; attempt++) {
      hits = (await get(`/api/v1/search?q=${encodeURIComponent(`${word} & !lamp`)}`)).body.items as Json[];
      if (hits.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(hits.map((hit) => hit.id)).toEqual([product.id]);
  });

  it('takes SQL wildcards and quotes in filters literally: no widening to every user', async () => {
    for (const email of ["%' OR '1'='1", '%', '_', "' OR 1=1 --"]) {
      const answer = await get(`/api/v1/users?email=${encodeURIComponent(email)}`, staff());
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body.items).toEqual([]);
    }
    for (const id of ["' OR 1=1 --", '1 OR 1=1', "'; DROP TABLE products; --"]) {
      const answer = await get(`/api/v1/products/${encodeURIComponent(id)}`);
      expect([400, 404], answer.text).toContain(answer.status);
      expectErrorBody(answer);
    }
  });

  it('refuses text holding U+0000 with 400 wherever it would be stored or looked up', async () => {
    const nul = 'a\u0000b';
    const customer = world.accounts.customer.token;
    const attempts: [string, Promise<Answer>][] = [
      ['a category name', post('/api/v1/categories', { slug: `nul-${Date.now()}`, name: nul }, staff())],
      ['a product description', world.newProductAnswer({ description: nul })],
      ['an attribute value', world.newProductAnswer({ attributes: { note: nul } })],
      ['an attribute key', world.newProductAnswer({ attributes: { [nul]: 'x' } })],
      [
        'a name at sign-up',
        post('/api/v1/auth/register', { email: 'nul@example.com', password: 'long enough', name: nul }),
      ],
      [
        'an email at sign-in',
        post('/api/v1/auth/login', { email: `${nul}@example.com`, password: 'long enough' }),
      ],
      ['a profile name', send({ method: 'PATCH', path: '/api/v1/me', body: { name: nul }, token: customer })],
      ['a review', post(`/api/v1/products/${world.product.id}/reviews`, { rating: 2, title: nul }, customer)],
      ['a search filter', get('/api/v1/search?category=a%00b')],
      ['a user filter', get('/api/v1/users?email=a%00b', staff())],
      [
        'a promotion code',
        post('/api/v1/pricing/quote', {
          items: [{ product_id: world.product.id, quantity: 1 }],
          promo_code: nul,
        }),
      ],
      [
        'a beacon property',
        post('/api/v1/events', {
          session_id: 's',
          events: [{ type: 'search', occurred_at: new Date().toISOString(), properties: { q: nul } }],
        }),
      ],
    ];
    for (const [what, attempt] of attempts) {
      const answer = await attempt;
      expect(answer.status, `${what}: ${answer.text}`).toBe(400);
      expectErrorBody(answer, 'VALIDATION_ERROR');
    }
  });

  it('never turns CR/LF in a path, a query or a header into a header of the answer', async () => {
    const crlf = '%0d%0aInjected:%20yes%0d%0aSet-Cookie:%20injected=1';
    for (const path of [
      `/api/v1/products/x${crlf}`,
      `/api/v1/search?q=lamp${crlf}`,
      `/api/v1/products?cursor=${crlf}`,
      `/api/v1/nowhere${crlf}`,
    ]) {
      const answer = await get(path);
      expect(answer.status, path).toBeLessThan(500);
      expect(injectedHeader(answer.headers), path).toEqual([]);
      expect(answer.headers.get('set-cookie'), path).toBeNull();
    }
    // Encoded CR/LF in headers the services read (a cart token, an idempotency key, a request id).
    for (const [name, value] of [
      ['x-cart-token', `abc${crlf}`],
      ['idempotency-key', `abc${crlf}`],
      ['x-request-id', `abc${crlf}`],
    ] as const) {
      const answer = await get('/api/v1/cart', undefined, { [name]: value });
      expect(injectedHeader(answer.headers), name).toEqual([]);
      expect(answer.headers.get('x-request-id')).not.toContain('Injected');
    }
    // Raw CR or LF inside a header value, and obsolete line folding: refused as malformed requests.
    for (const line of [
      'X-Request-Id: abc\rInjected: yes',
      'X-Cart-Token: abc\nInjected: yes',
      'X-Request-Id: abc\r\n Injected: yes',
    ]) {
      const answer: RawAnswer = await rawGet(platform.url, '/api/v1/cart', [line]);
      expect(answer.status, line).toBeGreaterThanOrEqual(400);
      expect(answer.status, line).toBeLessThan(500);
      expect(injectedHeader(answer.headers), line).toEqual([]);
    }
  });

  it('reaches nothing outside the public API through dot segments, encoded slashes or backslashes', async () => {
    const paths = [
      '/api/v1/../../etc/passwd',
      '/api/v1/products/../../../package.json',
      '/api/v1/products/..%2f..%2f..%2fpackage.json',
      '/api/v1/products/%2e%2e/%2e%2e/internal/products/lookup',
      '/api/v1/%2e%2e/internal/products/lookup',
      '/api/v1/products/..\\..\\internal',
      '/api/v1/internal/products/lookup',
      '/internal/products/lookup',
      '/api/docs/../../package.json',
      '/api/docs/%2e%2e/%2e%2e/package.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/api/v1/products/%252e%252e%252f%252e%252e%252finternal',
    ];
    for (const path of paths) {
      const answer = await rawGet(platform.url, path);
      expect([400, 404], `${path}: ${answer.status}`).toContain(answer.status);
      expect(answer.body, path).not.toMatch(/root:x:0:0|"workspaces"|"devDependencies"/);
    }
  });
});
