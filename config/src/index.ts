export { loadConfig, ConfigError } from './config.js';
export type { AppConfig, AlipayKeys, WechatKeys, DatabaseConfig, RedisConfig } from './config.js';
export { EnvSchema } from './env.js';
export type { Env } from './env.js';
