// A new user signed in to a client through the pages, and the tokens its relying party redeemed.
import assert from 'node:assert/strict';
import { beginAuthorization, redeem } from './relying-party.ts';
import type { TestClient, TestServer } from './server.ts';
import { heading, submitPasscode, submitUsername } from './signin.ts';

export async function signInNewUser(server: TestServer, client: TestClient) {
  const user = await server.createUser();
  const auth = await beginAuthorization(server.issuer, client);
  const done = await submitPasscode(auth.agent, await submitUsername(auth.agent, auth.page, user.username), user.pin, await user.code());
  assert.ok(done.leftTo?.startsWith(client.redirectUri), `sign-in to ${client.clientId}: ${done.status} ${heading(done)}`);
  return { user, auth, tokens: await redeem(auth, done.leftTo!) };
}
