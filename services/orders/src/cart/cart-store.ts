import { and, asc, eq, inArray } from 'drizzle-orm';
import { newId, type Executor, type Tx } from '@bodega/db';
import { NotFound } from '@bodega/errors';
import { cartLines, carts, type CartLineRow, type CartRow } from '../db/schema.js';
import { hashCartToken } from './cart-token.js';

export function cartNotFound() {
  return NotFound('No cart with this token (it may have been merged into an account); start a new one', {
    code: 'CART_NOT_FOUND',
  });
}

/** A guest's cart by its token, if any. */
export async function findGuestCart(db: Executor, token: string): Promise<CartRow | undefined> {
  const [row] = await db
    .select()
    .from(carts)
    .where(eq(carts.tokenHash, hashCartToken(token)));
  return row;
}

/** The customer's cart, created on first use (the unique index settles two first uses at once). */
export async function ensureCustomerCart(db: Executor, customerId: string, now: Date): Promise<CartRow> {
  const [found] = await db.select().from(carts).where(eq(carts.customerId, customerId));
  if (found) return found;
  await db
    .insert(carts)
    .values({ id: newId(), customerId, createdAt: now, updatedAt: now })
    .onConflictDoNothing();
  const [row] = await db.select().from(carts).where(eq(carts.customerId, customerId));
  if (!row) throw new Error('customer cart vanished after insert');
  return row;
}

/** A new guest cart for the holder of `token`. */
export async function createGuestCart(tx: Tx, token: string, now: Date): Promise<CartRow> {
  const [row] = await tx
    .insert(carts)
    .values({ id: newId(), tokenHash: hashCartToken(token), createdAt: now, updatedAt: now })
    .returning();
  if (!row) throw new Error('insert returned no cart');
  return row;
}

/** Locks the cart for the rest of the transaction: its writes are serialized. */
export async function lockCart(tx: Tx, cartId: string): Promise<CartRow> {
  const [row] = await tx.select().from(carts).where(eq(carts.id, cartId)).for('update');
  if (!row) throw cartNotFound();
  return row;
}

/** A cart's lines, oldest first. */
export async function linesOf(db: Executor, cartId: string): Promise<CartLineRow[]> {
  return db
    .select()
    .from(cartLines)
    .where(eq(cartLines.cartId, cartId))
    .orderBy(asc(cartLines.addedAt), asc(cartLines.productId));
}

/** Writes a line's quantity and price (inserting it when new). */
export async function putLine(
  tx: Tx,
  line: { cartId: string; productId: string; quantity: number; unitPrice: number; currency: string },
  now: Date,
): Promise<void> {
  await tx
    .insert(cartLines)
    .values({ ...line, addedAt: now })
    .onConflictDoUpdate({
      target: [cartLines.cartId, cartLines.productId],
      set: { quantity: line.quantity, unitPrice: line.unitPrice, currency: line.currency },
    });
}

/** Removes lines of a cart (all of them without `productIds`). */
export async function deleteLines(tx: Tx, cartId: string, productIds?: string[]): Promise<void> {
  await tx
    .delete(cartLines)
    .where(
      and(eq(cartLines.cartId, cartId), productIds ? inArray(cartLines.productId, productIds) : undefined),
    );
}

export async function touchCart(tx: Tx, cartId: string, now: Date): Promise<CartRow> {
  const [row] = await tx.update(carts).set({ updatedAt: now }).where(eq(carts.id, cartId)).returning();
  if (!row) throw cartNotFound();
  return row;
}
