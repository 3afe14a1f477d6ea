// A caller of the administration API: a service client registered like an operator would,
// an access token from the client credentials grant (openid-client), and a small JSON fetch.
import * as oidc from 'openid-client';
import { registerServiceClient } from '../../src/usecases/admin/register-service-client.ts';
import { uniqueName, type TestServer } from './server.ts';

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface AdminApi {
  readonly clientId: string;
  readonly token: string;
  call<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
}

export async function adminApi(server: TestServer, scopes: string[]): Promise<AdminApi> {
  const metadata = await registerServiceClient(server.app.admin, { clientId: uniqueName('svc-'), name: `service ${scopes.join('+')}`, scopes });
  const token = await clientCredentialsToken(server, metadata.client_id, metadata.client_secret!, scopes);
  return {
    clientId: metadata.client_id,
    token,
    call: (method, path, body) => callApi(server, token, method, path, body),
  };
}

/** An access token from the client credentials grant, as a service client gets one. */
export async function clientCredentialsToken(server: TestServer, clientId: string, secret: string, scopes: readonly string[]): Promise<string> {
  const config = await oidc.discovery(new URL(server.issuer), clientId, undefined, oidc.ClientSecretBasic(secret), {
    execute: [oidc.allowInsecureRequests],
  });
  return (await oidc.clientCredentialsGrant(config, { scope: scopes.join(' ') })).access_token;
}

export async function callApi(server: TestServer, token: string | null, method: string, path: string, body?: unknown): Promise<ApiResponse> {
  const response = await fetch(`${server.issuer}/admin/api${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      accept: 'application/json',
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}
