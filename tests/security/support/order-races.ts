/**
 * Two actors on one order at once, through the gateway: the customer cancels while staff ship it or
 * refund it. Whoever loses gets a 409 in the standard body; the order, its payment and its stock end
 * in one story (never shipped, refunded and restocked at once).
 */
import { randomUUID } from 'node:crypto';
import { expect, vi } from 'vitest';
import { expectErrorBody, verbs, type Answer, type Json, type Send } from './http.js';
import { approvingCard, type World } from './world.js';

/** What staff do while the customer cancels. */
export type StaffMove = 'ship' | 'refund';

/** The codes a loser may answer with, by who lost. */
const losingCodes = {
  cancel: ['INVALID_TRANSITION', 'ORDER_REFUNDED'],
  ship: ['CANCELLATION_PENDING', 'INVALID_TRANSITION'],
  refund: ['PAYMENT_NOT_CAPTURED'],
} as const;

export interface RaceOutcome {
  winner: 'cancel' | StaffMove;
  order: Json;
}

/**
 * Places a paid order of one unit of a fresh product, then sends the customer's cancel and staff's
 * move together (`staffFirst` decides which is sent first), and checks the end state adds up.
 */
export async function raceOnOneOrder(
  send: Send,
  world: World,
  move: StaffMove,
  staffFirst: boolean,
): Promise<RaceOutcome> {
  const { get, post } = verbs(send);
  const customer = world.accounts.customer.token;
  const staff = world.accounts.manager.token;
  const product = await world.newProduct({ stock_qty: 5 });
  const placed = await post(
    '/api/v1/orders',
    { items: [{ product_id: product.id, quantity: 1 }], payment: { card_number: approvingCard } },
    customer,
    { 'idempotency-key': randomUUID() },
  );
  expect(placed.status, placed.text).toBe(201);
  const order = placed.body;
  const total = order.totals.total.amount as number;
  const listed = await get(`/api/v1/payments?order_id=${order.id}`, customer);
  const paymentId = listed.body.items[0].id as string;

  const cancel = () => post(`/api/v1/orders/${order.id}/cancel`, {}, customer);
  const staffMove = () =>
    move === 'ship'
      ? post(`/api/v1/orders/${order.id}/status`, { status: 'shipped' }, staff)
      : post(`/api/v1/payments/${paymentId}/refund`, {}, staff, { 'idempotency-key': randomUUID() });
  const [cancelled, moved] = staffFirst
    ? await Promise.all([staffMove(), cancel()]).then(([a, b]) => [b, a] as const)
    : await Promise.all([cancel(), staffMove()]);

  const winner = oneWinner({ cancel: cancelled, [move]: moved } as Record<'cancel' | StaffMove, Answer>);
  const expected = {
    cancel: { status: 'cancelled', refunded: total, refunds: 1, stock: 5 },
    ship: { status: 'shipped', refunded: 0, refunds: 0, stock: 4 },
    refund: { status: 'refunded', refunded: total, refunds: 1, stock: 4 },
  }[winner];
  // A refund reaches the order through payments' event: wait (bounded) for the order to tell its story.
  const settled = await vi.waitFor(
    async () => {
      const read = (await get(`/api/v1/orders/${order.id}`, staff)).body;
      const payment = (await get(`/api/v1/payments/${paymentId}`, staff)).body;
      const stock = (await get(`/api/v1/products/${product.id}`, staff)).body.stock_qty as number;
      expect({
        status: read.status,
        refunded: payment.refunded.amount,
        refunds: payment.refunds.length,
        stock,
      }).toEqual(expected);
      return read;
    },
    { timeout: 15_000, interval: 100 },
  );
  // A shipped order was never also cancelled (and so never restocked).
  const history = (settled.history as { status: string }[]).map((entry) => entry.status);
  expect(history.includes('shipped') && history.includes('cancelled'), history.join(' ')).toBe(false);
  return { winner, order: settled };
}

/** Exactly one of the two answers is a 2xx; the other is a 409 in the standard body with a loser's code. */
function oneWinner(answers: Record<'cancel' | StaffMove, Answer>): 'cancel' | StaffMove {
  const entries = Object.entries(answers) as ['cancel' | StaffMove, Answer][];
  const won = entries.filter(([, answer]) => answer.status >= 200 && answer.status < 300);
  expect(
    won.map(([who]) => who),
    entries.map(([who, answer]) => `${who}: ${answer.status} ${answer.text.slice(0, 200)}`).join('\n'),
  ).toHaveLength(1);
  const [winner] = won[0] ?? [];
  for (const [who, answer] of entries) {
    if (who === winner) continue;
    expect(answer.status, answer.text).toBe(409);
    expectErrorBody(answer);
    expect(losingCodes[who]).toContain(answer.body.error.code);
  }
  if (winner === undefined) throw new Error('no winner');
  return winner;
}
