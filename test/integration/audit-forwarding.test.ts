// The audit trail forwarded to a real rsyslog (audit.forwardSyslog): every record arrives as an
// RFC 5424 message (facility "log audit", the severity of its outcome) with the same fields as
// the database's copy, request id and route included; while the collector is down the records
// are kept in the database and queued, and they arrive once it is back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setAccountEnabled } from '../../src/usecases/admin/manage-account.ts';
import { beginAuthorization } from '../support/relying-party.ts';
import { rsyslogAvailable, startRsyslog, type Rsyslog } from '../support/rsyslog.ts';
import { freePort, startTestServer, type TestClient, type TestServer } from '../support/server.ts';
import { submitPasscode, submitUsername } from '../support/signin.ts';

/** "<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG": the priority and the JSON message. */
function parse(message: string): { facility: number; severity: number; app: string; body: Record<string, unknown> } {
  const match = /^<(\d+)>1 \S+ \S+ (\S+) \S+ \S+ - (\{.*\})$/.exec(message);
  assert.ok(match, `an RFC 5424 message: ${message}`);
  const priority = Number(match[1]);
  return { facility: Math.floor(priority / 8), severity: priority % 8, app: match[2]!, body: JSON.parse(match[3]!) as Record<string, unknown> };
}

describe('the audit trail forwarded to rsyslog', () => {
  let collector: Rsyslog;
  let server: TestServer;
  let client: TestClient;

  before(async () => {
    assert.ok(rsyslogAvailable(), 'rsyslogd is needed (Debian package rsyslog; .ci/run installs it)');
    collector = await startRsyslog();
    server = await startTestServer({ audit: { forwardSyslog: { host: '127.0.0.1', port: collector.port, tls: false, facility: 13, queueMaxRecords: 1000 } } });
    client = await server.createClient();
  });
  after(async () => {
    await server?.close();
    await collector?.remove();
  });

  test('sign-in records arrive with their fields, the request id and route, at the severity of their outcome', async () => {
    const user = await server.createUser();
    let auth = await beginAuthorization(server.issuer, client);
    assert.equal((await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), '999999', await user.code())).status, 401);
    auth = await beginAuthorization(server.issuer, client);
    assert.ok((await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code())).leftTo);

    const failure = parse(await collector.waitFor((m) => m.includes('"signin.failure"') && m.includes(user.id)));
    assert.deepEqual([failure.facility, failure.severity, failure.app], [13, 4, 'pingate'], 'log audit, warning');
    assert.equal(failure.body.reason, 'wrong_pin');
    const success = parse(await collector.waitFor((m) => m.includes('"signin.success"') && m.includes(user.id)));
    assert.deepEqual([success.facility, success.severity], [13, 6], 'log audit, informational');
    const details = success.body.details as Record<string, unknown>;
    assert.equal(details.amr, 'pin otp mfa');
    assert.equal(details.route, '/interaction/:uid');
    const [stored] = await server.app.audit.query({ accountId: user.id, event: 'signin.success', limit: 1 });
    assert.equal(details.requestId, stored?.details?.requestId, 'the same record as the database holds');
    assert.equal(success.body.ip, '127.0.0.1');
    const text = collector.messages().join('\n');
    assert.ok(!text.includes(user.pin) && !text.includes('999999'), 'no PIN in the forwarded trail');
  });

  test('while the collector is down the records are kept and queued; they arrive once it is back', async () => {
    const user = await server.createUser();
    await collector.stop();
    await setAccountEnabled(server.app.admin, user.username, false);
    assert.equal((await server.app.audit.query({ accountId: user.id, event: 'account.disabled', limit: 1 })).length, 1, 'in the database at once');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.ok(!collector.messages().some((m) => m.includes('"account.disabled"') && m.includes(user.id)));
    await collector.start();
    const disabled = parse(await collector.waitFor((m) => m.includes('"account.disabled"') && m.includes(user.id), 20_000));
    assert.equal((disabled.body.actor as { type: string }).type, 'operator');
  });

  test('a collector unreachable from the start: the server serves, stops at once, and holds at most queueMaxRecords', async () => {
    const port = await freePort();
    const alone = await startTestServer({ audit: { forwardSyslog: { host: '127.0.0.1', port, tls: false, facility: 13, queueMaxRecords: 5 } } });
    try {
      const user = await alone.createUser();
      await setAccountEnabled(alone.app.admin, user.username, false);
      assert.equal((await alone.app.audit.query({ accountId: user.id, event: 'account.disabled', limit: 1 })).length, 1, 'the database has it');
    } finally {
      const started = Date.now();
      await alone.close();
      assert.ok(Date.now() - started < 3_000, `stopped in ${Date.now() - started} ms`);
    }
  });
});
