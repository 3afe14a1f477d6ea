// How clients are shown to operators (admin API and CLI alike), relying parties and service
// clients in one shape: never the secret (registration and rotation hand a new one over
// themselves, once).
import type { RegisteredClient } from '../ports.ts';
import { clientKind } from './client-metadata.ts';

export function clientJson({ metadata, enabled }: RegisteredClient) {
  const acr = metadata.default_acr_values as readonly string[] | undefined;
  return {
    clientId: metadata.client_id,
    kind: clientKind(metadata),
    name: metadata.client_name ?? null,
    enabled,
    tokenEndpointAuthMethod: metadata.token_endpoint_auth_method,
    scopes: typeof metadata.scope === 'string' ? metadata.scope.split(' ').filter(Boolean) : [],
    redirectUris: metadata.redirect_uris,
    postLogoutRedirectUris: metadata.post_logout_redirect_uris ?? [],
    backchannelLogoutUri: (metadata.backchannel_logout_uri as string | undefined) ?? null,
    firstParty: metadata.first_party === true,
    maxAge: (metadata.default_max_age as number | undefined) ?? null,
    defaultAcr: acr?.[0] ?? null,
    validateNetworks: (metadata.validate_networks as readonly string[] | undefined) ?? [],
    validateNetworkOnly: metadata.validate_without_secret === true,
  };
}

export type ClientJson = ReturnType<typeof clientJson>;
