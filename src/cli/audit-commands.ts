// `pingate audit`: security events, newest first, filtered by account, event and time.
import type { Command } from 'commander';
import { searchAudit } from '../usecases/admin/search-audit.ts';
import type { CommandContext } from './context.ts';
import { CliError } from './errors.ts';
import { writeJson, writeLine } from './io.ts';
import { integerIn, isJson } from './options.ts';
import { formatTable } from './table.ts';

interface AuditOptions {
  readonly account?: string;
  readonly event?: string;
  readonly since?: string;
  readonly limit: number;
}

export function registerAuditCommands(program: Command, { io, withAdmin }: CommandContext): void {
  program
    .command('audit')
    .description('security events, newest first')
    .option('--account <username>', 'only this account')
    .option('--event <name>', 'only this event, e.g. signin.failure')
    .option('--since <time>', 'only events at or after this ISO 8601 time')
    .option('--limit <n>', 'at most this many events', integerIn(1, 10_000), 100)
    .action(async (options: AuditOptions, command: Command) => {
      const since = options.since ? new Date(options.since) : undefined;
      if (since && Number.isNaN(since.getTime())) throw new CliError('--since must be an ISO 8601 time, e.g. 2026-11-22T08:00:00Z');
      const events = await withAdmin(async (admin) =>
        searchAudit(admin, {
          username: options.account,
          event: options.event,
          since,
          limit: options.limit,
        }),
      );
      if (isJson(command)) {
        writeJson(io.stdout, events);
        return;
      }
      if (events.length === 0) {
        writeLine(io.stdout, 'No events.');
        return;
      }
      const rows = events.map((e) => [
        e.time.toISOString(),
        e.event,
        e.outcome,
        e.account?.username ?? '-',
        `${e.actor.type}:${e.actor.id}`,
        e.reason ?? '',
        e.ip ?? '',
        e.clientId ?? '',
      ]);
      writeLine(io.stdout, formatTable(['TIME', 'EVENT', 'OUTCOME', 'ACCOUNT', 'ACTOR', 'REASON', 'IP', 'CLIENT'], rows));
    });
}
