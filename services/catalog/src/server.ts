/** The catalog process: start, serve, and stop cleanly on SIGINT/SIGTERM. */
import { closeOnSignals, startService } from '@bodega/kit';
import { createLogger } from '@bodega/logging';
import { catalog } from './index.js';

const logger = createLogger({ service: catalog.name, level: process.env.LOG_LEVEL ?? 'info' });
try {
  const running = await startService(catalog, { logger });
  logger.info({ url: running.url }, 'catalog listening');
  closeOnSignals(() => running.close(), logger);
} catch (error) {
  logger.fatal({ err: error }, 'catalog failed to start');
  process.exitCode = 1;
}
