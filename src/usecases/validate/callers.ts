// Who may call the validate API: a service client registered with the scope `validate`. It
// proves itself with its secret (HTTP Basic), with an access token from the client credentials
// grant, or, for plugins that cannot send credentials (privacyIDEA's Keycloak provider, its
// FreeRADIUS and PAM modules), by calling from a network it was registered with and allowed to
// call from without a secret. A client registered with networks is refused from anywhere else.
import { BlockList, isIP } from 'node:net';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { ClientMetadata, ClientStore, RegisteredClient } from '../ports.ts';
import type { ValidateCaller } from './check.ts';

export const VALIDATE_SCOPE = 'validate';
/** Client metadata: the networks (CIDR, or single addresses) a validate caller may call from. */
export const VALIDATE_NETWORKS = 'validate_networks';
/** Client metadata: calls from those networks need no credentials. */
export const VALIDATE_WITHOUT_SECRET = 'validate_without_secret';

export type CallerProof =
  | { readonly kind: 'secret'; readonly clientId: string; readonly secret: string }
  /** An access token the adapter verified: its client and scopes. */
  | { readonly kind: 'token'; readonly clientId: string; readonly scopes: ReadonlySet<string> }
  | { readonly kind: 'none' };

/** Where a request came from: `ip` as the server reads it (X-Forwarded-For behind a trusted
 * proxy), `peer` the address of the TCP connection itself. */
export interface RequestOrigin {
  readonly ip: string;
  readonly peer: string;
  /** The request carries an Origin header: a browser sent it (a page of some site). */
  readonly fromBrowser: boolean;
}

export async function identifyValidateCaller(clients: ClientStore, proof: CallerProof, origin: RequestOrigin): Promise<ValidateCaller | null> {
  const { ip } = origin;
  if (proof.kind === 'none') {
    // Without credentials only the connection's own address counts (a forwarded header can be
    // written by anyone who reaches the port), and never a browser's request (a cross-site form).
    if (origin.fromBrowser) return null;
    const open = (await clients.list()).filter((c) => isValidateClient(c) && c.metadata[VALIDATE_WITHOUT_SECRET] === true && fromAllowedNetwork(c.metadata, origin.peer));
    return open.length === 1 ? callerOf(open[0]!) : null;
  }
  const client = await clients.find(proof.clientId);
  if (!client || !isValidateClient(client) || !fromAllowedNetwork(client.metadata, ip)) {
    // The same work for an unknown client id as for a wrong secret.
    if (proof.kind === 'secret') sameSecret(proof.secret, 'x');
    return null;
  }
  if (proof.kind === 'token') return proof.scopes.has(VALIDATE_SCOPE) ? callerOf(client) : null;
  return sameSecret(proof.secret, String(client.metadata.client_secret ?? '')) ? callerOf(client) : null;
}

const isValidateClient = (client: RegisteredClient): boolean =>
  client.enabled && String(client.metadata.scope ?? '').split(' ').includes(VALIDATE_SCOPE) && (client.metadata.grant_types as string[] | undefined)?.includes('client_credentials') === true;

const callerOf = (client: RegisteredClient): ValidateCaller => ({ clientId: client.metadata.client_id, name: String(client.metadata.client_name ?? client.metadata.client_id) });

/** No networks registered: from anywhere (with credentials). */
export function fromAllowedNetwork(metadata: ClientMetadata, ip: string): boolean {
  const networks = metadata[VALIDATE_NETWORKS] as readonly string[] | undefined;
  if (!networks || networks.length === 0) return metadata[VALIDATE_WITHOUT_SECRET] !== true;
  return networkList(networks).check(normalizeIp(ip), isIP(normalizeIp(ip)) === 6 ? 'ipv6' : 'ipv4');
}

/** A list of networks as node's BlockList; throws on a malformed entry. */
export function networkList(networks: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of networks) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address ?? '');
    if (family === 0) throw new Error(`not an IP address or network: ${entry}`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address!, type);
    else {
      const bits = Number(prefix);
      if (!/^\d{1,3}$/.test(prefix) || bits > (family === 6 ? 128 : 32)) throw new Error(`not a network prefix: ${entry}`);
      list.addSubnet(address!, bits, type);
    }
  }
  return list;
}

/** An IPv4 address as Node reports it on a dual-stack socket (::ffff:10.0.0.1) is checked as IPv4. */
const normalizeIp = (ip: string): string => (ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip);

/** Secrets compared in constant time (as digests, so their lengths do not show either). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}
