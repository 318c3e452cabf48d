import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { browserSessionId } from './analytics/session-id';
import { createWebClient } from './api/client';
import { App } from './app';
import './index.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

/** sessionStorage, unless the browser refuses it (reading the property itself throws then). */
function tabStorage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

const sessionId = browserSessionId(tabStorage());

// As a transition, the first render yields to the browser every few milliseconds instead of holding
// the main thread for the whole tree: on a slow phone that is the difference between one long task that
// blocks input and many short ones (Lighthouse's Total Blocking Time).
startTransition(() => {
  createRoot(root).render(
    <StrictMode>
      <App client={createWebClient({ sessionId })} sessionId={sessionId} />
    </StrictMode>,
  );
});
