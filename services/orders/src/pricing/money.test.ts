import { describe, expect, it } from 'vitest';
import { basisPointsOf, formatMoney, roundHalfUp, toAmount } from './money.js';

describe('money arithmetic', () => {
  it('rounds to the nearest unit, a half always up', () => {
    expect(roundHalfUp(0n, 7n)).toBe(0n);
    expect(roundHalfUp(4n, 10n)).toBe(0n);
    expect(roundHalfUp(5n, 10n)).toBe(1n);
    expect(roundHalfUp(15n, 10n)).toBe(2n);
    expect(roundHalfUp(25n, 10n)).toBe(3n); // half up, not half to even
    expect(roundHalfUp(24_999n, 10_000n)).toBe(2n);
    expect(roundHalfUp(25_000n, 10_000n)).toBe(3n);
    expect(roundHalfUp(2n, 3n)).toBe(1n);
    expect(roundHalfUp(1n, 3n)).toBe(0n);
  });

  it('stays exact far beyond what a float can hold', () => {
    const big = 2n ** 80n + 5n;
    expect(roundHalfUp(big, 10n)).toBe(2n ** 80n / 10n + 1n);
    expect(basisPointsOf(BigInt(Number.MAX_SAFE_INTEGER), 10_000n)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
  });

  it('refuses a negative numerator or a denominator below 1', () => {
    expect(() => roundHalfUp(-1n, 2n)).toThrow(RangeError);
    expect(() => roundHalfUp(1n, 0n)).toThrow(RangeError);
  });

  it('takes basis points of an amount, rounded half up once', () => {
    expect(basisPointsOf(1005n, 1000n)).toBe(101n); // 100.5
    expect(basisPointsOf(1004n, 1000n)).toBe(100n); // 100.4
    expect(basisPointsOf(2999n, 825n)).toBe(247n); // 247.4175
    expect(basisPointsOf(1234n, 0n)).toBe(0n);
  });

  it('turns a figure into a JSON number only while it is exact', () => {
    expect(toAmount(BigInt(Number.MAX_SAFE_INTEGER), 'total')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toAmount(BigInt(Number.MAX_SAFE_INTEGER) + 1n, 'line_total')).toThrow(
      'The line total is too large to charge',
    );
  });

  it('shows amounts with their currency’s decimals, built from the digits', () => {
    expect(formatMoney({ amount: 5000, currency: 'USD' })).toBe('50.00 USD');
    expect(formatMoney({ amount: 5, currency: 'EUR' })).toBe('0.05 EUR');
    expect(formatMoney({ amount: 0, currency: 'USD' })).toBe('0.00 USD');
    expect(formatMoney({ amount: 5000, currency: 'JPY' })).toBe('5000 JPY');
    expect(formatMoney({ amount: 1234, currency: 'KWD' })).toBe('1.234 KWD');
  });
});
