// One system under test: a fresh database, the provider process on it, the seeded client and
// accounts, and the relying party's discovery. Each sign-in phase gets its own stack, so the
// phases start from the same state: on the embedded FerretDB most queries scan whole
// collections, so what earlier phases left behind would otherwise slow later ones.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/load.ts';
import type { Config } from '../src/config/schema.ts';
import { openBenchDatabase, type BenchDatabase } from './database.ts';
import { childPids } from './process-cpu.ts';
import { generateSecrets, providerEnv, startProvider, type ProviderProcess } from './provider-process.ts';
import { freePort } from '../test/support/server.ts';
import { openSeedDatabase, seedClient, seedUsers, type BenchUser, type SeedDatabase } from './seed.ts';
import { discoverRelyingParty, type RelyingParty } from './signin-client.ts';
import { startWireTap, type WireTap } from './wire-tap.ts';

export interface StackOptions {
  readonly mongodbUri: string | null;
  readonly accounts: number;
  readonly threadPoolSize: number;
  /** Put the counting proxy between the provider and the database (diagnostics only). */
  readonly tap?: boolean;
  readonly progress: (message: string) => void;
}

export interface Stack {
  readonly databaseDescription: string;
  readonly config: Readonly<Config>;
  readonly rp: RelyingParty;
  readonly users: readonly BenchUser[];
  readonly seedMs: number;
  /** Processes whose CPU time the phases report. */
  readonly pids: Readonly<Record<string, number>>;
  readonly tap: WireTap | null;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'pingate-bench-'));
  let database: BenchDatabase | undefined;
  let tap: WireTap | undefined;
  let provider: ProviderProcess | undefined;
  let seed: SeedDatabase | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const report = (what: string) => (e: Error) => options.progress(`${what}: ${e.message}`);
      await seed?.close().catch(report('closing the seed connection'));
      await provider?.stop().catch(report('stopping the provider'));
      await tap?.close().catch(report('stopping the wire tap'));
      await database?.stop().catch(report('stopping the database'));
      rmSync(tempDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  try {
    database = await openBenchDatabase(options.mongodbUri);
    if (options.tap) tap = await startWireTap(database.uri);
    const secrets = generateSecrets();
    const env = providerEnv({ port: await freePort(), databaseUri: database.uri, dataDir: tempDir, secretsEnv: secrets.env, threadPoolSize: options.threadPoolSize });
    const config = loadConfig({ env }); // exactly the configuration the provider process loads
    provider = await startProvider(tap ? { ...env, MONGODB_URI: tap.uri } : env);

    seed = await openSeedDatabase(config, secrets.secrets);
    const client = await seedClient(seed.admin);
    options.progress(`seeding ${options.accounts} accounts...`);
    const started = performance.now();
    const users = await seedUsers(seed.admin, options.accounts);
    const seedMs = performance.now() - started;
    const rp = await discoverRelyingParty(provider.issuer, client);

    const pids: Record<string, number> = { provider: provider.pid };
    const databasePid = database.embedded ? childPids('pingate-ferret')[0] : undefined;
    if (databasePid !== undefined) pids.database = databasePid;
    return { databaseDescription: database.description, config, rp, users, seedMs, pids, tap: tap ?? null, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
