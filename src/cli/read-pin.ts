// Reads a PIN for `pin set` without it touching the command line: typed at a prompt with no
// echo (asked twice) when stdin is a terminal, otherwise the first line of stdin (a pipe).
import type { Writable } from 'node:stream';
import { CliError, EXIT } from './errors.ts';
import type { CliInput, CliIo } from './io.ts';

const MAX_LINE = 1024;

export async function readPin(io: CliIo): Promise<string> {
  if (io.stdin.isTTY && io.stdin.setRawMode) {
    const [pin, again] = await withoutEcho(io.stdin, () => readHiddenLines(io.stdin, io.stderr, ['PIN: ', 'Repeat the PIN: ']));
    if (pin !== again) throw new CliError('the two PINs differ; nothing was changed');
    if (!pin) throw new CliError('no PIN was typed; nothing was changed');
    return pin;
  }
  const pin = await readFirstLine(io.stdin);
  if (!pin) throw new CliError('no PIN on standard input: pipe one line (e.g. from a secret store), or run in a terminal to be prompted');
  return pin;
}

/** The first line of `input` (a pipe, or a terminal in its usual line mode), without its end. */
export async function readFirstLine(input: CliInput, what = 'a PIN'): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    const end = text.indexOf('\n');
    if (end >= 0) {
      text = text.slice(0, end);
      break;
    }
    if (text.length > MAX_LINE) break;
  }
  if (text.length > MAX_LINE) throw new CliError(`the first line of standard input is too long to be ${what}`);
  return text.replace(/\r$/, '');
}

/** Raw mode for the whole exchange, switched on before the first prompt: keys typed ahead of
 * a prompt are never echoed by the terminal. */
async function withoutEcho<T>(input: CliInput, read: () => Promise<T>): Promise<T> {
  input.setRawMode!(true);
  input.setEncoding('utf8');
  try {
    return await read();
  } finally {
    input.setRawMode!(false);
    input.pause();
  }
}

/** One line per prompt, typed without echo; keys typed ahead carry over to the next prompt. */
function readHiddenLines(input: CliInput, prompt: Writable, labels: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  let value = '';
  prompt.write(labels[0] ?? '');
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      input.off('data', onData);
      if (error) {
        prompt.write('\n');
        reject(error);
      } else resolve(lines);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          prompt.write('\n');
          lines.push(value);
          value = '';
          if (lines.length === labels.length) return finish();
          prompt.write(labels[lines.length] ?? '');
        } else if (char === '\u0003') return finish(new CliError('interrupted', EXIT.interrupted));
        else if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
        if (value.length > MAX_LINE) return finish(new CliError('too long to be a PIN'));
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
