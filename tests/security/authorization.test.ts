/**
 * The authorization matrix: every public operation of the OpenAPI document, called through the gateway
 * by an anonymous caller, a customer (the owner), another customer, a manager and an admin, answers
 * what tests/security/policy.ts declares: allowed, 401, 403, or 404 for what is someone else's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policy, type Outcome, type Rule } from './policy.js';
import { fetchDocument, operationsOf, type OperationKey } from './support/document.js';
import { expectErrorBody, gatewayClient, type Answer } from './support/http.js';
import { securityModes, type SecurityPlatform } from './support/platform.js';
import { raceOnOneOrder } from './support/order-races.js';
import { callers, populate, type Caller, type World } from './support/world.js';

/** What was wrong with one answer, in words; undefined when it is what the policy says. */
function mismatch(outcome: Outcome, answer: Answer): string | undefined {
  const { status } = answer;
  if (status >= 500) return `answered ${status}`;
  if (outcome === 'ok') return status >= 200 && status < 300 ? undefined : `answered ${status}, expected 2xx`;
  if (outcome === 'allow') return status === 401 || status === 403 ? `was denied with ${status}` : undefined;
  return status === outcome ? undefined : `answered ${status}, expected ${outcome}`;
}

describe.each(securityModes())('the authorization matrix in %s mode', (_mode, start) => {
  let platform: SecurityPlatform;
  let world: World;
  const send = gatewayClient(() => platform.url);
  beforeAll(async () => {
    // Every card call takes a moment, as a real provider's does: a cancellation's refund is then still
    // in flight when staff's request lands, so the races below interleave rather than queue.
    platform = await start({ env: { PROVIDER_LATENCY_MS: '150' } });
    world = await populate(send);
  }, 120_000);
  afterAll(async () => {
    await platform.close();
  });

  it('has a policy line for every operation of the API document, and none for operations it lacks', async () => {
    const documented = operationsOf(await fetchDocument(platform.url)).map((operation) => operation.key);
    const declared = Object.keys(policy);
    expect(
      documented.filter((key) => !declared.includes(key)),
      'operations without a policy',
    ).toEqual([]);
    expect(
      declared.filter((key) => !documented.includes(key as OperationKey)),
      'stale policy lines',
    ).toEqual([]);
  });

  async function callAs(operation: string, rule: Rule, caller: Caller): Promise<Answer> {
    const [method, template] = operation.split(' ') as [string, string];
    const sample = (await rule.sample?.(world, caller)) ?? {};
    const path = template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
      const value = sample.params?.[name];
      if (value === undefined) throw new Error(`${operation}: the sample has no ${name}`);
      return encodeURIComponent(value);
    });
    return send({
      method,
      path: sample.query === undefined ? path : `${path}?${sample.query}`,
      body: sample.body,
      token: 'token' in sample ? sample.token : world.tokenOf(caller),
      ...(sample.headers ? { headers: sample.headers } : {}),
    });
  }

  it.each(Object.entries(policy))('%s answers each caller as the policy says', async (operation, rules) => {
    const problems: string[] = [];
    for (const rule of rules) {
      for (const caller of callers) {
        const outcome = rule.expect[caller];
        const answer = await callAs(operation, rule, caller);
        const label = `${rule.variant ?? 'plain'}, ${caller}`;
        const problem = mismatch(outcome, answer);
        if (problem !== undefined) {
          problems.push(`${label}: ${problem} ${answer.text.slice(0, 200)}`);
          continue;
        }
        // A denial is an error like any other: the standard body, no details of what exists.
        if (answer.status >= 400) expectErrorBody(answer);
        if (outcome === 'ok' || outcome === 'allow') {
          if (answer.status < 300) rule.check?.(answer, world, caller);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  // Two allowed callers on one order at once: each alone is allowed, together only one may win.
  it.each([
    ['ship', false],
    ['ship', true],
    ['refund', false],
    ['refund', true],
  ] as const)(
    'a customer cancelling while staff %s (staff sent first: %s) ends consistent; the loser gets 409',
    async (move, staffFirst) => {
      await raceOnOneOrder(send, world, move, staffFirst);
    },
    60_000,
  );
});
