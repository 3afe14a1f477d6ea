// The database under the bench: the embedded FerretDB (started here, in a temporary folder)
// or the MongoDB named by BENCH_MONGODB_URI. Each run uses a database of its own.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase } from '../src/storage/embedded/ferretdb.ts';

export interface BenchDatabase {
  /** Connection string including this run's database name. */
  readonly uri: string;
  /** What to print: "embedded FerretDB ..." or the MongoDB URI without credentials. */
  readonly description: string;
  readonly embedded: boolean;
  stop(): Promise<void>;
}

export function withDatabaseName(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.href;
}

function redact(uri: string): string {
  const url = new URL(uri);
  if (url.password) url.password = '***';
  return url.href;
}

export async function openBenchDatabase(mongodbUri: string | null): Promise<BenchDatabase> {
  const name = `pingate_bench_${randomBytes(4).toString('hex')}`;
  if (mongodbUri) {
    const uri = withDatabaseName(mongodbUri, name);
    return { uri, description: `MongoDB at ${redact(uri)}`, embedded: false, stop: async () => {} };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pingate-bench-db-'));
  try {
    const database = await startEmbeddedDatabase(dataDir, 0);
    return {
      uri: withDatabaseName(database.uri, name),
      description: 'embedded FerretDB 1.24 on SQLite (durable mode: WAL, synchronous=normal), behind the serialising proxy (tools/ferretdb)',
      embedded: true,
      async stop() {
        await database.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
