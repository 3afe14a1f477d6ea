// What is typed as a username is kept in clear only when it names an account: people type PINs
// into the username field. Everywhere else (the flow, the per-username rate limit, the audit
// trail) it is this keyed hash: HMAC-SHA256 under the code-hash key (derived from the secret
// key), cut to 96 bits, enough to count attempts at one name and useless to a database copy.
import { createHmac } from 'node:crypto';
import type { SignInFlow } from '../../domain/signin/flow.ts';

export const hashTypedUsername = (key: Buffer, username: string): string =>
  createHmac('sha256', key).update(`username:${username}`).digest('base64url').slice(0, 16);

/** The flow's username hash; for a flow saved before flows kept one, the hash of its username. */
export const usernameHashOf = (key: Buffer, flow: SignInFlow): string | null =>
  flow.usernameHash ?? (flow.username === null ? null : hashTypedUsername(key, flow.username));
