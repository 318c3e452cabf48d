/** The gateway as a process: `node --import tsx services/gateway/src/server.ts`. */
import { closeOnSignals, startService } from '@bodega/kit';
import { gateway } from './index.js';

const running = await startService(gateway);
running.logger.info({ url: running.url }, 'gateway is listening');
closeOnSignals(() => running.close(), running.logger);
