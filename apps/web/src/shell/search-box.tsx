import { Search } from 'lucide-react';
import { useId, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { useSuggestions } from '../api/queries';
import { cn } from '../ui/cn';
import { formatMoney } from '../ui/money';
import { useDebounced } from '../ui/use-debounced';

/**
 * The header's search: suggestions as you type (debounced, typo tolerant: they come from the search
 * service), an ARIA combobox driven by the arrow keys; Enter opens the highlighted product or the
 * results page.
 */
export function SearchBox({ className }: { className?: string }) {
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const query = useDebounced(text.trim(), 200);
  const suggestions = useSuggestions(query);
  const items = open && query.length >= 2 ? (suggestions.data?.items ?? []) : [];
  const listId = useId();

  const go = (to: string) => {
    setOpen(false);
    setActive(-1);
    void navigate(to);
  };
  const submit = () => {
    const chosen = active >= 0 ? items[active] : undefined;
    if (chosen) go(`/p/${chosen.slug}`);
    else if (text.trim()) go(`/search?q=${encodeURIComponent(text.trim())}`);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && items.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((index) => (index + 1) % items.length);
    } else if (event.key === 'ArrowUp' && items.length > 0) {
      event.preventDefault();
      setActive((index) => (index <= 0 ? items.length - 1 : index - 1));
    } else if (event.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <form
      role="search"
      className={cn('relative', className)}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={`${listId}-input`} className="sr-only">
        Search products
      </label>
      <Search
        className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-500"
        aria-hidden="true"
      />
      <input
        id={`${listId}-input`}
        type="search"
        role="combobox"
        aria-expanded={items.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        placeholder="Search products"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        className="h-10 w-full rounded-full border border-slate-300 bg-slate-50 pr-4 pl-9 text-sm placeholder:text-slate-500 focus-visible:bg-white focus-visible:outline-2 focus-visible:outline-indigo-600"
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="Suggestions"
        className={cn(
          'absolute top-12 right-0 left-0 z-30 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-lg',
          items.length === 0 && 'hidden',
        )}
      >
        {items.map((item, index) => (
          <li
            key={item.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            onMouseDown={(event) => {
              event.preventDefault();
              go(`/p/${item.slug}`);
            }}
            className={cn(
              'flex cursor-pointer items-center justify-between gap-3 px-4 py-2 text-sm',
              index === active ? 'bg-indigo-50' : 'hover:bg-slate-50',
            )}
          >
            <span className="truncate">{item.name}</span>
            <span className="shrink-0 text-slate-600">{formatMoney(item.price)}</span>
          </li>
        ))}
      </ul>
    </form>
  );
}
