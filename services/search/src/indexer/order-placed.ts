import type { EventData } from '@bodega/contracts';
import type { Tx } from '@bodega/db';
import { pairsOf } from './pairs.js';
import { ORDER_UNIT_WEIGHT } from './popularity.js';
import { addCoOccurrences, addPopularity, loadHistory, RECENT_PURCHASES, saveHistory } from './signals.js';

/**
 * `orders.order.placed`: each unit ordered adds {@link ORDER_UNIT_WEIGHT} to its product's popularity,
 * every two products of the order were bought together, and the customer's purchases seed their
 * personal recommendations. Resolves to false: popularity is a ranking signal, not the index.
 */
export async function applyOrderPlaced(tx: Tx, data: EventData<'orders.order.placed'>): Promise<boolean> {
  const at = new Date(data.placed_at);
  await addPopularity(
    tx,
    data.items.map((item) => ({
      productId: item.product_id,
      weight: ORDER_UNIT_WEIGHT * item.quantity,
      at,
      views: 0,
      units: item.quantity,
    })),
  );
  await addCoOccurrences(tx, 'bought', pairsOf(data.items.map((item) => item.product_id)));

  const customer = `c:${data.customer_id}`;
  const history = await loadHistory(tx, 'bought', [customer]);
  const bought = (history.get(customer) ?? []).filter(
    (entry) => !data.items.some((item) => item.product_id === entry.productId),
  );
  const latest = [...new Set(data.items.map((item) => item.product_id))].map((productId) => ({
    productId,
    at,
  }));
  history.set(customer, [...latest, ...bought].slice(0, RECENT_PURCHASES));
  await saveHistory(tx, 'bought', history);
  return false;
}
