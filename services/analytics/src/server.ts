/** The analytics process: start, serve, and stop cleanly on SIGINT/SIGTERM. */
import { closeOnSignals, startService } from '@bodega/kit';
import { createLogger } from '@bodega/logging';
import { analytics } from './index.js';

const logger = createLogger({ service: analytics.name, level: process.env.LOG_LEVEL ?? 'info' });

try {
  const running = await startService(analytics, { logger });
  logger.info({ url: running.url }, 'analytics listening');
  closeOnSignals(() => running.close(), logger);
} catch (error) {
  logger.fatal({ err: error }, 'analytics failed to start');
  process.exitCode = 1;
}
