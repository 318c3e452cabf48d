/** The search process: start, serve, and stop cleanly on SIGINT/SIGTERM. */
import { closeOnSignals, startService } from '@bodega/kit';
import { createLogger } from '@bodega/logging';
import { search } from './index.js';

const logger = createLogger({ service: search.name, level: process.env.LOG_LEVEL ?? 'info' });
try {
  const running = await startService(search, { logger });
  logger.info({ url: running.url }, 'search listening');
  closeOnSignals(() => running.close(), logger);
} catch (error) {
  logger.fatal({ err: error }, 'search failed to start');
  process.exitCode = 1;
}
