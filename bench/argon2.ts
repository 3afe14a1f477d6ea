// PIN hashing alone: argon2id verifications with the provider's own hasher and parameters.
// A successful sign-in costs exactly one verification, so this rate is the ceiling of the
// sign-in rate on the same machine (node:crypto runs argon2 on the libuv thread pool; the
// hasher computes one per core at once, as in the provider).
import type { HasherOptions } from '../src/security/pin-hasher.ts';
import { createPinHasher } from '../src/security/pin-hasher.ts';
import { runConcurrently } from './load.ts';
import { summarize, type LatencySummary } from './stats.ts';

export interface HashingResult {
  readonly concurrency: number;
  readonly operations: number;
  readonly wallMs: number;
  readonly perSecond: number;
  readonly latency: LatencySummary;
}

export async function benchHashing(parameters: HasherOptions, operations: number, concurrency: number): Promise<HashingResult> {
  const hasher = createPinHasher(parameters);
  const phc = await hasher.hash('7204');
  await hasher.verify(phc, '7204'); // warm-up
  const run = await runConcurrently(operations, concurrency, async () => {
    if (!(await hasher.verify(phc, '7204'))) throw new Error('argon2id verification did not match');
  });
  const failure = run.outcomes.find((o) => !o.ok);
  if (failure && !failure.ok) throw new Error(failure.error);
  return {
    concurrency,
    operations,
    wallMs: run.wallMs,
    perSecond: operations / (run.wallMs / 1000),
    latency: summarize(run.outcomes.map((o) => o.ms)),
  };
}
