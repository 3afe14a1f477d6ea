// CPU time used by the processes of the run (provider, embedded database, this load generator)
// during a phase, to see where the time goes. Linux only (/proc); elsewhere it reports nothing.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ; 100 on every mainstream Linux build

/** utime + stime of a process in seconds, or null when /proc cannot tell. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which is in parentheses and may contain spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Our own child processes whose command name starts with `prefix` (the embedded database). */
export function childPids(prefix: string): number[] {
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return found;
  }
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && name.startsWith(prefix)) found.push(Number(entry));
    } catch {
      // the process went away
    }
  }
  return found;
}

export interface CpuShare {
  /** CPU seconds used during the phase. */
  readonly seconds: number;
  /** seconds / wall seconds: 1.0 = one core busy all along. */
  readonly cores: number;
}

export type CpuReport = Readonly<Record<string, CpuShare>>;

/** Samples the named processes now; call the returned function at the end of the phase. */
export function startCpuMeter(pids: Readonly<Record<string, number>>): (wallMs: number) => CpuReport {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processCpuSeconds(pid)]));
  const self = process.cpuUsage();
  return (wallMs) => {
    const report: Record<string, CpuShare> = {};
    for (const [name, pid] of Object.entries(pids)) {
      const start = before[name];
      const end = processCpuSeconds(pid);
      if (start == null || end === null) continue;
      report[name] = { seconds: end - start, cores: (end - start) / (wallMs / 1000) };
    }
    const used = process.cpuUsage(self);
    const seconds = (used.user + used.system) / 1e6;
    report['load generator'] = { seconds, cores: seconds / (wallMs / 1000) };
    return report;
  };
}

/** The highest resident memory the process has had (VmHWM), in MiB; NaN when /proc cannot tell. */
export function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kib ? Number(kib) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
