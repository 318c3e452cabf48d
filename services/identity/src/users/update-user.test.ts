import { describe, expect, it } from 'vitest';
import { assertNotSelfLockout, sessionEffects } from './update-user.js';

describe('an admin changing themself', () => {
  it('may not demote themself', () => {
    expect(() => {
      assertNotSelfLockout('me', 'me', { role: 'manager' });
    }).toThrow(expect.objectContaining({ code: 'CANNOT_MODIFY_SELF', status: 403 }));
  });

  it('may not deactivate themself', () => {
    expect(() => {
      assertNotSelfLockout('me', 'me', { active: false });
    }).toThrow(expect.objectContaining({ code: 'CANNOT_MODIFY_SELF' }));
  });

  it('may restate their own role and active flag', () => {
    expect(() => {
      assertNotSelfLockout('me', 'me', { role: 'admin', active: true });
    }).not.toThrow();
  });

  it('may demote and deactivate someone else', () => {
    expect(() => {
      assertNotSelfLockout('me', 'other', { role: 'customer', active: false });
    }).not.toThrow();
  });
});

describe('what a change does to sessions', () => {
  const activeCustomer = { role: 'customer' as const, active: true };

  it('deactivation ends every session', () => {
    expect(sessionEffects(activeCustomer, { active: false })).toEqual({
      deactivated: true,
      reactivated: false,
      endSessions: true,
      roleChanged: false,
    });
  });

  it('a role change ends every session so no token keeps the old role', () => {
    expect(sessionEffects(activeCustomer, { role: 'manager' })).toMatchObject({
      endSessions: true,
      roleChanged: true,
    });
  });

  it('restating the same role and flag changes nothing', () => {
    expect(sessionEffects(activeCustomer, { role: 'customer', active: true })).toMatchObject({
      endSessions: false,
      reactivated: false,
    });
  });

  it('reactivation lifts the user-wide revocation', () => {
    expect(sessionEffects({ role: 'customer', active: false }, { active: true })).toMatchObject({
      reactivated: true,
      endSessions: false,
    });
  });
});
