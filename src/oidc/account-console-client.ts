// The account console (/self-service) signs people in as a relying party of Pingate itself:
// a static, first-party client whose redirect URI is the issuer's own /self-service/signed-in.
// Its authorization codes are consumed in-process by that route (no token request to the
// issuer's public URL, which a server behind a proxy may not reach), so its secret is never
// used; having one makes the client confidential, and so free of the consent page that public
// clients with http redirect URIs get.
import type { ClientMetadata } from 'oidc-provider';
import { FIRST_PARTY } from './first-party.ts';

export { ACCOUNT_CONSOLE_CLIENT_ID as ACCOUNT_CLIENT_ID } from '../usecases/admin/client-metadata.ts';
import { ACCOUNT_CONSOLE_CLIENT_ID } from '../usecases/admin/client-metadata.ts';
export const ACCOUNT_CALLBACK_PATH = '/self-service/signed-in';

export function accountConsoleClient(issuer: string, productName: string, secret: string): ClientMetadata {
  return {
    client_id: ACCOUNT_CONSOLE_CLIENT_ID,
    client_secret: secret,
    client_name: productName,
    redirect_uris: [new URL(ACCOUNT_CALLBACK_PATH, issuer).href],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    [FIRST_PARTY]: true,
  };
}
