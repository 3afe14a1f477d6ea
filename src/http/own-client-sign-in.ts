// The authorization request of one of Pingate's own consoles (oidc/account-console-client.ts):
// a code flow with state and PKCE, answered by the usual sign-in pages. The code that comes back
// is consumed in-process, so the PKCE verifier is never needed: only the challenge is sent,
// because the provider requires one of every client.
import { createHash, randomBytes } from 'node:crypto';
import type Provider from 'oidc-provider';

export interface OwnClientRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  readonly uiLocales: string;
  /** 'login': a new sign-in whatever session the browser has. */
  readonly prompt?: 'login';
}

export function ownClientAuthorizationUrl(provider: Provider, request: OwnClientRequest): string {
  const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
  const url = new URL(provider.urlFor('authorization'));
  url.search = new URLSearchParams({
    client_id: request.clientId,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: request.redirectUri,
    state: request.state,
    ...(request.prompt ? { prompt: request.prompt } : {}),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ui_locales: request.uiLocales,
  }).toString();
  return url.href;
}
