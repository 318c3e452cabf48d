import type { BodegaClient } from '@bodega/client';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import type { Tracker } from './analytics/beacons';
import { TrackerProvider, trackerFor } from './analytics/context';
import { ApiProvider } from './api/context';
import { isSessionOver } from './api/errors';
import { SessionProvider, useSession } from './api/session';
import { routes } from './routes';
import { ToastProvider } from './ui/toast';

/** Session ends the API reports (a revoked token, a refused refresh), from any query or mutation. */
const sessionEnds = new EventTarget();

export function createQueryClient(): QueryClient {
  const onError = (error: unknown) => {
    if (isSessionOver(error)) sessionEnds.dispatchEvent(new Event('ended'));
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => !isSessionOver(error) && count < 1,
      },
    },
  });
}

/** A session the API ended sends the customer to sign in, then back where they were. */
function SessionWatch({ onEnded }: { onEnded: () => void }) {
  const { endSession } = useSession();
  useEffect(() => {
    const listener = () => {
      endSession();
      onEnded();
    };
    sessionEnds.addEventListener('ended', listener);
    return () => sessionEnds.removeEventListener('ended', listener);
  }, [endSession, onEnded]);
  return null;
}

/** Everything the pages share: the API client, server state, the session, notices. */
export function Providers({
  client,
  queryClient,
  tracker,
  children,
}: {
  client: BodegaClient;
  queryClient: QueryClient;
  /** The behaviour beacons' tracker; none: nothing is reported. */
  tracker?: Tracker;
  children: ReactNode;
}) {
  const content = (
    <ApiProvider client={client}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <ToastProvider>{children}</ToastProvider>
        </SessionProvider>
      </QueryClientProvider>
    </ApiProvider>
  );
  return tracker ? <TrackerProvider tracker={tracker}>{content}</TrackerProvider> : content;
}

export function App({ client, sessionId }: { client: BodegaClient; sessionId: string }) {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(() => createBrowserRouter(routes));
  const [tracker] = useState(() => trackerFor(client, sessionId));
  return (
    <Providers client={client} queryClient={queryClient} tracker={tracker}>
      <SessionWatch
        onEnded={() => {
          const here = window.location.pathname + window.location.search;
          if (!here.startsWith('/sign-in')) void router.navigate(`/sign-in?next=${encodeURIComponent(here)}`);
        }}
      />
      <RouterProvider router={router} />
    </Providers>
  );
}
