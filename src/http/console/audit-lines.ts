// An audit record as the console shows it: the time in the page's language and time zone, the
// event and reason in words where the catalogue has them (console.event.* and the activity reasons),
// and always the stable event code beside them, which is what the helpdesk searches and quotes.
import type { Translator } from '../../i18n/index.ts';
import type { AuditRecord } from '../../usecases/audit.ts';

export interface AuditLine {
  readonly time: string;
  readonly event: string;
  readonly label: string | null;
  readonly failed: boolean;
  readonly reason: string | null;
  readonly username: string | null;
  readonly actor: string;
  readonly ip: string | null;
  readonly clientId: string | null;
}

/** Who acted, in words: the account's owner rather than their account id, a console user or an
 * API client by name. */
function actorName(translator: Translator, record: AuditRecord): string {
  const { type, id } = record.actor;
  if (type === 'user' && record.account?.id === id) return translator.text('console.actor.owner');
  return translator.text(`console.actor.${type}`, { id });
}

export function auditLine(translator: Translator, record: AuditRecord): AuditLine {
  const reasonKey = record.reason ? `activity.reason.${record.reason}` : null;
  return {
    time: translator.dateTime(record.time),
    event: record.event,
    label: translator.has(`console.event.${record.event}`) ? translator.text(`console.event.${record.event}`) : null,
    failed: record.outcome === 'failure',
    reason: reasonKey && translator.has(reasonKey) ? translator.text(reasonKey) : (record.reason ?? null),
    username: record.account?.username ?? null,
    actor: actorName(translator, record),
    ip: record.ip ?? null,
    clientId: record.clientId ?? null,
  };
}
