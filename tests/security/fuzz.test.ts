/**
 * Every public operation of the OpenAPI document, fuzzed through the gateway with requests generated
 * from its own schemas (tests/security/support/malformed.ts), as an anonymous caller and as an admin
 * (who gets past every role check to the code behind it): never a 5xx, every error in the standard
 * body, and never much larger than the request that caused it. Then, for every operation, what random
 * generation would reach only by luck: integers past int4 and int8 in each numeric parameter and field,
 * and each valid body in every encoding JSON has been allowed in; and GraphQL documents that are small
 * on the wire but huge once expanded. The seed is printed; `SECURITY_FUZZ_SEED=<seed>` replays a run,
 * `SECURITY_FUZZ_RUNS` sets the random requests per operation and caller.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchDocument, operationsOf, type Operation } from './support/document.js';
import { aliased, expensiveDocuments, fragmentChain } from './support/graphql-documents.js';
import { expectErrorBody, gatewayClient, verbs, type Answer, type Json } from './support/http.js';
import {
  bigNumberRequests,
  encodedBodyRequests,
  fuzzedRequests,
  type FuzzedRequest,
} from './support/malformed.js';
import { admin, securityModes, type SecurityPlatform } from './support/platform.js';

const seed = Number(process.env.SECURITY_FUZZ_SEED ?? Date.now() % 2 ** 31);
const runs = Number(process.env.SECURITY_FUZZ_RUNS ?? 25);
/** GraphQL documents per caller: each is built to be expensive, so fewer than the REST requests. */
const graphqlRuns = Math.min(runs, 15);
/**
 * A hang guard, not a speed measure: the documents are at most a few kilobytes, and one the server
 * cannot answer within this long holds its event loop (the whole platform, in embedded mode).
 */
const hangMs = 10_000;
console.log(
  `security fuzz: seed ${seed}, ${runs} requests per operation and caller (SECURITY_FUZZ_SEED=${seed})`,
);

/** Bytes of a request on the wire, near enough: its request line, the headers it sets and its body. */
function requestBytes(request: FuzzedRequest): number {
  const body = request.body === undefined ? 0 : Buffer.byteLength(request.body);
  const headers = Object.entries(request.headers).reduce(
    (sum, [name, value]) => sum + name.length + Buffer.byteLength(value, 'latin1') + 4,
    0,
  );
  return request.method.length + Buffer.byteLength(request.path) + headers + body + 12;
}

/**
 * The most an error answer may weigh: a few kilobytes, or twice the request. Anything more lets a
 * client make the server write (and a proxy carry) far more than it sent: a 1 MB body of bad items
 * once came back as a 26 MB list of issues.
 */
export function errorBudget(bytes: number): number {
  return Math.max(4_096, 2 * bytes);
}

/** A request as a failure message shows it: long strings and bodies cut, bytes as their length. */
function replayOf(request: FuzzedRequest): string {
  const body =
    request.body === undefined || typeof request.body === 'string'
      ? request.body?.slice(0, 300)
      : `<${request.body.length} bytes: ${Buffer.from(request.body.subarray(0, 40)).toString('hex')}...>`;
  return JSON.stringify({ ...request, path: request.path.slice(0, 300), body });
}

