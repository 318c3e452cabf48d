import type { Cache } from '@bodega/cache';
import type { Db } from '@bodega/db';
import type { Logger } from '@bodega/logging';
import type { CursorCodec } from './query/cursor.js';
import type { SearchGeneration } from './query/generation.js';

/** What search's use cases are given: explicit dependencies, an explicit clock, no globals. */
export interface SearchDeps {
  db: Db;
  cache: Cache;
  /** Bumped after every applied index change; part of every cached result's key. */
  generation: SearchGeneration;
  cursors: CursorCodec;
  logger: Logger;
  now: () => Date;
  /** How long a search result stays cached (a change invalidates it sooner, through the generation). */
  resultTtlMs: number;
}
