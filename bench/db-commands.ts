// Diagnostic, not a benchmark: `node bench/db-commands.ts` counts the database commands one
// full sign-in and one refresh-token grant issue, and how long each kind takes, by putting a
// counting proxy (wire-tap.ts) between the provider process and the database. Operations run
// one at a time; the proxy adds a hop, so only the counts and the relative times mean something.
// BENCH_DIAG_ACCOUNTS (default 165, what `npm run bench` seeds) accounts are in the database,
// so collection scans cost what they cost at that data size. The sign-ins are measured twice:
// on the fresh database and again after BENCH_DIAG_FILL (default 160) more sign-ins, to show
// which commands get slower as sign-ins accumulate (flows, sessions, tokens, rate-limit keys).
import { refreshPhase, signInPhase } from './phases.ts';
import type { CommandStat } from './wire-tap.ts';
import { startStack, type Stack } from './stack.ts';

const SIGNINS = 10;
const REFRESHES = 20;
const WARMUP = 2;
const fill = Number(process.env.BENCH_DIAG_FILL ?? 160);
const accounts = Math.max(Number(process.env.BENCH_DIAG_ACCOUNTS ?? 165), WARMUP + 2 * SIGNINS + fill);

function print(title: string, stats: Map<string, CommandStat>, operations: number): void {
  const rows = [...stats].sort((a, b) => b[1].totalMs - a[1].totalMs);
  const count = rows.reduce((n, [, s]) => n + s.count, 0);
  const ms = rows.reduce((n, [, s]) => n + s.totalMs, 0);
  process.stdout.write(`\n${title}: ${(count / operations).toFixed(1)} commands, ${(ms / operations).toFixed(1)} ms of database time per operation\n`);
  process.stdout.write(`  ${'per op'.padStart(6)}  ${'ms each'.padStart(7)}  ${'ms/op'.padStart(6)}  command collection {filter fields}\n`);
  for (const [key, s] of rows) {
    process.stdout.write(`  ${(s.count / operations).toFixed(1).padStart(6)}  ${(s.totalMs / s.count).toFixed(2).padStart(7)}  ${(s.totalMs / operations).toFixed(1).padStart(6)}  ${key}\n`);
  }
}

let stack: Stack | undefined;
let exitCode = 0;
try {
  stack = await startStack({
    mongodbUri: process.env.BENCH_MONGODB_URI || null,
    accounts,
    threadPoolSize: 4,
    tap: true,
    progress: (message) => void process.stderr.write(`db-commands: ${message}\n`),
  });
  const tap = stack.tap!;
  // The last accounts are the ones used, so the database holds `accounts` accounts throughout.
  const warm = await signInPhase(stack.rp, stack.users.slice(0, WARMUP), 1, {});
  await refreshPhase(stack.rp, warm.refreshTokens, 2, 1, {});
  tap.take();

  const signins = await signInPhase(stack.rp, stack.users.slice(WARMUP, WARMUP + SIGNINS), 1, {});
  print(`full sign-in (${SIGNINS} sign-ins, ${accounts} accounts, ${WARMUP} earlier sign-ins; ${stack.databaseDescription})`, tap.take(), SIGNINS);
  const refresh = await refreshPhase(stack.rp, signins.refreshTokens, REFRESHES, 1, {});
  print(`refresh-token grant (${REFRESHES} grants)`, tap.take(), REFRESHES);

  process.stderr.write(`db-commands: ${fill} more sign-ins at concurrency 16 (not measured)...\n`);
  const filled = await signInPhase(stack.rp, stack.users.slice(WARMUP + SIGNINS, WARMUP + SIGNINS + fill), 16, {});
  tap.take();
  const later = await signInPhase(stack.rp, stack.users.slice(WARMUP + SIGNINS + fill, WARMUP + 2 * SIGNINS + fill), 1, {});
  print(`full sign-in again, after ${WARMUP + SIGNINS + fill} earlier sign-ins`, tap.take(), SIGNINS);
  const laterRefresh = await refreshPhase(stack.rp, later.refreshTokens, REFRESHES, 1, {});
  print(`refresh-token grant again (${REFRESHES} grants)`, tap.take(), REFRESHES);

  const phases = [signins, refresh, filled, later, laterRefresh];
  const failed = phases.reduce((n, p) => n + p.failed, 0);
  if (failed > 0) {
    process.stdout.write(`\n!! ${failed} operations failed: ${phases.flatMap((p) => p.errors).map((e) => e.message).join('; ')}\n`);
    exitCode = 1;
  }
} catch (error) {
  process.stderr.write(`db-commands: FAILED: ${(error as Error).stack ?? String(error)}\n`);
  exitCode = 1;
} finally {
  await stack?.stop();
}
process.exit(exitCode);
