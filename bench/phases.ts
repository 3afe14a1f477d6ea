// The measured phases over HTTP: full sign-ins and refresh-token grants, each at a given
// concurrency, with latency statistics, failures and the CPU each process used.
import { runConcurrently, type LoadRun, type Outcome } from './load.ts';
import { startCpuMeter, type CpuReport } from './process-cpu.ts';
import { refreshOnce, type RefreshChain } from './refresh-client.ts';
import type { BenchUser } from './seed.ts';
import { signIn, type RelyingParty, type SignInResult, type StepTimings } from './signin-client.ts';
import { summarize, type LatencySummary } from './stats.ts';
import { validateOnce, type ValidateCallerCredentials } from './validate-client.ts';

export interface PhaseResult {
  readonly name: string;
  readonly concurrency: number;
  readonly attempted: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly wallMs: number;
  /** Successful operations per second of wall time. */
  readonly perSecond: number;
  /** Latency of the successful operations, ms. */
  readonly latency: LatencySummary;
  readonly errors: readonly { readonly message: string; readonly count: number }[];
  readonly cpu: CpuReport;
  /** p50 latency of the first and the last fifth of the operations (in start order): drift. */
  readonly drift: { readonly firstFifthP50: number; readonly lastFifthP50: number };
}

export interface SignInPhaseResult extends PhaseResult {
  readonly steps: Readonly<Record<keyof StepTimings, LatencySummary>>;
  readonly refreshTokens: readonly string[];
}

export interface RefreshPhaseResult extends PhaseResult {
  readonly rotated: number;
}

function tally<T>(outcomes: readonly Outcome<T>[]): { message: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) if (!outcome.ok) counts.set(outcome.error, (counts.get(outcome.error) ?? 0) + 1);
  return [...counts].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count);
}

function drift<T>(outcomes: readonly Outcome<T>[], latency: (o: Extract<Outcome<T>, { ok: true }>) => number): PhaseResult['drift'] {
  const fifth = Math.max(1, Math.floor(outcomes.length / 5));
  const p50 = (part: readonly Outcome<T>[]) => summarize(part.filter((o): o is Extract<Outcome<T>, { ok: true }> => o.ok).map(latency)).p50;
  return { firstFifthP50: p50(outcomes.slice(0, fifth)), lastFifthP50: p50(outcomes.slice(-fifth)) };
}

const total = (s: StepTimings): number => s.authorize + s.username + s.passcode + s.token;

/** Signs in `users` (one sign-in each, each account once) with `concurrency` clients. */
export async function signInPhase(rp: RelyingParty, users: readonly BenchUser[], concurrency: number, pids: Record<string, number>): Promise<SignInPhaseResult> {
  const meter = startCpuMeter(pids);
  const run = await runConcurrently(users.length, concurrency, (index) => signIn(rp, users[index]!));
  const cpu = meter(run.wallMs);
  const done = run.outcomes.filter((o): o is Extract<Outcome<SignInResult>, { ok: true }> => o.ok).map((o) => o.value);
  const stepSummary = (key: keyof StepTimings) => summarize(done.map((d) => d.steps[key]));
  return {
    name: 'sign-in',
    concurrency,
    attempted: users.length,
    succeeded: done.length,
    failed: users.length - done.length,
    wallMs: run.wallMs,
    perSecond: done.length / (run.wallMs / 1000),
    latency: summarize(done.map((d) => total(d.steps))),
    errors: tally(run.outcomes),
    cpu,
    drift: drift(run.outcomes, (o) => total(o.value.steps)),
    steps: { authorize: stepSummary('authorize'), username: stepSummary('username'), passcode: stepSummary('passcode'), token: stepSummary('token') },
    refreshTokens: done.map((d) => d.refreshToken),
  };
}

/** The figures of a phase whose latency is each operation's own. */
function phaseOf<T>(name: string, concurrency: number, run: LoadRun<T>, cpu: CpuReport): PhaseResult {
  const done = run.outcomes.filter((o) => o.ok);
  return {
    name,
    concurrency,
    attempted: run.outcomes.length,
    succeeded: done.length,
    failed: run.outcomes.length - done.length,
    wallMs: run.wallMs,
    perSecond: done.length / (run.wallMs / 1000),
    latency: summarize(done.map((o) => o.ms)),
    errors: tally(run.outcomes),
    cpu,
    drift: drift(run.outcomes, (o) => o.ms),
  };
}

/** `count` refresh grants spread over `concurrency` chains (one refresh token per worker). */
export async function refreshPhase(rp: RelyingParty, refreshTokens: readonly string[], count: number, concurrency: number, pids: Record<string, number>): Promise<RefreshPhaseResult> {
  if (refreshTokens.length < concurrency) throw new Error(`need ${concurrency} refresh tokens, the sign-ins produced ${refreshTokens.length}`);
  const chains: RefreshChain[] = refreshTokens.slice(0, concurrency).map((refreshToken) => ({ refreshToken }));
  const meter = startCpuMeter(pids);
  const run = await runConcurrently(count, concurrency, (_index, worker) => refreshOnce(rp, chains[worker]!));
  const phase = phaseOf('refresh', concurrency, run, meter(run.wallMs));
  return { ...phase, rotated: run.outcomes.filter((o) => o.ok && o.value.rotated).length };
}

/** Validate checks (PIN + TOTP, ACCEPT expected), one per account (each code is used once). */
export async function validatePhase(issuer: string, caller: ValidateCallerCredentials, users: readonly BenchUser[], concurrency: number, pids: Record<string, number>): Promise<PhaseResult> {
  const meter = startCpuMeter(pids);
  const run = await runConcurrently(users.length, concurrency, (index) => validateOnce(issuer, caller, users[index]!));
  return phaseOf('validate', concurrency, run, meter(run.wallMs));
}
