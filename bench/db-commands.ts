// How many database commands (MongoDB) or statements (SQLite) one full sign-in and one refresh
// grant cost, and which (and those of a failed PIN + code step, for `npm run bench:timing`). The
// provider runs in this process with an observer on its storage; operations run one at a time.
// Used by `npm run bench` (dbCommands) and on its own:
//   node bench/db-commands.ts [--backend sqlite|mongodb] [--fill N]
import { loadConfig } from '../src/config/load.ts';
import { startServer } from '../src/server.ts';
import { freePort } from '../test/support/server.ts';
import { refreshPhase, signInPhase } from './phases.ts';
import type { PreparedDatabase } from './stack.ts';
import { discoverRelyingParty, openPasscodeStep, randomCode, unknownUsername, WRONG_PIN } from './signin-client.ts';
import type { BenchUser } from './seed.ts';

export const COMMAND_USERS = 12;
const WARMUP = 2;
const REFRESHES = 20;

export interface CommandCount {
  readonly label: string;
  readonly perOperation: number;
  readonly msPerOperation: number;
}

export interface CommandCounts {
  /** Commands (statements) per full sign-in and per refresh grant. */
  readonly signin: number;
  readonly refresh: number;
  readonly signinDetail: readonly CommandCount[];
  readonly refreshDetail: readonly CommandCount[];
}

/** "UPDATE accounts SET failures = 0 ..." -> one line, at most 90 characters. */
const label = (command: string): string => {
  const line = command.replace(/\s+/g, ' ').trim();
  return line.length > 90 ? `${line.slice(0, 87)}...` : line;
};

/** A provider in this process whose database statements are counted while `counting.on` is set;
 * `take(n)` answers what was counted, per operation of n, and starts afresh. */
async function countingServer(env: Record<string, string>, logLevel: 'warn' | 'error') {
  const seen = new Map<string, { count: number; ms: number }>();
  const counting = { on: false };
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const config = loadConfig({ env, overrides: { issuer, server: { host: '127.0.0.1', port }, logging: { level: logLevel } } });
  const server = await startServer({
    config,
    env,
    observe: (command, ms) => {
      if (!counting.on) return;
      const entry = seen.get(label(command)) ?? { count: 0, ms: 0 };
      entry.count += 1;
      entry.ms += ms;
      seen.set(label(command), entry);
    },
  });
  const take = (operations: number) => {
    const detail = [...seen].map(([l, s]) => ({ label: l, perOperation: s.count / operations, msPerOperation: s.ms / operations })).sort((a, b) => b.perOperation - a.perOperation);
    seen.clear();
    return { total: detail.reduce((n, d) => n + d.perOperation, 0), detail };
  };
  return { server, issuer, counting, take };
}

/** Counts with the first COMMAND_USERS of `prepared.users` (they must not sign in elsewhere). */
export async function countCommands(prepared: PreparedDatabase): Promise<CommandCounts> {
  const { server, issuer, counting, take } = await countingServer(prepared.env, 'warn');
  try {
    const rp = await discoverRelyingParty(issuer, prepared.client);
    const users = prepared.users.slice(0, COMMAND_USERS);
    const warm = await signInPhase(rp, users.slice(0, WARMUP), 1, {});
    await refreshPhase(rp, warm.refreshTokens, 2, 1, {});
    counting.on = true;
    const measured = users.slice(WARMUP);
    const signins = await signInPhase(rp, measured, 1, {});
    const signin = take(measured.length);
    const refreshes = await refreshPhase(rp, signins.refreshTokens, REFRESHES, 1, {});
    const refresh = take(REFRESHES);
    const failed = signins.failed + refreshes.failed + warm.failed;
    if (failed > 0) throw new Error(`${failed} operations failed while counting commands: ${[...signins.errors, ...refreshes.errors].map((e) => e.message).join('; ')}`);
    return { signin: signin.total, refresh: refresh.total, signinDetail: signin.detail, refreshDetail: refresh.detail };
  } finally {
    await server.close();
  }
}

