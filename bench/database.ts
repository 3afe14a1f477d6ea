// The database of one bench run: a new SQLite file in a temporary folder, or a new database on
// the MongoDB named by BENCH_MONGODB_URI (or on an embedded FerretDB started for the run).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/storage/embedded/ferretdb.ts';
import type { BackendKind } from '../src/storage/storage.ts';

export interface BenchDatabase {
  readonly backend: BackendKind;
  /** MongoDB connection string with this run's database name; null for SQLite. */
  readonly uri: string | null;
  /** What to print. */
  readonly description: string;
  /** FerretDB, whose filters other than _id scan whole collections: no place for large fills. */
  readonly ferretdb: boolean;
  stop(): Promise<void>;
}

export function withDatabaseName(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.href;
}

const redact = (uri: string): string => {
  const url = new URL(uri);
  if (url.password) url.password = '***';
  return url.href;
};

/** FerretDB is started once per bench and shared by its MongoDB runs (each in its own database). */
let ferretdb: EmbeddedDatabase | undefined;
let ferretdbDir: string | undefined;

export async function openBenchDatabase(backend: BackendKind, mongodbUri: string | null): Promise<BenchDatabase> {
  if (backend === 'sqlite') {
    return { backend, uri: null, description: 'SQLite (node:sqlite), one file: WAL, synchronous=NORMAL', ferretdb: false, stop: async () => {} };
  }
  const name = `pingate_bench_${randomBytes(4).toString('hex')}`;
  if (mongodbUri) {
    const uri = withDatabaseName(mongodbUri, name);
    return { backend, uri, description: `MongoDB at ${redact(uri)}`, ferretdb: false, stop: async () => {} };
  }
  if (!ferretdb) {
    ferretdbDir = mkdtempSync(path.join(os.tmpdir(), 'pingate-bench-ferretdb-'));
    ferretdb = await startEmbeddedDatabase(ferretdbDir, 0);
  }
  return {
    backend,
    uri: withDatabaseName(ferretdb.uri, name),
    description: 'MongoDB adapters on FerretDB 1.24 (SQLite storage, WAL, synchronous=normal) behind the serialising proxy (tools/ferretdb)',
    ferretdb: true,
    stop: async () => {},
  };
}

export async function stopSharedDatabases(): Promise<void> {
  await ferretdb?.stop();
  ferretdb = undefined;
  if (ferretdbDir) rmSync(ferretdbDir, { recursive: true, force: true });
}
