import { describe, expect, it } from 'vitest';
import { hasRole, requireAuthenticated, requireRole, requireSelfOrRole } from './guards.js';
import type { Principal } from './principal.js';
import type { Role } from './roles.js';

const as = (role: Role, user_id = `user-${role}`): Principal => ({
  user_id,
  role,
  session_id: 'session-1',
  token_id: 'token-1',
  expires_at: new Date('2026-01-15T10:15:00Z'),
});

const authenticationRequired = expect.objectContaining({
  kind: 'unauthorized',
  code: 'AUTHENTICATION_REQUIRED',
});
const forbidden = expect.objectContaining({ kind: 'forbidden', code: 'FORBIDDEN' });

describe('guards', () => {
  describe('hasRole', () => {
    it('is true only for an authenticated caller holding one of the roles', () => {
      expect(hasRole(as('manager'), 'manager', 'admin')).toBe(true);
      expect(hasRole(as('customer'), 'manager', 'admin')).toBe(false);
      expect(hasRole(undefined, 'customer')).toBe(false);
    });
  });

  describe('requireAuthenticated', () => {
    it('returns the caller, and tells anonymous callers to authenticate with a Bearer challenge', () => {
      const me = as('customer');

      expect(requireAuthenticated(me)).toBe(me);
      expect(() => requireAuthenticated(undefined)).toThrow(
        expect.objectContaining({
          code: 'AUTHENTICATION_REQUIRED',
          headers: { 'www-authenticate': 'Bearer realm="bodega"' },
        }),
      );
    });
  });

  describe('requireRole', () => {
    it('lets a manager change a product', () => {
      const manager = as('manager');

      expect(requireRole(manager, 'manager', 'admin')).toBe(manager);
    });

    it('forbids a customer from changing a product', () => {
      expect(() => requireRole(as('customer'), 'manager', 'admin')).toThrow(forbidden);
    });

    it('asks an anonymous caller to authenticate rather than forbidding', () => {
      expect(() => requireRole(undefined, 'admin')).toThrow(authenticationRequired);
    });
  });

  describe('requireSelfOrRole', () => {
    it('lets customers reach their own orders', () => {
      const alice = as('customer', 'alice');

      expect(requireSelfOrRole(alice, 'alice', 'manager', 'admin')).toBe(alice);
      expect(requireSelfOrRole(alice, 'alice')).toBe(alice);
    });

    it('forbids a customer from reaching someone else’s orders', () => {
      expect(() => requireSelfOrRole(as('customer', 'alice'), 'bob', 'manager', 'admin')).toThrow(forbidden);
    });

    it('lets staff reach anyone’s orders when their role is listed', () => {
      const manager = as('manager');

      expect(requireSelfOrRole(manager, 'bob', 'manager', 'admin')).toBe(manager);
      expect(() => requireSelfOrRole(manager, 'bob')).toThrow(forbidden);
    });

    it('asks an anonymous caller to authenticate', () => {
      expect(() => requireSelfOrRole(undefined, 'alice', 'admin')).toThrow(authenticationRequired);
    });
  });
});
