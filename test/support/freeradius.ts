// FreeRADIUS (Debian's freeradius, freeradius-rest) with Pingate's configuration
// (integrations/freeradius), started on a free UDP port for a test, and radclient
// (freeradius-utils) as the RADIUS client a VPN concentrator would be.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/config/load.ts';

export interface RunningRadius {
  readonly port: number;
  readonly secret: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

export async function startFreeRadius(pingate: { url: string; clientId: string; clientSecret: string }): Promise<RunningRadius> {
  const port = await freeUdpPort();
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'pingate-radius-'));
  const secret = 'radius-shared-secret';
  const child: ChildProcess = spawn(path.join(projectRoot, 'integrations/freeradius/run.sh'), process.env.PINGATE_TEST_RADIUS_DEBUG ? ['-X'] : [], {
    env: {
      PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
      PINGATE_URL: pingate.url,
      PINGATE_CLIENT_ID: pingate.clientId,
      PINGATE_CLIENT_SECRET: pingate.clientSecret,
      RADIUS_PORT: String(port),
      RADIUS_CLIENTS_NETWORK: '127.0.0.1/32',
      RADIUS_CLIENTS_SECRET: secret,
      RADIUS_RUN_DIR: runDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`FreeRADIUS did not start in 20 s:\n${output}`)), 20_000);
    const check = () => {
      if (output.includes('Ready to process requests')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`FreeRADIUS exited (${code}); is Debian's freeradius and freeradius-rest installed?\n${output}`));
    });
    child.once('error', (error) => reject(error));
  });
  return {
    port,
    secret,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}

export interface RadiusReply {
  /** Access-Accept, Access-Reject or Access-Challenge; null when nothing came back. */
  readonly type: string | null;
  readonly attributes: Readonly<Record<string, string>>;
}

/** One Access-Request with radclient; `attributes` as radclient reads them (State as 0x…). */
export async function radclient(radius: RunningRadius, attributes: Readonly<Record<string, string>>): Promise<RadiusReply> {
  const input = Object.entries(attributes).map(([name, value]) => (value.startsWith('0x') ? `${name} = ${value}` : `${name} = "${value.replace(/["\\]/g, (c) => `\\${c}`)}"`)).join('\n');
  const child = spawn('radclient', ['-x', '-r', '1', '-t', '20', `127.0.0.1:${radius.port}`, 'auth', radius.secret], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stdin.end(`${input}\n`);
  await new Promise((resolve) => child.once('exit', resolve));
  const received = /Received (Access-\w+) Id/.exec(out);
  const reply: Record<string, string> = {};
  if (received) {
    const after = out.slice(received.index);
    for (const match of after.matchAll(/^\s+([\w-]+) = (.*)$/gm)) {
      const [, name, raw] = match;
      reply[name!] = raw!.startsWith('"') ? raw!.slice(1, -1) : raw!;
    }
  }
  return { type: received ? received[1]! : null, attributes: reply };
}
