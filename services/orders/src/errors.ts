import { AppError, type AppErrorOptions } from '@bodega/errors';

/** 422: the request is well-formed but cannot be done (the kind @bodega/errors has no shortcut for). */
export function Unprocessable(message: string, options?: AppErrorOptions): AppError {
  return new AppError('unprocessable', message, options);
}

/** 422 `PRODUCT_UNAVAILABLE`: products that do not exist, or can no longer be bought. */
export function productUnavailable(productIds: string[]): AppError {
  const [first] = productIds;
  return Unprocessable(
    productIds.length === 1
      ? 'This product is not available any more'
      : 'Some products are not available any more',
    { code: 'PRODUCT_UNAVAILABLE', details: { product_id: first, product_ids: productIds } },
  );
}
