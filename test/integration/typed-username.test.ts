// People type PINs into the username field. What was typed is kept in clear only when it names an
// account: the stored sign-in flows, rate-limit windows and audit records hold a keyed hash of
// anything else, while the pages still show back what the browser typed, the same way for every
// username. Read back from the database in the backend-neutral dump form (test/support/stored.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { beginAuthorization } from '../support/relying-party.ts';
import { startTestServer, type TestClient, type TestServer } from '../support/server.ts';
import { submitPasscode, submitUsername } from '../support/signin.ts';
import { StoredRecords } from '../support/stored.ts';
import { UserAgent } from '../support/user-agent.ts';

/** What a user typed in the username field: a PIN-like secret, in mixed case (stored nowhere). */
const MISTYPED = 'Zq83-Pin-4711x';
const NORMALISED = MISTYPED.toLowerCase();

describe('a typed username that names no account', () => {
  let server: TestServer;
  let client: TestClient;
  let stored: StoredRecords;

  before(async () => {
    server = await startTestServer();
    client = await server.createClient();
    stored = new StoredRecords(server.app.storage);
  });
  after(async () => server?.close());

  /** Everything stored that a sign-in writes: flows, rate-limit windows, audit records. */
  async function storedText(): Promise<string> {
    const records = [...(await stored.all('signin_flows')), ...(await stored.all('rate_limits')), ...(await stored.all('audit_events'))];
    return JSON.stringify(records).toLowerCase();
  }

  const shows = (html: string, name: string) => html.includes(`Signing in as <strong>${name}</strong>`) && html.includes(`name="username" value="${name}"`);

  test('is shown back on every page, and stored only as a keyed hash', async () => {
    const user = await server.createUser();
    const auth = await beginAuthorization(server.issuer, client);
    const passcodePage = await submitUsername(auth.agent, auth.page, MISTYPED);
    assert.equal(passcodePage.status, 200);
    assert.ok(shows(passcodePage.html, NORMALISED), 'the passcode page shows what was typed');
    assert.ok(shows((await auth.agent.get(passcodePage.url)).html, NORMALISED), 'and so does a reload');
    const failed = await submitPasscode(auth.agent, passcodePage, user.pin, await user.code());
    assert.equal(failed.status, 401);
    assert.ok(shows(failed.html, NORMALISED), 'and the page after a failure');

    const text = await storedText();
    assert.ok(!text.includes(NORMALISED), 'the typed text is in no flow, rate-limit window or audit record');

    const uid = new URL(passcodePage.url).pathname.split('/')[2]!;
    const flow = (await stored.all('signin_flows')).find((f) => f.id === uid)!;
    assert.equal(flow.username, null);
    assert.equal(flow.accountId, null);
    assert.match(flow.usernameHash ?? '', /^[A-Za-z0-9_-]{16}$/);
    const limits = (await stored.all('rate_limits')).map((r) => r.key);
    assert.ok(limits.some((key) => key.endsWith(flow.usernameHash!)), `the per-username limit counts the hash: ${limits.join(', ')}`);
    const audit = await server.app.audit.query({ event: 'signin.failure', limit: 20 });
    assert.ok(audit.some((a) => a.actor.id === `unknown:${flow.usernameHash}` && a.reason === 'unknown_user'), 'the audit trail names the same hash');
  });

  test('a known username: its flow holds it, the rate limit counts its hash all the same', async () => {
    const user = await server.createUser();
    const auth = await beginAuthorization(server.issuer, client);
    const passcodePage = await submitUsername(auth.agent, auth.page, user.username.toUpperCase());
    assert.ok(shows(passcodePage.html, user.username));
    const uid = new URL(passcodePage.url).pathname.split('/')[2]!;
    const flow = (await stored.all('signin_flows')).find((f) => f.id === uid)!;
    assert.equal(flow.username, user.username);
    assert.equal(flow.accountId, user.id);
    const limits = (await stored.all('rate_limits')).map((r) => r.key);
    assert.ok(!limits.some((key) => key.includes(user.username)), 'no rate-limit key names the account');
    assert.ok(limits.some((key) => key.endsWith(flow.usernameHash!)));
    // "Use another username" forgets it, on the page and in the flow.
    const again = await auth.agent.submit(passcodePage, { action: 'restart' }, '');
    assert.match(again.html, /name="username"[^>]*value=""/);
    assert.equal((await server.app.signin.flows.find(uid))!.usernameHash, null);
  });

  test('a forgotten-PIN request for a username that names no account keeps no clear text either', async () => {
    const agent = new UserAgent(server.issuer);
    const start = await agent.get(`${server.issuer}/self-service/forgot-pin`);
    const codePage = await agent.submit(start, { username: `${MISTYPED}-forgot` });
    assert.equal(codePage.status, 200);
    assert.match(codePage.html, new RegExp(`For <strong>${NORMALISED}-forgot</strong>`));
    assert.ok(!(await storedText()).includes(NORMALISED));
  });
});
