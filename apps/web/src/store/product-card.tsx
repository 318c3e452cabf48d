import { Link } from 'react-router-dom';
import type { ProductSummary } from '../api/types';
import { Badge } from '../ui/badge';
import { formatMoney } from '../ui/money';
import { ProductImage } from '../ui/product-image';
import { Rating } from '../ui/rating';
import { Skeleton } from '../ui/skeleton';

export function stockLabel(stock: number): { text: string; tone: 'success' | 'warning' | 'danger' } {
  if (stock <= 0) return { text: 'Sold out', tone: 'danger' };
  if (stock <= 5) return { text: `Only ${stock} left`, tone: 'warning' };
  return { text: 'In stock', tone: 'success' };
}

/** A product in a grid: picture, name, price, rating and stock, the whole card one link. */
export function ProductCard({ product, eager = false }: { product: ProductSummary; eager?: boolean }) {
  const stock = stockLabel(product.stock_qty);
  return (
    <article className="group relative flex flex-col overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm transition-shadow hover:shadow-md">
      <ProductImage src={product.images[0]} name={product.name} eager={eager} />
      <div className="flex flex-1 flex-col gap-1.5 p-4">
        <p className="text-xs font-medium tracking-wide text-slate-600 uppercase">
          {product.category.replaceAll('-', ' ')}
        </p>
        <h3 className="line-clamp-2 min-h-10 text-sm font-semibold text-slate-900">
          <Link
            to={`/p/${product.slug}`}
            className="after:absolute after:inset-0 focus-visible:outline-none group-focus-within:underline"
          >
            {product.name}
          </Link>
        </h3>
        <Rating average={product.rating.average} count={product.rating.count} />
        <div className="mt-auto flex items-center justify-between pt-2">
          <span className="text-base font-bold">{formatMoney(product.price)}</span>
          {stock.tone !== 'success' && <Badge tone={stock.tone}>{stock.text}</Badge>}
        </div>
      </div>
    </article>
  );
}

/** The grid's skeleton: the same boxes as the cards, so nothing moves when they arrive. */
export function ProductCardSkeleton() {
  return (
    <div className="flex flex-col overflow-hidden rounded-xl border border-slate-200 bg-white">
      <Skeleton className="aspect-square w-full rounded-none" />
      <div className="flex flex-col gap-2 p-4">
        <Skeleton className="h-3 w-20" />
        <Skeleton className="h-10 w-full" />
        <Skeleton className="h-4 w-24" />
        <Skeleton className="mt-2 h-6 w-16" />
      </div>
    </div>
  );
}

export function ProductGrid({
  products,
  loading,
  skeletons = 8,
  label,
}: {
  products: readonly ProductSummary[] | undefined;
  loading: boolean;
  skeletons?: number;
  label: string;
}) {
  return (
    <ul
      aria-label={label}
      aria-busy={loading}
      data-testid="product-grid"
      className="grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-5 lg:grid-cols-4"
    >
      {loading || !products
        ? Array.from({ length: skeletons }, (_, index) => (
            <li key={index}>
              <ProductCardSkeleton />
            </li>
          ))
        : products.map((product, index) => (
            <li key={product.id}>
              <ProductCard product={product} eager={index < 4} />
            </li>
          ))}
    </ul>
  );
}
