import { useState } from 'react';
import { cn } from './cn';

const palettes = [
  ['#e0e7ff', '#6366f1'],
  ['#fef3c7', '#d97706'],
  ['#dcfce7', '#16a34a'],
  ['#fce7f3', '#db2777'],
  ['#e0f2fe', '#0284c7'],
  ['#f3e8ff', '#9333ea'],
  ['#ffedd5', '#ea580c'],
] as const;

function hash(text: string): number {
  let value = 0;
  for (const char of text) value = (value * 31 + char.charCodeAt(0)) >>> 0;
  return value;
}

/** Initials of a name: "Walnut serving tray" is "WS". */
export function initialsOf(name: string): string {
  const words = name.split(/\s+/).filter((word) => /^[\p{L}\p{N}]/u.test(word));
  return words
    .slice(0, 2)
    .map((word) => word.charAt(0).toUpperCase())
    .join('');
}

/**
 * A product's picture. The placeholder (a gradient with the product's initials, drawn by CSS and text,
 * no network) is always there underneath; the image covers it once it has loaded. The demo catalog's
 * image URLs point to a host that does not exist (and the CSP allows only this origin's images), so
 * offline the placeholder is what shows, without a broken-image icon or a layout shift: the box has
 * its size before anything loads.
 */
export function ProductImage({
  src,
  name,
  className,
  eager = false,
  decorative = false,
}: {
  src: string | null | undefined;
  name: string;
  className?: string;
  eager?: boolean;
  /** Inside a control named otherwise ("Picture 2 of 3"): the picture adds no words of its own. */
  decorative?: boolean;
}) {
  const [state, setState] = useState<'loading' | 'loaded' | 'failed'>('loading');
  const [from, to] = palettes[hash(name) % palettes.length] ?? palettes[0];
  // Only this origin's images (and data: URLs) pass the gateway's CSP: others are not even requested.
  const usable = src !== null && src !== undefined && (src.startsWith('/') || src.startsWith('data:'));
  return (
    <div
      className={cn('relative aspect-square w-full overflow-hidden bg-slate-100', className)}
      data-placeholder-from={from}
    >
      <div
        aria-hidden="true"
        className="absolute inset-0 flex items-center justify-center"
        style={{ backgroundImage: `linear-gradient(135deg, ${from}, ${to})` }}
      >
        {/* Letters inside a control named otherwise would be words it is not called by. */}
        {!decorative && (
          <span className="text-4xl font-bold tracking-tight text-white/90 drop-shadow-sm select-none">
            {initialsOf(name)}
          </span>
        )}
      </div>
      {usable && state !== 'failed' && (
        <img
          src={src}
          alt={decorative ? '' : name}
          loading={eager ? 'eager' : 'lazy'}
          decoding="async"
          onLoad={() => setState('loaded')}
          onError={() => setState('failed')}
          className={cn(
            'absolute inset-0 h-full w-full object-cover transition-opacity',
            state === 'loaded' ? 'opacity-100' : 'opacity-0',
          )}
        />
      )}
      {!decorative && (!usable || state === 'failed') ? <span className="sr-only">{name}</span> : null}
    </div>
  );
}
