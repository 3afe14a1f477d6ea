// Audit records written while a request is served carry its id and route (in `details`) and, when
// the use case gave none, the client's address: the audit trail and the log lines of one request
// can be joined, and every record says where it came from. Outside a request (the CLI) records
// are left as they are.
import { requestFields } from '../request-context.ts';
import type { AuditLog } from '../usecases/audit.ts';

export function requestAwareAuditLog(audit: AuditLog): AuditLog {
  return {
    record(event) {
      const fields = requestFields();
      if (!('requestId' in fields)) return audit.record(event);
      return audit.record({ ...event, ip: event.ip ?? fields.ip, details: { ...event.details, requestId: fields.requestId, route: fields.route } });
    },
    query: (query) => audit.query(query),
  };
}
