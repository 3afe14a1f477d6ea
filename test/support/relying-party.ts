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

export async function beginAuthorization(
  issuer: string,
  client: TestClient,
  extra: Record<string, string> = {},
  agent = new UserAgent(issuer),
): Promise<Authorization> {
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
  const page = await agent.get(url.href);
  return { agent, config, verifier, state, nonce, page };
}

export async function redeem(authorization: Authorization, callbackUrl: string) {
  return oidc.authorizationCodeGrant(authorization.config, new URL(callbackUrl), {
    pkceCodeVerifier: authorization.verifier,
    expectedState: authorization.state,
    expectedNonce: authorization.nonce,
  });
}
