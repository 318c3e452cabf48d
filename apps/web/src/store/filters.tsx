import { useState, type SyntheticEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ProductFilters } from '../api/queries';
import { Button } from '../ui/button';
import { Field } from '../ui/field';
import { Input, NativeSelect } from '../ui/input';
import { toMinorUnits } from '../ui/money';

/** The filters in the address (shareable, back-button friendly): `?category=&min_price=&max_price=&in_stock=`. */
export function useFilterParams(): [ProductFilters, (next: ProductFilters) => void] {
  const [params, setParams] = useSearchParams();
  const number = (key: string) => {
    const value = params.get(key);
    return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
  };
  const filters: ProductFilters = {
    category: params.get('category') ?? undefined,
    min_price: number('min_price'),
    max_price: number('max_price'),
    in_stock: params.get('in_stock') === 'true' ? true : undefined,
  };
  const update = (next: ProductFilters) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value === undefined || value === '' || value === false) merged.delete(key);
      else merged.set(key, String(value));
    }
    setParams(merged);
  };
  return [filters, update];
}

const dollars = (minor: number | undefined) => (minor === undefined ? '' : String(minor / 100));

/** Category, price range and stock: applied together, validated before they reach the API. */
export function FilterPanel({
  filters,
  onChange,
  categories,
  inStockCount,
}: {
  filters: ProductFilters;
  onChange: (next: ProductFilters) => void;
  categories: { value: string; label: string; count?: number }[];
  inStockCount?: number;
}) {
  const [min, setMin] = useState(dollars(filters.min_price));
  const [max, setMax] = useState(dollars(filters.max_price));
  const [error, setError] = useState<{ min?: string; max?: string }>({});

  const applyPrices = (event: SyntheticEvent) => {
    event.preventDefault();
    const low = min.trim() === '' ? undefined : toMinorUnits(min);
    const high = max.trim() === '' ? undefined : toMinorUnits(max);
    const problems: { min?: string; max?: string } = {};
    if (min.trim() !== '' && low === undefined) problems.min = 'Enter a price like 12 or 12.50';
    if (max.trim() !== '' && high === undefined) problems.max = 'Enter a price like 40 or 39.99';
    if (low !== undefined && high !== undefined && high < low) problems.max = 'Must be at least the minimum';
    setError(problems);
    if (Object.keys(problems).length === 0) onChange({ min_price: low, max_price: high });
  };

  return (
    <aside
      aria-label="Filters"
      className="flex flex-col gap-5 rounded-xl border border-slate-200 bg-white p-4"
    >
      <Field label="Category">
        <NativeSelect
          value={filters.category ?? ''}
          onChange={(event) => onChange({ category: event.target.value || undefined })}
        >
          <option value="">All categories</option>
          {categories.map((category) => (
            <option key={category.value} value={category.value}>
              {category.label}
              {category.count === undefined ? '' : ` (${category.count})`}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <form onSubmit={applyPrices} className="flex flex-col gap-3" aria-label="Price range" noValidate>
        <div className="grid grid-cols-2 gap-2">
          <Field label="Min price ($)" error={error.min}>
            <Input
              inputMode="decimal"
              value={min}
              onChange={(event) => setMin(event.target.value)}
              placeholder="0"
            />
          </Field>
          <Field label="Max price ($)" error={error.max}>
            <Input
              inputMode="decimal"
              value={max}
              onChange={(event) => setMax(event.target.value)}
              placeholder="Any"
            />
          </Field>
        </div>
        <Button type="submit" variant="outline" size="sm">
          Apply price
        </Button>
      </form>
      <label className="flex cursor-pointer items-center gap-2 text-sm font-medium">
        <input
          type="checkbox"
          className="h-4 w-4 rounded border-slate-400 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
          checked={filters.in_stock === true}
          onChange={(event) => onChange({ in_stock: event.target.checked || undefined })}
        />
        In stock only{inStockCount === undefined ? '' : ` (${inStockCount})`}
      </label>
    </aside>
  );
}
