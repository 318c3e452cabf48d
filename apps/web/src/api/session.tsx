import { SessionExpired, type LoginInput, type User } from '@bodega/client';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useApi } from './context';

export type SessionStatus = 'restoring' | 'signed-in' | 'signed-out';

interface SessionValue {
  status: SessionStatus;
  user: User | undefined;
  /** Set when the session ended by itself (expired or revoked): the sign-in page says so. */
  ended: boolean;
  signIn: (input: LoginInput) => Promise<User>;
  signOut: () => Promise<void>;
  /** The API said the session is over (a revoked token, a refused refresh): forget it here too. */
  endSession: () => void;
  /** The user changed (profile saved). */
  setUser: (user: User) => void;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

/**
 * Who is signed in. On load the session is restored from identity's refresh cookie (no token is ever
 * stored by the page); afterwards the client refreshes the access token silently when it expires.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const bodega = useApi();
  const queries = useQueryClient();
  const [user, setUser] = useState<User | undefined>(bodega.session?.user);
  const [status, setStatus] = useState<SessionStatus>(bodega.session ? 'signed-in' : 'restoring');
  const [ended, setEnded] = useState(false);

  useEffect(() => {
    if (bodega.session) return;
    let live = true;
    bodega.refresh().then(
      (session) => {
        if (!live) return;
        setUser(session.user);
        setStatus('signed-in');
      },
      (error: unknown) => {
        if (!live) return;
        // No cookie, or a refused one: a visitor. A network error leaves them signed out as well.
        if (!(error instanceof SessionExpired)) console.warn('Could not restore the session', error);
        setStatus('signed-out');
      },
    );
    return () => {
      live = false;
    };
  }, [bodega]);

  const signIn = useCallback(
    async (input: LoginInput) => {
      const session = await bodega.login(input);
      setUser(session.user);
      setStatus('signed-in');
      setEnded(false);
      // The cart, orders and recommendations are someone else's now: the guest cart merges on its next read.
      await queries.invalidateQueries();
      return session.user;
    },
    [bodega, queries],
  );

  const signOut = useCallback(async () => {
    try {
      await bodega.logout();
    } finally {
      setUser(undefined);
      setStatus('signed-out');
      queries.clear();
    }
  }, [bodega, queries]);

  const endSession = useCallback(() => {
    void bodega.logout().catch(() => undefined);
    setUser(undefined);
    setStatus('signed-out');
    setEnded(true);
    queries.clear();
  }, [bodega, queries]);

  const value = useMemo<SessionValue>(
    () => ({ status, user, ended, signIn, signOut, endSession, setUser }),
    [status, user, ended, signIn, signOut, endSession],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside <SessionProvider>');
  return value;
}

export function isStaff(user: User | undefined): boolean {
  return user?.role === 'manager' || user?.role === 'admin';
}
