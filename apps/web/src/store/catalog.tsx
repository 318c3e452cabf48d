import { useCategories, useProducts } from '../api/queries';
import { Button } from '../ui/button';
import { Page } from '../ui/page';
import { EmptyState, ErrorState } from '../ui/states';
import { FilterPanel, useFilterParams } from './filters';
import { ProductGrid } from './product-card';

/** Every product, filtered by category, price and stock, a page at a time. */
export function CatalogPage() {
  const [filters, setFilters] = useFilterParams();
  const categories = useCategories();
  const products = useProducts(filters);
  const items = products.data?.pages.flatMap((page) => page.items);
  const current = categories.data?.items.find((category) => category.slug === filters.category);

  return (
    <Page title={current?.name ?? 'Shop all'}>
      <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
        <FilterPanel
          key={`${filters.min_price}-${filters.max_price}`}
          filters={filters}
          onChange={setFilters}
          categories={(categories.data?.items ?? []).map((category) => ({
            value: category.slug,
            label: category.name,
            count: category.product_count,
          }))}
        />
        <div className="flex flex-col gap-6">
          {products.isError ? (
            <ErrorState error={products.error} retry={() => void products.refetch()} />
          ) : items?.length === 0 ? (
            <EmptyState title="No products match these filters">
              Try another category or a wider price range.
            </EmptyState>
          ) : (
            <ProductGrid products={items} loading={products.isPending} skeletons={12} label="Products" />
          )}
          {products.hasNextPage && (
            <Button
              variant="outline"
              className="self-center"
              pending={products.isFetchingNextPage}
              onClick={() => void products.fetchNextPage()}
            >
              Load more
            </Button>
          )}
        </div>
      </div>
    </Page>
  );
}
