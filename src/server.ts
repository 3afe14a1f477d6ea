// Starts Pingate on an open database connection: builds the app and listens. Shared by the
// production entry point (main.ts), the dev command and the tests.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { buildApp, type App } from './app.ts';
import type { Config } from './config/schema.ts';
import { ConfigError } from './config/load.ts';
import { createLogger } from './logging.ts';
import { loadSecrets } from './security/secrets.ts';
import { createSecretBox } from './security/secret-box.ts';
import { sealingKey } from './security/derived-keys.ts';
import { startMetricsServer, type MetricsServer } from './http/metrics-endpoint.ts';
import { databaseCommandLabel } from './metrics/database-command.ts';
import { createMetrics } from './metrics/registry.ts';
import { openStorage } from './storage/open-storage.ts';
import { storedSigningJwks } from './usecases/keys/manage-signing-keys.ts';
import type { Logger } from './usecases/logger.ts';
import { systemClock, type Clock } from './usecases/ports.ts';

/** After the listening socket closes, how long connections already accepted get to deliver
 * their request before idle ones are closed. */
const ACCEPTED_REQUEST_SETTLE_MS = 150;

export interface RunningServer {
  readonly app: App;
  readonly url: string;
  readonly logger: Logger;
  /** The metrics port's /metrics (metrics.port), or null when /metrics is on the main port. */
  readonly metricsUrl: string | null;
  /**
   * Stops: no new connection is accepted, /readyz answers 503, the requests already accepted get
   * `gracefulMs` to finish (keep-alive connections close as they fall idle), the rest are cut;
   * then the mailer and the database close. 0 (the tests): cut at once.
   */
  close(gracefulMs?: number): Promise<void>;
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

export async function startServer({ config, env = process.env, clock = systemClock, logger = createLogger(config.logging.level, { pretty: config.logging.pretty }), durable = true, observe }: StartOptions): Promise<RunningServer> {
  const secrets = await loadSecrets({ dataDir: config.dataDir, generateMissing: config.secrets.generateMissing, env });
  const secretBox = createSecretBox(sealingKey(secrets.secretKey), (secrets.previousSecretKeys ?? []).map(sealingKey));
  const metrics = createMetrics();
  const timeCommand = (command: string, ms: number) => {
    metrics.databaseDuration.observe(databaseCommandLabel(command), ms / 1000);
    observe?.(command, ms);
  };
  const storage = await openStorage(config, { secretBox, clock, durable, observe: timeCommand });
  let app: App;
  try {
    // Keys managed with `pingate keys` (in the database) replace the environment's.
    const storedJwks = await storedSigningJwks(storage.signingKeys, secretBox);
    if (storedJwks) logger.info({ event: 'keys.loaded', kids: storedJwks.keys.map((key) => key.kid) }, 'signing keys from the database');
    const jwks = storedJwks ?? secrets.jwks;
    // oidc-provider would start, then refuse every client that names no algorithm of its own.
    if (!jwks.keys.some((key) => key.d && key.alg === config.oidc.idTokenSigningAlg)) {
      throw new ConfigError(
        `no ${config.oidc.idTokenSigningAlg} signing key for oidc.idTokenSigningAlg: add one to PINGATE_JWKS (or \`pingate keys rotate --alg ${config.oidc.idTokenSigningAlg}\`), or set oidc.idTokenSigningAlg to the algorithm of your keys (docs/operations.md, Upgrades)`,
      );
    }
    app = await buildApp({ config, secrets: storedJwks ? { ...secrets, jwks: storedJwks } : secrets, storage, secretBox, logger, env, clock, metrics });
  } catch (error) {
    await storage.close();
    throw error;
  }

  const handle = app.provider.callback();
  // Requests being served, for the drain on shutdown; while stopping, each response closes its
  // connection so a keep-alive client reconnects to another process.
  const inFlight = new Set<http.ServerResponse>();
  metrics.inFlight(() => inFlight.size);
  const server = http.createServer((request, response) => {
    inFlight.add(response);
    response.once('close', () => inFlight.delete(response));
    if (app.lifecycle.stopping) response.shouldKeepAlive = false;
    void handle(request, response);
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.server.port, config.server.host, resolve);
    });
  } catch (error) {
    app.mailer.close();
    await app.closeAudit();
    await storage.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  let metricsServer: MetricsServer | undefined;
  if (config.metrics.port > 0) {
    try {
      metricsServer = await startMetricsServer(metrics, config.metrics, env.PINGATE_METRICS_TOKEN || undefined, logger);
    } catch (error) {
      server.closeAllConnections();
      server.close();
      app.mailer.close();
      await app.closeAudit();
      await storage.close();
      throw error;
    }
  }
  // Where the database does not delete expired records itself (SQLite, FerretDB), a periodic sweep does.
  const sweeper = storage.needsSweep
    ? setInterval(() => {
        storage.sweepExpired(clock.now()).catch((error: unknown) => logger.warn({ err: error }, 'sweep of expired records failed'));
      }, 10 * 60_000)
    : undefined;
  sweeper?.unref();
  const url = `http://localhost:${port}`;
  logger.info({ event: 'server.listening', port, issuer: config.issuer, database: storage.kind, location: storage.location, metricsPort: metricsServer?.port ?? null }, 'Pingate is listening');

  return {
    app,
    url,
    logger,
    metricsUrl: metricsServer ? `http://${config.metrics.host}:${metricsServer.port}/metrics` : null,
    async close(gracefulMs = 0) {
      const started = Date.now();
      const runningAtStop = inFlight.size;
      app.lifecycle.stopping = true;
      // Connections the system has already completed wait in the listening socket's queue until
      // the event loop takes them; closing the socket first would reset them. A poll for I/O
      // takes them in: setImmediate runs after one, so two in a row (after a short pause) make
      // sure a whole poll has passed, however busy the loop was when the signal came.
      if (gracefulMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        for (let turn = 0; turn < 2; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      }
      // net.Server's close: stop listening only. http.Server's would also close every connection
      // without a request being served, a connection just accepted whose request is not read yet
      // among them: that request would be reset.
      const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
      for (const response of inFlight) if (!response.headersSent) response.shouldKeepAlive = false;
      if (gracefulMs > 0) {
        // Time for the requests of the connections just accepted to be read; then idle keep-alive
        // connections are closed, and again as in-flight ones fall idle.
        await new Promise((resolve) => setTimeout(resolve, ACCEPTED_REQUEST_SETTLE_MS));
        while (inFlight.size > 0 && Date.now() - started < gracefulMs) {
          server.closeIdleConnections();
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
      const cut = inFlight.size;
      server.closeAllConnections();
      await closed;
      if (sweeper) clearInterval(sweeper);
      await metricsServer?.close();
      app.mailer.close();
      await app.closeAudit();
      await storage.close();
      if (gracefulMs > 0) {
        const record = { event: 'server.stopped', ms: Date.now() - started, runningAtStop, cutRequests: cut };
        if (cut > 0) logger.warn(record, 'stopped: requests still running at the shutdown timeout were cut');
        else logger.info(record, 'stopped: every accepted request finished');
      }
    },
  };
}
