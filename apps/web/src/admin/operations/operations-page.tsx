import { useEffect } from 'react';
import { DeadLetters } from './dead-letters';
import { ServicesTable } from './services-table';
import { Traces } from './traces';

/**
 * Operations (managers and admins): every service's health, traffic, latency and event backlog, the
 * dead-letter queues with inspect and replay (admins), and recent traces. Numbers refresh by themselves.
 */
export function AdminOperationsPage() {
  useEffect(() => {
    document.title = 'Operations · Admin · Bodega';
  }, []);
  return (
    <div className="flex flex-col gap-8">
      <h1 className="text-2xl font-bold tracking-tight">Operations</h1>
      <ServicesTable />
      <DeadLetters />
      <Traces />
    </div>
  );
}
