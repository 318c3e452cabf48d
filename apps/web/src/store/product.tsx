import { ApiError } from '@bodega/client';
import { Minus, Plus, ShoppingBag } from 'lucide-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { messageOf } from '../api/errors';
import { useAddToCart, useProduct, useRecommendations } from '../api/queries';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { formatMoney } from '../ui/money';
import { Page } from '../ui/page';
import { ProductImage } from '../ui/product-image';
import { Rating } from '../ui/rating';
import { Skeleton } from '../ui/skeleton';
import { EmptyState, ErrorState } from '../ui/states';
import { useToast } from '../ui/toast';
import { ProductGrid, stockLabel } from './product-card';
import { Reviews } from './reviews';
import { useReportOnce } from '../analytics/use-report';

/** One product: pictures, price, stock, add to cart, reviews, and what is bought with it. */
export function ProductPage() {
  const { slug = '' } = useParams();
  const product = useProduct(slug);
  if (product.isError) {
    if (product.error instanceof ApiError && product.error.status === 404)
      return (
        <Page title="Product not found">
          <EmptyState
            title="This product does not exist"
            action={
              <Button asChild>
                <Link to="/products">Browse the shop</Link>
              </Button>
            }
          >
            It may have been removed, or the link is mistyped.
          </EmptyState>
        </Page>
      );
    return (
      <Page title="Product">
        <ErrorState error={product.error} retry={() => void product.refetch()} />
      </Page>
    );
  }
  if (product.isPending) return <ProductSkeleton />;
  return <ProductDetails product={product.data} />;
}

function ProductSkeleton() {
  return (
    <div className="mx-auto grid max-w-7xl gap-8 px-4 py-6 sm:px-6 md:grid-cols-2 lg:px-8" aria-busy="true">
      <Skeleton className="aspect-square w-full rounded-xl" />
      <div className="flex flex-col gap-4">
        <Skeleton className="h-4 w-24" />
        <Skeleton className="h-9 w-3/4" />
        <Skeleton className="h-5 w-40" />
        <Skeleton className="h-8 w-28" />
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-12 w-48" />
      </div>
    </div>
  );
}

function ProductDetails({ product }: { product: NonNullable<ReturnType<typeof useProduct>['data']> }) {
  const [shown, setShown] = useState(0);
  const [quantity, setQuantity] = useState(1);
  const add = useAddToCart();
  const notify = useToast();
  const together = useRecommendations(product.id, 4);
  const stock = stockLabel(product.stock_qty);
  const max = Math.max(1, Math.min(product.stock_qty, 99));
  const images = product.images.length > 0 ? product.images : [''];
  useReportOnce(product.id, () => ({ type: 'product_view', product_id: product.id }));

  const addToCart = () => {
    add.mutate(
      { product_id: product.id, quantity },
      {
        onSuccess: () =>
          notify('Added to cart', { description: `${quantity} × ${product.name}`, tone: 'success' }),
        onError: (error) => notify('Could not add to cart', { description: messageOf(error), tone: 'error' }),
      },
    );
  };

  return (
    <Page title={product.name} heading={null} className="pt-2">
      <nav aria-label="Breadcrumb" className="-mt-4 mb-4 text-sm text-slate-600">
        <Link to="/products" className="hover:underline">
          Shop
        </Link>{' '}
        /{' '}
        <Link to={`/products?category=${product.category}`} className="capitalize hover:underline">
          {product.category.replaceAll('-', ' ')}
        </Link>
      </nav>
      <div className="grid gap-8 md:grid-cols-2">
        <div className="flex flex-col gap-3">
          <ProductImage
            src={images[shown]}
            name={product.name}
            eager
            className="rounded-xl border border-slate-200"
          />
          {images.length > 1 && (
            <div className="flex gap-2" role="group" aria-label="Pictures">
              {images.map((image, index) => (
                <button
                  key={`${image}-${index}`}
                  type="button"
                  aria-label={`Picture ${index + 1} of ${images.length}`}
                  aria-pressed={index === shown}
                  onClick={() => setShown(index)}
                  className={cn(
                    'w-20 overflow-hidden rounded-lg border-2 focus-visible:outline-2 focus-visible:outline-indigo-600',
                    index === shown ? 'border-slate-900' : 'border-transparent',
                  )}
                >
                  <ProductImage src={image} name={product.name} decorative />
                </button>
              ))}
            </div>
          )}
        </div>
        <div className="flex flex-col gap-4">
          <p className="text-sm font-medium tracking-wide text-slate-600 uppercase">
            {product.category.replaceAll('-', ' ')}
          </p>
          <h1 className="text-3xl font-bold tracking-tight">{product.name}</h1>
          <a href="#reviews" className="w-fit">
            <Rating average={product.rating.average} count={product.rating.count} />
          </a>
          <p className="text-3xl font-bold" data-testid="price">
            {formatMoney(product.price)}
          </p>
          <Badge tone={stock.tone} className="w-fit" data-testid="stock">
            {stock.text}
          </Badge>
          <p className="leading-relaxed whitespace-pre-line text-slate-700">{product.description}</p>
          {Object.keys(product.attributes).length > 0 && (
            <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
              {Object.entries(product.attributes).map(([key, value]) => (
                <div key={key} className="contents">
                  <dt className="text-slate-600 capitalize">{key.replaceAll('_', ' ')}</dt>
                  <dd>{String(value)}</dd>
                </div>
              ))}
            </dl>
          )}
          <div className="flex flex-wrap items-center gap-3 pt-2">
            <div
              className="flex items-center rounded-lg border border-slate-300"
              role="group"
              aria-label="Quantity"
            >
              <Button
                variant="ghost"
                size="icon"
                aria-label="One less"
                disabled={quantity <= 1}
                onClick={() => setQuantity((value) => Math.max(1, value - 1))}
              >
                <Minus className="h-4 w-4" aria-hidden="true" />
              </Button>
              <output aria-live="polite" aria-label="Quantity" className="w-10 text-center font-semibold">
                {quantity}
              </output>
              <Button
                variant="ghost"
                size="icon"
                aria-label="One more"
                disabled={quantity >= max}
                onClick={() => setQuantity((value) => Math.min(max, value + 1))}
              >
                <Plus className="h-4 w-4" aria-hidden="true" />
              </Button>
            </div>
            <Button
              size="lg"
              variant="accent"
              onClick={addToCart}
              pending={add.isPending}
              disabled={product.stock_qty <= 0}
            >
              <ShoppingBag className="h-5 w-5" aria-hidden="true" />
              {product.stock_qty <= 0 ? 'Sold out' : 'Add to cart'}
            </Button>
          </div>
        </div>
      </div>

      <section aria-labelledby="together-heading" className="mt-14">
        <h2 id="together-heading" className="mb-4 text-xl font-bold tracking-tight">
          {together.data?.strategy === 'bought_together' ? 'Frequently bought together' : 'You may also like'}
        </h2>
        {together.isError ? (
          <ErrorState error={together.error} retry={() => void together.refetch()} />
        ) : together.data?.items.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing to suggest yet.</p>
        ) : (
          <ProductGrid
            products={together.data?.items}
            loading={together.isPending}
            skeletons={4}
            label="Related products"
          />
        )}
      </section>

      <Reviews productId={product.id} />
    </Page>
  );
}
