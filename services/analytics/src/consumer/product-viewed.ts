import type { EventData } from '@bodega/contracts';
import type { Tx } from '@bodega/db';
import { addProductHours, hourOf, touchSessions } from './rollups.js';

/**
 * `catalog.product.viewed` (a batch): each view is one view of its product in its hour; a view with a
 * session also moves that session to the funnel's view step (catalog sees the page read itself, even
 * when the browser's beacon never comes).
 */
export async function applyProductViewed(tx: Tx, data: EventData<'catalog.product.viewed'>): Promise<void> {
  await addProductHours(
    tx,
    data.views.map((view) => ({
      hour: hourOf(new Date(view.viewed_at)),
      productId: view.product_id,
      views: 1,
    })),
  );
  await touchSessions(
    tx,
    data.views.flatMap((view) => {
      if (view.session_id === null) return [];
      const at = new Date(view.viewed_at);
      return [{ sessionId: view.session_id, userId: view.customer_id, at, viewedAt: at }];
    }),
  );
}
