// Refresh-token grants. Each chain is one refresh token used by one worker at a time; when the
// provider rotates the token, the chain continues with the new one.
import * as oidc from 'openid-client';
import type { RelyingParty } from './signin-client.ts';

export interface RefreshChain {
  refreshToken: string;
}

export async function refreshOnce(rp: RelyingParty, chain: RefreshChain): Promise<{ rotated: boolean }> {
  const tokens = await oidc.refreshTokenGrant(rp.config, chain.refreshToken);
  if (!tokens.access_token) throw new Error('no access token in the refresh response');
  const rotated = tokens.refresh_token !== undefined && tokens.refresh_token !== chain.refreshToken;
  if (tokens.refresh_token) chain.refreshToken = tokens.refresh_token;
  return { rotated };
}
