import { Type, type Static } from '@bodega/config';
import { serviceConfig } from '@bodega/kit';

/** Search's configuration: the kit's common keys plus its own. */
export const searchConfigSchema = serviceConfig(8103, {
  SEARCH_CACHE_TTL_MS: Type.Integer({
    minimum: 0,
    maximum: 3_600_000,
    default: 60_000,
    description:
      'How long a search result stays cached; an index change invalidates it at once (cache generation). 0 disables',
  }),
  INDEXER_MAX_ATTEMPTS: Type.Integer({
    minimum: 1,
    maximum: 50,
    default: 5,
    description: 'Deliveries of an event to the indexer before it is dead-lettered (consumer "search")',
  }),
  INDEXER_RETRY_BASE_MS: Type.Integer({
    minimum: 0,
    maximum: 60_000,
    default: 1_000,
    description: 'First retry delay of a failed event; it doubles on each attempt, capped at one minute',
  }),
});

export type SearchConfig = Static<typeof searchConfigSchema>;
