// Searching the audit log, newest first: by account (username), event, and time. The CLI, the
// administration API and the console all search through here.
import type { AuditRecord } from '../audit.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAccount } from './find-account.ts';

export interface AuditSearch {
  readonly username?: string | undefined;
  readonly event?: string | undefined;
  readonly since?: Date | undefined;
  readonly until?: Date | undefined;
  readonly limit: number;
  readonly skip?: number | undefined;
}

export async function searchAudit(deps: AdminDependencies, search: AuditSearch): Promise<readonly AuditRecord[]> {
  const accountId = search.username ? (await requireAccount(deps.accounts, search.username)).id : undefined;
  return deps.audit.query({ accountId, event: search.event || undefined, since: search.since, until: search.until, limit: search.limit, skip: search.skip });
}
