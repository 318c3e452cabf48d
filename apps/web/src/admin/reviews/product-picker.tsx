import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useApi } from '../../api/context';
import { Input } from '../../ui/input';
import { formatMoney } from '../../ui/money';
import { useDebounced } from '../../ui/use-debounced';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Finds the product whose reviews to moderate: by name through search (typos forgiven), or by its id
 * pasted in (search holds active products only; a deactivated one is still reachable by id).
 */
export function ProductPicker({ onPick }: { onPick: (productId: string) => void }) {
  const bodega = useApi();
  const id = useId();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const byId = uuid.test(q);
  const found = useQuery({
    queryKey: ['admin-review-products', q],
    queryFn: () => bodega.get('/api/v1/search', { params: { query: { q, limit: 8 } } }),
    enabled: q.length >= 2 && !byId,
    staleTime: 60_000,
  });
  const hits = found.data?.items ?? [];
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        Find a product
      </label>
      <Input
        id={id}
        type="search"
        value={text}
        placeholder="Name, or a product id"
        aria-describedby={`${id}-hint`}
        onChange={(event) => setText(event.target.value)}
      />
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        Type at least two letters of its name, or paste its id (deactivated products are found by id only).
      </p>
      <div aria-live="polite" className="min-h-6">
        {byId ? (
          <button
            type="button"
            className="mt-1 rounded-lg border border-slate-300 bg-white px-3 py-2 text-left text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
            onClick={() => onPick(q.toLowerCase())}
          >
            Open the product with id <span className="font-mono">{q}</span>
          </button>
        ) : found.isError ? (
          <p className="text-sm text-red-700">Search is not answering; paste the product id instead.</p>
        ) : q.length >= 2 && found.data && hits.length === 0 ? (
          <p className="text-sm text-slate-600">No product matches “{q}”.</p>
        ) : hits.length > 0 ? (
          <ul
            aria-label="Matching products"
            className="mt-1 flex flex-col divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white"
          >
            {hits.map((hit) => (
              <li key={hit.id}>
                <button
                  type="button"
                  className="flex w-full items-center justify-between gap-3 px-3 py-2 text-left text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
                  onClick={() => {
                    onPick(hit.id);
                    setText('');
                  }}
                >
                  <span className="font-medium">{hit.name}</span>
                  <span className="text-xs text-slate-600">
                    {formatMoney(hit.price)} · {hit.rating.count} review{hit.rating.count === 1 ? '' : 's'}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
