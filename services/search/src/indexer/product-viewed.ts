import type { EventData } from '@bodega/contracts';
import type { Tx } from '@bodega/db';
import { pairsWith, viewerKey } from './pairs.js';
import { addCoOccurrences, addPopularity, loadHistory, RECENT_VIEWS, saveHistory } from './signals.js';

/**
 * `catalog.product.viewed` (a batch): every view adds to its product's popularity; a viewer's view of a
 * product not among their last {@link RECENT_VIEWS} pairs it with each of those (viewed together).
 * Viewing the same product again only refreshes its place, so reloading a page inflates nothing.
 * Resolves to false: popularity is a ranking signal, not the index (see indexer.ts).
 */
export async function applyProductViewed(
  tx: Tx,
  data: EventData<'catalog.product.viewed'>,
): Promise<boolean> {
  const views = [...data.views].sort((a, b) => Date.parse(a.viewed_at) - Date.parse(b.viewed_at));
  await addPopularity(
    tx,
    views.map((view) => ({
      productId: view.product_id,
      weight: 1,
      at: new Date(view.viewed_at),
      views: 1,
      units: 0,
    })),
  );

  const viewers = [...new Set(views.map(viewerKey).filter((key): key is string => key !== null))];
  const history = await loadHistory(tx, 'viewed', viewers);
  const pairs: [string, string][] = [];
  for (const view of views) {
    const viewer = viewerKey(view);
    if (viewer === null) continue;
    const recent = history.get(viewer) ?? [];
    const at = new Date(view.viewed_at);
    const seen = recent.find((entry) => entry.productId === view.product_id);
    if (seen) {
      if (at > seen.at) seen.at = at;
    } else {
      pairs.push(
        ...pairsWith(
          view.product_id,
          recent.map((entry) => entry.productId),
        ),
      );
      recent.push({ productId: view.product_id, at });
    }
    recent.sort((x, y) => y.at.getTime() - x.at.getTime());
    history.set(viewer, recent.slice(0, RECENT_VIEWS));
  }
  await addCoOccurrences(tx, 'viewed', pairs);
  await saveHistory(tx, 'viewed', history);
  return false;
}