describe.each(securityModes())('fuzzing the public API in %s mode', (_mode, start) => {
  let platform: SecurityPlatform;
  let document: Json;
  let operations: Operation[];
  let sent = 0;
  const send = gatewayClient(() => platform.url);
  const { post } = verbs(send);

  beforeAll(async () => {
    platform = await start();
    document = await fetchDocument(platform.url);
    operations = operationsOf(document);
  }, 120_000);
  afterAll(async () => {
    console.log(`security fuzz: ${sent} requests sent`);
    await platform.close();
  });

  async function adminToken(): Promise<string> {
    const session = await post('/api/v1/auth/login', admin);
    expect(session.status, session.text).toBe(200);
    return session.body.access_token as string;
  }

  /** An error answer in the standard body, within its size budget; else the reason, with the request. */
  function errorMismatch(request: FuzzedRequest, answer: Answer): string | undefined {
    const shown = `${replayOf(request)}\n-> ${answer.status} ${answer.text.slice(0, 500)}`;
    if (answer.status >= 500) return `${shown}\nanswered a 5xx`;
    if (answer.status < 400) return undefined;
    try {
      expectErrorBody(answer);
    } catch (error) {
      return `${shown}\n${String(error)}`;
    }
    const budget = errorBudget(requestBytes(request));
    if (answer.bytes > budget)
      return `${shown}\nthe error answer is ${answer.bytes} bytes for a request of ${requestBytes(request)} (at most ${budget})`;
    return undefined;
  }

  /** One generated request: never a 5xx; any error in the standard body with its request id, small. */
  async function attack(request: FuzzedRequest, token: string | undefined) {
    sent++;
    const answer = await send({ ...request, token });
    const mismatch = errorMismatch(request, answer);
    if (mismatch !== undefined) throw new Error(mismatch);
  }

  /** Every request of `requestsOf(operation)`, as anonymous and as an admin; every failure, listed. */
  async function sweep(requestsOf: (operation: Operation) => { label: string; request: FuzzedRequest }[]) {
    const failures: string[] = [];
    let count = 0;
    for (const operation of operations) {
      const requests = requestsOf(operation);
      if (requests.length === 0) continue;
      const token = await adminToken();
      for (const [who, caller] of [
        ['anonymous', undefined],
        ['admin', token],
      ] as const) {
        for (const { label, request } of requests) {
          count++;
          sent++;
          const mismatch = errorMismatch(request, await send({ ...request, token: caller }));
          if (mismatch !== undefined) failures.push(`${operation.key} as ${who}, ${label}:\n${mismatch}`);
        }
      }
    }
    return { failures, count };
  }

  it('covers every operation of the document', () => {
    expect(operations.length).toBeGreaterThan(40);
  });

  it('never answers a malformed request with a 5xx or outside the standard error body', async () => {
    for (const operation of operations) {
      // A fresh session per operation: a fuzzed logout ends only its own.
      const token = await adminToken();
      for (const caller of [undefined, token]) {
        const result = await fc.check(
          fc.asyncProperty(fuzzedRequests(document, operation), (request) => attack(request, caller)),
          { seed, numRuns: runs, endOnFailure: true },
        );
        // fast-check's own report prints the whole request, 20 kB strings included: this one is readable.
        if (result.failed) {
          const who = caller === undefined ? 'anonymous' : 'admin';
          const cause =
            result.errorInstance instanceof Error
              ? result.errorInstance.message
              : String(result.errorInstance);
          throw new Error(
            `${operation.key} as ${who} (seed ${seed}, path ${result.counterexamplePath ?? ''}):\n${cause.slice(0, 1_500)}`,
          );
        }
      }
    }
    expect(sent).toBeGreaterThanOrEqual(operations.length * 2 * runs);
  }, 600_000);

  it('refuses integers past int4 and int8, in every numeric parameter and body field, with a 4xx', async () => {
    const { failures, count } = await sweep((operation) =>
      bigNumberRequests(document, operation, seed).map((request) => ({
        label: 'a big integer',
        request,
      })),
    );
    // GET /search's and GET /products' prices and limits at least, and the numbers of several bodies.
    expect(count).toBeGreaterThan(100);
    expect(
      failures.length,
      `${failures.length} failed; the first:\n${failures.slice(0, 3).join('\n\n')}`,
    ).toBe(0);
  }, 300_000);

  it('answers a body in every encoding JSON allows, with or without a byte order mark, below 500', async () => {
    const { failures, count } = await sweep((operation) =>
      encodedBodyRequests(document, operation, seed).map(({ encoding, request }) => ({
        label: `a body in ${encoding}`,
        request,
      })),
    );
    expect(count).toBeGreaterThan(100);
    expect(
      failures.length,
      `${failures.length} failed; the first:\n${failures.slice(0, 3).join('\n\n')}`,
    ).toBe(0);
  }, 300_000);

  /**
   * One GraphQL request: answered within the hang guard, below 500, as a GraphQL response whose every
   * error carries its code and status; refused as a whole, it is within the error budget.
   */
  async function graphqlAttack(query: string, token: string | undefined): Promise<void> {
    sent++;
    const request: FuzzedRequest = {
      method: 'POST',
      path: '/graphql',
      body: JSON.stringify({ query }),
      headers: {},
    };
    const began = performance.now();
    const answer = await send({ ...request, token, signal: AbortSignal.timeout(hangMs) }).catch(
      (error: unknown) => {
        throw new Error(`no answer within ${hangMs} ms (${String(error)})`);
      },
    );
    const took = performance.now() - began;
    const shown = `${answer.status} ${answer.text.slice(0, 500)}`;
    // In embedded mode a blocked event loop holds the abort timer too: the answer comes, late.
    expect(took, `answered after ${Math.round(took)} ms: ${shown}`).toBeLessThan(hangMs);
    expect(answer.status, shown).toBeLessThan(500);
    expect(answer.headers.get('x-request-id'), shown).toMatch(/\S/);
    const errors = (answer.body.errors ?? []) as Json[];
    expect(Array.isArray(errors) && ('data' in answer.body || errors.length > 0), shown).toBe(true);
    for (const error of errors) {
      expect(error.extensions, shown).toMatchObject({ code: expect.any(String), status: expect.any(Number) });
      expect(error.extensions.status, shown).toBeLessThan(500);
    }
    if (answer.status >= 400) {
      const budget = errorBudget(requestBytes(request));
      expect(answer.bytes, `${shown}\n(at most ${budget} bytes)`).toBeLessThanOrEqual(budget);
    }
  }

  it('answers GraphQL documents made of fragment chains, aliases and directives below 500, in time', async () => {
    const token = await adminToken();
    for (const [who, caller] of [
      ['anonymous', undefined],
      ['admin', token],
    ] as const) {
      const result = await fc.check(
        fc.asyncProperty(expensiveDocuments, ({ query }) => graphqlAttack(query, caller)),
        {
          seed,
          numRuns: graphqlRuns,
          endOnFailure: true,
          // The two an outsider found first: 2^24 fields from ~1 KB, and 300 searches for one request.
          examples: [
            [
              {
                kind: 'fragment chain of 24',
                query: fragmentChain(24, 'search(q: "a", limit: 1) { total }'),
              },
            ],
            [{ kind: '300 aliases', query: aliased(300, 'search(q: "a", limit: 1) { total }') }],
          ],
        },
      );
      if (result.failed) {
        const [example] = result.counterexample ?? [];
        const cause =
          result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
        throw new Error(
          `POST /graphql as ${who}, ${example?.kind ?? '?'} (seed ${seed}, path ${result.counterexamplePath ?? ''}):\n${cause.slice(0, 1_500)}`,
        );
      }
    }
  }, 300_000);
});
