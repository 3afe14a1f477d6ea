// Opens the MongoDB connection (real MongoDB in production, FerretDB in the tests) and reports
// whether the server accepts TTL indexes, which FerretDB 1.x refuses.
import mongoose, { type Connection } from 'mongoose';
import { StorageOpenError } from '../errors.ts';

/** Told about every command the driver completes, as "find accounts {username}" (the
 * diagnostic bench counts them). */
export type CommandObserver = (command: string, ms: number) => void;

export async function connectDatabase(uri: string, observe?: CommandObserver): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    autoIndex: false,
    // A request during an outage fails (503) after this long instead of hanging.
    serverSelectionTimeoutMS: 5_000,
    ...(observe ? { monitorCommands: true } : {}),
  });
  try {
    await connection.asPromise();
  } catch (error) {
    await connection.close().catch(() => {});
    throw new StorageOpenError(`cannot connect to MongoDB at ${redactUri(uri)}: ${(error as Error).message}`, { cause: error });
  }
  if (observe) {
    const started = new Map<number, string>();
    const client = connection.getClient();
    client.on('commandStarted', (event) => started.set(event.requestId, describeCommand(event.commandName, event.command)));
    const finished = (event: { requestId: number; duration: number }) => {
      const label = started.get(event.requestId);
      started.delete(event.requestId);
      if (label) observe(label, event.duration);
    };
    client.on('commandSucceeded', finished);
    client.on('commandFailed', finished);
  }
  return connection;
}

function describeCommand(name: string, command: Record<string, unknown>): string {
  const target = command[name];
  const filter = (command.filter ?? command.query ?? (command.updates as { q?: object }[] | undefined)?.[0]?.q ??
    (command.deletes as { q?: object }[] | undefined)?.[0]?.q) as object | undefined;
  const fields = filter ? ` {${Object.keys(filter).sort().join(',')}}` : '';
  return `${name} ${typeof target === 'string' ? target : ''}${fields}`;
}

/** A connection string without its password, for messages. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

/** Creates a TTL index where the server supports one; answers false where it is refused. */
export async function tryCreateTtlIndex(connection: Connection, collection: string, field: string): Promise<boolean> {
  try {
    await connection.db!.collection(collection).createIndex({ [field]: 1 }, { expireAfterSeconds: 0, name: `${field}_ttl` });
    return true;
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code === 238 /* NotImplemented */ || code === 115 /* CommandNotSupported */) return false;
    throw error;
  }
}

export const isDuplicateKeyError = (error: unknown): boolean => (error as { code?: number } | null)?.code === 11000;

const UNAVAILABLE = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoServerClosedError',
]);

/** Server codes of a replica set between primaries (an election, a step-down, a shutdown). */
const FAILOVER_CODES = new Set([91 /* ShutdownInProgress */, 189 /* PrimarySteppedDown */, 10107 /* NotWritablePrimary */, 11600 /* InterruptedAtShutdown */, 11602 /* InterruptedDueToReplStateChange */, 13435 /* NotPrimaryNoSecondaryOk */, 13436 /* NotPrimaryOrSecondary */]);
const TRANSIENT_LABELS = ['RetryableWriteError', 'ResetPool', 'TransientTransactionError'];

/** The server cannot be reached right now, or is between primaries (503), as opposed to a
 * failing command (500). */
export function isMongoUnavailable(error: unknown): boolean {
  const e = error as (Error & { code?: unknown; hasErrorLabel?: (label: string) => boolean }) | null;
  if (!e) return false;
  if (UNAVAILABLE.has(e.name)) return true;
  if (typeof e.code === 'number' && FAILOVER_CODES.has(e.code)) return true;
  return typeof e.hasErrorLabel === 'function' && TRANSIENT_LABELS.some((label) => e.hasErrorLabel!(label));
}
