/** The identity process: start, serve, and stop cleanly on SIGINT/SIGTERM. */
import { closeOnSignals, startService } from '@bodega/kit';
import { createLogger } from '@bodega/logging';
import { identity } from './index.js';

const logger = createLogger({ service: identity.name, level: process.env.LOG_LEVEL ?? 'info' });
try {
  const running = await startService(identity, { logger });
  logger.info({ url: running.url }, 'identity listening');
  closeOnSignals(() => running.close(), logger);
} catch (error) {
  logger.fatal({ err: error }, 'identity failed to start');
  process.exitCode = 1;
}
