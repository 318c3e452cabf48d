import { describe, expect, it } from 'vitest';
import { SingleFlight } from './single-flight.js';

describe('SingleFlight', () => {
  it('shares one run among concurrent callers of a key and forgets it once settled', async () => {
    const flights = new SingleFlight();
    let runs = 0;
    const work = () => Promise.resolve(++runs);
    const [first, second] = [flights.run('k', work), flights.run('k', work)];
    expect(flights.size).toBe(1);
    expect([await first, await second]).toEqual([1, 1]);
    expect(flights.size).toBe(0);
    expect(await flights.run('k', work)).toBe(2);
  });

  it('runs different keys independently', async () => {
    const flights = new SingleFlight();
    const results = await Promise.all([
      flights.run('a', () => Promise.resolve('a')),
      flights.run('b', () => Promise.resolve('b')),
    ]);
    expect(results).toEqual(['a', 'b']);
  });
});
