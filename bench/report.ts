// Presents the figures: a plain-text report on stdout, the summary the issue asked for in
// test-output/bench/latest.json (one object per backend and fill), and every detail in
// test-output/bench/latest-detail.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HasherOptions } from '../src/security/pin-hasher.ts';
import type { HashingResult } from './argon2.ts';
import type { CommandCounts } from './db-commands.ts';
import type { MachineInfo } from './machine.ts';
import type { PhaseResult, RefreshPhaseResult, SignInPhaseResult } from './phases.ts';
import type { CpuReport } from './process-cpu.ts';

export interface RunResult {
  readonly backend: string;
  readonly fill: number;
  readonly database: string;
  readonly fillMs: number;
  readonly seedMs: number;
  /** argon2id alone, measured right before this run's load: its ceiling. */
  readonly hashing: HashingResult;
  readonly signins: readonly SignInPhaseResult[];
  readonly refresh: readonly RefreshPhaseResult[];
  /** Validate checks (PIN + TOTP accepted) at concurrency 1 and 16. */
  readonly validate: readonly PhaseResult[];
  readonly commands: CommandCounts;
  readonly providerRssMb: number;
}

export interface BenchSummary {
  readonly machine: MachineInfo;
  readonly argon2: HasherOptions;
  readonly runs: readonly RunResult[];
  readonly loadAverageAtEnd: number;
  readonly configChanges: unknown;
}

/** The shape asked for in the issue, one object per backend and fill. */
export function headline(summary: BenchSummary) {
  const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
  const at = (phases: readonly PhaseResult[], c: number) => phases.find((p) => p.concurrency === c)!;
  return summary.runs.map((run) => ({
    backend: run.backend,
    fill: run.fill,
    argon2PerSecond: round(run.hashing.perSecond),
    signin: Object.fromEntries([1, 16].map((c) => [`c${c}`, { perSecond: round(at(run.signins, c).perSecond), p50Ms: round(at(run.signins, c).latency.p50), p99Ms: round(at(run.signins, c).latency.p99) }])),
    refresh: Object.fromEntries([1, 16].map((c) => [`c${c}`, { perSecond: round(at(run.refresh, c).perSecond) }])),
    validate: Object.fromEntries([1, 16].map((c) => [`c${c}`, { perSecond: round(at(run.validate, c).perSecond), shareOfCeiling: round(at(run.validate, c).perSecond / run.hashing.perSecond, 2), p50Ms: round(at(run.validate, c).latency.p50) }])),
    dbCommands: { signin: round(run.commands.signin), refresh: round(run.commands.refresh) },
    providerRssMb: round(run.providerRssMb, 0),
  }));
}

const num = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : '-');

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ')}`;
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const cpuCell = (cpu: CpuReport): string => Object.entries(cpu).map(([name, share]) => `${name} ${num(share.cores, 2)}`).join(' · ');

