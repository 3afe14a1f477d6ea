// What makes a client's registration acceptable, shared by registering a client and changing
// one, so each rule has one implementation: the id, the redirect URIs, the settings an
// administrator chooses, and oidc-provider's own check of the whole (the one it applies when it
// loads the client).
import { randomBytes } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { ClientMetadata } from '../ports.ts';
import type { AdminDependencies } from './dependencies.ts';

/** oidc: a relying party (authorization code flow); service: a client of the administration
 * API (client credentials grant). */
export type ClientKind = 'oidc' | 'service';

export const clientKind = (metadata: ClientMetadata): ClientKind => (metadata.grant_types.includes('client_credentials') ? 'service' : 'oidc');

/** A new client secret: 256 random bits. */
export const newClientSecret = (): string => randomBytes(32).toString('base64url');

/** The longest sign-in age a client may require (default_max_age): a year. */
export const MAX_AGE_LIMIT = 31_536_000;

/** The account console's own client (oidc/account-console-client.ts): built in, never registered. */
export const ACCOUNT_CONSOLE_CLIENT_ID = 'pingate-account';
/** The helpdesk and administrators' web console's own client: built in too. */
export const ADMIN_CONSOLE_CLIENT_ID = 'pingate-console';
const BUILT_IN_CLIENT_IDS: ReadonlySet<string> = new Set([ACCOUNT_CONSOLE_CLIENT_ID, ADMIN_CONSOLE_CLIENT_ID]);

export function checkClientId(clientId: string): void {
  if (!/^[A-Za-z0-9._:-]{3,128}$/.test(clientId)) {
    throw new DomainError('invalid_input', 'client id: 3-128 letters, digits or . _ : -', { fields: { clientId: 'format' } });
  }
  if (BUILT_IN_CLIENT_IDS.has(clientId)) throw new DomainError('duplicate', `${clientId} is a built-in client of Pingate's own consoles`, { field: 'clientId' });
}

/** What an administrator chooses for a relying party. undefined: left as it is; null (or an
 * empty list, false): none. */
export interface ClientSettings {
  readonly name?: string | null | undefined;
  readonly redirectUris?: readonly string[] | undefined;
  readonly postLogoutRedirectUris?: readonly string[] | null | undefined;
  readonly backchannelLogoutUri?: string | null | undefined;
  readonly firstParty?: boolean | undefined;
  /** Seconds: a sign-in older than this is not reused for the client (default_max_age). */
  readonly maxAge?: number | null | undefined;
  /** One of the provider's acr values, requested when the client asks for none (default_acr_values). */
  readonly defaultAcr?: string | null | undefined;
  /** The scopes the client may ask for (openid always among them); asking for another is refused. */
  readonly scopes?: readonly string[] | undefined;
}

/** The scopes a relying party may be allowed; the admin API's scopes are never among them. */
export const RELYING_PARTY_SCOPES: readonly string[] = ['openid', 'profile', 'email', 'groups', 'offline_access'];
/** What a new relying party may ask for unless registered with more: least privilege, so the
 * groups claim and offline (long-lived) refresh tokens are granted per client, on purpose. */
export const DEFAULT_RELYING_PARTY_SCOPES: readonly string[] = ['openid', 'profile', 'email'];

/** `metadata` with `settings` applied, checked as registration checks it. */
export function applyClientSettings(metadata: ClientMetadata, settings: ClientSettings, acrValues: readonly string[]): ClientMetadata {
  const next: Record<string, unknown> = { ...metadata };
  const put = (key: string, value: unknown) => {
    if (value === null || value === false || value === '' || (Array.isArray(value) && value.length === 0)) delete next[key];
    else next[key] = value;
  };
  if (settings.name !== undefined) put('client_name', settings.name?.trim() ?? null);
  if (settings.redirectUris !== undefined) next.redirect_uris = [...settings.redirectUris];
  if (settings.postLogoutRedirectUris !== undefined) put('post_logout_redirect_uris', [...(settings.postLogoutRedirectUris ?? [])]);
  if (settings.backchannelLogoutUri !== undefined) {
    put('backchannel_logout_uri', settings.backchannelLogoutUri);
    // Logout tokens name the session (sid), so a client can end the right one.
    put('backchannel_logout_session_required', Boolean(settings.backchannelLogoutUri));
  }
  if (settings.firstParty !== undefined) put('first_party', settings.firstParty);
  if (settings.maxAge !== undefined) put('default_max_age', checkMaxAge(settings.maxAge));
  if (settings.defaultAcr !== undefined) put('default_acr_values', settings.defaultAcr === null ? null : [checkAcr(settings.defaultAcr, acrValues)]);
  if (settings.scopes !== undefined) next.scope = checkScopes(settings.scopes).join(' ');
  const checked = next as ClientMetadata;
  if (clientKind(checked) === 'oidc') checkRedirectUris(checked);
  return checked;
}

/** The grant of the device authorization flow (RFC 8628). */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

function checkRedirectUris(metadata: ClientMetadata): void {
  // A device client (no browser on its side) may have no redirect URI at all.
  const needsRedirect = metadata.grant_types.includes('authorization_code');
  if (needsRedirect && metadata.redirect_uris.length === 0) throw new DomainError('invalid_input', 'at least one redirect URI is required (only a device client, with the device grant alone, has none)', { fields: { redirectUris: 'missing' } });
  for (const uri of [...metadata.redirect_uris, ...(metadata.post_logout_redirect_uris ?? [])]) {
    if (!URL.canParse(uri)) throw new DomainError('invalid_input', `malformed redirect URI: ${uri}`, { fields: { redirectUris: uri } });
  }
}

function checkScopes(scopes: readonly string[]): string[] {
  const unknown = scopes.filter((scope) => !RELYING_PARTY_SCOPES.includes(scope));
  if (unknown.length > 0) {
    throw new DomainError('invalid_input', `scopes: ${unknown.join(', ')} not among ${RELYING_PARTY_SCOPES.join(', ')}`, { fields: { scopes: 'unknown' } });
  }
  // openid is what makes it OpenID Connect; kept first, the rest in a stable order.
  return RELYING_PARTY_SCOPES.filter((scope) => scope === 'openid' || scopes.includes(scope));
}

function checkMaxAge(maxAge: number | null): number | null {
  if (maxAge !== null && !(Number.isSafeInteger(maxAge) && maxAge >= 0 && maxAge <= MAX_AGE_LIMIT)) {
    throw new DomainError('invalid_input', `max age: a whole number of seconds from 0 to ${MAX_AGE_LIMIT}`, { fields: { maxAge: 'range' } });
  }
  return maxAge;
}

function checkAcr(acr: string, acrValues: readonly string[]): string {
  if (!acrValues.includes(acr)) {
    throw new DomainError('invalid_input', `default acr: ${acr} is not one of the provider's acr values (${acrValues.join(', ')})`, { fields: { defaultAcr: 'unknown' } });
  }
  return acr;
}

/** oidc-provider's own check; what it refuses is the administrator's input to correct. */
export async function checkWithProvider(deps: AdminDependencies, metadata: ClientMetadata): Promise<void> {
  try {
    await deps.validateClient(metadata);
  } catch (error) {
    throw new DomainError('invalid_input', `invalid client: ${(error as { error_description?: string }).error_description ?? (error as Error).message}`);
  }
}
