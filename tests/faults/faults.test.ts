/**
 * The fault suite (docs/testing.md, "Fault suite"): each scenario on its own distributed platform,
 * all of them at once. They wait on child processes and outages far more than they compute, and
 * vitest runs test files one at a time on a two-core machine, so running them side by side in one
 * file is what keeps the suite within its CI budget.
 */
import { checkoutFaults } from './scenarios/checkout-faults.js';
import { eventFaults } from './scenarios/events.js';
import { postgresRestart } from './scenarios/postgres-restart.js';
import { rabbitmqOutage } from './scenarios/rabbitmq-outage.js';
import { faultSuite } from './support/suite.js';

faultSuite('fault suite', (backends) => {
  rabbitmqOutage(backends);
  checkoutFaults(backends);
  postgresRestart(backends);
  eventFaults(backends);
});
