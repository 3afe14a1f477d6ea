// Every audit record also goes to the operational log, in one place, so use cases record a
// security event once instead of logging it and auditing it separately.
import type { AuditLog } from './audit.ts';
import type { Logger } from './logger.ts';

export function loggedAuditLog(audit: AuditLog, logger: Logger): AuditLog {
  return {
    async record(event) {
      await audit.record(event);
      const fields = {
        event: event.event,
        outcome: event.outcome,
        actor: `${event.actor.type}:${event.actor.id}`,
        accountId: event.account?.id ?? null,
        reason: event.reason ?? null,
        client: event.clientId ?? null,
        ip: event.ip ?? null,
      };
      if (event.outcome === 'failure' || event.event === 'account.locked') logger.warn(fields, 'security event');
      else logger.info(fields, 'security event');
    },
    query: (query) => audit.query(query),
  };
}
