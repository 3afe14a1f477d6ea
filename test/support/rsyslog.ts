// A real rsyslog (Debian's rsyslogd) as the audit trail's collector: it listens for RFC 5424 over
// TCP on a free port and writes each message as received to a file in its own folder. Started
// and stopped by the test; can be stopped and started again on the same port (an outage).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './server.ts';

export const rsyslogAvailable = (): boolean => spawnSync('rsyslogd', ['-v'], { stdio: 'ignore' }).status === 0 || existsSync('/usr/sbin/rsyslogd');

export interface Rsyslog {
  readonly port: number;
  /** The messages received so far, as sent. */
  messages(): string[];
  /** Waits until a message matches. */
  waitFor(match: (message: string) => boolean, timeoutMs?: number): Promise<string>;
  start(): Promise<void>;
  stop(): Promise<void>;
  remove(): Promise<void>;
}

export async function startRsyslog(): Promise<Rsyslog> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'pingate-rsyslog-'));
  const port = await freePort();
  const received = path.join(folder, 'received.log');
  const config = path.join(folder, 'rsyslog.conf');
  writeFileSync(
    config,
    [
      `global(workDirectory="${folder}")`,
      'module(load="imtcp")',
      `input(type="imtcp" port="${port}" address="127.0.0.1")`,
      'template(name="raw" type="string" string="%rawmsg%\\n")',
      `*.* action(type="omfile" file="${received}" template="raw")`,
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  const binary = existsSync('/usr/sbin/rsyslogd') ? '/usr/sbin/rsyslogd' : 'rsyslogd';
  const messages = () => (existsSync(received) ? readFileSync(received, 'utf8').split('\n').filter(Boolean) : []);
  const listening = async () => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const probe = spawnSync('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`], { stdio: 'ignore' });
      if (probe.status === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`rsyslogd did not listen on ${port}`);
  };
  const collector: Rsyslog = {
    port,
    messages,
    async waitFor(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages().find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such syslog message within ${timeoutMs} ms; received:\n${messages().join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async start() {
      child = spawn(binary, ['-n', '-f', config, '-i', path.join(folder, 'rsyslogd.pid')], { stdio: 'ignore' });
      await listening();
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
    async remove() {
      await collector.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
  await collector.start();
  return collector;
}
