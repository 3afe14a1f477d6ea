// One full sign-in over HTTP, as a browser plus a relying party would do it: authorize ->
// username page -> PIN + TOTP page -> redirect to the client with a code -> token endpoint.
// Each sign-in has its own cookie jar; discovery is done once and shared.
import { performance } from 'node:perf_hooks';
import { randomBytes, randomInt } from 'node:crypto';
import * as oidc from 'openid-client';
import { totpAt } from '../src/security/totp.ts';
import { submitPasscode, submitUsername } from '../test/support/signin.ts';
import { UserAgent, type Page } from '../test/support/user-agent.ts';
import type { BenchClient, BenchUser } from './seed.ts';

export interface RelyingParty {
  readonly issuer: string;
  readonly client: BenchClient;
  readonly config: oidc.Configuration;
}

export const EXPECTED_AMR = ['pin', 'otp', 'mfa'] as const;
export const SCOPE = 'openid profile email groups offline_access';

export async function discoverRelyingParty(issuer: string, client: BenchClient): Promise<RelyingParty> {
  const config = await oidc.discovery(
    new URL(issuer),
    client.clientId,
    { client_secret: client.clientSecret },
    oidc.ClientSecretBasic(client.clientSecret),
    { execute: [oidc.allowInsecureRequests] },
  );
  return { issuer, client, config };
}

/** Milliseconds spent in each leg of one sign-in (each includes the redirects it follows). */
export interface StepTimings {
  /** GET /auth -> 303 -> GET /interaction/:uid (username page). */
  readonly authorize: number;
  /** POST username -> 303 -> GET the PIN + tokencode page. */
  readonly username: number;
  /** POST PIN + tokencode (the argon2id verification) -> 303 /auth/:uid -> 303 to the client. */
  readonly passcode: number;
  /** POST /token with the code and PKCE verifier; ID token validated by openid-client. */
  readonly token: number;
}

export interface SignInResult {
  readonly steps: StepTimings;
  readonly refreshToken: string;
}

/** An authorization request of the client (code + PKCE S256 + state + nonce). */
export async function authorizationRequest(rp: RelyingParty): Promise<{ url: URL; verifier: string; state: string; nonce: string }> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(rp.config, {
    redirect_uri: rp.client.redirectUri,
    scope: SCOPE,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, verifier, state, nonce };
}

export async function signIn(rp: RelyingParty, user: BenchUser): Promise<SignInResult> {
  const agent = new UserAgent(rp.issuer);
  const { url, verifier, state, nonce } = await authorizationRequest(rp);

  let mark = performance.now();
  const lap = (): number => {
    const now = performance.now();
    const elapsed = now - mark;
    mark = now;
    return elapsed;
  };

  const usernamePage = await agent.get(url.href);
  if (usernamePage.status !== 200) throw new Error(`authorize answered ${usernamePage.status}`);
  const authorize = lap();

  const passcodePage = await submitUsername(agent, usernamePage, user.username);
  if (passcodePage.status !== 200) throw new Error(`username step answered ${passcodePage.status}`);
  const username = lap();

  const code = await totpAt(user.secret, user.parameters, new Date());
  const done = await submitPasscode(agent, passcodePage, user.pin, code);
  if (!done.leftTo?.startsWith(rp.client.redirectUri)) {
    throw new Error(`passcode step did not return to the client: status ${done.status} ${done.html.replace(/\s+/g, ' ').slice(0, 160)}`);
  }
  const passcode = lap();

  const tokens = await oidc.authorizationCodeGrant(rp.config, new URL(done.leftTo), {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
  });
  const token = lap();

  const claims = tokens.claims();
  if (!claims) throw new Error('no ID token in the token response');
  if (claims.sub !== user.id) throw new Error(`ID token sub ${claims.sub} is not the account ${user.id}`);
  const amr = JSON.stringify(claims.amr);
  if (amr !== JSON.stringify(EXPECTED_AMR)) throw new Error(`ID token amr is ${amr}, expected ${JSON.stringify(EXPECTED_AMR)}`);
  if (!tokens.refresh_token) throw new Error('no refresh token in the token response');
  return { steps: { authorize, username, passcode, token }, refreshToken: tokens.refresh_token };
}

/** Opens a sign-in up to the PIN + code page for `username`; the answer submits that page. */
export async function openPasscodeStep(rp: RelyingParty, username: string): Promise<(pin: string, tokencode: string) => Promise<Page>> {
  const agent = new UserAgent(rp.issuer);
  const first = await agent.get((await authorizationRequest(rp)).url.href);
  const passcodePage = await submitUsername(agent, first, username);
  if (passcodePage.status !== 200) throw new Error(`username step answered ${passcodePage.status}`);
  return (pin, tokencode) => submitPasscode(agent, passcodePage, pin, tokencode);
}

/** What the timing bench submits: a PIN no bench account has, and any code. */
export const WRONG_PIN = '1111';
export const randomCode = (): string => String(randomInt(1_000_000)).padStart(6, '0');
/** A username no account has (fresh each time, like a probe). */
export const unknownUsername = (): string => `nobody.${randomBytes(5).toString('hex')}`;
