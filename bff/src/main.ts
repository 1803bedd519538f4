import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type AppConfig } from '@calorie-bank/config';
import { DEMO_STAFF, seedDemoData } from './demo.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';

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
if (config.jwtSecretGenerated) {
  logger.warn('JWT_SECRET is not set: using a random key, so sessions end when the process stops');
}
if (!config.h5Dist && existsSync(DEFAULT_H5_DIST)) config.h5Dist = DEFAULT_H5_DIST;

const running = await startServer(config, { logger, defaultMetrics: true });
if (config.demoData && running.sandbox) {
  const seeded = await seedDemoData(running.context, running.sandbox);
  if (seeded > 0) logger.info({ users: seeded }, 'seeded demo users with today\'s steps');
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
  await running.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
