// Confirmation of an action that cannot be undone: at a terminal the operator types the name of
// what goes; a script (no terminal) must say --yes, so that nothing is removed by a stray pipe.
import { CliError } from './errors.ts';
import type { CliIo } from './io.ts';
import { readFirstLine } from './read-pin.ts';

export async function confirmByName(io: CliIo, action: string, name: string): Promise<void> {
  if (!io.stdin.isTTY) throw new CliError(`${action}: add --yes to confirm`);
  io.stderr.write(`${action}. Type ${name} to confirm: `);
  const typed = await readFirstLine(io.stdin, 'a confirmation');
  if (typed.trim() !== name) throw new CliError('not confirmed; nothing was changed');
}
