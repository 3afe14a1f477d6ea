// `npm run bench`: figures, not a test. Measures argon2id hashing alone, full sign-ins at 1 and
// 16 concurrent clients and refresh-token grants, against the provider running as its own
// process (stack.ts). Progress goes to stderr, the report to stdout, a JSON summary to
// test-output/bench/latest.json. Exits non-zero when any operation failed.
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/config/load.ts';
import { benchHashing, type HashingResult } from './argon2.ts';
import { machineInfo } from './machine.ts';
import { CONCURRENCY_LEVELS, readOptions } from './options.ts';
import { refreshPhase, signInPhase, type RefreshPhaseResult, type SignInPhaseResult } from './phases.ts';
import { BENCH_CONFIG } from './provider-process.ts';
import { formatReport, writeSummary, type BenchSummary } from './report.ts';
import { startStack, type Stack } from './stack.ts';

const summaryFile = path.join(projectRoot, 'test-output', 'bench', 'latest.json');
const progress = (message: string): void => void process.stderr.write(`bench: ${message}\n`);

const options = readOptions();
const machine = machineInfo();
let current: Stack | undefined;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: cleaning up`);
    void (current?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  // Every stack gets the same number of accounts, so the phases see the same data size.
  const accounts = options.warmupSignins + Math.max(options.signinsC1, options.signinsC16);
  const hashing: HashingResult[] = [];
  const signins: SignInPhaseResult[] = [];
  const refresh: RefreshPhaseResult[] = [];
  const seedMs: number[] = [];
  let database = '';
  let argon2: BenchSummary['argon2'] | undefined;

  for (const concurrency of CONCURRENCY_LEVELS) {
    progress(`starting a fresh database and provider for concurrency ${concurrency}...`);
    const stack = await startStack({ mongodbUri: options.mongodbUri, accounts, threadPoolSize: options.threadPoolSize, progress });
    current = stack;
    try {
      database = stack.databaseDescription;
      seedMs.push(stack.seedMs);
      if (!argon2) {
        argon2 = stack.config.argon2;
        for (const c of [...new Set([1, options.threadPoolSize])]) {
          progress(`argon2id alone, concurrency ${c}...`);
          hashing.push(await benchHashing(stack.config.argon2, options.argon2Ops, c));
        }
      }

      progress(`warm-up: ${options.warmupSignins} sign-ins...`);
      const warmup = await signInPhase(stack.rp, stack.users.slice(0, options.warmupSignins), 1, stack.pids);
      if (warmup.failed > 0) throw new Error(`warm-up sign-ins failed: ${warmup.errors.map((e) => e.message).join('; ')}`);
      await refreshPhase(stack.rp, warmup.refreshTokens, 10, 1, stack.pids);

      const count = concurrency === 1 ? options.signinsC1 : options.signinsC16;
      progress(`sign-ins: ${count} at concurrency ${concurrency}...`);
      const users = stack.users.slice(options.warmupSignins, options.warmupSignins + count);
      const phase = await signInPhase(stack.rp, users, concurrency, stack.pids);
      signins.push(phase);

      if (concurrency === CONCURRENCY_LEVELS[CONCURRENCY_LEVELS.length - 1]) {
        for (const c of CONCURRENCY_LEVELS) {
          progress(`refresh grants: ${options.refreshCount} at concurrency ${c}...`);
          refresh.push(await refreshPhase(stack.rp, phase.refreshTokens, options.refreshCount, c, stack.pids));
        }
      }
    } finally {
      await stack.stop();
      current = undefined;
    }
  }

  const summary: BenchSummary = {
    machine,
    database,
    argon2: argon2!,
    options,
    seeding: {
      accounts,
      ms: Math.max(...seedMs),
      note: 'a fresh database and provider per sign-in phase, each seeded alike; the PIN was hashed once and that PHC hash written to every account (each sign-in still verifies it at full cost)',
    },
    hashing,
    signins,
    refresh,
    configChanges: BENCH_CONFIG,
    loadAverageAtEnd: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    failures: [...signins, ...refresh].reduce((n, p) => n + p.failed, 0),
  };
  process.stdout.write(formatReport(summary));
  writeSummary(summaryFile, summary);
  progress(`summary written to ${path.relative(projectRoot, summaryFile)}`);
  return summary.failures > 0 ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  process.stderr.write(`bench: FAILED: ${(error as Error).stack ?? String(error)}\n`);
  exitCode = 1;
} finally {
  await current?.stop();
}
process.exit(exitCode);
