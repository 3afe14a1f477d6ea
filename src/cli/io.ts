// The streams and environment a CLI run works with. main() takes them as a parameter, so tests
// run commands in-process with their own buffers and environment instead of the real process's.
import type { Readable, Writable } from 'node:stream';

/** Standard input; a TTY adds isTTY and setRawMode (used to read a PIN without echo). */
export type CliInput = Readable & { readonly isTTY?: boolean; setRawMode?(mode: boolean): unknown };

export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: CliInput;
  /** Environment for configuration (MONGODB_URI, PINGATE_*); process.env for the real binary. */
  readonly env: NodeJS.ProcessEnv;
}

export const writeLine = (stream: Writable, text = ''): void => {
  stream.write(`${text}\n`);
};

export const writeJson = (stream: Writable, value: unknown): void => {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
};
