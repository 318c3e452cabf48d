/**
 * Exact money arithmetic for the price calculator: every figure is a bigint of minor units while it is
 * computed, so no product or sum ever loses precision, and becomes a JSON-safe number only at the end.
 */
import type { Money } from '@bodega/contracts';
import { AppError } from '@bodega/errors';

/** The largest figure a quote may hold: beyond it a JSON number no longer carries an exact integer. */
export const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;

/** One hundred percent in basis points. */
export const BASIS_POINTS = 10_000n;

/**
 * `numerator / denominator` rounded to the nearest integer, a half rounded up: 2.5 -> 3, 2.4999 -> 2.
 * The one rounding rule of the calculator (docs/pricing.md). Money figures are never negative, so the
 * numerator must not be either; that keeps "half up" from having to choose a meaning below zero.
 */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) {
    throw new RangeError('roundHalfUp takes a non-negative numerator and a positive denominator');
  }
  const quotient = numerator / denominator;
  return (numerator % denominator) * 2n >= denominator ? quotient + 1n : quotient;
}

/** `bps` basis points of `amount`, rounded half up: 1000 bps (10%) of 1005 is 100.5, so 101. */
export function basisPointsOf(amount: bigint, bps: bigint): bigint {
  return roundHalfUp(amount * bps, BASIS_POINTS);
}

/** True when `value` is a whole number from 0 to MAX_AMOUNT: a valid stored amount, rate or count. */
export function isAmount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/**
 * A computed figure as a JSON number, or Unprocessable `AMOUNT_TOO_LARGE` when it has outgrown what a
 * JSON number holds exactly (a client would silently read a different amount).
 */
export function toAmount(value: bigint, figure: string, details: Record<string, unknown> = {}): number {
  if (value > BigInt(MAX_AMOUNT)) {
    throw new AppError('unprocessable', `The ${figure.replaceAll('_', ' ')} is too large to charge`, {
      code: 'AMOUNT_TOO_LARGE',
      details: { figure, max_amount: MAX_AMOUNT, ...details },
    });
  }
  return Number(value);
}

/**
 * Money for people: `{ amount: 5000, currency: 'USD' }` -> `50.00 USD`, `{ 5000, 'JPY' }` -> `5000 JPY`.
 * Built from the digits, never by dividing, so no amount is ever shown rounded.
 */
export function formatMoney(money: Money): string {
  const { maximumFractionDigits: decimals = 2 } = new Intl.NumberFormat('en', {
    style: 'currency',
    currency: money.currency,
  }).resolvedOptions();
  const digits = String(money.amount).padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  return `${decimals === 0 ? whole : `${whole}.${digits.slice(-decimals)}`} ${money.currency}`;
}
