import { describe, expect, it } from 'vitest';
import { hourlyChanges, refundsByHour, type MoneyBack } from './order-money.js';

const order = (moneyBack: MoneyBack[], placedAt: string | null = '2026-01-01T10:00:00Z') => ({
  placedAt,
  total: 10_000,
  moneyBack,
});
const refund = (at: string, amount: number): MoneyBack => ({ at, amount });
const cancel = (at: string): MoneyBack => ({ at, amount: null });

describe('money back on an order', () => {
  it('nets each partial refund in the hour it happened', () => {
    expect(
      refundsByHour(order([refund('2026-01-01T12:30:00Z', 2_500), refund('2026-01-02T09:10:00Z', 1_000)])),
    ).toEqual({
      '2026-01-01T12:00:00.000Z': 2_500,
      '2026-01-02T09:00:00.000Z': 1_000,
    });
  });

  it('nets a paid cancellation and the refund it caused once, in either order', () => {
    const at = '2026-01-01T11:00:00Z';
    const expected = { '2026-01-01T11:00:00.000Z': 10_000 };
    expect(refundsByHour(order([cancel(at), refund('2026-01-01T11:00:01Z', 10_000)]))).toEqual(expected);
    expect(refundsByHour(order([refund(at, 10_000), cancel('2026-01-01T11:00:01Z')]))).toEqual(expected);
  });

  it('nets the rest of an order partly refunded, then cancelled, at the cancellation', () => {
    expect(
      refundsByHour(
        order([
          refund('2026-01-01T11:00:00Z', 3_000),
          cancel('2026-01-01T14:00:00Z'),
          refund('2026-01-01T14:00:01Z', 7_000),
        ]),
      ),
    ).toEqual({ '2026-01-01T11:00:00.000Z': 3_000, '2026-01-01T14:00:00.000Z': 7_000 });
  });

  it('depends only on the facts, not the order they arrived in', () => {
    const steps = [
      refund('2026-01-01T11:00:00Z', 3_000),
      cancel('2026-01-01T14:00:00Z'),
      refund('2026-01-01T13:00:00Z', 9_000),
    ];
    expect(refundsByHour(order([...steps].reverse()))).toEqual(refundsByHour(order(steps)));
  });

  it('never nets more than the total, nothing for an order never placed, and nothing before placement', () => {
    expect(refundsByHour(order([refund('2026-01-01T11:00:00Z', 12_000)]))).toEqual({
      '2026-01-01T11:00:00.000Z': 10_000,
    });
    expect(refundsByHour(order([cancel('2026-01-01T11:00:00Z')], null))).toEqual({});
    expect(refundsByHour(order([refund('2026-01-01T08:00:00Z', 100)]))).toEqual({
      '2026-01-01T10:00:00.000Z': 100,
    });
  });

  it('turns a new distribution into changes per hour', () => {
    expect(hourlyChanges({ a: 100, b: 50 }, { b: 80, c: 20 })).toEqual([
      ['a', -100],
      ['b', 30],
      ['c', 20],
    ]);
    expect(hourlyChanges({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
