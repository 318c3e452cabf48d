import { describeArgon2, measureVerify, parseArgon2Params } from '../lib/argon2.js';
import { createSecrets, registerAndLogin, startIdentity, storedPasswordHash } from '../lib/distributed.js';
import { runLoad } from '../lib/load.js';
import { measure, type MeasuredRun } from '../lib/measure.js';
import { describeLogin } from './login-report.js';
import type { Scenario } from './scenario.js';

const connectionCounts = [4, 16];

/**
 * Login throughput of identity alone (distributed mode, real PostgreSQL), next to what bare argon2
 * verification reaches on this machine in the same run: login cannot beat one verify per request.
 */
export const login: Scenario = {
  name: 'login',
  title: 'Login throughput (identity, distributed mode)',
  async run(context) {
    const secrets = createSecrets(context.workDir);
    const identity = await startIdentity(context.processes, secrets);
    context.log(`login: identity up at ${identity.url}`);
    const user = await registerAndLogin(identity.url, 'login@bench.test');
    const hash = await storedPasswordHash(identity.databaseUrl, user.email);
    const params = parseArgon2Params(hash);

    // identity is idle now: the bare figures get the whole machine, as login does below.
    const verifySeconds = Math.min(5, context.seconds);
    const verify = [
      await measureVerify(hash, user.password, 1, verifySeconds),
      await measureVerify(hash, user.password, 4, verifySeconds),
    ];

    const runs: MeasuredRun[] = [];
    for (const connections of connectionCounts) {
      context.log(`login: ${connections} connections`);
      const options = {
        url: `${identity.url}/api/v1/auth/login`,
        method: 'POST' as const,
        json: { email: user.email, password: user.password },
        connections,
      };
      runs.push(
        await measure(
          `POST /api/v1/auth/login, ${connections} connections`,
          (seconds) => runLoad({ ...options, seconds }),
          context.seconds,
          { identity: identity.process.pid },
        ),
      );
    }
    return describeLogin(describeArgon2(params), verify, runs);
  },
};
