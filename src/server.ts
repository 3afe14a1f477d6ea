// Starts Pingate on an open database connection: builds the app and listens. Shared by the
// production entry point (main.ts), the dev command and the tests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp, type App } from './app.ts';
import type { Config } from './config/schema.ts';
import { createLogger } from './logging.ts';
import { loadSecrets } from './security/secrets.ts';
import { createSecretBox } from './security/secret-box.ts';
import { sealingKey } from './security/derived-keys.ts';
import { openStorage } from './storage/open-storage.ts';
import type { Logger } from './usecases/logger.ts';
import { systemClock, type Clock } from './usecases/ports.ts';

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
  /** false (tests): the SQLite file without fsync. */
  readonly durable?: boolean;
  /** Told about every database command or statement (the bench's diagnostic counts them). */
  readonly observe?: (command: string, ms: number) => void;
}

export async function startServer({ config, env = process.env, clock = systemClock, logger = createLogger(config.logging.level), durable = true, observe }: StartOptions): Promise<RunningServer> {
  const secrets = await loadSecrets({ dataDir: config.dataDir, generateMissing: config.secrets.generateMissing, env });
  const secretBox = createSecretBox(sealingKey(secrets.secretKey));
  const storage = await openStorage(config, { secretBox, clock, durable, ...(observe ? { observe } : {}) });
  let app: App;
  try {
    app = await buildApp({ config, secrets, storage, secretBox, logger, env, clock });
  } catch (error) {
    await storage.close();
    throw error;
  }

  const server = http.createServer(app.provider.callback());
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.server.port, config.server.host, resolve);
    });
  } catch (error) {
    app.mailer.close();
    await storage.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  // Where the database does not delete expired records itself (SQLite, FerretDB), a periodic sweep does.
  const sweeper = storage.needsSweep
    ? setInterval(() => {
        storage.sweepExpired(clock.now()).catch((error: unknown) => logger.warn({ err: error }, 'sweep of expired records failed'));
      }, 10 * 60_000)
    : undefined;
  sweeper?.unref();
  const url = `http://localhost:${port}`;
  logger.info({ event: 'server.listening', port, issuer: config.issuer, database: storage.kind, location: storage.location }, 'Pingate is listening');

  return {
    app,
    url,
    logger,
    async close() {
      if (sweeper) clearInterval(sweeper);
      app.mailer.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await storage.close();
    },
  };
}
