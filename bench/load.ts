// Runs `count` tasks with `concurrency` workers, each worker taking the next index as soon as
// its previous task ends (closed loop: no requests queue up beyond the workers). Records every
// task's latency and turns failures into outcomes rather than stopping the run.
import { performance } from 'node:perf_hooks';

export type Outcome<T> =
  | { readonly ok: true; readonly value: T; readonly ms: number }
  | { readonly ok: false; readonly error: string; readonly ms: number };

export interface LoadRun<T> {
  readonly outcomes: readonly Outcome<T>[];
  readonly wallMs: number;
}

export async function runConcurrently<T>(
  count: number,
  concurrency: number,
  task: (index: number, worker: number) => Promise<T>,
): Promise<LoadRun<T>> {
  const outcomes: Outcome<T>[] = new Array<Outcome<T>>(count);
  let next = 0;
  const worker = async (id: number): Promise<void> => {
    for (let index = next++; index < count; index = next++) {
      const started = performance.now();
      try {
        const value = await task(index, id);
        outcomes[index] = { ok: true, value, ms: performance.now() - started };
      } catch (error) {
        outcomes[index] = { ok: false, error: describeError(error), ms: performance.now() - started };
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, (_, id) => worker(id)));
  return { outcomes, wallMs: performance.now() - started };
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const oauth = error as Error & { error?: string; error_description?: string; cause?: unknown };
  const code = oauth.error ? ` [${oauth.error}${oauth.error_description ? `: ${oauth.error_description}` : ''}]` : '';
  const cause = oauth.cause instanceof Error ? ` (cause: ${oauth.cause.message})` : '';
  return `${error.message}${code}${cause}`;
}
