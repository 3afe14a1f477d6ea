// `npm run bench [-- --backend sqlite|mongodb] [--fill N[,N]]`: figures, not a test. Measures
// argon2id hashing alone (the ceiling of the sign-in rate), then for each backend and data size:
// the database commands of one sign-in and one refresh grant, full sign-ins at 1 and 16
// concurrent clients, refresh grants at 1 and 16, and the provider's peak memory. The provider
// runs as its own process. Progress goes to stderr, the report to stdout, the summary to
// test-output/bench/latest.json. Exits non-zero when any operation failed.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, projectRoot } from '../src/config/load.ts';
import { startProvider, type ProviderProcess } from '../test/support/provider-process.ts';
import { benchHashing } from './argon2.ts';
import { stopSharedDatabases } from './database.ts';
import { COMMAND_USERS, countCommands } from './db-commands.ts';
import { machineInfo } from './machine.ts';
import { CONCURRENCY_LEVELS, readOptions, type BenchOptions } from './options.ts';
import { refreshPhase, signInPhase, validatePhase, type PhaseResult, type RefreshPhaseResult, type SignInPhaseResult } from './phases.ts';
import { peakRssMb } from './process-cpu.ts';
import { BENCH_CONFIG } from './provider-process.ts';
import { formatReport, writeSummary, type RunResult } from './report.ts';
import { discoverRelyingParty } from './signin-client.ts';
import { prepareDatabase, type PreparedDatabase } from './stack.ts';

const outputFolder = path.join(projectRoot, 'test-output', 'bench');
const progress = (message: string): void => void process.stderr.write(`bench: ${message}\n`);
/** The MongoDB backend needs a MongoDB: BENCH_MONGODB_URI, or FerretDB built with Go. */
const goAvailable = () => spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;

let provider: ProviderProcess | undefined;
let prepared: PreparedDatabase | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: cleaning up`);
    void Promise.allSettled([provider?.stop(), prepared?.remove()]).then(() => stopSharedDatabases()).finally(() => process.exit(130));
  });
}

async function measure(options: BenchOptions, backend: 'sqlite' | 'mongodb', fill: number): Promise<RunResult> {
  const accounts = COMMAND_USERS + options.warmupSignins + options.signinsC1 + options.signinsC16 + options.validateC1 + options.validateC16;
  prepared = await prepareDatabase({ backend, fill, users: accounts, mongodbUri: options.mongodbUri, threadPoolSize: options.threadPoolSize, progress });
  try {
    progress(`${backend}, fill ${fill}: counting database commands (provider in this process)...`);
    const commands = await countCommands(prepared);
    // The ceiling of this run, measured right before it, under the same conditions.
    progress(`${backend}, fill ${fill}: argon2id alone, ${options.argon2Ops} verifications...`);
    const hashing = await benchHashing(prepared.config.argon2, options.argon2Ops, options.threadPoolSize);
    provider = await startProvider(prepared.env, (line) => progress(line));
    const rp = await discoverRelyingParty(provider.issuer, prepared.client);
    const pids = { provider: provider.pid };
    let next = COMMAND_USERS;
    const take = (n: number) => prepared!.users.slice(next, (next += n));

    progress(`${backend}, fill ${fill}: warm-up, ${options.warmupSignins} sign-ins...`);
    const warmup = await signInPhase(rp, take(options.warmupSignins), 1, pids);
    if (warmup.failed > 0) throw new Error(`warm-up sign-ins failed: ${warmup.errors.map((e) => e.message).join('; ')}`);
    await refreshPhase(rp, warmup.refreshTokens, 20, 1, pids);

    const signins: SignInPhaseResult[] = [];
    for (const concurrency of CONCURRENCY_LEVELS) {
      const count = concurrency === 1 ? options.signinsC1 : options.signinsC16;
      progress(`${backend}, fill ${fill}: ${count} sign-ins at concurrency ${concurrency}...`);
      signins.push(await signInPhase(rp, take(count), concurrency, pids));
    }
    const refresh: RefreshPhaseResult[] = [];
    for (const concurrency of CONCURRENCY_LEVELS) {
      progress(`${backend}, fill ${fill}: ${options.refreshCount} refresh grants at concurrency ${concurrency}...`);
      refresh.push(await refreshPhase(rp, signins[1]!.refreshTokens, options.refreshCount, concurrency, pids));
    }
    const validate: PhaseResult[] = [];
    for (const concurrency of CONCURRENCY_LEVELS) {
      const count = concurrency === 1 ? options.validateC1 : options.validateC16;
      progress(`${backend}, fill ${fill}: ${count} validate checks at concurrency ${concurrency}...`);
      validate.push(await validatePhase(provider.issuer, prepared.validateCaller, take(count), concurrency, pids));
    }
    const providerRssMb = peakRssMb(provider.pid);
    return { backend, fill, database: prepared.database.description, fillMs: prepared.fillMs, seedMs: prepared.seedMs, hashing, signins, refresh, validate, commands, providerRssMb };
  } finally {
    await provider?.stop();
    provider = undefined;
    await prepared.remove();
    prepared = undefined;
  }
}

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2), process.env, goAvailable);
  const machine = machineInfo();
  const runs: RunResult[] = [];
  // The provider's own parameters: the same configuration files it loads (NODE_ENV=production).
  const argon2 = loadConfig({ env: { NODE_ENV: 'production' } }).argon2;
  for (const backend of options.backends) {
    for (const fill of options.fills) {
      if (backend === 'mongodb' && !options.mongodbUri && fill > 1_000) {
        progress(`mongodb, fill ${fill}: skipped. FerretDB 1.x reads whole collections for every filter but _id, so a large fill measures FerretDB, not Pingate; set BENCH_MONGODB_URI to a real MongoDB.`);
        continue;
      }
      runs.push(await measure(options, backend, fill));
    }
  }
  if (runs.length === 0) throw new Error('nothing was measured');
  const summary = { machine, argon2, runs, loadAverageAtEnd: Math.round((os.loadavg()[0] ?? 0) * 100) / 100, configChanges: BENCH_CONFIG };
  process.stdout.write(formatReport(summary));
  writeSummary(outputFolder, summary);
  progress(`summary written to ${path.relative(projectRoot, path.join(outputFolder, 'latest.json'))}`);
  return runs.some((r) => [...r.signins, ...r.refresh, ...r.validate].some((p) => p.failed > 0)) ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  process.stderr.write(`bench: FAILED: ${(error as Error).stack ?? String(error)}\n`);
} finally {
  await provider?.stop();
  await prepared?.remove();
  await stopSharedDatabases();
}
process.exit(exitCode);
