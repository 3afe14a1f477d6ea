// Opens what an administrative command needs — configuration, secrets, the database and the
// composed app — runs the command, then closes it all. The database is MONGODB_URI when set;
// otherwise the embedded development database: the one `npm run dev` is running, or one
// started here for the duration of the command (same files, same database name).
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { createLogger } from '../logging.ts';
import { loadSecrets } from '../security/secrets.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../storage/embedded/ferretdb.ts';
import { connectDatabase } from '../storage/mongo/connection.ts';
import type { AdminDependencies } from '../usecases/admin/dependencies.ts';
import type { CliIo } from './io.ts';

/** The database name `npm run dev` uses on the embedded database (src/dev.ts). */
const EMBEDDED_DATABASE_NAME = 'pingate';

export class DatabaseUnavailableError extends Error {}

export async function withAdmin<T>(env: NodeJS.ProcessEnv, command: (admin: AdminDependencies) => Promise<T>): Promise<T> {
  const config = loadConfig({ env });
  // Secrets first: a missing key fails before any database is started. Same dataDir as the
  // server, so TOTP and client secrets are sealed with the key the server opens them with.
  const secrets = await loadSecrets({ dataDir: config.dataDir, generateMissing: config.secrets.generateMissing, env });
  const database = await openDatabase(config);
  try {
    // Silent: the pino logger writes to stdout, which carries the command's own output.
    const app = await buildApp({ config, secrets, connection: database.connection, logger: createLogger('silent') });
    // Audit records of CLI actions name the operating-system user who ran the command.
    return await command({ ...app.admin, actor: { type: 'operator', id: `cli:${operatorName(env)}` } });
  } finally {
    await database.close();
  }
}

interface OpenDatabase {
  readonly connection: Connection;
  close(): Promise<void>;
}

async function openDatabase(config: Readonly<Config>): Promise<OpenDatabase> {
  let uri = config.database.uri;
  let embedded: EmbeddedDatabase | undefined;
  if (!uri) {
    const port = config.database.embeddedPort;
    if (port !== 0 && (await isListening(port))) uri = `mongodb://127.0.0.1:${port}/${EMBEDDED_DATABASE_NAME}`;
    else {
      embedded = await startEmbeddedDatabase(path.resolve(config.dataDir, 'db'), port);
      uri = `${embedded.uri}${EMBEDDED_DATABASE_NAME}`;
    }
  }
  let connection: Connection;
  try {
    connection = await connectDatabase(uri);
  } catch (error) {
    await embedded?.stop();
    throw new DatabaseUnavailableError(`cannot connect to the database at ${redactUri(uri)}: ${(error as Error).message}`);
  }
  return {
    connection,
    async close() {
      try {
        await connection.close();
      } finally {
        await embedded?.stop();
      }
    },
  };
}

/** true when something accepts TCP connections on 127.0.0.1:port (the dev server's database). */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A connection string without its password, for error messages. */
function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

/** What each command group is registered with: the streams, and the way to open the app. */
export interface CommandContext {
  readonly io: CliIo;
  withAdmin<T>(command: (admin: AdminDependencies) => Promise<T>): Promise<T>;
}

function operatorName(env: NodeJS.ProcessEnv): string {
  try {
    return os.userInfo().username;
  } catch {
    return env.USER ?? 'unknown';
  }
}