/** Statements (commands) of one failed PIN + code step, for a known username (wrong PIN) and an unknown one. */
export interface StepCommandCounts {
  readonly known: { readonly total: number; readonly detail: readonly CommandCount[] };
  readonly unknown: { readonly total: number; readonly detail: readonly CommandCount[] };
}

const STEP_SAMPLES = 6;

/** Counts only the POST of the PIN + code page: `users` (not signed in elsewhere) with a wrong
 * PIN, and fresh unknown usernames, after one unmeasured attempt of each. */
export async function countStepCommands(prepared: Pick<PreparedDatabase, 'env' | 'client'>, users: readonly BenchUser[]): Promise<StepCommandCounts> {
  const { server, issuer, counting, take } = await countingServer(prepared.env, 'error');
  try {
    const rp = await discoverRelyingParty(issuer, prepared.client);
    const attempt = async (username: string, counted: boolean) => {
      const submit = await openPasscodeStep(rp, username);
      counting.on = counted;
      const answer = await submit(WRONG_PIN, randomCode()).finally(() => (counting.on = false));
      if (answer.status !== 401) throw new Error(`PIN + code step answered ${answer.status}, expected 401`);
    };
    await attempt(users[0]!.username, false);
    await attempt(unknownUsername(), false);
    for (let i = 0; i < STEP_SAMPLES; i++) await attempt(users[i % users.length]!.username, true);
    const known = take(STEP_SAMPLES);
    for (let i = 0; i < STEP_SAMPLES; i++) await attempt(unknownUsername(), true);
    return { known, unknown: take(STEP_SAMPLES) };
  } finally {
    await server.close();
  }
}

export function formatStepCommands(counts: StepCommandCounts): string {
  const block = (title: string, total: number, detail: readonly CommandCount[]) => [
    `${title}: ${total.toFixed(1)} statements (commands)`,
    ...detail.map((d) => `  ${d.perOperation.toFixed(1).padStart(6)}  ${d.label}`),
  ];
  return [...block('PIN + code step, known username, wrong PIN', counts.known.total, counts.known.detail), ...block('PIN + code step, unknown username', counts.unknown.total, counts.unknown.detail), ''].join('\n');
}

export function formatCommands(counts: CommandCounts, heading: string): string {
  const block = (title: string, total: number, detail: readonly CommandCount[]) => [
    `${title}: ${total.toFixed(1)} per operation`,
    `  ${'per op'.padStart(6)}  ${'ms/op'.padStart(6)}  command`,
    ...detail.map((d) => `  ${d.perOperation.toFixed(1).padStart(6)}  ${d.msPerOperation.toFixed(2).padStart(6)}  ${d.label}`),
  ];
  return [heading, ...block('full sign-in', counts.signin, counts.signinDetail), '', ...block('refresh grant', counts.refresh, counts.refreshDetail), ''].join('\n');
}

if (import.meta.main) {
  const { readOptions } = await import('./options.ts');
  const { prepareDatabase } = await import('./stack.ts');
  const { stopSharedDatabases } = await import('./database.ts');
  const options = readOptions(process.argv.slice(2), process.env, () => true);
  let exitCode = 0;
  try {
    for (const backend of options.backends) {
      for (const fill of options.fills) {
        const prepared = await prepareDatabase({ backend, fill, users: COMMAND_USERS, mongodbUri: options.mongodbUri, threadPoolSize: options.threadPoolSize, progress: (m) => process.stderr.write(`db-commands: ${m}\n`) });
        try {
          process.stdout.write(formatCommands(await countCommands(prepared), `\n${prepared.database.description}, ${fill} accounts pre-filled`));
        } finally {
          await prepared.remove();
        }
      }
    }
  } catch (error) {
    process.stderr.write(`db-commands: FAILED: ${(error as Error).stack ?? String(error)}\n`);
    exitCode = 1;
  } finally {
    await stopSharedDatabases();
  }
  process.exit(exitCode);
}
