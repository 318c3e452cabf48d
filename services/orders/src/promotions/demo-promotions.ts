import { promotions } from '../db/schema.js';
import type { OrdersDeps } from '../deps.js';

/**
 * Embedded mode's demo codes, so a first checkout can try one: WELCOME10 (10% off) and SAVE5 (5.00
 * off a subtotal of 25.00 or more). Only when no promotion exists at all, so an operator's deletions
 * and edits are never undone at the next start.
 */
export async function ensureDemoPromotions(deps: OrdersDeps): Promise<void> {
  const [any] = await deps.db.select({ code: promotions.code }).from(promotions).limit(1);
  if (any) return;
  const now = deps.now();
  const common = {
    currency: 'USD',
    startsAt: null,
    endsAt: null,
    maxUses: null,
    maxUsesPerCustomer: null,
    active: true,
    createdAt: now,
    updatedAt: now,
  };
  await deps.db
    .insert(promotions)
    .values([
      {
        ...common,
        code: 'WELCOME10',
        description: '10% off your order',
        kind: 'percentage',
        value: 1_000,
        minSubtotal: 0,
      },
      {
        ...common,
        code: 'SAVE5',
        description: '5.00 off orders of 25.00 or more',
        kind: 'fixed',
        value: 500,
        minSubtotal: 2_500,
      },
    ])
    .onConflictDoNothing();
  deps.logger.info('demo promotions WELCOME10 and SAVE5 created');
}
