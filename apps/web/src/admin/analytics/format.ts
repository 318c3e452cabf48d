/** Numbers for charts: money in major units (the axis is a number line), compact axis labels, rates. */

const digitsOf = (currency: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
  2;

/** Minor units as major (1999 USD cents: 19.99), for plotting. */
export function majorUnits(amount: number, currency: string): number {
  return amount / 10 ** digitsOf(currency);
}

/** 12,345.67 USD as "$12K" on an axis. */
export function compactMoney(major: number, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(major);
}

/** Major units back to the full amount for a tooltip: "$12,345.67". */
export function fullMoney(major: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(major);
}

export const count = (value: number): string => new Intl.NumberFormat('en-US').format(value);

/** 0.4234 as "42.3%"; null (no base to divide by) as "n/a". */
export function percent(rate: number | null): string {
  return rate === null
    ? 'n/a'
    : new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/** Colours with at least 3:1 contrast on white (WCAG non-text contrast). */
export const palette = {
  primary: '#4f46e5',
  secondary: '#047857',
  tertiary: '#b45309',
  muted: '#64748b',
} as const;
