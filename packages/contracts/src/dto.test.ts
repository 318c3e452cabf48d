import { Value } from '@sinclair/typebox/value';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ErrorBody, Money, Page, Timestamp, Uuid, type PageOf } from './dto.js';
import { registerFormats } from './formats.js';
import type { Static } from '@sinclair/typebox';

registerFormats();

describe('shared DTO schemas', () => {
  it('describe money as integer minor units with an ISO currency', () => {
    expect(Value.Check(Money, { amount: 1999, currency: 'USD' })).toBe(true);
    expect(Value.Check(Money, { amount: 19.99, currency: 'USD' })).toBe(false);
    expect(Value.Check(Money, { amount: 1999, currency: 'US' })).toBe(false);
  });

  it('match the standard error body', () => {
    const body = {
      error: {
        code: 'VALIDATION_ERROR',
        message: 'human words',
        details: {},
        timestamp: '2026-01-15T10:00:00Z',
        request_id: 'r1',
      },
    };
    expect(Value.Check(ErrorBody, body)).toBe(true);
    expect(Value.Check(ErrorBody, { error: { ...body.error, timestamp: 'now' } })).toBe(false);
  });

  it('build a cursor page of any item whose last page has a null cursor', () => {
    const ProductPage = Page(Uuid);
    expectTypeOf<Static<typeof ProductPage>>().toEqualTypeOf<PageOf<string>>();
    expect(
      Value.Check(ProductPage, { items: ['0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c6d'], next_cursor: null }),
    ).toBe(true);
    expect(Value.Check(ProductPage, { items: [], next_cursor: 'abc' })).toBe(true);
    expect(Value.Check(ProductPage, { items: ['x'], next_cursor: null })).toBe(false);
    expect(Value.Check(ProductPage, { items: [] })).toBe(false);
  });

  it('accept RFC 3339 timestamps with an offset and reject bare dates', () => {
    expect(Value.Check(Timestamp, '2026-01-15T10:00:00.123456Z')).toBe(true);
    expect(Value.Check(Timestamp, '2026-01-15T10:00:00-05:00')).toBe(true);
    expect(Value.Check(Timestamp, '2026-01-15')).toBe(false);
    expect(Value.Check(Timestamp, '2026-01-15T10:00:00')).toBe(false);
  });

  it('can register the formats twice without complaint', () => {
    expect(() => {
      registerFormats();
    }).not.toThrow();
  });
});
