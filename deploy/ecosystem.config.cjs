// pm2 recipe: `pm2 start deploy/ecosystem.config.cjs` runs three BFF processes on 127.0.0.1:8081–8083,
// the upstream servers of deploy/nginx.conf. Each is its own process (fork mode, one port each),
// so nginx sees them as separate upstreams and routes around one that dies while pm2 restarts it.
// Put the shared settings (DATABASE_URL, REDIS_URL, JWT_SECRET, platform keys, MEDIA_DIR) in the
// environment pm2 is started with, or in `env` below; docs/scale.md says what they must share.
const PORTS = [8081, 8082, 8083];

module.exports = {
  apps: PORTS.map((port) => ({
    name: `calorie-bank-${port}`,
    script: 'bff/dist/main.js',
    cwd: `${__dirname}/..`,
    // The heap and malloc settings `npm start` and the bench use (docs/performance.md: memory).
    node_args: '--max-semi-space-size=4 --heap-growing-percent=40 --enable-source-maps',
    exec_mode: 'fork',
    instances: 1,
    autorestart: true,
    max_memory_restart: '400M',
    kill_timeout: 20000,
    env: { NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), TRUST_PROXY: '1', MALLOC_ARENA_MAX: '2' },
  })),
};
