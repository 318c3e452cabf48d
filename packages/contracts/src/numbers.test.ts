import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { INT4_MAX, INT4_MIN, INT8_MAX, Int4, Int8, SafeNumber } from './numbers.js';

describe('bounded numbers', () => {
  it('hold what their column holds and nothing past it', () => {
    expect(Value.Check(Int4(), INT4_MAX)).toBe(true);
    expect(Value.Check(Int4(), INT4_MIN)).toBe(true);
    expect(Value.Check(Int4(), INT4_MAX + 1)).toBe(false);
    expect(Value.Check(Int4(), INT4_MIN - 1)).toBe(false);
    expect(Value.Check(Int8(), INT8_MAX)).toBe(true);
    expect(Value.Check(Int8(), 1e20)).toBe(false);
    expect(Value.Check(SafeNumber(), 2.5)).toBe(true);
    expect(Value.Check(SafeNumber(), 1e308)).toBe(false);
  });

  it('keep a narrower bound and its other options', () => {
    const quantity = Int4({ minimum: 1, maximum: 999, description: 'Units' });
    expect(quantity).toMatchObject({ type: 'integer', minimum: 1, maximum: 999, description: 'Units' });
    expect(Int8({ minimum: 0 })).toMatchObject({ minimum: 0, maximum: INT8_MAX });
    expect(SafeNumber({ minimum: 0, maximum: 1 })).toMatchObject({ type: 'number', minimum: 0, maximum: 1 });
  });

  it('refuse, where the schema is declared, a bound wider than the column', () => {
    expect(() => Int4({ maximum: INT4_MAX + 1 })).toThrow(RangeError);
    expect(() => Int4({ minimum: INT4_MIN - 1 })).toThrow(RangeError);
    expect(() => Int8({ maximum: 2 ** 63 })).toThrow(RangeError);
    expect(() => SafeNumber({ minimum: -1e300 })).toThrow(RangeError);
  });
});
