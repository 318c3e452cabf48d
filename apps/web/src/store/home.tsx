import { ArrowRight } from 'lucide-react';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { useCategories, useProducts, useRecommendations } from '../api/queries';
import { Button } from '../ui/button';
import { Skeleton } from '../ui/skeleton';
import { ErrorState } from '../ui/states';
import { ProductGrid } from './product-card';

/** The front page: a welcome, the categories, and recommendations (personal when signed in). */
export function HomePage() {
  useEffect(() => {
    document.title = 'Bodega · Everyday goods, well chosen';
  }, []);
  const categories = useCategories();
  const recommended = useRecommendations(undefined, 8);
  const fresh = useProducts({ in_stock: true });
  const picks = recommended.data?.items.length
    ? recommended.data.items
    : fresh.data?.pages[0]?.items.slice(0, 8);
  const loading = recommended.isPending || (recommended.data?.items.length === 0 && fresh.isPending);

  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8">
      <section className="relative mb-10 overflow-hidden rounded-2xl bg-gradient-to-br from-slate-900 via-slate-800 to-indigo-900 px-6 py-12 text-white sm:px-12 sm:py-16">
        <h1 className="max-w-xl text-3xl font-extrabold tracking-tight sm:text-5xl">
          Everyday goods, well chosen.
        </h1>
        <p className="mt-4 max-w-lg text-base text-slate-200 sm:text-lg">
          Kitchen, home, outdoors and more, from the corner store that never closes.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          <Button asChild size="lg" className="bg-amber-400 text-slate-900 hover:bg-amber-300">
            <Link to="/products">
              Shop all <ArrowRight className="h-4 w-4" aria-hidden="true" />
            </Link>
          </Button>
          <Button
            asChild
            size="lg"
            variant="outline"
            className="border-white/40 bg-transparent text-white hover:bg-white/10"
          >
            <Link to="/products?in_stock=true">In stock now</Link>
          </Button>
        </div>
      </section>

      <section aria-labelledby="categories-heading" className="mb-10">
        <h2 id="categories-heading" className="mb-4 text-xl font-bold tracking-tight">
          Shop by category
        </h2>
        {categories.isError ? (
          <ErrorState error={categories.error} retry={() => void categories.refetch()} />
        ) : (
          <ul className="flex min-h-11 flex-wrap gap-2">
            {categories.isPending
              ? Array.from({ length: 8 }, (_, index) => (
                  <li key={index}>
                    <Skeleton className="h-11 w-28 rounded-full" />
                  </li>
                ))
              : categories.data.items.map((category) => (
                  <li key={category.slug}>
                    <Link
                      to={`/products?category=${category.slug}`}
                      className="inline-flex h-11 items-center gap-2 rounded-full border border-slate-300 bg-white px-4 text-sm font-medium hover:border-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
                    >
                      {category.name}
                      <span className="text-slate-600">{category.product_count}</span>
                    </Link>
                  </li>
                ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="picks-heading">
        <h2 id="picks-heading" className="mb-4 text-xl font-bold tracking-tight">
          {recommended.data?.strategy === 'personal' ? 'Picked for you' : 'Popular right now'}
        </h2>
        {recommended.isError && fresh.isError ? (
          <ErrorState error={recommended.error} retry={() => void recommended.refetch()} />
        ) : (
          <ProductGrid products={picks} loading={loading} label="Recommended products" />
        )}
      </section>
    </div>
  );
}
