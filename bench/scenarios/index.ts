import { abuse } from './abuse.js';
import { adminDashboard } from './admin-dashboard.js';
import { analyticsScenario } from './analytics.js';
import { catalogSearch } from './catalog-search.js';
import { checkout } from './checkout.js';
import { embeddedStart } from './embedded-start.js';
import { graphqlVsRest } from './graphql-vs-rest.js';
import { login } from './login.js';
import { meThroughGateway } from './me-through-gateway.js';
import { observabilityCost } from './observability-cost.js';
import type { Scenario } from './scenario.js';
import { shopperJourney } from './shopper-journey.js';
import { web } from './web.js';

/** Every scenario, in the order a full run takes them and BENCHMARKS.md lists them. */
export const scenarios: Scenario[] = [
  embeddedStart,
  login,
  meThroughGateway,
  catalogSearch,
  checkout,
  graphqlVsRest,
  analyticsScenario,
  shopperJourney,
  web,
  adminDashboard,
  observabilityCost,
  abuse,
];
