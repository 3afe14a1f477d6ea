// A copy of every audit record to a syslog collector: RFC 5424 lines (pino-syslog) over TCP or
// TLS (pino-socket, reconnecting with backoff and holding records in memory while the collector
// is away, the oldest dropped past `queueMaxRecords`). Both run in pino's transport worker thread,
// so a slow collector never slows a sign-in. The collector (rsyslog, syslog-ng, a SIEM) keeps
// the trail where the application cannot rewrite it; the database keeps its own copy.
import pino from 'pino';
import type { Config } from '../config/schema.ts';
import type { AuditEvent, AuditLog } from '../usecases/audit.ts';

export interface AuditForwarder {
  forward(event: AuditEvent): void;
  /** Flushes what is queued (within `timeoutMs`) and closes the connection. */
  close(timeoutMs?: number): Promise<void>;
}

/** Average bytes of one forwarded record, to size the recovery queue in bytes from a count. */
const RECORD_BYTES = 600;

export function createSyslogAuditForwarder(settings: Config['audit']['forwardSyslog']): AuditForwarder {
  const transport = pino.transport({
    pipeline: [
      { target: 'pino-syslog', options: { modern: true, appname: 'pingate', facility: settings.facility, newline: true, tz: 'UTC' } },
      {
        target: 'pino-socket',
        options: {
          address: settings.host,
          port: settings.port,
          mode: 'tcp',
          secure: settings.tls,
          reconnect: true,
          recovery: true,
          recoveryQueueMaxSize: settings.queueMaxRecords * RECORD_BYTES,
        },
      },
    ],
  });
  const logger = pino({ base: { service: 'pingate' }, messageKey: 'msg' }, transport);
  return {
    forward(event) {
      const record = { event: event.event, outcome: event.outcome, actor: event.actor, account: event.account ?? null, reason: event.reason ?? null, ip: event.ip ?? null, clientId: event.clientId ?? null, details: event.details ?? {} };
      if (event.outcome === 'failure' || event.event === 'account.locked') logger.warn(record, 'audit');
      else logger.info(record, 'audit');
    },
    close(timeoutMs = 5_000) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        timer.unref();
        transport.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        logger.flush(() => transport.end());
      });
    },
  };
}

/** Writes to the database first (the record of truth), then hands a copy to the forwarder. */
export function forwardedAuditLog(audit: AuditLog, forwarder: AuditForwarder): AuditLog {
  return {
    async record(event) {
      await audit.record(event);
      forwarder.forward(event);
    },
    query: (query) => audit.query(query),
  };
}
