import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type AppConfig } from '@calorie-bank/config';
import { useKeptSessionKey } from './auth/session-key-startup.js';
import { DEMO_STAFF, seedDemoData } from './demo.js';
import { createLogger, scrubText } from './logger.js';
import { startServer } from './server.js';
import { StartupError } from './startup.js';

const DEFAULT_H5_DIST = fileURLToPath(new URL('../../miniapp/dist/h5', import.meta.url));

function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const config = configOrExit();
const logger = createLogger(config.logLevel);
try {
  useKeptSessionKey(config, logger);
} catch (error) {
  stopStarting(error);
}
if (!config.h5Dist && existsSync(DEFAULT_H5_DIST)) config.h5Dist = DEFAULT_H5_DIST;

/** Stops a start that cannot go on with one sentence on stderr: no stack trace, no secret. */
function stopStarting(error: unknown): never {
  if (error instanceof StartupError) {
    logger.debug({ err: error.cause }, 'start-up failure');
    process.stderr.write(`${error.message}\n`);
  } else {
    logger.fatal({ err: error }, 'start-up failed');
    process.stderr.write(`Cannot start: ${scrubText(error instanceof Error ? error.message : String(error))}\n`);
  }
  process.exit(1);
}

const running = await startServer(config, { logger, defaultMetrics: true }).catch(stopStarting);
if (config.demoData && running.sandbox) {
  try {
    const seeded = await seedDemoData(running.context, running.sandbox);
    if (seeded > 0) logger.info({ users: seeded }, 'seeded demo users with today\'s steps');
  } catch (error) {
    // The product works without its demo data: say so and serve.
    logger.error({ err: error }, 'could not seed the demo data; serving without it');
  }
}

const database = config.database.type === 'mysql' ? 'MySQL' : `SQLite ${config.database.database}`;
const cache = config.redis.mode === 'none' ? 'no cache' : `Redis (${config.redis.mode})`;
process.stdout.write(
  [
    '',
    `Calorie Bank is running at ${running.url}`,
    `  storage: ${database}, ${cache}; platform: ${config.platform}${config.sandbox ? ' (sandbox)' : ''}`,
    config.h5Dist ? `  mini-program (H5): ${running.url}/` : '  mini-program (H5): not built; run `npm run build:h5` to serve it here',
    `  API docs: ${running.url}/api/docs`,
    ...(config.demoData && running.sandbox
      ? [
          `  demo merchant console: ${running.url}/#/packages/merchant/pages/console/index (${DEMO_STAFF.merchant.username} / ${DEMO_STAFF.merchant.password})`,
          `  demo operators' console: ${running.url}/#/packages/ops/pages/console/index (${DEMO_STAFF.operator.username} / ${DEMO_STAFF.operator.password})`,
        ]
      : []),
    '',
  ].join('\n'),
);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // Closing waits on connections; a cache or database that stopped answering must not keep the process up.
  setTimeout(() => {
    logger.warn('connections did not close within 10 seconds; stopping anyway');
    process.exit(0);
  }, 10_000).unref();
  await running.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
