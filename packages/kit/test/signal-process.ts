/**
 * A process stopped as every Bodega process is (`closeOnSignals`), logging with the real logger to
 * stdout, for the shutdown tests in `src/process.test.ts`:
 * - FILL_LOG_BYTES: that much log text written before it is ready (enough to fill a pipe nobody reads);
 * - HANG_SHUTDOWN=true: its shutdown work never finishes (and holds the event loop open);
 * - SHUTDOWN_TIMEOUT_MS: the deadline, as in production.
 * It says `ready` on stderr once its signal handlers are in place.
 */
import { createLogger } from '@bodega/logging';
import { closeOnSignals } from '../src/process.js';

const logger = createLogger({ service: 'signal-process' });
const line = 'x'.repeat(1_000);
for (let written = 0; written < Number(process.env.FILL_LOG_BYTES ?? 0); written += line.length) {
  logger.info({ line }, 'filling the log');
}
// The servers of a real process: they hold the event loop open until shutdown closes them.
const server = setInterval(() => undefined, 60_000);
closeOnSignals(async () => {
  logger.info('closing');
  if (process.env.HANG_SHUTDOWN === 'true') await new Promise(() => undefined);
  clearInterval(server);
}, logger);
process.stderr.write('ready\n');
