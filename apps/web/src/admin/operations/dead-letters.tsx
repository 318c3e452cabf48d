import type { ConsumingService, DeadLetter } from '@bodega/contracts';
import * as Tabs from '@radix-ui/react-tabs';
import { useState } from 'react';
import { useSession } from '../../api/session';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Skeleton } from '../../ui/skeleton';
import { EmptyState, ErrorState } from '../../ui/states';
import { useToast } from '../../ui/toast';
import { consumingServices, useDeadLetters, useOverview, useReplay } from './ops-api';

const when = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'medium' });

/**
 * The dead-letter queue of each consuming service (admins: the gateway serves them to admins only):
 * what arrived, why it failed, how often it was tried, and replay of one or all, confirmed first.
 */
export function DeadLetters() {
  const { user } = useSession();
  const { overview } = useOverview();
  const counts = new Map(
    (overview.data?.services ?? []).map((service) => [service.name, service.dead_letters]),
  );
  const [service, setService] = useState<ConsumingService>('search');
  return (
    <section aria-labelledby="dead-letters-heading">
      <h2 id="dead-letters-heading" className="mb-3 text-lg font-semibold">
        Dead letters
      </h2>
      {user?.role !== 'admin' ? (
        <EmptyState title="For admins">
          Inspecting and replaying dead letters is for admins; the count per service is in the table above.
        </EmptyState>
      ) : (
        <Tabs.Root value={service} onValueChange={(value) => setService(value as ConsumingService)}>
          <Tabs.List aria-label="Consuming service" className="mb-3 flex gap-1 border-b border-slate-200">
            {consumingServices.map((name) => (
              <Tabs.Trigger
                key={name}
                value={name}
                className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-700 capitalize focus-visible:outline-2 focus-visible:outline-indigo-600 data-[state=active]:border-slate-900 data-[state=active]:text-slate-900"
              >
                {name} ({counts.get(name) ?? 0})
              </Tabs.Trigger>
            ))}
          </Tabs.List>
          {consumingServices.map((name) => (
            <Tabs.Content
              key={name}
              value={name}
              className="focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              <Queue service={name} active={service === name} />
            </Tabs.Content>
          ))}
        </Tabs.Root>
      )}
    </section>
  );
}

function Queue({ service, active }: { service: ConsumingService; active: boolean }) {
  const letters = useDeadLetters(service, active);
  const replay = useReplay(service);
  const notify = useToast();
  const [confirming, setConfirming] = useState<'all' | DeadLetter>();
  const items = letters.data?.items;
  const close = () => {
    setConfirming(undefined);
    replay.reset();
  };
  const confirm = () =>
    replay.mutate(confirming === 'all' || confirming === undefined ? undefined : [confirming.id], {
      onSuccess: ({ replayed }) => {
        setConfirming(undefined);
        notify(`${replayed} message${replayed === 1 ? '' : 's'} sent back to ${service}`, {
          tone: 'success',
        });
      },
    });

  if (letters.isError && !items)
    return <ErrorState error={letters.error} retry={() => void letters.refetch()} />;
  if (!items) return <Skeleton className="h-40 w-full" />;
  return (
    <div>
      {items.length === 0 ? (
        <EmptyState title={`No dead letters in ${service}`}>Every event it received was handled.</EmptyState>
      ) : (
        <>
          <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
            <p className="text-sm text-slate-700">
              {items.length} message{items.length === 1 ? '' : 's'} {service} gave up on, oldest first.
            </p>
            <Button variant="outline" size="sm" onClick={() => setConfirming('all')}>
              Replay all ({items.length})
            </Button>
          </div>
          <ul aria-label={`Dead letters of ${service}`} className="flex flex-col gap-3">
            {items.map((letter) => (
              <Letter
                key={`${letter.consumer}:${letter.id}`}
                letter={letter}
                onReplay={() => setConfirming(letter)}
              />
            ))}
          </ul>
        </>
      )}
      <ConfirmDialog
        open={confirming !== undefined}
        onOpenChange={(open) => !open && close()}
        title={confirming === 'all' ? `Replay every dead letter of ${service}?` : 'Replay this message?'}
        description={`${confirming === 'all' ? 'They go' : 'It goes'} back to ${service}'s queue and through its handler again. Safe to repeat: consumers skip what they already processed; a message that still fails comes back here.`}
        confirmLabel={confirming === 'all' ? `Replay ${items.length}` : 'Replay'}
        pending={replay.isPending}
        error={replay.error}
        onConfirm={confirm}
      />
    </div>
  );
}

function Letter({ letter, onReplay }: { letter: DeadLetter; onReplay: () => void }) {
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4" data-testid="dead-letter">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-mono text-sm font-semibold break-all">{letter.type ?? 'Unknown type'}</p>
          <p className="text-xs break-all text-slate-600">
            id <span className="font-mono">{letter.id}</span> · failed{' '}
            {when.format(new Date(letter.failed_at))} ·{' '}
            {letter.attempts === 0
              ? 'refused before any attempt'
              : `${letter.attempts} attempt${letter.attempts === 1 ? '' : 's'}`}
          </p>
        </div>
        <Button
          size="sm"
          variant="outline"
          onClick={onReplay}
          aria-label={`Replay ${letter.type ?? 'message'} ${letter.id}`}
        >
          Replay
        </Button>
      </div>
      <p className="mt-2 rounded-lg bg-red-50 px-3 py-2 text-sm break-words text-red-900">{letter.error}</p>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer font-medium text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600">
          Inspect the envelope
        </summary>
        {/* As text: the envelope is whatever arrived, possibly hostile; React escapes it. */}
        <pre
          className="mt-2 max-h-80 overflow-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100"
          data-testid="envelope"
        >
          {JSON.stringify(letter.envelope, null, 2)}
        </pre>
      </details>
    </li>
  );
}
