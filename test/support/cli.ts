// Runs the `pingate` command in-process through main(), with captured streams and its own
// environment; stdin is a pipe holding `input` (never a terminal).
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { main } from '../../src/cli/main.ts';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const capture = () => {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return { stream, text: () => text };
};

export async function runPingate(env: NodeJS.ProcessEnv, args: readonly string[], input = ''): Promise<Run> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(args, { stdout: stdout.stream, stderr: stderr.stream, stdin: Readable.from([input]), env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Like runPingate, and the command must succeed. */
export async function runPingateOk(env: NodeJS.ProcessEnv, args: readonly string[], input = ''): Promise<Run> {
  const run = await runPingate(env, args, input);
  assert.equal(run.code, 0, `pingate ${args.join(' ')} failed: ${run.stderr}`);
  return run;
}
