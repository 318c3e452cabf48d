/**
 * Every public operation of the OpenAPI document, fuzzed through the gateway with requests generated
 * from its own schemas (tests/security/support/malformed.ts), as an anonymous caller and as an admin
 * (who gets past every role check to the code behind it): never a 5xx, and every error in the standard
 * body. The seed is printed; `SECURITY_FUZZ_SEED=<seed>` replays a run, `SECURITY_FUZZ_RUNS` sets the
 * requests per operation and caller.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchDocument, operationsOf, type Operation } from './support/document.js';
import { expectErrorBody, gatewayClient, verbs, type Json } from './support/http.js';
import { fuzzedRequests, type FuzzedRequest } from './support/malformed.js';
import { admin, securityModes, type SecurityPlatform } from './support/platform.js';

const seed = Number(process.env.SECURITY_FUZZ_SEED ?? Date.now() % 2 ** 31);
const runs = Number(process.env.SECURITY_FUZZ_RUNS ?? 25);
console.log(
  `security fuzz: seed ${seed}, ${runs} requests per operation and caller (SECURITY_FUZZ_SEED=${seed})`,
);

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

  /** One generated request: never a 5xx; any error in the standard body with its request id. */
  async function attack(request: FuzzedRequest, token: string | undefined) {
    sent++;
    const answer = await send({ ...request, token });
    const replay = JSON.stringify({
      ...request,
      path: request.path.slice(0, 300),
      body: request.body?.slice(0, 300),
    });
    expect(answer.status, `${replay}\n-> ${answer.text.slice(0, 500)}`).toBeLessThan(500);
    if (answer.status >= 400) {
      try {
        expectErrorBody(answer);
      } catch (error) {
        throw new Error(`${replay}\n-> ${answer.status} ${answer.text.slice(0, 500)}\n${String(error)}`);
      }
    }
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
});
