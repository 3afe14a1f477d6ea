// What both oidc-provider adapters share: client secrets sealed at rest (AES-256-GCM, bound to
// the client id), and a short-lived cache of client metadata, which oidc-provider reads on every
// request that names a client (seven times in one sign-in).
import type { AdapterPayload } from 'oidc-provider';
import type { SecretBox } from '../security/secret-box.ts';
import type { GrantSummary, SessionSids, SessionSummary } from '../usecases/ports.ts';

/** The field that holds a sealed client secret in a stored Client payload. */
export const SEALED_CLIENT_SECRET = 'pingate_sealed_client_secret';

/** Models whose records carry a grantId and are revoked together. */
export const GRANTABLE_MODELS: ReadonlySet<string> = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

/** Models whose records are stored under a keyed hash of their id (oidc/hashed-ids.ts): their
 * ids are bearer credentials (a token, a code, a session cookie's value). */
export const HASHED_ID_MODELS: readonly string[] = [
  'AccessToken',
  'RefreshToken',
  'AuthorizationCode',
  'ClientCredentials',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PushedAuthorizationRequest',
  'Session',
];

/** How a hashed id begins; a record of those models whose id does not was written before ids
 * were hashed, holds a usable value, and is deleted by the migration. */
export const HASHED_ID_PREFIX = 'h1.';

/** Models whose records belong to one account: ended together when the account's sessions end. */
export const ACCOUNT_MODELS: readonly string[] = ['Session', 'Grant', 'AccessToken', 'RefreshToken', 'AuthorizationCode', 'DeviceCode', 'BackchannelAuthenticationRequest'];

/** Models whose records are issued to one client (payload.clientId): revoked together when the
 * client is disabled or removed. */
export const CLIENT_MODELS: readonly string[] = [
  'Grant',
  'AccessToken',
  'RefreshToken',
  'AuthorizationCode',
  'ClientCredentials',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'RegistrationAccessToken',
];

/** The models `revokeForClient` deletes from: everything, or the client credentials tokens alone. */
export const clientModels = (which: 'all' | 'credentials'): readonly string[] => (which === 'all' ? CLIENT_MODELS : ['ClientCredentials']);

/** A Session payload as an administrator may see it. */
export function sessionSummary(payload: Readonly<Record<string, unknown>>, expiresAt: Date | null): SessionSummary {
  return {
    uid: String(payload.uid),
    accountId: String(payload.accountId),
    signedInAt: new Date(Number(payload.loginTs ?? 0) * 1000),
    amr: Array.isArray(payload.amr) ? payload.amr.map(String) : [],
    acr: typeof payload.acr === 'string' ? payload.acr : null,
    clients: Object.keys((payload.authorizations as Record<string, unknown> | undefined) ?? {}).sort(),
    expiresAt,
  };
}

interface StoredAuthorization {
  readonly sid?: unknown;
  readonly grantId?: unknown;
  readonly persistsLogout?: unknown;
}

const authorizationsOf = (payload: Readonly<Record<string, unknown>>): [string, StoredAuthorization][] =>
  Object.entries((payload.authorizations as Record<string, StoredAuthorization> | undefined) ?? {});

/** What ends with a Session, as oidc-provider's logout decides (`end_session`): the grants of
 * the clients that do not outlive a logout (no offline access), and the sid of every client
 * (for its back-channel logout notice). */
export function sessionEnding(payload: Readonly<Record<string, unknown>>): { readonly sids: SessionSids; readonly grantIds: readonly string[] } {
  const sids: Record<string, string> = {};
  const grantIds: string[] = [];
  for (const [clientId, authorization] of authorizationsOf(payload)) {
    if (typeof authorization.sid === 'string') sids[clientId] = authorization.sid;
    if (typeof authorization.grantId === 'string' && authorization.persistsLogout !== true) grantIds.push(authorization.grantId);
  }
  return { sids, grantIds };
}

/** The sid by which `clientId` knows this session, if it signed in under `grantId`. */
export function sidUnderGrant(payload: Readonly<Record<string, unknown>>, clientId: string, grantId: string): string | null {
  const authorization = authorizationsOf(payload).find(([id]) => id === clientId)?.[1];
  return authorization?.grantId === grantId && typeof authorization.sid === 'string' ? authorization.sid : null;
}

/** A Grant payload as its account may see it. */
export function grantSummary(grantId: string, payload: Readonly<Record<string, unknown>>, expiresAt: Date | null): GrantSummary {
  const scope = (payload.openid as { scope?: unknown } | undefined)?.scope;
  return {
    grantId,
    accountId: String(payload.accountId),
    clientId: String(payload.clientId),
    scopes: typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [],
    grantedAt: typeof payload.iat === 'number' ? new Date(payload.iat * 1000) : null,
    expiresAt,
  };
}

export function sealClient(payload: AdapterPayload, box: SecretBox): AdapterPayload {
  const { client_secret: secret, ...rest } = payload as AdapterPayload & { client_secret?: string };
  if (!secret) return rest;
  return { ...rest, [SEALED_CLIENT_SECRET]: box.seal(secret, `client:${String(rest.client_id)}`) };
}

export function openClient(payload: AdapterPayload, box: SecretBox): AdapterPayload {
  const { [SEALED_CLIENT_SECRET]: sealed, ...rest } = payload as AdapterPayload & { [SEALED_CLIENT_SECRET]?: string };
  if (!sealed) return rest;
  return { ...rest, client_secret: box.open(sealed, `client:${String(rest.client_id)}`) };
}

/**
 * Opened client metadata, kept for `maxAgeMs`. A change made through this process (upsert,
 * destroy) forgets the entry at once; a change made by another process (the CLI, a second
 * provider) is seen within `maxAgeMs`. Bounded, so random client ids cannot grow it.
 */
export class ClientCache {
  private readonly entries = new Map<string, { readonly payload: AdapterPayload; readonly at: number }>();
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;

  constructor(maxAgeMs = 1_000, maxEntries = 1_000) {
    this.maxAgeMs = maxAgeMs;
    this.maxEntries = maxEntries;
  }

  async find(id: string, load: () => Promise<AdapterPayload | undefined>): Promise<AdapterPayload | undefined> {
    const now = performance.now();
    const hit = this.entries.get(id);
    if (hit && now - hit.at < this.maxAgeMs) return structuredClone(hit.payload);
    const payload = await load();
    this.entries.delete(id);
    if (payload) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(id, { payload: structuredClone(payload), at: now });
    }
    return payload;
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}
