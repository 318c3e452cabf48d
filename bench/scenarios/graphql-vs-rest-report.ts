import { formatNumber as n, table } from '../lib/markdown.js';

/** A closed loop of pages: each page one GraphQL query, or several REST calls sent at once. */
export interface PageRun {
  shoppers: number;
  seconds: number;
  /** Pages completed with every answer a success. */
  pages: number;
  pagesPerSecond: number;
  /** HTTP requests per second the gateway answered (pages times requests per page). */
  requestsPerSecond: number;
  /** Exact percentiles of complete pages. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Pages with a failed request (non-2xx, GraphQL errors, connection error). */
  failed: number;
}

export interface GraphqlVsRestFigures {
  rest: PageRun;
  graphql: PageRun;
  products: number;
}

const ms = (value: number) => `${n(value, 1)} ms`;

/** The report section of the graphql-vs-rest scenario: the two ways side by side, then the ratio. */
export function describeGraphqlVsRest(figures: GraphqlVsRestFigures): string {
  const { rest, graphql, products } = figures;
  const row = (label: string, run: PageRun) => [
    label,
    n(run.pagesPerSecond),
    n(run.requestsPerSecond),
    ms(run.p50Ms),
    ms(run.p95Ms),
    ms(run.p99Ms),
    run.failed,
  ];
  const pages = table(
    [`${rest.shoppers} shoppers (closed loop)`, 'pages/s', 'requests/s', 'p50', 'p95', 'p99', 'failed pages'],
    [
      row('REST: product, reviews, recommendations (3 calls at once)', rest),
      row('GraphQL: one query (product, stock, rating, reviews, recommendations)', graphql),
    ],
  );
  const ratio = graphql.pagesPerSecond / rest.pagesPerSecond;
  return [
    `**The product page** over ${n(products, 0)} products, each shopper loading a page as soon as the last one finished (exact percentiles of whole pages):`,
    '',
    pages,
    '',
    `GraphQL serves ${n(ratio, 2)}x the pages of REST per second; its page p95 is ${ms(graphql.p95Ms)} against ${ms(rest.p95Ms)}. ` +
      'The GraphQL query makes the same three upstream calls inside the gateway (product, reviews, recommendations), where they differ is the client round trips and what the gateway does per request (parse, validate, cost, resolve) against three proxied requests.',
  ].join('\n');
}
