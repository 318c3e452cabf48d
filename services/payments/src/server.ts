/** The payments process: start, serve, and stop cleanly on SIGINT/SIGTERM. */
import { closeOnSignals, startService } from '@bodega/kit';
import { createLogger } from '@bodega/logging';
import { payments } from './index.js';

const logger = createLogger({ service: payments.name, level: process.env.LOG_LEVEL ?? 'info' });
try {
  const running = await startService(payments, { logger });
  logger.info({ url: running.url }, 'payments listening');
  closeOnSignals(() => running.close(), logger);
} catch (error) {
  logger.fatal({ err: error }, 'payments failed to start');
  process.exitCode = 1;
}
