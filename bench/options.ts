// The bench's knobs: which backends and data sizes (command line), and how many operations
// (environment variables, with defaults that keep one run on a 2-core machine to minutes).
import { parseArgs } from 'node:util';
import type { BackendKind } from '../src/storage/storage.ts';

export interface BenchOptions {
  /** Backends to measure, in order. */
  readonly backends: readonly BackendKind[];
  /** Pre-filled accounts (each with a token, and one expired and one live session, grant and
   * refresh token), one run per value. */
  readonly fills: readonly number[];
  /** Measured sign-ins at concurrency 1 and 16 (each needs its own fresh account). */
  readonly signinsC1: number;
  readonly signinsC16: number;
  /** Unmeasured sign-ins first, to warm up both processes (JIT, connection pools, caches). */
  readonly warmupSignins: number;
  /** Validate checks (PIN + TOTP accepted) at concurrency 1 and 16 (each its own account). */
  readonly validateC1: number;
  readonly validateC16: number;
  /** Refresh-token grants at each concurrency level. */
  readonly refreshCount: number;
  /** argon2id verifications in the hashing phase. */
  readonly argon2Ops: number;
  /** libuv thread pool size of this process (and of the provider, which gets the same value). */
  readonly threadPoolSize: number;
  /** A real MongoDB instead of the embedded FerretDB for the mongodb backend. */
  readonly mongodbUri: string | null;
}

export const USAGE = `npm run bench -- [--backend sqlite|mongodb ...] [--fill N[,N...]]
  --backend   a backend to measure (repeatable; default: sqlite, and mongodb when Go can build
              the FerretDB test server or BENCH_MONGODB_URI names a MongoDB)
  --fill      accounts in the database before measuring, one run per value (default 0);
              each has a token and one expired and one live session, grant and refresh token
environment: BENCH_SIGNINS_C1, BENCH_SIGNINS_C16, BENCH_VALIDATE_C1, BENCH_VALIDATE_C16, BENCH_WARMUP_SIGNINS, BENCH_REFRESH_COUNT,
             BENCH_ARGON2_OPS, UV_THREADPOOL_SIZE, BENCH_MONGODB_URI`;

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

export function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv, mongodbAvailable: () => boolean): BenchOptions {
  const { values } = parseArgs({ args: [...argv], options: { backend: { type: 'string', multiple: true }, fill: { type: 'string', multiple: true }, help: { type: 'boolean' } }, strict: true });
  if (values.help) throw new Error(USAGE);
  const mongodbUri = env.BENCH_MONGODB_URI || null;
  const backends = (values.backend ?? []).flatMap((b) => b.split(','));
  for (const backend of backends) if (backend !== 'sqlite' && backend !== 'mongodb') throw new Error(`--backend must be sqlite or mongodb, not ${backend}\n${USAGE}`);
  const fills = (values.fill ?? ['0']).flatMap((f) => f.split(',')).map((f) => {
    if (!/^\d+$/.test(f.trim())) throw new Error(`--fill must be a whole number, not ${f}\n${USAGE}`);
    return Number(f);
  });
  return {
    backends: backends.length > 0 ? (backends as BackendKind[]) : mongodbUri || mongodbAvailable() ? ['sqlite', 'mongodb'] : ['sqlite'],
    fills,
    signinsC1: positiveInteger(env, 'BENCH_SIGNINS_C1', 160),
    signinsC16: positiveInteger(env, 'BENCH_SIGNINS_C16', 160),
    warmupSignins: positiveInteger(env, 'BENCH_WARMUP_SIGNINS', 5),
    validateC1: positiveInteger(env, 'BENCH_VALIDATE_C1', 160),
    validateC16: positiveInteger(env, 'BENCH_VALIDATE_C16', 160),
    refreshCount: positiveInteger(env, 'BENCH_REFRESH_COUNT', 1000),
    argon2Ops: positiveInteger(env, 'BENCH_ARGON2_OPS', 160),
    threadPoolSize: positiveInteger(env, 'UV_THREADPOOL_SIZE', 4),
    mongodbUri,
  };
}

export const CONCURRENCY_LEVELS = [1, 16] as const;
