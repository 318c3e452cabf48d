import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useSearch, type SearchParams } from '../api/queries';
import { Button } from '../ui/button';
import { Field } from '../ui/field';
import { NativeSelect } from '../ui/input';
import { formatMoney } from '../ui/money';
import { Page } from '../ui/page';
import { Skeleton } from '../ui/skeleton';
import { EmptyState, ErrorState } from '../ui/states';
import { FilterPanel, useFilterParams } from './filters';
import { ProductGrid } from './product-card';
import { useReportOnce } from '../analytics/use-report';

const sorts: { value: NonNullable<SearchParams['sort']>; label: string }[] = [
  { value: 'relevance', label: 'Best match' },
  { value: 'popularity', label: 'Popular' },
  { value: 'rating', label: 'Top rated' },
  { value: 'price_asc', label: 'Price: low to high' },
  { value: 'price_desc', label: 'Price: high to low' },
  { value: 'newest', label: 'Newest' },
];

/** The search service answers a fixed set of price buckets (services/search facets.ts). */
const priceBuckets = 6;

function PriceFacet({ children }: { children: ReactNode }) {
  return (
    <section aria-labelledby="price-facet" className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="price-facet" className="mb-2 text-sm font-semibold">
        Price
      </h2>
      <ul className="flex flex-col gap-1">{children}</ul>
    </section>
  );
}

/** Full-text results (typos tolerated by the search service) with facets to narrow them. */
export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useFilterParams();
  const q = params.get('q') ?? '';
  const sortParam = params.get('sort');
  const sort = sorts.find((option) => option.value === sortParam)?.value;
  const search = useSearch({ q, sort, ...filters });
  const first = search.data?.pages[0];
  const items = search.data?.pages.flatMap((page) => page.items);
  useReportOnce(first && q ? q : undefined, () => ({
    type: 'search',
    properties: { query: q.slice(0, 200), results: first?.total ?? 0 },
  }));

  return (
    <Page
      title={q ? `Results for “${q}”` : 'Search'}
      heading={
        <>
          {q ? <>Results for “{q}”</> : 'Search'}
          {first && <span className="ml-3 text-base font-normal text-slate-600">{first.total} found</span>}
        </>
      }
      actions={
        <Field label="Sort by" className="w-56">
          <NativeSelect
            value={sort ?? 'relevance'}
            onChange={(event) => {
              const next = new URLSearchParams(params);
              next.set('sort', event.target.value);
              setParams(next);
            }}
          >
            {sorts.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </NativeSelect>
        </Field>
      }
    >
      <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
        <div className="flex flex-col gap-4">
          <FilterPanel
            key={`${filters.min_price}-${filters.max_price}`}
            filters={filters}
            onChange={setFilters}
            categories={(first?.facets.category ?? []).map((facet) => ({
              value: facet.value,
              label: facet.value.replaceAll('-', ' '),
              count: facet.count,
            }))}
            {...(first ? { inStockCount: first.facets.in_stock } : {})}
          />
          {first ? (
            first.facets.price.length > 0 && (
              <PriceFacet>
                {first.facets.price.map((bucket) => (
                  <li key={bucket.min}>
                    <button
                      type="button"
                      className="h-7 w-full rounded px-2 text-left text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
                      onClick={() =>
                        setFilters({ min_price: bucket.min, max_price: bucket.max ?? undefined })
                      }
                    >
                      {formatMoney({ amount: bucket.min, currency: 'USD' })}
                      {bucket.max === null
                        ? ' and up'
                        : ` – ${formatMoney({ amount: bucket.max, currency: 'USD' })}`}
                      <span className="text-slate-600"> ({bucket.count})</span>
                    </button>
                  </li>
                ))}
              </PriceFacet>
            )
          ) : search.isPending ? (
            // The buckets' place kept while the first page loads: on a phone the facets sit above the
            // results, and a section appearing there pushed the whole grid down (layout shift).
            <PriceFacet>
              {Array.from({ length: priceBuckets }, (_, index) => (
                <li key={index} aria-hidden="true">
                  <Skeleton className="h-7 w-full" />
                </li>
              ))}
            </PriceFacet>
          ) : null}
        </div>
        <div className="flex flex-col gap-6">
          {search.isError ? (
            <ErrorState error={search.error} retry={() => void search.refetch()} />
          ) : items?.length === 0 ? (
            <EmptyState title={`Nothing found for “${q}”`}>
              Check the spelling, or try fewer words or filters.
            </EmptyState>
          ) : (
            <ProductGrid products={items} loading={search.isPending} skeletons={12} label="Search results" />
          )}
          {search.hasNextPage && (
            <Button
              variant="outline"
              className="self-center"
              pending={search.isFetchingNextPage}
              onClick={() => void search.fetchNextPage()}
            >
              Load more
            </Button>
          )}
        </div>
      </div>
    </Page>
  );
}
