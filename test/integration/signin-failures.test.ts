// What an attacker sees: a wrong PIN, a wrong code, an unknown username and a replayed code
// all get the same status and message; a TOTP time step is accepted once, even when two
// submissions race.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { beginAuthorization, redeem } from '../support/relying-party.ts';
import { startTestServer, type TestClient, type TestServer } from '../support/server.ts';
import { alertText, submitPasscode, submitUsername } from '../support/signin.ts';

describe('sign-in failures give one answer', () => {
  let server: TestServer;
  let client: TestClient;

  before(async () => {
    server = await startTestServer();
    client = await server.createClient();
  });
  after(async () => server?.close());

  async function attempt(username: string, pin: string, code: string) {
    const auth = await beginAuthorization(server.issuer, client);
    const passcodePage = await submitUsername(auth.agent, auth.page, username);
    const result = await submitPasscode(auth.agent, passcodePage, pin, code);
    return { auth, passcodePage, result };
  }

  test('wrong PIN, wrong code, unknown user and an empty field: same status, same message, same page', async () => {
    const user = await server.createUser();
    const code = await user.code();
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0');

    const wrongPin = await attempt(user.username, '9999', code);
    const wrongTokencode = await attempt(user.username, user.pin, wrongCode);
    const unknown = await attempt('nobody-by-this-name', user.pin, code);
    const emptyCode = await attempt(user.username, user.pin, '');

    const answers = [wrongPin, wrongTokencode, unknown, emptyCode].map(({ result, passcodePage }) => ({
      status: result.status,
      alert: alertText(result),
      passcodeStatus: passcodePage.status,
      left: result.leftTo,
    }));
    for (const answer of answers) {
      assert.deepEqual(answer, {
        status: 401,
        alert: 'The username, PIN or tokencode is not correct. Check them and try again.',
        passcodeStatus: 200,
        left: null,
      });
    }
    // The unknown user's passcode page looks exactly like a known user's, but for the name shown.
    const strip = (html: string, name: string) => html.replaceAll(name, 'NAME').replace(/value="[A-Za-z0-9_-]{32}"/g, 'value="CSRF"').replace(/\/interaction\/[A-Za-z0-9_-]+/g, '/interaction/UID');
    assert.equal(strip(unknown.passcodePage.html, 'nobody-by-this-name'), strip(wrongPin.passcodePage.html, user.username));

    // The code was not consumed by the wrong-PIN attempt: the owner can still use it.
    const good = await attempt(user.username, user.pin, code);
    assert.ok(good.result.leftTo?.startsWith(client.redirectUri));
  });

  test('after a failure the same page lets the user try again and succeed', async () => {
    const user = await server.createUser();
    const { auth, result } = await attempt(user.username, '0000', await user.code());
    assert.equal(result.status, 401);
    const retry = await submitPasscode(auth.agent, result, user.pin, await user.code());
    assert.ok(retry.leftTo, `retry failed with ${retry.status}`);
    const tokens = await redeem(auth, retry.leftTo);
    assert.equal(tokens.claims()?.sub, user.id);
  });

  test('a code that signed in once is refused the second time (replay), with the same answer', async () => {
    const user = await server.createUser();
    const code = await user.code();
    const first = await attempt(user.username, user.pin, code);
    assert.ok(first.result.leftTo);
    const replay = await attempt(user.username, user.pin, code);
    assert.equal(replay.result.status, 401);
    assert.equal(alertText(replay.result), 'The username, PIN or tokencode is not correct. Check them and try again.');
    // The audit trail tells a replay from a wrong code (the page does not).
    const failures = await server.app.audit.query({ accountId: user.id, event: 'signin.failure', limit: 5 });
    assert.deepEqual(failures.map((f) => f.reason), ['replayed_tokencode']);
    // The code of an earlier step inside the window is refused too: steps only move forward.
    const earlier = await attempt(user.username, user.pin, await user.code(-1));
    assert.equal(earlier.result.status, 401);
    // The next time step works.
    server.clock.advanceSeconds(30);
    const next = await attempt(user.username, user.pin, await user.code());
    assert.ok(next.result.leftTo);
  });

  test('two concurrent submissions of one code: exactly one signs in', async () => {
    for (let round = 0; round < 3; round++) {
      const user = await server.createUser();
      const code = await user.code();
      const contenders = await Promise.all(
        Array.from({ length: 4 }, async () => {
          const auth = await beginAuthorization(server.issuer, client);
          return { auth, page: await submitUsername(auth.agent, auth.page, user.username) };
        }),
      );
      const results = await Promise.all(contenders.map(({ auth, page }) => submitPasscode(auth.agent, page, user.pin, code)));
      const winners = results.filter((r) => r.leftTo !== null);
      assert.equal(winners.length, 1, `round ${round}: ${results.map((r) => r.status).join(',')}`);
      assert.deepEqual(results.filter((r) => r.leftTo === null).map((r) => r.status), [401, 401, 401]);
    }
  });

  test('a claim left by a request that failed half-way refuses other submissions, then lapses', async () => {
    const user = await server.createUser();
    const auth = await beginAuthorization(server.issuer, client);
    const page = await submitUsername(auth.agent, auth.page, user.username);
    // As a request would leave it that claimed the step and then lost its database.
    const uid = new URL(page.url).pathname.split('/')[2]!;
    const flow = (await server.app.signin.flows.find(uid))!;
    assert.equal(await server.app.signin.flows.save({ ...flow, claimedUntil: new Date(server.clock.now().getTime() + 30_000) }), true);
    const refused = await submitPasscode(auth.agent, page, user.pin, await user.code());
    assert.equal(refused.status, 409);
    server.clock.advanceSeconds(31);
    const done = await submitPasscode(auth.agent, page, user.pin, await user.code());
    assert.ok(done.leftTo?.startsWith(client.redirectUri), `after the claim lapsed: ${done.status} ${alertText(done)}`);
  });

  test('repeated or bracketed form fields get a clear 400 on every page, and count nothing', async () => {
    const user = await server.createUser();
    const auth = await beginAuthorization(server.issuer, client);
    const passcode = await submitUsername(auth.agent, auth.page, user.username);
    const uid = new URL(passcode.url).pathname.split('/')[2]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(passcode.html)![1]!;
    const selfService = await auth.agent.get(`${server.issuer}/self-service/change-pin`);
    const selfServiceCsrf = /name="csrf" value="([^"]+)"/.exec(selfService.html)![1]!;
    const bodies = (token: string) => [
      `csrf=${token}&pin=1111&pin=2222&tokencode=123456`,
      `csrf=${token}&pin[]=1111&tokencode=123456`,
      `csrf[a]=${token}&pin=1111&tokencode=123456`,
      `csrf=${token}&username[x]=${user.username}`,
    ];
    const targets = [
      [`/interaction/${uid}`, csrf],
      [`/interaction/${uid}/abort`, csrf],
      [`/interaction/${uid}/consent`, csrf],
      [new URL(selfService.url).pathname, selfServiceCsrf],
    ] as const;
    for (const [path, token] of targets) {
      for (const body of bodies(token)) {
        const page = await auth.agent.postRaw(`${server.issuer}${path}`, body);
        assert.equal(page.status, 400, `${path} ${body}`);
        assert.match(page.html, /each field must be sent once, as plain text/, `${path} ${body}: ${page.html.replace(/\s+/g, " ").slice(300, 700)}`);
      }
    }
    assert.equal((await server.app.accounts.findById(user.id))!.lockout.failures, 0, 'nothing was counted');
    const done = await submitPasscode(auth.agent, passcode, user.pin, await user.code());
    assert.ok(done.leftTo, 'the sign-in goes on');
  });

  test('a code from outside the window is refused', async () => {
    const user = await server.createUser();
    const stale = await attempt(user.username, user.pin, await user.code(-3));
    assert.equal(stale.result.status, 401);
    const future = await attempt(user.username, user.pin, await user.code(3));
    assert.equal(future.result.status, 401);
  });

  test('a form without the flow CSRF token is refused and changes nothing', async () => {
    const user = await server.createUser();
    const auth = await beginAuthorization(server.issuer, client);
    const passcodePage = await submitUsername(auth.agent, auth.page, user.username);
    const forged = await auth.agent.post(passcodePage.url, { pin: user.pin, tokencode: await user.code(), csrf: 'forged' });
    assert.equal(forged.status, 403);
    assert.equal(forged.leftTo, null);
    // The genuine form still works afterwards.
    const done = await submitPasscode(auth.agent, passcodePage, user.pin, await user.code());
    assert.ok(done.leftTo);
  });

  test('a disabled account gets the same answer as a wrong PIN', async () => {
    const user = await server.createUser();
    await server.app.accounts.setStatus(user.id, 'DISABLED', server.clock.now());
    const { result } = await attempt(user.username, user.pin, await user.code());
    assert.equal(result.status, 401);
    assert.equal(alertText(result), 'The username, PIN or tokencode is not correct. Check them and try again.');
  });
});

