// First-party clients (marked `first_party: true` in their registration) skip the consent
// page: Pingate grants them what they ask for, as an organisation's own applications expect.
// Unless the client's identity cannot be assured: a public client (no secret) whose redirect URIs
// any program on the user's machine could receive (loopback addresses, custom schemes, plain
// http) could be impersonated by any local program using its client_id, so the user confirms
// every authorization request it makes (ASVS 5.0 10.7.1), first-party or not, unless
// oidc.alwaysConsentForUnassuredClients is off.
import type { KoaContextWithOIDC, Grant } from 'oidc-provider';

export const FIRST_PARTY = 'first_party';

export function isFirstParty(client: { readonly [key: string]: unknown } | undefined): boolean {
  return client?.[FIRST_PARTY] === true;
}

/** Whether the redirect URIs alone assure who the client is: a confidential client proves it
 * with its secret; a public one only if every redirect URI is https on a host that is not the
 * user's own machine. */
export function identityAssured(client: { readonly clientAuthMethod?: string; readonly redirectUris?: readonly string[] }): boolean {
  if (client.clientAuthMethod !== 'none') return true;
  return (client.redirectUris ?? []).every((uri) => {
    const url = URL.parse(uri);
    return url !== null && url.protocol === 'https:' && !LOOPBACK.has(url.hostname.replace(/^\[|\]$/g, '')) && !url.hostname.endsWith('.localhost');
  });
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

export function grantLoader(options: { readonly alwaysConsentForUnassuredClients: boolean }) {
  return (ctx: KoaContextWithOIDC) => loadExistingGrant(ctx, options);
}

async function loadExistingGrant(ctx: KoaContextWithOIDC, options: { readonly alwaysConsentForUnassuredClients: boolean }): Promise<Grant | undefined> {
  const { oidc } = ctx;
  const client = oidc.client!;
  if (options.alwaysConsentForUnassuredClients && !identityAssured(client as never)) {
    // Only the consent given in this very interaction counts.
    const given = oidc.result?.consent?.grantId;
    return given ? await oidc.provider.Grant.find(given) : undefined;
  }
  const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(client.clientId);
  const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  if (!isFirstParty(client as never)) return existing;

  const grant = existing ?? new oidc.provider.Grant({ clientId: client.clientId, accountId: oidc.session!.accountId! });
  const scopes = [...oidc.requestParamOIDCScopes].join(' ');
  if (scopes) grant.addOIDCScope(scopes);
  const claims = [...(oidc.requestParamClaims ?? [])];
  if (claims.length) grant.addOIDCClaims(claims);
  await grant.save();
  return grant;
}
