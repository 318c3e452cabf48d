import { catalogSearch } from './catalog-search.js';
import { checkout } from './checkout.js';
import { embeddedStart } from './embedded-start.js';
import { login } from './login.js';
import { meThroughGateway } from './me-through-gateway.js';
import type { Scenario } from './scenario.js';

/** Every scenario, in the order a full run takes them and BENCHMARKS.md lists them. */
export const scenarios: Scenario[] = [embeddedStart, login, meThroughGateway, catalogSearch, checkout];
