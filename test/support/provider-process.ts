// A provider as a process of its own (`npm start`'s command, the production entry point), started
// with an explicit environment: several of them can share one database, as behind a load
// balancer. Also fresh secrets in the two shapes needed (the child's env, a Secrets object).
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { JWK } from 'jose';
import { projectRoot } from '../../src/config/load.ts';
import type { Secrets } from '../../src/security/secrets.ts';

export interface ProviderProcess {
  readonly issuer: string;
  readonly pid: number;
  readonly port: number;
  /** How the process ended (resolves once it has). */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  /** Sends a signal without waiting (stop() sends SIGTERM and waits, with SIGKILL after 5 s). */
  signal(signal: NodeJS.Signals): void;
  stop(): Promise<void>;
}

export interface GeneratedSecrets {
  readonly secrets: Secrets;
  readonly env: Readonly<Record<string, string>>;
}

export function generateSecrets(): GeneratedSecrets {
  // ES256 first (the default ID-token algorithm), and an RS256 key for clients that ask for it.
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as JWK;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 3072 }).privateKey.export({ format: 'jwk' }) as JWK;
  const jwks = { keys: [{ ...ec, alg: 'ES256', use: 'sig', kid: `test-es-${randomUUID()}` }, { ...rsa, alg: 'RS256', use: 'sig', kid: `test-rs-${randomUUID()}` }] };
  const cookieKeys = [randomBytes(32).toString('base64url')];
  const secretKey = randomBytes(32);
  return {
    secrets: { jwks, cookieKeys, secretKey },
    env: {
      PINGATE_JWKS: JSON.stringify(jwks),
      PINGATE_COOKIE_KEYS: cookieKeys.join(','),
      PINGATE_SECRET_KEY: secretKey.toString('base64'),
    },
  };
}

/** `npm start` as written in package.json ("VAR=value node --flag src/main.ts"): its variables
 * and its node arguments, so tests and the bench run the provider exactly as users start it. */
export function startCommand(): { readonly env: Record<string, string>; readonly args: string[] } {
  const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = manifest.scripts.start.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [name, ...value] = words.shift()!.split('=');
    env[name!] = value.join('=');
  }
  if (words.shift() !== 'node') throw new Error(`the start script does not run node: ${manifest.scripts.start}`);
  return { env, args: words };
}

/**
 * Starts the provider as `npm start` does, with `env` (PORT must be in it), and waits until it
 * answers on that port. Its output is passed on to `log`, marked.
 */
export async function startProvider(env: Record<string, string>, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<ProviderProcess> {
  const port = Number(env.PORT ?? env.PINGATE_SERVER_PORT);
  const command = startCommand();
  const child = spawn(process.execPath, command.args, { cwd: projectRoot, env: { ...command.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', (line) => log(`[provider ${port}] ${line}`));
  let exited: string | null = null;
  const exitStatus = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `the provider process exited (${signal ?? `code ${code}`})`;
      resolve({ code, signal });
    });
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(exited);
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`the provider on port ${port} did not answer within 30 s`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`);
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { issuer: env.PINGATE_ISSUER!, pid: child.pid!, port, exited: exitStatus, signal: (signal) => child.kill(signal), stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
