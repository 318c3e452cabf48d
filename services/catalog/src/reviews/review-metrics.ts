import { Counter, type Registry } from 'prom-client';

/** `catalog_reviews_posted_total{rating}`: reviews posted, counted once committed. */
export interface ReviewMetrics {
  posted(rating: number): void;
}

export function createReviewMetrics(registry: Registry): ReviewMetrics {
  const posted = new Counter({
    name: 'catalog_reviews_posted_total',
    help: 'Reviews posted, by rating (1 to 5)',
    labelNames: ['rating'] as const,
    registers: [registry],
  });
  // Ratings are 1..5 by schema: five series, present from the start.
  for (let rating = 1; rating <= 5; rating += 1) posted.inc({ rating: String(rating) }, 0);
  return {
    posted(rating) {
      posted.inc({ rating: String(rating) });
    },
  };
}
