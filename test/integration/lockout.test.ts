// Brute-force defences against the real database: consecutive failures counted atomically (200
// racing wrong passcodes never push the counter past the limit), the lock that follows, the email
// that tells the owner, lock expiry and unlock, Next Tokencode mode, the same answer and similar
// timing for unknown users, and the per-IP / per-username rate limits.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { unlockAccount } from '../../src/usecases/admin/unlock-account.ts';
import { beginAuthorization } from '../support/relying-party.ts';
import { startTestServer, type TestClient, type TestServer, type TestUser } from '../support/server.ts';
import { alertText, heading, submitPasscode, submitUsername } from '../support/signin.ts';
import { TestSmtpServer, withMailingServer } from '../support/smtp.ts';
import { UserAgent } from '../support/user-agent.ts';

const FAILED = 'The username, PIN or tokencode is not correct. Check them and try again.';

describe('lockout', () => {
  const smtp = new TestSmtpServer();
  let server: TestServer;
  let client: TestClient;
  withMailingServer(smtp, {
    lockout: { maxFailures: 5, lockSeconds: 600, nextTokencodeAfter: 0 },
    rateLimit: { windowSeconds: 60, perIp: 100_000, perUsername: 100_000 },
  }, (s, c) => {
    server = s;
    client = c;
  });

  async function atPasscode(user: { username: string }) {
    const auth = await beginAuthorization(server.issuer, client);
    return { auth, page: await submitUsername(auth.agent, auth.page, user.username) };
  }

  test('200 concurrent wrong passcodes: locked at exactly the limit, one email, no success while locked', async () => {
    const user = await server.createUser();
    const pages = await Promise.all(Array.from({ length: 200 }, () => atPasscode(user)));
    const code = await user.code();
    const results = await Promise.all(pages.map(({ auth, page }, i) => submitPasscode(auth.agent, page, `9${String(i).padStart(3, '0')}`, code)));
    assert.ok(results.every((r) => r.status === 401 && alertText(r) === FAILED));

    const account = (await server.app.accounts.findById(user.id))!;
    assert.equal(account.lockout.failures, 5, 'the counter never exceeds the limit');
    assert.ok(account.lockout.lockedAt, 'the account is locked');
    assert.equal(account.lockout.lockedUntil!.getTime() - account.lockout.lockedAt!.getTime(), 600_000);

    const emails = await smtp.waitFor(user.email);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(smtp.to(user.email).length, 1, 'exactly one lock notice');
    assert.equal(emails[0]!.subject, 'Your account has been locked');

    // The right PIN and code while locked: the same answer, and the lock stays.
    const { auth, page } = await atPasscode(user);
    const right = await submitPasscode(auth.agent, page, user.pin, await user.code());
    assert.equal(right.status, 401);
    assert.equal(alertText(right), FAILED);
    const after = (await server.app.accounts.findById(user.id))!;
    assert.ok(after.lockout.lockedAt);
    assert.equal(after.lockout.failures, 5);
  });

  test('a correct passcode racing the failures that lock the account does not unlock it', async () => {
    for (let round = 0; round < 2; round++) {
      const user = await server.createUser();
      const wrong = await Promise.all(Array.from({ length: 20 }, () => atPasscode(user)));
      const right = await atPasscode(user);
      const code = await user.code();
      await Promise.all([
        ...wrong.map(({ auth, page }) => submitPasscode(auth.agent, page, '0000', code)),
        submitPasscode(right.auth.agent, right.page, user.pin, code),
      ]);
      const account = (await server.app.accounts.findById(user.id))!;
      assert.ok(account.lockout.lockedAt, `round ${round}: 20 failures lock the account whatever the order`);
      assert.equal(account.lockout.failures, 5);
      server.clock.advanceSeconds(30);
      const later = await atPasscode(user);
      assert.equal((await submitPasscode(later.auth.agent, later.page, user.pin, await user.code())).status, 401, 'still locked');
    }
  });

  test('a success resets the count; the lock ends by itself after lockSeconds; unlock lifts it at once', async () => {
    const user = await server.createUser();
    for (let i = 0; i < 4; i++) {
      const { auth, page } = await atPasscode(user);
      await submitPasscode(auth.agent, page, '0000', await user.code());
    }
    assert.equal((await server.app.accounts.findById(user.id))!.lockout.failures, 4);
    const ok = await atPasscode(user);
    assert.ok((await submitPasscode(ok.auth.agent, ok.page, user.pin, await user.code())).leftTo);
    assert.equal((await server.app.accounts.findById(user.id))!.lockout.failures, 0);

    for (let i = 0; i < 5; i++) {
      const { auth, page } = await atPasscode(user);
      await submitPasscode(auth.agent, page, '0000', await user.code());
    }
    assert.ok((await server.app.accounts.findById(user.id))!.lockout.lockedAt);
    server.clock.advanceSeconds(601);
    const expired = await atPasscode(user);
    assert.ok((await submitPasscode(expired.auth.agent, expired.page, user.pin, await user.code())).leftTo, 'the lock is over');

    for (let i = 0; i < 5; i++) {
      const { auth, page } = await atPasscode(user);
      await submitPasscode(auth.agent, page, '0000', await user.code());
    }
    assert.deepEqual((await unlockAccount(server.app.admin, user.username)).wasLocked, true);
    assert.deepEqual((await unlockAccount(server.app.admin, user.username)).wasLocked, false, 'unlock is idempotent');
    server.clock.advanceSeconds(30);
    const unlocked = await atPasscode(user);
    assert.ok((await submitPasscode(unlocked.auth.agent, unlocked.page, user.pin, await user.code())).leftTo);
  });

  test('unknown user: same page, same status, no email, and similar response time', async () => {
    const user = await server.createUser();
    const known = await atPasscode(user);
    const unknown = await atPasscode({ username: 'no-such-person' });
    assert.equal(heading(unknown.page), heading(known.page));

    const time = async (target: { username: string }) => {
      const { auth, page } = await atPasscode(target);
      const start = process.hrtime.bigint();
      const result = await submitPasscode(auth.agent, page, '0000', '000000');
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      assert.equal(result.status, 401);
      assert.equal(alertText(result), FAILED);
      return ms;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    const probe = await server.createUser(); // a separate account, so the first one is not locked by the probes
    for (let i = 0; i < 12; i++) {
      if (i % 4 === 3) await unlockAccount(server.app.admin, probe.username);
      knownTimes.push(await time(probe));
      unknownTimes.push(await time({ username: `nobody-${i}` }));
    }
    const ratio = median(unknownTimes) / median(knownTimes);
    assert.ok(ratio > 0.5 && ratio < 2, `medians: unknown ${median(unknownTimes).toFixed(1)} ms, known ${median(knownTimes).toFixed(1)} ms`);
    assert.equal(smtp.to('no-such-person@example.com').length, 0);
  });
});

describe('Next Tokencode mode', () => {
  let server: TestServer;
  let client: TestClient;

  before(async () => {
    server = await startTestServer({ lockout: { maxFailures: 5, lockSeconds: 600, nextTokencodeAfter: 2 } });
    client = await server.createClient();
  });
  after(async () => server?.close());

  test('after two failures a right passcode asks for the next code, which completes the sign-in', async () => {
    const user: TestUser = await server.createUser();
    for (let i = 0; i < 2; i++) {
      const auth = await beginAuthorization(server.issuer, client);
      await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), '0000', await user.code());
    }
    const auth = await beginAuthorization(server.issuer, client);
    const next = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code());
    assert.equal(heading(next), 'Enter the next tokencode');
    // The same code again is refused: it must be a later one.
    const same = await auth.agent.submit(next, { tokencode: await user.code() });
    assert.equal(same.status, 401);
    server.clock.advanceSeconds(30);
    const done = await auth.agent.submit(same, { tokencode: await user.code() });
    assert.ok(done.leftTo, `got ${done.status} ${alertText(done)}`);
    assert.equal((await server.app.accounts.findById(user.id))!.lockout.failures, 0);
  });
});

