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
  const config = await oidc.discovery(new URL(server.issuer), metadata.client_id, undefined, oidc.ClientSecretBasic(metadata.client_secret!), {
    execute: [oidc.allowInsecureRequests],
  });
  const grant = await oidc.clientCredentialsGrant(config, { scope: scopes.join(' ') });
  return {
    clientId: metadata.client_id,
    token: grant.access_token,
    call: (method, path, body) => callApi(server, grant.access_token, method, path, body),
  };
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
