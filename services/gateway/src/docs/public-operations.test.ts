import { describe, expect, it } from 'vitest';
import { routeTable, type PublicRoute } from '../routes/route-table.js';
import { publicOperations } from './public-operations.js';

describe('which service an operation of the public document goes to', () => {
  const forwardedTo = publicOperations(routeTable);

  it('follows the route table for exact paths, wildcards and path parameters', () => {
    expect(forwardedTo('GET', '/api/v1/products')).toBe('catalog');
    expect(forwardedTo('PUT', '/api/v1/products/{id}/stock')).toBe('catalog');
    expect(forwardedTo('POST', '/api/v1/auth/login')).toBe('identity');
    expect(forwardedTo('patch', '/api/v1/cart/items/{product_id}')).toBe('orders');
    expect(forwardedTo('GET', '/api/v1/analytics/sales')).toBe('analytics');
  });

  it('forwards only the methods a route lists', () => {
    expect(forwardedTo('GET', '/api/v1/search')).toBe('search');
    expect(forwardedTo('POST', '/api/v1/search')).toBeUndefined();
    expect(forwardedTo('GET', '/api/v1/checkout')).toBeUndefined();
    expect(forwardedTo('POST', '/api/v1/analytics/sales')).toBeUndefined();
  });

  it('forwards nothing internal, nothing outside /api/v1 and nothing the table does not list', () => {
    expect(forwardedTo('POST', '/internal/reservations')).toBeUndefined();
    expect(forwardedTo('GET', '/.well-known/jwks.json')).toBeUndefined();
    expect(forwardedTo('GET', '/api/v1/status')).toBeUndefined();
    expect(forwardedTo('GET', '/api/v1/productsx')).toBeUndefined();
    expect(forwardedTo('GET', '/api/v2/products')).toBeUndefined();
  });

  it('prefers a static route over a wildcard one, as the router does', () => {
    const table: PublicRoute[] = [
      { path: '/api/v1/things/*', service: 'catalog' },
      { path: '/api/v1/things/special', service: 'search' },
      { path: '/api/v1/users/:id', service: 'identity' },
    ];
    const route = publicOperations(table);
    expect(route('GET', '/api/v1/things/special')).toBe('search');
    expect(route('GET', '/api/v1/things/{id}')).toBe('catalog');
    expect(route('GET', '/api/v1/users/{id}')).toBe('identity');
    expect(route('GET', '/api/v1/users/{id}/roles')).toBeUndefined();
  });
});
