// The provider's Prometheus metrics (prom-client), one registry per running server so that
// several servers in one process (the tests) keep their own counts. Labels are codes from fixed
// sets (events, outcomes, reasons, routes, database operations): never a username, an address,
// a client id or anything a user typed, so the series stay few and say nothing about anyone.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  readonly signIns: Counter<'outcome' | 'reason'>;
  readonly validateChecks: Counter<'result' | 'reason'>;
  readonly newPins: Counter<'event'>;
  readonly lockouts: Counter;
  readonly auditEvents: Counter<'event' | 'outcome'>;
  readonly emails: Counter<'outcome'>;
  readonly rateLimitRefusals: Counter<'limit'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly databaseDuration: Histogram<'operation' | 'target'>;
  /** Set by the server: requests being served now. */
  inFlight(read: () => number): void;
  /** Set by the PIN hasher: argon2id computations waiting for a slot. */
  argon2Waiting(read: () => number): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pingate_' });
  const registers = [registry];
  const readers = { inFlight: () => 0, argon2Waiting: () => 0 };
  new Gauge({
    name: 'pingate_http_requests_in_flight',
    help: 'HTTP requests being served',
    registers,
    collect() {
      this.set(readers.inFlight());
    },
  });
  new Gauge({
    name: 'pingate_argon2_queue_length',
    help: 'PIN hash computations (argon2id) waiting for a free slot',
    registers,
    collect() {
      this.set(readers.argon2Waiting());
    },
  });
  return {
    registry,
    signIns: new Counter({ name: 'pingate_signins_total', help: 'Sign-in attempts that ended, by outcome and reason (wrong_pin, account_locked, ...)', labelNames: ['outcome', 'reason'], registers }),
    validateChecks: new Counter({ name: 'pingate_validate_checks_total', help: 'Validate API answers (ACCEPT, REJECT, CHALLENGE), by challenge', labelNames: ['result', 'reason'], registers }),
    newPins: new Counter({ name: 'pingate_new_pin_total', help: 'PINs replaced in New PIN mode during sign-in: chosen (changed) or generated (random_issued)', labelNames: ['event'], registers }),
    lockouts: new Counter({ name: 'pingate_lockouts_total', help: 'Accounts locked after too many failures', registers }),
    auditEvents: new Counter({ name: 'pingate_audit_events_total', help: 'Every audit event, by name and outcome', labelNames: ['event', 'outcome'], registers }),
    emails: new Counter({ name: 'pingate_emails_total', help: 'Emails handed to the SMTP server (sent) or refused by it or unreachable (failed)', labelNames: ['outcome'], registers }),
    rateLimitRefusals: new Counter({ name: 'pingate_rate_limit_refusals_total', help: 'Requests refused by a rate limit, by limit', labelNames: ['limit'], registers }),
    httpDuration: new Histogram({
      name: 'pingate_http_request_duration_seconds',
      help: 'HTTP request duration by route (the pattern, not the path), method and status class',
      labelNames: ['method', 'route', 'status'],
      // Sign-ins cost an argon2id hash (tens to hundreds of milliseconds): buckets up to 10 s.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    databaseDuration: new Histogram({
      name: 'pingate_database_command_duration_seconds',
      help: 'Database statement (SQLite) or command (MongoDB) duration, by operation and table or collection',
      labelNames: ['operation', 'target'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    inFlight: (read) => (readers.inFlight = read),
    argon2Waiting: (read) => (readers.argon2Waiting = read),
  };
}
