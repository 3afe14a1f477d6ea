// Option-value parsers shared by the commands. They only turn text into values; what a value
// may be (a valid group, a well-formed URI) is decided by the use cases.
import { InvalidArgumentError, type Command } from 'commander';

/** A repeatable option that also accepts a comma-separated list: --group a --group b,c */
export const collectList = (value: string, previous: readonly string[] = []): string[] => [
  ...previous,
  ...value.split(',').map((item) => item.trim()).filter(Boolean),
];

/** A repeatable option whose values are kept whole (URIs may contain commas). */
export const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, value];

export function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    const number = Number(value);
    if (number < min || number > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return number;
  };
}

/** The global --json flag, wherever it was written on the command line. */
export const isJson = (command: Command): boolean => Boolean(command.optsWithGlobals().json);
