// /metrics as Prometheus scrapes it: not on the main port without a token, 401 with a wrong one,
// and the counts of what really happened (sign-ins by outcome and reason, a lockout, New PIN
// mode, emails sent through a real SMTP server and failed once it is gone, a rate-limit refusal,
// request durations by route pattern, database commands by table) with no username, address
// or id in any label. Then a port of its own.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { beginAuthorization, type Authorization } from '../support/relying-party.ts';
import { freePort, startTestServer, type TestClient, type TestServer, type TestUser } from '../support/server.ts';
import { submitPasscode, submitUsername } from '../support/signin.ts';
import { TestSmtpServer } from '../support/smtp.ts';
import type { Page } from '../support/user-agent.ts';

const TOKEN = 'a-metrics-token-for-the-test-0123456789';

/** The value of one series in Prometheus' text format (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(/,(?=[a-zA-Z_]+=")/);
    if (wanted.every((pair) => present.includes(pair))) total += Number(match[3]);
  }
  return total;
}

describe('metrics', () => {
  const smtp = new TestSmtpServer();
  let server: TestServer;
  let client: TestClient;

  before(async () => {
    await smtp.start();
    server = await startTestServer(
      { smtp: smtp.settings(), lockout: { maxFailures: 3, nextTokencodeAfter: 0 }, rateLimit: { windowSeconds: 60, perIp: 1000, perUsername: 6 } },
      { env: { PINGATE_METRICS_TOKEN: TOKEN } },
    );
    client = await server.createClient();
  });
  after(async () => {
    await server?.close();
    await smtp.stop();
  });

  const scrape = async (headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) => {
    const response = await fetch(`${server.issuer}/metrics`, { headers });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text(), challenge: response.headers.get('www-authenticate') };
  };

  const atPasscode = async (user: TestUser): Promise<{ auth: Authorization; page: Page }> => {
    const auth = await beginAuthorization(server.issuer, client);
    return { auth, page: await submitUsername(auth.agent, auth.page, user.username) };
  };

  test('only with the bearer token on the main port', async () => {
    assert.equal((await scrape({})).status, 401);
    const wrong = await scrape({ authorization: 'Bearer not-the-token' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.challenge, 'Bearer');
    assert.doesNotMatch(wrong.text, /pingate_/);
    const right = await scrape();
    assert.equal(right.status, 200);
    assert.match(right.type ?? '', /^text\/plain; version=0\.0\.4/);
    assert.ok(sample(right.text, 'pingate_process_cpu_user_seconds_total') > 0, 'process metrics');
    assert.match(right.text, /^pingate_argon2_queue_length 0$/m);
    assert.match(right.text, /^pingate_http_requests_in_flight 1$/m, 'the scrape itself');
  });

  test('sign-ins, a lockout, New PIN mode, emails and a rate-limit refusal are counted as they happen', async () => {
    const before = (await scrape()).text;
    const user = await server.createUser();
    // A success.
    let flow = await atPasscode(user);
    assert.ok((await submitPasscode(flow.auth.agent, flow.page, user.pin, await user.code())).leftTo);
    // Three wrong PINs: the third locks the account (and its owner is emailed).
    const locked = await server.createUser();
    for (let i = 0; i < 3; i += 1) {
      flow = await atPasscode(locked);
      assert.equal((await submitPasscode(flow.auth.agent, flow.page, '999999', await locked.code())).status, 401);
    }
    await smtp.waitFor(locked.email);
    // New PIN mode: a reset account signs in and chooses its PIN (its owner is told by email).
    const fresh = await server.createUser({ pin: null });
    flow = await atPasscode(fresh);
    const newPinPage = await flow.auth.agent.submit(flow.page, { tokencode: await fresh.code() });
    assert.ok((await flow.auth.agent.submit(newPinPage, { newPin: '583196', confirmPin: '583196' })).leftTo);
    // The SMTP server goes away: the next lock notice fails.
    await smtp.stop();
    const unlucky = await server.createUser();
    for (let i = 0; i < 3; i += 1) {
      flow = await atPasscode(unlucky);
      await submitPasscode(flow.auth.agent, flow.page, '999999', await unlucky.code());
    }
    // The per-username limit (6 submissions a minute; the username step counts): the rest are
    // refused, each with a 429 page.
    const busy = await server.createUser();
    let refusals = 0;
    for (let i = 0; i < 8; i += 1) {
      const auth = await beginAuthorization(server.issuer, client);
      if ((await submitUsername(auth.agent, auth.page, busy.username)).status === 429) refusals += 1;
    }
    assert.ok(refusals >= 1);
    const after = (await scrape()).text;
    const delta = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    assert.equal(delta('pingate_signins_total', { outcome: 'success' }), 2, 'the success and the New PIN sign-in');
    assert.equal(delta('pingate_signins_total', { outcome: 'failure', reason: 'wrong_pin' }) >= 6, true);
    assert.equal(delta('pingate_lockouts_total'), 2);
    assert.equal(delta('pingate_new_pin_total', { event: 'changed' }), 1);
    assert.equal(delta('pingate_emails_total', { outcome: 'failed' }) >= 1, true, 'the lock notice with SMTP gone');
    assert.equal(delta('pingate_emails_total', { outcome: 'sent' }) >= 2, true, 'the lock notice and the PIN-change notice');
    assert.equal(delta('pingate_rate_limit_refusals_total', { limit: 'signin' }), refusals);
    assert.equal(delta('pingate_audit_events_total', { event: 'account.locked', outcome: 'success' }), 2);
    assert.ok(delta('pingate_http_request_duration_seconds_count', { method: 'POST', route: '/interaction/:uid' }) >= 14, 'POSTs by route pattern');
    assert.ok(delta('pingate_http_request_duration_seconds_count', { route: 'authorization' }) >= 14, "oidc-provider's route names");
    assert.ok(delta('pingate_database_command_duration_seconds_count', { target: 'accounts' }) > 0, 'database commands by table or collection');

    // No label carries a username, an address, a path with an id or a client id.
    for (const secretish of [user.username, locked.username, fresh.username, client.clientId, '127.0.0.1', '/interaction/'.concat(flow.auth.page.url.split('/interaction/')[1]?.slice(0, 10) ?? 'none')]) {
      assert.ok(!after.includes(secretish), `no ${secretish} in the metrics`);
    }
  });

  test('on a port of its own: /metrics there, nothing else; the main port still needs the token', async () => {
    const port = await freePort();
    const separate = await startTestServer({ metrics: { port, host: '127.0.0.1' } });
    try {
      assert.equal(separate.metricsUrl, `http://127.0.0.1:${port}/metrics`);
      const response = await fetch(separate.metricsUrl!);
      assert.equal(response.status, 200);
      assert.match(await response.text(), /^pingate_http_requests_in_flight /m);
      assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 404);
      assert.equal((await fetch(`${separate.issuer}/metrics`)).status, 404, 'no token configured: not on the main port');
    } finally {
      await separate.close();
    }
  });
});
