export { createApp, type AppDeps } from './app.js';
export { startServer, type RunningServer, type StartOptions } from './server.js';
export { createLogger } from './logger.js';
export { openDatabase, createDataSource, MIGRATIONS } from './db/data-source.js';
export { SandboxPlatform, type RunDataOptions, type Forgery } from './platform/sandbox/sandbox-platform.js';
export { startSettlementScheduler, dayToSettle } from './settlement/scheduler.js';
export { closeOverdueVisits } from './services/visits.js';
export { startStandaloneSandbox, type StandaloneSandbox } from './platform/sandbox/standalone.js';
