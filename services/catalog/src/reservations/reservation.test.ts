import { describe, expect, it } from 'vitest';
import type { ReservationStatus } from '@bodega/contracts';
import { AppError } from '@bodega/errors';
import { totalsByProduct } from './expiry-sweeper.js';
import {
  findShortage,
  holdLines,
  holdRefused,
  retakeRefused,
  sameLines,
  stepFor,
  toReservationJson,
  type ShelfState,
} from './reservation.js';

const A = '01a21100-0000-7000-8000-00000000000a';
const B = '01a21100-0000-7000-8000-00000000000b';
const C = '01a21100-0000-7000-8000-00000000000c';

const shelf = (id: string, stockQty: number, overrides: Partial<ShelfState> = {}): ShelfState => ({
  id,
  stockQty,
  active: true,
  deletedAt: null,
  ...overrides,
});

describe('the lines of a hold', () => {
  it('are put in product-id order, ids lowercased, so every writer locks products in one order', () => {
    expect(
      holdLines([
        { product_id: C.toUpperCase(), quantity: 1 },
        { product_id: A, quantity: 2 },
        { product_id: B, quantity: 3 },
      ]),
    ).toEqual([
      { product_id: A, quantity: 2 },
      { product_id: B, quantity: 3 },
      { product_id: C, quantity: 1 },
    ]);
  });

  it('refuse a product named twice (whatever its case), naming each repeat', () => {
    let error: unknown;
    try {
      holdLines([
        { product_id: A, quantity: 1 },
        { product_id: B, quantity: 1 },
        { product_id: A.toUpperCase(), quantity: 2 },
      ]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      kind: 'validation',
      code: 'VALIDATION_ERROR',
      details: {
        location: 'body',
        issues: [{ field: 'items.2.product_id', message: 'appears more than once' }],
      },
    });
  });

  it('are the same hold whatever their order, not when a product or a quantity differs', () => {
    const hold = [
      { product_id: A, quantity: 1 },
      { product_id: B, quantity: 2 },
    ];
    expect(sameLines(hold, [...hold].reverse())).toBe(true);
    expect(sameLines(hold, [{ product_id: A, quantity: 1 }])).toBe(false);
    expect(sameLines(hold, [hold[0]!, { product_id: B, quantity: 3 }])).toBe(false);
    expect(sameLines(hold, [hold[0]!, { product_id: C, quantity: 2 }])).toBe(false);
  });
});

describe('whether the shelves can give a hold', () => {
  const lines = [
    { product_id: A, quantity: 2 },
    { product_id: B, quantity: 5 },
  ];

  it('is fine when every product is on sale with enough units, exactly enough included', () => {
    expect(findShortage(lines, [shelf(A, 2), shelf(B, 9)])).toBeUndefined();
  });

  it('names the short line with what was asked and what is there', () => {
    expect(findShortage(lines, [shelf(A, 2), shelf(B, 4)])).toEqual({
      reason: 'out_of_stock',
      product_id: B,
      requested: 5,
      available: 4,
    });
  });

  it('reports a product that cannot be bought (unknown, inactive, deleted) before a short one', () => {
    const short = shelf(A, 0);
    expect(findShortage(lines, [short])).toEqual({ reason: 'unavailable', product_id: B });
    expect(findShortage(lines, [short, shelf(B, 9, { active: false })])).toEqual({
      reason: 'unavailable',
      product_id: B,
    });
    expect(findShortage(lines, [short, shelf(B, 9, { deletedAt: new Date() })])).toEqual({
      reason: 'unavailable',
      product_id: B,
    });
  });

  it('turns a shortage into the contract errors: OUT_OF_STOCK, PRODUCT_UNAVAILABLE, RESERVATION_EXPIRED', () => {
    const short = { reason: 'out_of_stock', product_id: A, requested: 3, available: 1 } as const;
    expect(holdRefused(short)).toMatchObject({
      kind: 'conflict',
      code: 'OUT_OF_STOCK',
      details: { product_id: A, requested: 3, available: 1 },
    });
    expect(holdRefused({ reason: 'unavailable', product_id: A })).toMatchObject({
      kind: 'unprocessable',
      code: 'PRODUCT_UNAVAILABLE',
      details: { product_id: A },
    });
    expect(retakeRefused(short)).toMatchObject({ code: 'RESERVATION_EXPIRED', details: short });
    expect(retakeRefused({ reason: 'unavailable', product_id: A })).toMatchObject({
      code: 'RESERVATION_EXPIRED',
      details: { reason: 'unavailable', product_id: A },
    });
  });
});

describe('the reservation state machine', () => {
  const statuses: ReservationStatus[] = ['held', 'committed', 'released', 'expired', 'returned'];
  const outcome = (action: Parameters<typeof stepFor>[0], from: ReservationStatus) => {
    const step = stepFor(action, from);
    if (step.kind === 'refuse') return step.error().code;
    return step.kind === 'same' ? 'same' : `${step.to} (${step.stock})`;
  };
  const table = (action: Parameters<typeof stepFor>[0]) =>
    Object.fromEntries(statuses.map((from) => [from, outcome(action, from)]));

  it('commits a hold as it stands, takes a lapsed one again, and never sells a returned one', () => {
    expect(table('commit')).toEqual({
      held: 'committed (none)',
      committed: 'same',
      released: 'committed (take)',
      expired: 'committed (take)',
      returned: 'RESERVATION_RETURNED',
    });
  });

  it('releases only a hold, and gives its units back', () => {
    expect(table('release')).toEqual({
      held: 'released (give)',
      committed: 'RESERVATION_COMMITTED',
      released: 'same',
      expired: 'same',
      returned: 'RESERVATION_RETURNED',
    });
  });

  it('returns only what was sold, and gives its units back', () => {
    expect(table('return')).toEqual({
      held: 'RESERVATION_NOT_COMMITTED',
      committed: 'returned (give)',
      released: 'RESERVATION_NOT_COMMITTED',
      expired: 'RESERVATION_NOT_COMMITTED',
      returned: 'same',
    });
  });

  it('expires only a hold', () => {
    expect(table('expire')).toEqual({
      held: 'expired (give)',
      committed: 'same',
      released: 'same',
      expired: 'same',
      returned: 'same',
    });
  });
});

describe('the sweep', () => {
  it('gives back one line per product, summing the holds on it', () => {
    expect(
      totalsByProduct([
        { product_id: B, quantity: 1 },
        { product_id: A, quantity: 2 },
        { product_id: B, quantity: 4 },
      ]),
    ).toEqual([
      { product_id: A, quantity: 2 },
      { product_id: B, quantity: 5 },
    ]);
  });
});

describe('the reservation as callers see it', () => {
  it('has RFC 3339 UTC timestamps and lines in product-id order', () => {
    const at = new Date('2026-01-15T10:00:00.000Z');
    expect(
      toReservationJson(
        {
          id: C,
          status: 'held',
          expiresAt: new Date('2026-01-15T10:10:00.000Z'),
          createdAt: at,
          updatedAt: at,
        },
        [
          { reservationId: C, productId: B, quantity: 1 },
          { reservationId: C, productId: A, quantity: 3 },
        ],
      ),
    ).toEqual({
      reservation_id: C,
      status: 'held',
      items: [
        { product_id: A, quantity: 3 },
        { product_id: B, quantity: 1 },
      ],
      expires_at: '2026-01-15T10:10:00.000Z',
      created_at: '2026-01-15T10:00:00.000Z',
      updated_at: '2026-01-15T10:00:00.000Z',
    });
  });
});
