// The bench's knobs, all from environment variables with defaults that keep a run on a
// small machine (2 cores) to a few minutes.
export interface BenchOptions {
  /** Measured sign-ins at concurrency 1 and 16 (each needs its own fresh account). */
  readonly signinsC1: number;
  readonly signinsC16: number;
  /** Unmeasured sign-ins first, to warm up both processes (JIT, connection pools, caches). */
  readonly warmupSignins: number;
  /** Refresh-token grants at each concurrency level. */
  readonly refreshCount: number;
  /** argon2id verifications at each concurrency level of the hashing phase. */
  readonly argon2Ops: number;
  /** libuv thread pool size of this process (and of the provider, which gets the same value). */
  readonly threadPoolSize: number;
  /** A real MongoDB instead of the embedded FerretDB. */
  readonly mongodbUri: string | null;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

export function readOptions(env: NodeJS.ProcessEnv = process.env): BenchOptions {
  return {
    signinsC1: positiveInteger(env, 'BENCH_SIGNINS_C1', 160),
    signinsC16: positiveInteger(env, 'BENCH_SIGNINS_C16', 160),
    warmupSignins: positiveInteger(env, 'BENCH_WARMUP_SIGNINS', 5),
    refreshCount: positiveInteger(env, 'BENCH_REFRESH_COUNT', 500),
    argon2Ops: positiveInteger(env, 'BENCH_ARGON2_OPS', 120),
    threadPoolSize: positiveInteger(env, 'UV_THREADPOOL_SIZE', 4),
    mongodbUri: env.BENCH_MONGODB_URI || null,
  };
}

export const CONCURRENCY_LEVELS = [1, 16] as const;
