// Starts Pingate on an open database connection: builds the app and listens. Shared by the
// production entry point (main.ts), the dev command and the tests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp, type App } from './app.ts';
import type { Config } from './config/schema.ts';
import { createLogger } from './logging.ts';
import { loadSecrets } from './security/secrets.ts';
import { connectDatabase } from './storage/mongo/connection.ts';
import { sweepExpired } from './storage/mongo/sweep.ts';
import type { Logger } from './usecases/logger.ts';
import type { Clock } from './usecases/ports.ts';

export interface RunningServer {
  readonly app: App;
  readonly url: string;
  readonly logger: Logger;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly config: Readonly<Config>;
  readonly env?: NodeJS.ProcessEnv;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

export async function startServer({ config, env = process.env, clock, logger = createLogger(config.logging.level) }: StartOptions): Promise<RunningServer> {
  if (!config.database.uri) throw new Error('database.uri (MONGODB_URI) is empty: set it, or run `npm run dev` for the embedded database');
  const secrets = await loadSecrets({ dataDir: config.dataDir, generateMissing: config.secrets.generateMissing, env });
  const connection = await connectDatabase(config.database.uri);
  const app = await buildApp({ config, secrets, connection, logger, env, ...(clock ? { clock } : {}) });

  const server = http.createServer(app.provider.callback());
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  // Without TTL indexes (FerretDB), expired records are removed by a periodic sweep.
  const sweeper = app.ttlIndexes
    ? undefined
    : setInterval(() => {
        sweepExpired(connection, new Date()).catch((error: unknown) => logger.warn({ err: error }, 'sweep of expired records failed'));
      }, 10 * 60_000);
  sweeper?.unref();
  const url = `http://localhost:${port}`;
  logger.info({ event: 'server.listening', port, issuer: config.issuer }, 'Pingate is listening');

  return {
    app,
    url,
    logger,
    async close() {
      if (sweeper) clearInterval(sweeper);
      app.mailer.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
    },
  };
}
