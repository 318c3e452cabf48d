import { describe, expect, it } from 'vitest';
import { createSimulatedProvider, type Delay } from './simulated-provider.js';
import { parseCard } from './test-cards.js';

const usd = { amount: 1000, currency: 'USD' };
const request = (number: string, key = 'order-1') => ({ key, card: parseCard(number), amount: usd });

/** A delay that records what it was asked and holds until released. */
function heldDelay() {
  const asked: number[] = [];
  const pending: (() => void)[] = [];
  const delay: Delay = (ms, signal) => {
    asked.push(ms);
    return new Promise((resolve, reject) => {
      pending.push(resolve);
      signal.addEventListener('abort', () => {
        reject(new Error('aborted'));
      });
    });
  };
  const release = () => {
    for (const resolve of pending.splice(0)) resolve();
  };
  return { delay, asked, release };
}

describe('the simulated provider', () => {
  it('approves and declines by test card, with no wait when no latency is configured', async () => {
    const provider = createSimulatedProvider({ latencyMs: 0, slowMs: 0 });
    await expect(provider.authorize(request('4242424242424242'))).resolves.toEqual({ approved: true });
    await expect(provider.authorize(request('4000000000009995'))).resolves.toEqual({
      approved: false,
      reason: 'insufficient_funds',
    });
    await expect(provider.settle()).resolves.toBeUndefined();
  });

  it('fails the provider-error card with a retryable PAYMENT_PROVIDER_ERROR', async () => {
    const provider = createSimulatedProvider({ latencyMs: 0, slowMs: 0 });
    await expect(provider.authorize(request('4000000000000119'))).rejects.toMatchObject({
      code: 'PAYMENT_PROVIDER_ERROR',
      status: 502,
    });
  });

  it('approves the slow card after PROVIDER_SLOW_MS on a real timer', async () => {
    const provider = createSimulatedProvider({ latencyMs: 1, slowMs: 5 });
    await expect(provider.authorize(request('4000000000000259'))).resolves.toEqual({ approved: true });
  });

  it('adds its latency to every call, then the slow card its stall', async () => {
    const held = heldDelay();
    const provider = createSimulatedProvider({ latencyMs: 7, slowMs: 900, delay: held.delay });
    const settled = provider.settle();
    await expect.poll(() => held.asked).toEqual([7]);
    held.release();
    await settled;
    const slow = provider.authorize(request('4000000000000259'));
    await expect.poll(() => held.asked).toEqual([7, 7]);
    held.release();
    await expect.poll(() => held.asked).toEqual([7, 7, 900]);
    held.release();
    await expect(slow).resolves.toEqual({ approved: true });
  });

  it('shares one authorization between concurrent identical requests, not between different ones', async () => {
    const held = heldDelay();
    const provider = createSimulatedProvider({ latencyMs: 5, slowMs: 0, delay: held.delay });
    const first = provider.authorize(request('4242424242424242'));
    const same = provider.authorize(request('4242424242424242'));
    const otherCard = provider.authorize(request('4000000000000002'));
    expect(same).toBe(first);
    await expect.poll(() => held.asked.length).toBe(2);
    held.release();
    await expect(Promise.all([first, otherCard])).resolves.toEqual([
      { approved: true },
      { approved: false, reason: 'card_declined' },
    ]);
    // Settled flights are forgotten: a later call asks again.
    const again = provider.authorize(request('4242424242424242'));
    expect(again).not.toBe(first);
    await expect.poll(() => held.asked.length).toBe(3);
    held.release();
    await again;
  });

  it('ends waits in progress on close as provider errors (a shutdown is never held), and refuses new calls', async () => {
    const provider = createSimulatedProvider({ latencyMs: 0, slowMs: 3_600_000 });
    const stalled = provider.authorize(request('4000000000000259'));
    provider.close();
    await expect(stalled).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_ERROR' });
    await expect(provider.authorize(request('4242424242424242'))).rejects.toMatchObject({
      code: 'PAYMENT_PROVIDER_ERROR',
    });
  });

  it('passes on a failure of its delay that is not a shutdown', async () => {
    const broken = new Error('timer broke');
    const provider = createSimulatedProvider({
      latencyMs: 5,
      slowMs: 0,
      delay: () => Promise.reject(broken),
    });
    await expect(provider.settle()).rejects.toBe(broken);
  });
});
