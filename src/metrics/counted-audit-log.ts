// The audit trail is where every security event is recorded once; the counters are read off it
// on the way, so a sign-in, a lockout or a New PIN is counted exactly when it is audited and the
// use cases know nothing about metrics.
import type { AuditEvent, AuditLog } from '../usecases/audit.ts';
import type { Metrics } from './registry.ts';

export function countedAuditLog(audit: AuditLog, metrics: Metrics): AuditLog {
  return {
    async record(event) {
      await audit.record(event);
      count(metrics, event);
    },
    query: (query) => audit.query(query),
  };
}

function count(metrics: Metrics, event: AuditEvent): void {
  metrics.auditEvents.inc({ event: event.event, outcome: event.outcome });
  switch (event.event) {
    case 'signin.success':
    case 'signin.failure':
      metrics.signIns.inc({ outcome: event.outcome, reason: event.reason ?? 'none' });
      break;
    case 'validate.answered':
      metrics.validateChecks.inc({ result: String(event.details?.authentication ?? 'unknown'), reason: event.reason ?? 'none' });
      break;
    case 'account.locked':
      metrics.lockouts.inc();
      break;
    case 'pin.changed':
    case 'pin.random_issued':
      // The user's own, during sign-in (New PIN mode); an administrator's are audit events only.
      if (event.actor.type === 'user') metrics.newPins.inc({ event: event.event.slice('pin.'.length) });
      break;
    default:
      break;
  }
}
