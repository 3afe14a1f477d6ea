// The relying party side of the tests: openid-client 6 doing discovery, building the
// authorization request (code + PKCE + state + nonce) and redeeming the code.
import * as oidc from 'openid-client';
import type { TestClient } from './server.ts';
import { UserAgent, type Page } from './user-agent.ts';

export interface Authorization {
  readonly agent: UserAgent;
  readonly config: oidc.Configuration;
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
  /** The first sign-in page the provider showed. */
  readonly page: Page;
}

export async function discover(issuer: string, client: TestClient): Promise<oidc.Configuration> {
  return oidc.discovery(
    new URL(issuer),
    client.clientId,
    client.clientSecret ? { client_secret: client.clientSecret } : undefined,
    client.clientSecret ? oidc.ClientSecretBasic(client.clientSecret) : oidc.None(),
    { execute: [oidc.allowInsecureRequests] },
  );
}

export interface AuthorizationRequest {
  readonly config: oidc.Configuration;
  readonly url: URL;
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
}

/** An authorization request as a relying party makes it: code + PKCE S256 + state + nonce. */
export async function authorizationRequest(issuer: string, client: TestClient, extra: Record<string, string> = {}): Promise<AuthorizationRequest> {
  const config = await discover(issuer, client);
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: client.redirectUri,
    scope: 'openid profile email groups offline_access',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { config, url, verifier, state, nonce };
}

export async function beginAuthorization(
  issuer: string,
  client: TestClient,
  extra: Record<string, string> = {},
  agent = new UserAgent(issuer),
): Promise<Authorization> {
  const request = await authorizationRequest(issuer, client, extra);
  const page = await agent.get(request.url.href);
  return { agent, ...request, page };
}

/** Redeems the code in `callbackUrl`, checking state, nonce and the ID token. */
export async function redeem(authorization: Omit<AuthorizationRequest, 'url'>, callbackUrl: string) {
  return oidc.authorizationCodeGrant(authorization.config, new URL(callbackUrl), {
    pkceCodeVerifier: authorization.verifier,
    expectedState: authorization.state,
    expectedNonce: authorization.nonce,
  });
}
