import type { BodegaClient } from '@bodega/client';
import { createContext, useContext, type ReactNode } from 'react';

const ApiContext = createContext<BodegaClient | undefined>(undefined);

export function ApiProvider({ client, children }: { client: BodegaClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

/** The app's typed API client (see api/client.ts). */
export function useApi(): BodegaClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi outside <ApiProvider>');
  return client;
}
