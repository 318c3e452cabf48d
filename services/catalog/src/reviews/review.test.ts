import { describe, expect, it } from 'vitest';
import type { Principal } from '@bodega/auth';
import { assertMayDelete, assertMayEdit, ratingDelta } from './review.js';

const principal = (user_id: string, role: Principal['role']): Principal => ({
  user_id,
  role,
  session_id: 's',
  token_id: 't',
  expires_at: new Date(),
});
const review = { authorId: 'author' };

describe('review rules', () => {
  it('counts only visible reviews in the rating', () => {
    expect(ratingDelta(undefined, { rating: 4, status: 'visible' })).toEqual({ sum: 4, count: 1 });
    expect(ratingDelta({ rating: 4, status: 'visible' }, { rating: 2, status: 'visible' })).toEqual({
      sum: -2,
      count: 0,
    });
    expect(ratingDelta({ rating: 4, status: 'visible' }, { rating: 4, status: 'hidden' })).toEqual({
      sum: -4,
      count: -1,
    });
    expect(ratingDelta({ rating: 3, status: 'hidden' }, undefined)).toEqual({ sum: 0, count: 0 });
    expect(ratingDelta({ rating: 3, status: 'hidden' }, { rating: 3, status: 'visible' })).toEqual({
      sum: 3,
      count: 1,
    });
  });

  it('lets the author edit the words and moderators the status, and nobody else anything', () => {
    expect(() => {
      assertMayEdit(principal('author', 'customer'), review, { rating: 2 });
    }).not.toThrow();
    expect(() => {
      assertMayEdit(principal('author', 'customer'), review, { status: 'hidden' });
    }).toThrow();
    expect(() => {
      assertMayEdit(principal('other', 'customer'), review, { title: 'x' });
    }).toThrow(/Only the author/);
    expect(() => {
      assertMayEdit(principal('mod', 'manager'), review, { status: 'hidden' });
    }).not.toThrow();
    expect(() => {
      assertMayEdit(principal('mod', 'admin'), review, { body: 'rewritten' });
    }).toThrow();
    expect(() => {
      assertMayEdit(principal('author', 'manager'), review, { body: 'mine', status: 'visible' });
    }).not.toThrow();
  });

  it('lets the author or a moderator delete', () => {
    expect(() => {
      assertMayDelete(principal('author', 'customer'), review);
    }).not.toThrow();
    expect(() => {
      assertMayDelete(principal('mod', 'admin'), review);
    }).not.toThrow();
    expect(() => {
      assertMayDelete(principal('other', 'customer'), review);
    }).toThrow();
  });
});
