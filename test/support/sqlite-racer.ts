// A worker thread with its own connection to one SQLite file: it waits for the others at a
// barrier, then runs the same conditional operations as they do, at the same moment. Used by
// test/integration/sqlite-connections.test.ts (threads are separate connections to SQLite, as
// processes are: the file's locks decide, not the JavaScript event loop).
import { randomBytes } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { createSecretBox } from '../../src/security/secret-box.ts';
import { openSqliteStorage } from '../../src/storage/sqlite/index.ts';
import { systemClock } from '../../src/usecases/ports.ts';

export interface RaceInput {
  readonly file: string;
  readonly barrier: SharedArrayBuffer;
  readonly workers: number;
  readonly index: number;
  readonly accountId: string;
  readonly tokenId: string;
  readonly flowId: string;
  readonly now: number;
}

export interface RaceOutput {
  readonly failures: Array<{ failures: number; lockedNow: boolean }>;
  readonly steps: boolean[];
  readonly codes: boolean[];
  readonly pins: boolean[];
  readonly saves: boolean[];
  readonly limits: boolean[];
}

const input = workerData as RaceInput;
const storage = openSqliteStorage({
  file: input.file,
  secretBox: createSecretBox(randomBytes(32)),
  clock: systemClock,
  rateLimit: { windowSeconds: 60, perIp: 1_000_000, perUsername: 7, adminPerClient: 10, recoveryEmailsPerHour: 3, clientAuthFailures: 5, validatePerCaller: 100 },
  durable: false,
});
const flow = (await storage.flows.find(input.flowId))!;
const now = new Date(input.now);

const arrived = new Int32Array(input.barrier);
Atomics.add(arrived, 0, 1);
Atomics.notify(arrived, 0);
while (Atomics.load(arrived, 0) < input.workers) Atomics.wait(arrived, 0, Atomics.load(arrived, 0), 50);

const output: RaceOutput = { failures: [], steps: [], codes: [], pins: [], saves: [], limits: [] };
for (let i = 0; i < 25; i++) {
  output.failures.push(await storage.accounts.recordFailure(input.accountId, now, { maxFailures: 5, lockSeconds: 600 }));
  if (i < 10) output.steps.push(await storage.tokens.acceptTimeStep(input.tokenId, 1000));
  if (i < 5) output.codes.push(await storage.accounts.consumeEnrolmentCode(input.accountId, 'enrolment-hash'));
  if (i < 5) output.pins.push(await storage.accounts.replacePin(input.accountId, { hash: `h-${input.index}-${i}`, state: 'SET', changedAt: now, history: ['h0'], graceUntil: null }, 'h0'));
  if (i < 5) output.saves.push(await storage.flows.save({ ...flow, username: `w${input.index}` }));
  if (i < 10) output.limits.push(await storage.rateLimiter.allow('192.0.2.1', 'raced-user'));
}
await storage.close();
parentPort!.postMessage(output);
