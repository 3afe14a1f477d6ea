// `pingate db export|import|backup`: move every record between the embedded SQLite file and
// MongoDB (JSON Lines; secrets stay sealed, so both sides need the same PINGATE_SECRET_KEY), and
// take an online copy of the SQLite file while the server runs.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { readDump, writeDump } from '../storage/dump-file.ts';
import type { CommandContext } from './context.ts';
import { CliError, EXIT } from './errors.ts';
import { writeJson, writeLine } from './io.ts';
import { isJson } from './options.ts';

const summary = (counts: Readonly<Record<string, number>>): string =>
  Object.entries(counts).filter(([, n]) => n > 0).map(([collection, n]) => `${n} ${collection}`).join(', ') || 'nothing';

export function registerDbCommands(program: Command, { io, withStorage }: CommandContext): void {
  const db = program.command('db').description('the database: export, import, backup');

  db.command('export')
    .description('write every record as JSON Lines (to FILE, or to stdout with "-"); secrets stay sealed')
    .argument('<file>', 'where to write, "-" for stdout')
    .action(async (file: string, _options: unknown, command: Command) => {
      if (file !== '-' && existsSync(file)) throw new CliError(`${file} exists: choose a new file name`);
      const counts = await withStorage(async ({ storage }) => {
        // The file holds PIN hashes and sealed secrets: readable by its owner only.
        const out = file === '-' ? io.stdout : createWriteStream(file, { flags: 'wx', mode: 0o600 });
        const written = await writeDump(storage, out, new Date());
        if (out !== io.stdout) {
          out.end();
          await finished(out);
        }
        return written;
      });
      if (file === '-') return;
      if (isJson(command)) writeJson(io.stdout, counts);
      else writeLine(io.stdout, `exported ${summary(counts)} to ${file}`);
    });

  db.command('import')
    .description('read a `db export` file (or stdin with "-") into this database, which must be empty')
    .argument('<file>', 'the export file, "-" for stdin')
    .action(async (file: string, _options: unknown, command: Command) => {
      if (file !== '-' && !existsSync(file)) throw new CliError(`${file} does not exist`, EXIT.notFound);
      const counts = await withStorage(async ({ storage }) => {
        const input = file === '-' ? io.stdin : createReadStream(file);
        try {
          return await storage.importRecords(readDump(input));
        } catch (error) {
          if ((error as { code?: string }).code === 'invalid_input') throw new CliError(`${file}: ${(error as Error).message}`);
          throw error;
        }
      });
      if (isJson(command)) writeJson(io.stdout, counts);
      else writeLine(io.stdout, `imported ${summary(counts)}`);
    });

  db.command('backup')
    .description('an online copy of the embedded SQLite database (safe while the server runs)')
    .argument('<file>', 'the copy to write (must not exist)')
    .action(async (file: string, _options: unknown, command: Command) => {
      if (existsSync(file)) throw new CliError(`${file} exists: choose a new file name`);
      await withStorage(({ storage }) => storage.backupTo(file));
      if (isJson(command)) writeJson(io.stdout, { file });
      else writeLine(io.stdout, `backed up the database to ${file}`);
    });
}
