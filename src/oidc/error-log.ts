// Every error oidc-provider answers with is logged, which it does not do itself: failed client
// authentication (invalid_client), refused grants (invalid_grant, a refresh token used twice),
// introspection, revocation, userinfo and logout errors, and its server_error with the stack.
// Fields are the OAuth error code, its fixed description and detail, the route and the client id
// as claimed: never a token, a code or a secret.
import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import type { Logger } from '../usecases/logger.ts';

const ERROR_EVENTS = [
  'authorization.error',
  'grant.error',
  'userinfo.error',
  'introspection.error',
  'revocation.error',
  'end_session.error',
  'end_session_confirm.error',
  'device_authorization.error',
  'code_verification.error',
  'pushed_authorization_request.error',
  'jwks.error',
  'discovery.error',
] as const;

interface OAuthError {
  readonly error?: string;
  readonly error_description?: string;
  /** oidc-provider's reason behind a generic description ("refresh token already used"). */
  readonly error_detail?: string;
  readonly message?: string;
}

/** The client id a request names, whether or not it authenticated. */
function claimedClient(ctx: KoaContextWithOIDC): string | null {
  const fromContext = ctx.oidc?.client?.clientId ?? (ctx.oidc?.params as { client_id?: unknown } | undefined)?.client_id;
  const fromBody = (ctx.request as { body?: { client_id?: unknown } }).body?.client_id;
  const value = fromContext ?? fromBody;
  return typeof value === 'string' && value.length <= 200 ? value : null;
}

export function logProviderErrors(provider: Provider, logger: Logger): void {
  for (const name of ERROR_EVENTS) {
    // The event names are oidc-provider's (lib/helpers/initialize_app.js); its types list only some.
    const on = provider.on.bind(provider) as (event: string, listener: (ctx: KoaContextWithOIDC, error: OAuthError) => void) => void;
    on(name, (ctx, error) => {
      const code = error.error ?? 'unknown';
      const reused = code === 'invalid_grant' && error.error_detail === 'refresh token already used';
      logger.warn(
        { event: reused ? 'oidc.refresh_token_reused' : 'oidc.error', oidcEvent: name, error: code, description: error.error_description ?? null, detail: error.error_detail ?? null, client: claimedClient(ctx) },
        reused ? 'a refresh token was used twice: its grant is revoked' : 'an OAuth request was refused',
      );
    });
  }
  provider.on('server_error', (ctx: KoaContextWithOIDC, error: Error) => {
    logger.error({ event: 'oidc.server_error', err: error, client: claimedClient(ctx) }, 'oidc-provider failed');
  });
}
