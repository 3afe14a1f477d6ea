// The claims Pingate releases, by scope. `groups` is its own scope so clients ask for it.
// acr, amr and auth_time sit under `openid` so every ID token carries them (VPN clients and
// brokers check them without asking through the claims parameter).
import type { Account } from '../usecases/ports.ts';

export const claimsByScope = {
  openid: ['sub', 'acr', 'amr', 'auth_time'],
  profile: ['name', 'preferred_username'],
  email: ['email', 'email_verified'],
  groups: ['groups'],
} as const;

export function claimsOf(account: Account): Record<string, unknown> {
  return {
    sub: account.id,
    name: account.displayName ?? account.username,
    preferred_username: account.username,
    ...(account.email ? { email: account.email, email_verified: true } : {}),
    groups: [...account.groups],
  };
}
