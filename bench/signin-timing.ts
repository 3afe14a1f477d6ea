// `npm run bench:timing [-- --backend sqlite|mongodb] [--samples N]`: does the PIN + code step
// tell a known username from an unknown one by its time? Measures the response time of that one
// POST for a known username with a wrong PIN and for an unknown username, interleaved (the order
// within each pair alternates, so drift in the machine's load falls on both alike), and prints
// both medians and their difference; then counts the database statements (commands) of each
// path with the provider in this process. The provider under measurement runs as its own
// process, with a lockout limit no sample reaches and rate limits no sample meets.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { discoverRelyingParty, openPasscodeStep, randomCode, unknownUsername, WRONG_PIN, type RelyingParty } from './signin-client.ts';
import { startProvider, type ProviderProcess } from '../test/support/provider-process.ts';
import { countStepCommands, formatStepCommands } from './db-commands.ts';
import { stopSharedDatabases } from './database.ts';
import { machineInfo } from './machine.ts';
import { prepareDatabase, type PreparedDatabase } from './stack.ts';
import { summarize } from './stats.ts';
import type { BenchUser } from './seed.ts';

const USAGE = 'npm run bench:timing -- [--backend sqlite|mongodb] [--samples N] [--warmup N]';
/** No sample may lock the known accounts or meet a rate limit: every answer must be a plain failure. */
const TIMING_ENV = {
  PINGATE_LOCKOUT_MAX_FAILURES: '100',
  PINGATE_RATE_LIMIT_PER_IP: '1000000',
  PINGATE_RATE_LIMIT_PER_USERNAME: '1000000',
  // Each failure is a security event logged at warn: 180 lines of them say nothing here.
  PINGATE_LOGGING_LEVEL: 'error',
} as const;
/** What "the same time" means here: docs/benchmarks.md. */
const TARGET_MS = 5;
/** Known accounts the samples take turns on, so none nears the lockout limit. */
const KNOWN_ACCOUNTS = 4;

const progress = (message: string): void => void process.stderr.write(`bench:timing: ${message}\n`);

/** One attempt: a new authorization and the username, then the timed POST of PIN + code. */
async function timedAttempt(rp: RelyingParty, username: string): Promise<number> {
  const submit = await openPasscodeStep(rp, username);
  const started = performance.now();
  const answer = await submit(WRONG_PIN, randomCode());
  const elapsed = performance.now() - started;
  if (answer.status !== 401) throw new Error(`PIN + code step answered ${answer.status}, expected 401 (a plain failure)`);
  return elapsed;
}

interface TimingResult {
  readonly known: readonly number[];
  readonly unknown: readonly number[];
}

/** `samples` pairs, each a known username (wrong PIN) and an unknown one, the order alternating. */
async function measureTiming(rp: RelyingParty, users: readonly BenchUser[], samples: number, warmup: number): Promise<TimingResult> {
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < warmup + samples; i++) {
    const knownName = users[i % users.length]!.username;
    const pair = i % 2 === 0 ? [knownName, unknownUsername()] : [unknownUsername(), knownName];
    const times: number[] = [];
    for (const name of pair) times.push(await timedAttempt(rp, name));
    if (i < warmup) continue;
    known.push(i % 2 === 0 ? times[0]! : times[1]!);
    unknown.push(i % 2 === 0 ? times[1]! : times[0]!);
  }
  return { known, unknown };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { backend: { type: 'string' }, samples: { type: 'string' }, warmup: { type: 'string' }, help: { type: 'boolean' } }, strict: true });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const backend = values.backend ?? 'sqlite';
  if (backend !== 'sqlite' && backend !== 'mongodb') throw new Error(`--backend must be sqlite or mongodb\n${USAGE}`);
  const samples = Number(values.samples ?? 80);
  const warmup = Number(values.warmup ?? 10);
  if (!Number.isInteger(samples) || samples < 1 || !Number.isInteger(warmup) || warmup < 0) throw new Error(`--samples and --warmup are whole numbers\n${USAGE}`);
  if ((samples + warmup) / KNOWN_ACCOUNTS >= 100) throw new Error('too many samples: the known accounts would reach the lockout limit');
  const machine = machineInfo();

  let prepared: PreparedDatabase | undefined;
  let provider: ProviderProcess | undefined;
  try {
    prepared = await prepareDatabase({ backend, fill: 0, users: KNOWN_ACCOUNTS * 2, mongodbUri: process.env.BENCH_MONGODB_URI || null, threadPoolSize: 4, progress });
    const env = { ...prepared.env, ...TIMING_ENV };
    provider = await startProvider(env, progress);
    const rp = await discoverRelyingParty(provider.issuer, prepared.client);
    progress(`${backend}: ${warmup} warm-up pairs, then ${samples} measured pairs...`);
    const timing = await measureTiming(rp, prepared.users.slice(0, KNOWN_ACCOUNTS), samples, warmup);
    await provider.stop();
    provider = undefined;

    progress(`${backend}: counting the statements of each path (provider in this process)...`);
    const commands = await countStepCommands({ ...prepared, env }, prepared.users.slice(KNOWN_ACCOUNTS));

    const known = summarize(timing.known);
    const unknown = summarize(timing.unknown);
    const lines = [
      `PIN + code step, ${backend}: ${samples} samples each, interleaved (after ${warmup} warm-up pairs)`,
      `machine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, ${machine.date.slice(0, 10)}, load ${machine.loadAverageAtStart} at start, ${Math.round((os.loadavg()[0] ?? 0) * 100) / 100} at end`,
      `  known username, wrong PIN: median ${known.p50.toFixed(1)} ms  (p90 ${known.p90.toFixed(1)}, mean ${known.mean.toFixed(1)})`,
      `  unknown username:          median ${unknown.p50.toFixed(1)} ms  (p90 ${unknown.p90.toFixed(1)}, mean ${unknown.mean.toFixed(1)})`,
      `  difference of the medians (known - unknown): ${(known.p50 - unknown.p50).toFixed(1)} ms (target: under ${TARGET_MS} ms either way)`,
      '',
      formatStepCommands(commands),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await provider?.stop();
    await prepared?.remove();
    await stopSharedDatabases();
  }
}

if (import.meta.main) {
  let exitCode = 1;
  try {
    exitCode = await main();
  } catch (error) {
    process.stderr.write(`bench:timing: FAILED: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(exitCode);
}
