// Audit records of administrative actions, naming the acting operator or API client.
import type { AuditEventName } from '../audit.ts';
import { auditSubject } from '../audit-subject.ts';
import type { AdminDependencies } from './dependencies.ts';

export function auditAdmin(
  deps: AdminDependencies,
  event: AuditEventName,
  account: { readonly id: string; readonly username: string } | null,
  details: Readonly<Record<string, string | number | boolean | null>> = {},
): Promise<void> {
  return deps.audit.record({ event, outcome: 'success', actor: deps.actor, account: account ? auditSubject(account) : null, ip: deps.ip ?? null, details });
}

/** Audit records of client administration name the client concerned as the record's client. */
export function auditClientAdmin(
  deps: AdminDependencies,
  event: AuditEventName,
  clientId: string,
  details: Readonly<Record<string, string | number | boolean | null>> = {},
): Promise<void> {
  return deps.audit.record({ event, outcome: 'success', actor: deps.actor, account: null, clientId, ip: deps.ip ?? null, details });
}
