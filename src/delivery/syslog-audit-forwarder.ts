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
    // Ended by close(), not by pino at exit: an unreachable collector would hold the exit 10 s.
    worker: { autoEnd: false },
  });
  const logger = pino({ base: { service: 'pingate' }, messageKey: 'msg' }, transport);
  // Until the first connection the transport reads nothing: records wait here, the oldest
  // dropped past queueMaxRecords (after it, pino-socket's recovery queue bounds them).
  let ready = false;
  const waiting: { record: Record<string, unknown>; warn: boolean }[] = [];
  const write = ({ record, warn }: { record: Record<string, unknown>; warn: boolean }) => (warn ? logger.warn(record, 'audit') : logger.info(record, 'audit'));
  transport.once('ready', () => {
    ready = true;
    for (const item of waiting.splice(0)) write(item);
  });
  let closing = false;
  // The worker stopping (terminated by close(), or failing) is not the application's failure: the
  // database holds every record. A failure before close is reported as a warning.
  transport.on('error', (error: Error) => {
    if (!closing) process.emitWarning(`the audit forwarder stopped: ${error.message}`);
  });
  const terminate = async () => {
    closing = true;
    await (transport as unknown as { worker?: { terminate(): Promise<number> } }).worker?.terminate().catch(() => 0);
  };
  return {
    forward(event) {
      const record = { event: event.event, outcome: event.outcome, actor: event.actor, account: event.account ?? null, reason: event.reason ?? null, ip: event.ip ?? null, clientId: event.clientId ?? null, details: event.details ?? {} };
      const item = { record, warn: event.outcome === 'failure' || event.event === 'account.locked' };
      if (ready) return write(item);
      waiting.push(item);
      if (waiting.length > settings.queueMaxRecords) waiting.shift();
    },
    async close(timeoutMs = 5_000) {
      closing = true;
      // Never connected: nothing can be flushed; what waits here is lost from the copy only.
      if (!ready) return terminate();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => void terminate().then(resolve), timeoutMs);
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
