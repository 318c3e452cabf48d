/** The orders process: start, serve, and stop cleanly on SIGINT/SIGTERM. */
import { closeOnSignals, startService } from '@bodega/kit';
import { createLogger } from '@bodega/logging';
import { orders } from './index.js';

const logger = createLogger({ service: orders.name, level: process.env.LOG_LEVEL ?? 'info' });
try {
  const running = await startService(orders, { logger });
  logger.info({ url: running.url }, 'orders listening');
  closeOnSignals(() => running.close(), logger);
} catch (error) {
  logger.fatal({ err: error }, 'orders failed to start');
  process.exitCode = 1;
}