export function formatReport(s: BenchSummary): string {
  const out: string[] = [];
  const m = s.machine;
  out.push(`Pingate benchmark, ${m.date}`);
  out.push(`  machine   ${m.cpuModel}, ${m.cores} cores, ${m.totalMemoryGiB} GiB RAM, ${m.platform}; node ${m.node}`);
  out.push(`  load      1-min load average ${m.loadAverageAtStart} at start, ${s.loadAverageAtEnd} at end${m.loadAverageAtStart > m.cores / 2 ? ' (OTHER WORK WAS RUNNING at the start)' : ''}`);
  out.push(`  argon2id  m=${s.argon2.memoryKiB} KiB, t=${s.argon2.passes}, p=${s.argon2.parallelism}, ${s.argon2.concurrency || m.cores} at once (the provider's hasher); measured alone before each run: that run's ceiling`);
  out.push('  provider  a separate process started as npm start does (NODE_ENV=production); load from this process over HTTP');
  out.push(`  config    shipped defaults, except ${JSON.stringify(s.configChanges)} (all load comes from one IP)`);
  out.push('');
  out.push(table(
    ['backend', 'fill', 'argon2id/s', 'sign-ins/s c1', 'c16', 'of ceiling', 'p50 ms c1', 'c16', 'p99 ms c16', 'refresh/s c1', 'c16', 'commands sign-in', 'refresh', 'RSS MB'],
    s.runs.map((r) => {
      const [c1, c16] = r.signins;
      const [r1, r16] = r.refresh;
      return [r.backend, String(r.fill), num(r.hashing.perSecond), num(c1!.perSecond), num(c16!.perSecond), `${num((100 * c16!.perSecond) / r.hashing.perSecond, 0)}%`, num(c1!.latency.p50), num(c16!.latency.p50), num(c16!.latency.p99), num(r1!.perSecond), num(r16!.perSecond), num(r.commands.signin), num(r.commands.refresh), num(r.providerRssMb, 0)];
    }),
  ));
  out.push('');
  out.push(table(
    ['backend', 'fill', 'validate checks/s c1', 'of ceiling', 'c16', 'of ceiling', 'p50 ms c1', 'c16', 'p99 ms c16'],
    s.runs.map((r) => {
      const [v1, v16] = r.validate;
      const share = (p: PhaseResult) => `${num((100 * p.perSecond) / r.hashing.perSecond, 0)}%`;
      return [r.backend, String(r.fill), num(v1!.perSecond), share(v1!), num(v16!.perSecond), share(v16!), num(v1!.latency.p50), num(v16!.latency.p50), num(v16!.latency.p99)];
    }),
  ));
  for (const r of s.runs) {
    out.push('');
    out.push(`${r.backend}, ${r.fill} accounts pre-filled (${num(r.fillMs / 1000)} s) -- ${r.database}`);
    for (const p of [...r.signins, ...r.refresh, ...r.validate]) {
      out.push(`  ${p.name} c${p.concurrency}: ${p.succeeded}/${p.attempted} ok, ${num(p.perSecond)}/s, p50 ${num(p.latency.p50)} ms, p99 ${num(p.latency.p99)} ms, p50 first->last fifth ${num(p.drift.firstFifthP50, 0)} -> ${num(p.drift.lastFifthP50, 0)} ms; CPU cores: ${cpuCell(p.cpu)}`);
      for (const error of p.errors.slice(0, 3)) out.push(`    !! ${error.count} x ${error.message}`);
    }
    const legs = r.signins.map((p) => `c${p.concurrency} authorize ${num(p.steps.authorize.p50)} · username ${num(p.steps.username.p50)} · PIN+TOTP ${num(p.steps.passcode.p50)} · token ${num(p.steps.token.p50)}`);
    out.push(`  sign-in legs, p50 ms: ${legs.join(' | ')}`);
  }
  const failures = s.runs.flatMap((r) => [...r.signins, ...r.refresh, ...r.validate]).reduce((n, p) => n + p.failed, 0);
  out.push('');
  out.push(failures > 0 ? `!! ${failures} OPERATION(S) FAILED: the figures above are NOT a clean run.` : 'No failures: every sign-in returned an ID token with amr ["pin","otp","mfa"] and a refresh token, every validate check ACCEPT.');
  return `${out.join('\n')}\n`;
}

export function writeSummary(folder: string, summary: BenchSummary): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'latest.json'), `${JSON.stringify(headline(summary), null, 2)}\n`);
  // Refresh tokens are live credentials of a throwaway database; still, keep them out of the file.
  const runs = summary.runs.map((r) => ({ ...r, signins: r.signins.map(({ refreshTokens, ...phase }) => ({ ...phase, refreshTokens: refreshTokens.length })) }));
  writeFileSync(path.join(folder, 'latest-detail.json'), `${JSON.stringify({ ...summary, runs }, null, 2)}\n`);
}
