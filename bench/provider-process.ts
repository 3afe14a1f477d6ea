// The provider under load runs as its own process (`node src/main.ts`, the production entry
// point), so the load generator does not share its event loop. Its environment is explicit:
// only what Pingate reads, never this process's environment wholesale.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The one change to the shipped configuration: every request of the bench comes from one IP
 * (127.0.0.1), which the per-IP sign-in rate limit would stop. The limit is raised, not
 * removed: the limiter still counts each submission in the database, as in production.
 */
export const BENCH_CONFIG = { rateLimit: { perIp: 1_000_000 } } as const;

/** The complete environment of the provider process (also used to load the same configuration here). */
export function providerEnv(options: {
  port: number;
  databaseUri: string | null;
  dataDir: string;
  secretsEnv: Readonly<Record<string, string>>;
  threadPoolSize: number;
}): Record<string, string> {
  const configFile = path.join(options.dataDir, 'bench-config.json');
  writeFileSync(configFile, `${JSON.stringify(BENCH_CONFIG, null, 2)}\n`);
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NODE_ENV: 'production',
    UV_THREADPOOL_SIZE: String(options.threadPoolSize),
    ...(options.databaseUri ? { MONGODB_URI: options.databaseUri } : {}),
    PORT: String(options.port),
    PINGATE_SERVER_HOST: '127.0.0.1',
    PINGATE_ISSUER: `http://127.0.0.1:${options.port}`,
    PINGATE_LOGGING_LEVEL: 'warn',
    PINGATE_SERVER_TRUST_PROXY: 'false',
    PINGATE_DATA_DIR: options.dataDir,
    PINGATE_CONFIG: configFile,
    ...options.secretsEnv,
  };
}