describe('an unknown username costs the database what a known one does', () => {
  let server: TestServer;
  let client: TestClient;
  let recording: string[] | null = null;

  before(async () => {
    server = await startTestServer({}, { observe: (command) => recording?.push(command.replace(/\s+/g, ' ').trim()) });
    client = await server.createClient();
  });
  after(async () => server?.close());

  /** The statements (commands) of `step`, sorted. */
  async function statementsOf<T>(step: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    recording = [];
    try {
      return { result: await step(), statements: recording.sort() };
    } finally {
      recording = null;
    }
  }

  /** The statements of the username POST and of the PIN + code POST (which must fail). */
  async function signInStatements(username: string, pin: string, code: string) {
    const auth = await beginAuthorization(server.issuer, client);
    const named = await statementsOf(() => submitUsername(auth.agent, auth.page, username));
    const checked = await statementsOf(() => submitPasscode(auth.agent, named.result, pin, code));
    assert.equal(checked.result.status, 401);
    return { username: named.statements, passcode: checked.statements };
  }

  test('the same reads and writes for a wrong PIN and for an unknown username, at the username and the PIN + code steps', async () => {
    const user = await server.createUser();
    const code = await user.code();
    const known = await signInStatements(user.username, '9999', code);
    const unknown = await signInStatements('nobody-by-this-name', '9999', code);
    assert.ok(known.passcode.length >= 6, known.passcode.join('\n'));
    assert.deepEqual(unknown.passcode, known.passcode);
    assert.deepEqual(unknown.username, known.username);
  });
});