describe('rate limits', () => {
  let server: TestServer;
  let client: TestClient;

  before(async () => {
    server = await startTestServer({ rateLimit: { windowSeconds: 60, perIp: 1000, perUsername: 4 } });
    client = await server.createClient();
  });
  after(async () => server?.close());

  test('the (N+1)th submission for one username within the window gets 429 and a readable page', async () => {
    const user = await server.createUser();
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      const auth = await beginAuthorization(server.issuer, client);
      // The username step counts too, so 4 allowed submissions = 2 username + 2 passcode.
      const page = await submitUsername(auth.agent, auth.page, user.username);
      statuses.push(page.status);
      last = page.status === 200 ? await submitPasscode(auth.agent, page, '0000', '000000') : page;
      statuses.push(last.status);
      if (last.status === 429) break;
    }
    assert.deepEqual(statuses.slice(0, 5), [200, 401, 200, 401, 429]);
    assert.match(last!.html, /Too many sign-in attempts/);
    assert.match(last!.headers.get('content-type') ?? '', /text\/html/);
  });

  test('behind a trusted proxy, a client cannot pick its own address with X-Forwarded-For', async () => {
    const proxied = await startTestServer({ server: { trustProxy: true, trustedProxyHops: 1 }, rateLimit: { windowSeconds: 60, perIp: 3, perUsername: 1000 } });
    try {
      const proxiedClient = await proxied.createClient();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        // The client forges a different first hop each time; the proxy appends the real address.
        const agent = new UserAgent(proxied.issuer, { 'x-forwarded-for': `10.9.${i}.1, 203.0.113.7` });
        const auth = await beginAuthorization(proxied.issuer, proxiedClient, {}, agent);
        statuses.push((await submitUsername(auth.agent, auth.page, `someone-${i}`)).status);
      }
      assert.deepEqual(statuses, [200, 200, 200, 429], 'all four count against 203.0.113.7');
      const other = new UserAgent(proxied.issuer, { 'x-forwarded-for': '203.0.113.8' });
      const auth = await beginAuthorization(proxied.issuer, proxiedClient, {}, other);
      const otherPage = await submitUsername(auth.agent, auth.page, 'someone-else');
      assert.equal(otherPage.status, 200, `another client address is not limited: ${otherPage.status} ${otherPage.html.slice(0, 300)}`);
    } finally {
      await proxied.close();
    }
  });

  test('the per-IP limit holds across usernames', async () => {
    const ipServer = await startTestServer({ rateLimit: { windowSeconds: 60, perIp: 3, perUsername: 1000 } });
    try {
      const ipClient = await ipServer.createClient();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const auth = await beginAuthorization(ipServer.issuer, ipClient);
        statuses.push((await submitUsername(auth.agent, auth.page, `someone-${i}`)).status);
      }
      assert.deepEqual(statuses, [200, 200, 200, 429]);
    } finally {
      await ipServer.close();
    }
  });
});
