// Runs the provider as a separate process (`node src/main.ts`, the production entry point) so
// the load generator does not share its event loop. The child gets an explicit environment:
// only what Pingate reads, never this process's environment wholesale.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { JWK } from 'jose';
import { projectRoot } from '../src/config/load.ts';
import type { Secrets } from '../src/security/secrets.ts';

export interface ProviderProcess {
  readonly issuer: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Fresh secrets for one run, in the two shapes needed: the child's env and a Secrets object. */
export interface BenchSecrets {
  readonly secrets: Secrets;
  readonly env: Readonly<Record<string, string>>;
}

export function generateSecrets(): BenchSecrets {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as JWK;
  const jwks = { keys: [{ ...jwk, alg: 'RS256', use: 'sig', kid: `bench-${randomUUID()}` }] };
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


/**
 * The one change to the shipped configuration: every request of the bench comes from one IP
 * (127.0.0.1), which the per-IP sign-in rate limit (rateLimit.perIp, 60 submissions a minute)
 * would stop after 30 sign-ins. The limit is raised, not removed: the limiter still counts each
 * submission in the database, as it does in production. Written as the file PINGATE_CONFIG names.
 */
export const BENCH_CONFIG = { rateLimit: { perIp: 1_000_000 } } as const;

/** The complete environment of the provider process (also used to load the same configuration here). */
export function providerEnv(options: { port: number; databaseUri: string; dataDir: string; secretsEnv: Readonly<Record<string, string>>; threadPoolSize: number }): Record<string, string> {
  const configFile = path.join(options.dataDir, 'bench-config.json');
  writeFileSync(configFile, `${JSON.stringify(BENCH_CONFIG, null, 2)}\n`);
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NODE_ENV: 'production',
    UV_THREADPOOL_SIZE: String(options.threadPoolSize),
    MONGODB_URI: options.databaseUri,
    PORT: String(options.port),
    PINGATE_HOST: '127.0.0.1',
    PINGATE_ISSUER: `http://127.0.0.1:${options.port}`,
    PINGATE_LOG_LEVEL: 'warn',
    PINGATE_TRUST_PROXY: 'false',
    PINGATE_DATA_DIR: options.dataDir,
    PINGATE_CONFIG: configFile,
    ...options.secretsEnv,
  };
}

export async function startProvider(env: Record<string, string>): Promise<ProviderProcess> {
  const issuer = env.PINGATE_ISSUER!;
  const child = spawn(process.execPath, [path.join(projectRoot, 'src', 'main.ts')], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  forwardOutput(child);
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `the provider process exited (${signal ?? `code ${code}`})`;
  });

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(exited);
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error('the provider did not answer /.well-known/openid-configuration within 30 s');
    }
    try {
      const response = await fetch(`${issuer}/.well-known/openid-configuration`);
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { issuer, pid: child.pid!, stop: () => stopChild(child) };
}

/** The provider logs at warn level, so anything it prints deserves to be seen: pass it on, marked. */
function forwardOutput(child: ChildProcess): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => process.stderr.write(`[provider] ${line}\n`));
  }
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
