// First-party clients (marked `first_party: true` in their registration) skip the consent
// page: Pingate grants them what they ask for, as an organisation's own applications expect.
import type { KoaContextWithOIDC, Grant } from 'oidc-provider';

export const FIRST_PARTY = 'first_party';

export function isFirstParty(client: { readonly [key: string]: unknown } | undefined): boolean {
  return client?.[FIRST_PARTY] === true;
}

export async function loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { oidc } = ctx;
  const client = oidc.client!;
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
