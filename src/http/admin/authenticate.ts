// Authenticates callers of the administration API: a Bearer access token that Pingate issued
// to a confidential client with the client credentials grant. Its scopes decide what the
// caller may do: `admin` everything, `helpdesk` unlock / PIN reset / forced change / reading.
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type { AdminScope } from '../../usecases/admin/register-service-client.ts';

export interface AdminCaller {
  readonly clientId: string;
  readonly scopes: ReadonlySet<string>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function authenticateAdmin(provider: Provider): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
    const token = match ? await provider.ClientCredentials.find(match[1]!) : undefined;
    // The client must still be there and enabled: disabling or removing it revokes its tokens,
    // and this also refuses one issued by another process in the second it cached the client.
    const client = token?.clientId ? await provider.Client.find(token.clientId) : undefined;
    if (!token || token.isExpired || !client) {
      ctx.set('WWW-Authenticate', 'Bearer realm="pingate-admin", error="invalid_token"');
      throw new ApiError(401, 'unauthorized', 'a valid Bearer access token from the client credentials grant is required');
    }
    ctx.state.caller = { clientId: client.clientId, scopes: new Set((token.scope ?? '').split(' ').filter(Boolean)) } satisfies AdminCaller;
    await next();
  };
}

/** Allows the request when the caller holds one of `scopes`. */
export function requireScope(...scopes: AdminScope[]): Middleware {
  return async (ctx, next) => {
    const caller = ctx.state.caller as AdminCaller;
    if (!scopes.some((s) => caller.scopes.has(s))) {
      ctx.set('WWW-Authenticate', `Bearer realm="pingate-admin", error="insufficient_scope", scope="${scopes.join(' ')}"`);
      throw new ApiError(403, 'insufficient_scope', `this action needs the scope ${scopes.join(' or ')}`);
    }
    await next();
  };
}
