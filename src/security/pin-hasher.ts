// PIN hashing with argon2id (Node's built-in crypto.argon2, run on the libuv thread pool).
// Hashes are PHC strings, so parameters travel with each hash and can be raised later.
// At most `concurrency` hashes run at once (by default one per core): argon2id is CPU-bound, so
// more at once only adds memory (each holds memoryKiB) and context switches, not throughput.
// The others wait in a queue, in arrival order.
import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import os from 'node:os';
import { promisify } from 'node:util';

const argon2Async = promisify(argon2);

export interface Argon2Parameters {
  readonly memoryKiB: number;
  readonly passes: number;
  readonly parallelism: number;
}

export interface HasherOptions extends Argon2Parameters {
  /** Hashes computed at once; 0 or absent: one per core. */
  readonly concurrency?: number;
}

export interface PinHasher {
  hash(pin: string): Promise<string>;
  verify(phc: string, pin: string): Promise<boolean>;
  /** Spends the same time as verify() for an account that has no PIN hash (unknown user). */
  verifyDummy(pin: string): Promise<false>;
  /** Computations waiting for a slot now (a metric: a queue that keeps growing means too few cores). */
  waiting(): number;
}

const TAG_LENGTH = 32;
const SALT_LENGTH = 16;
const b64 = (buffer: Buffer): string => buffer.toString('base64').replace(/=+$/, '');

export function createPinHasher({ concurrency, ...parameters }: HasherOptions): PinHasher {
  const slots = limit(concurrency || os.availableParallelism());
  const derive = (pin: string, salt: Buffer, p: Argon2Parameters, tagLength: number): Promise<Buffer> =>
    slots.run(() =>
      argon2Async('argon2id', {
        message: Buffer.from(pin.normalize('NFC'), 'utf8'),
        nonce: salt,
        memory: p.memoryKiB,
        passes: p.passes,
        parallelism: p.parallelism,
        tagLength,
      }),
    );

  const hash = async (pin: string): Promise<string> => {
    const salt = randomBytes(SALT_LENGTH);
    const tag = await derive(pin, salt, parameters, TAG_LENGTH);
    return `$argon2id$v=19$m=${parameters.memoryKiB},t=${parameters.passes},p=${parameters.parallelism}$${b64(salt)}$${b64(tag)}`;
  };

  // Computed once, lazily: a real hash with the current parameters, compared against on every
  // unknown-user attempt so that path costs what a known user's does.
  let dummy: Promise<string> | undefined;

  const verify = async (phc: string, pin: string): Promise<boolean> => {
    const parsed = parsePhc(phc);
    if (!parsed) return false;
    const tag = await derive(pin, parsed.salt, parsed.parameters, parsed.tag.length);
    return timingSafeEqual(tag, parsed.tag);
  };

  return {
    hash,
    verify,
    async verifyDummy(pin) {
      dummy ??= hash('dummy-pin-for-timing');
      await verify(await dummy, pin);
      return false;
    },
    waiting: () => slots.waiting(),
  };
}

/** Runs at most `max` tasks at once; the rest wait in arrival order. */
function limit(max: number): { run<T>(task: () => Promise<T>): Promise<T>; waiting(): number } {
  let running = 0;
  const waiting: Array<() => void> = [];
  const run = async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
  return { run, waiting: () => waiting.length };
}

interface ParsedPhc {
  readonly parameters: Argon2Parameters;
  readonly salt: Buffer;
  readonly tag: Buffer;
}

function parsePhc(phc: string): ParsedPhc | null {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(phc);
  if (!match) return null;
  const [, m, t, p, salt, tag] = match;
  return {
    parameters: { memoryKiB: Number(m), passes: Number(t), parallelism: Number(p) },
    salt: Buffer.from(salt!, 'base64'),
    tag: Buffer.from(tag!, 'base64'),
  };
}
