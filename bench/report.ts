// Presents the figures: a plain-text report on stdout and a JSON summary for machines.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Argon2Parameters } from '../src/security/pin-hasher.ts';
import type { HashingResult } from './argon2.ts';
import type { MachineInfo } from './machine.ts';
import type { BenchOptions } from './options.ts';
import type { PhaseResult, RefreshPhaseResult, SignInPhaseResult } from './phases.ts';
import type { CpuReport } from './process-cpu.ts';

export interface BenchSummary {
  readonly machine: MachineInfo;
  readonly database: string;
  readonly argon2: Argon2Parameters;
  readonly options: BenchOptions;
  readonly seeding: { readonly accounts: number; readonly ms: number; readonly note: string };
  readonly hashing: readonly HashingResult[];
  readonly signins: readonly SignInPhaseResult[];
  readonly refresh: readonly RefreshPhaseResult[];
  readonly failures: number;
  /** 1-minute load average when the measurements ended. */
  readonly loadAverageAtEnd: number;
  /** What the bench changed in the provider's configuration. */
  readonly configChanges: unknown;
}

const num = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : '-');
const driftCell = (p: PhaseResult): string => `${num(p.drift.firstFifthP50, 0)} -> ${num(p.drift.lastFifthP50, 0)}`;

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ')}`;
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function cpuLine(label: string, cpu: CpuReport): string {
  const parts = Object.entries(cpu).map(([name, share]) => `${name} ${num(share.cores, 2)}`);
  return `    ${label}: ${parts.join(' · ')}`;
}

function errorLines(phases: readonly PhaseResult[]): string[] {
  const lines: string[] = [];
  for (const phase of phases) {
    for (const error of phase.errors.slice(0, 5)) lines.push(`  !! ${phase.name} c=${phase.concurrency}: ${error.count} x ${error.message}`);
  }
  return lines;
}

export function formatReport(s: BenchSummary): string {
  const out: string[] = [];
  const m = s.machine;
  out.push(`Pingate benchmark, ${m.date}`);
  out.push(`  machine   ${m.cpuModel}, ${m.cores} cores, ${m.totalMemoryGiB} GiB RAM, ${m.platform}`);
  const busy = m.loadAverageAtStart > m.cores / 2;
  out.push(`  load      1-min load average ${m.loadAverageAtStart} at start, ${s.loadAverageAtEnd} at end${busy ? ' (OTHER WORK WAS RUNNING at the start: figures are skewed)' : ''}`);
  out.push(`  node      ${m.node}; UV_THREADPOOL_SIZE ${s.options.threadPoolSize} (bench and provider)`);
  out.push(`  database  ${s.database}`);
  out.push(`  argon2id  m=${s.argon2.memoryKiB} KiB, t=${s.argon2.passes}, p=${s.argon2.parallelism} (the provider's configuration)`);
  out.push(`  accounts  ${s.seeding.accounts} (one per sign-in: a TOTP code is accepted once per token), seeded in ${num(s.seeding.ms / 1000)} s;`);
  out.push(`            ${s.seeding.note}`);
  out.push('  provider  a separate process (node src/main.ts, NODE_ENV=production); load from this process over HTTP');
  out.push(`  config    shipped defaults, except ${JSON.stringify(s.configChanges)} (all load comes from one IP)`);
  out.push('');

  out.push('1. PIN hashing alone: argon2id verifications in this process, same parameters');
  out.push(table(['concurrency', 'ops', 'ops/s', 'p50 ms', 'p99 ms'],
    s.hashing.map((h) => [String(h.concurrency), String(h.operations), num(h.perSecond), num(h.latency.p50), num(h.latency.p99)])));
  const best = Math.max(...s.hashing.map((h) => h.perSecond));
  out.push(`  A successful sign-in costs exactly one argon2id verification, so ~${num(best, 0)}/s is the ceiling`);
  out.push('  no sign-in rate on this machine can beat (less in practice: the rest of the sign-in and the');
  out.push('  load generator share the same cores).');
  out.push('');

  out.push('2. Full sign-ins: authorize -> username -> PIN + TOTP -> code -> token (new cookie jar each)');
  const ceiling = Math.max(...s.hashing.map((h) => h.perSecond));
  out.push(table(['clients', 'sign-ins', 'failed', 'sign-ins/s', 'of ceiling', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'p50 first->last 5th'],
    s.signins.map((p) => [String(p.concurrency), String(p.attempted), String(p.failed), num(p.perSecond), `${num((100 * p.perSecond) / ceiling, 0)}%`, num(p.latency.p50), num(p.latency.p90), num(p.latency.p99), num(p.latency.max), driftCell(p)])));
  out.push('  "p50 first->last 5th": p50 of the first and the last fifth of the sign-ins; a rise means the');
  out.push('  provider slows down as sign-ins accumulate in the database (see docs/benchmarks.md).');
  out.push('  where the time goes, p50 ms per leg (each leg includes the redirects it follows):');
  out.push(table(['clients', 'authorize', 'username', 'PIN+TOTP', 'token'],
    s.signins.map((p) => [String(p.concurrency), num(p.steps.authorize.p50), num(p.steps.username.p50), num(p.steps.passcode.p50), num(p.steps.token.p50)])));
  out.push('  CPU used, in cores busy on average over the phase:');
  for (const p of s.signins) out.push(cpuLine(`${p.concurrency} client${p.concurrency === 1 ? '' : 's'}`, p.cpu));
  out.push('');

  out.push('3. Refresh-token grants (openid-client refreshTokenGrant, one refresh-token chain per client)');
  out.push(table(['clients', 'grants', 'failed', 'grants/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'p50 first->last 5th', 'rotated'],
    s.refresh.map((p) => [String(p.concurrency), String(p.attempted), String(p.failed), num(p.perSecond), num(p.latency.p50), num(p.latency.p90), num(p.latency.p99), num(p.latency.max), driftCell(p), String(p.rotated)])));
  out.push('  CPU used, in cores busy on average over the phase:');
  for (const p of s.refresh) out.push(cpuLine(`${p.concurrency} client${p.concurrency === 1 ? '' : 's'}`, p.cpu));
  out.push('');

  if (s.failures > 0) {
    out.push(`!! ${s.failures} OPERATION(S) FAILED: the figures above are NOT a clean run.`);
    out.push(...errorLines([...s.signins, ...s.refresh]));
  } else {
    out.push('No failures: every sign-in returned an ID token with amr ["pin","otp","mfa"] and a refresh token.');
  }
  return `${out.join('\n')}\n`;
}

export function writeSummary(file: string, summary: BenchSummary): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const { signins, options, ...rest } = summary;
  // Refresh tokens are live credentials of a throwaway database; still, keep them out of the file.
  const clean = { ...rest, options: { ...options, mongodbUri: options.mongodbUri ? '(set: see database)' : null }, signins: signins.map(({ refreshTokens, ...phase }) => ({ ...phase, refreshTokens: refreshTokens.length })) };
  writeFileSync(file, `${JSON.stringify(clean, null, 2)}\n`);
}
