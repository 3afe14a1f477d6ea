// Opens the MongoDB connection (real MongoDB in production, FerretDB locally) and reports
// whether the server accepts TTL indexes, which FerretDB 1.x refuses.
import mongoose, { type Connection } from 'mongoose';

export async function connectDatabase(uri: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    autoIndex: false,
    serverSelectionTimeoutMS: 10_000,
  });
  await connection.asPromise();
  return connection;
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
