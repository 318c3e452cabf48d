import { describe, expect, it } from 'vitest';
import { topicMatches } from './topics.js';

describe('topic patterns, as a RabbitMQ topic exchange routes them', () => {
  it.each([
    ['catalog.product.updated', 'catalog.product.updated', true],
    ['catalog.product.updated', 'catalog.product.deleted', false],
    ['catalog.product.*', 'catalog.product.updated', true],
    ['catalog.product.*', 'catalog.product', false],
    ['catalog.product.*', 'catalog.product.review.added', false],
    ['catalog.#', 'catalog.product.review.added', true],
    ['catalog.#', 'catalog', true],
    ['#', 'identity.user.registered', true],
    ['*.user.*', 'identity.user.registered', true],
    ['#.deleted', 'catalog.product.deleted', true],
    ['#.deleted', 'catalog.product.updated', false],
    ['catalog.#.added', 'catalog.product.review.added', true],
    ['orders.*', 'catalog.product', false],
  ])('%s %s %s', (pattern, key, matches) => {
    expect(topicMatches(pattern, key)).toBe(matches);
  });
});
