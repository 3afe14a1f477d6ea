// Pingate's own consoles sign people in as relying parties of Pingate itself: static,
// first-party clients whose redirect URI is on the issuer: the account console
// (/self-service/signed-in) and the helpdesk and administrators' console (/console/signed-in).
// Their authorization codes are consumed in-process by that route (no token request to the
// issuer's public URL, which a server behind a proxy may not reach), so a secret is never used;
// having one makes the client confidential, and so free of the consent page that public clients
// with http redirect URIs get.
import type { ClientMetadata } from 'oidc-provider';
import { FIRST_PARTY } from './first-party.ts';
import { ACCOUNT_CONSOLE_CLIENT_ID, ADMIN_CONSOLE_CLIENT_ID } from '../usecases/admin/client-metadata.ts';

export { ACCOUNT_CONSOLE_CLIENT_ID as ACCOUNT_CLIENT_ID, ADMIN_CONSOLE_CLIENT_ID } from '../usecases/admin/client-metadata.ts';
export const ACCOUNT_CALLBACK_PATH = '/self-service/signed-in';
export const ADMIN_CONSOLE_CALLBACK_PATH = '/console/signed-in';

function builtInClient(clientId: string, callbackPath: string, issuer: string, name: string, secret: string): ClientMetadata {
  return {
    client_id: clientId,
    client_secret: secret,
    client_name: name,
    redirect_uris: [new URL(callbackPath, issuer).href],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    [FIRST_PARTY]: true,
  };
}

export const accountConsoleClient = (issuer: string, productName: string, secret: string): ClientMetadata =>
  builtInClient(ACCOUNT_CONSOLE_CLIENT_ID, ACCOUNT_CALLBACK_PATH, issuer, productName, secret);

export const adminConsoleClient = (issuer: string, productName: string, secret: string): ClientMetadata =>
  builtInClient(ADMIN_CONSOLE_CLIENT_ID, ADMIN_CONSOLE_CALLBACK_PATH, issuer, `${productName} console`, secret);
