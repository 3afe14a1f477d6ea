// The one place that turns errors into HTTP answers: domain error codes become statuses and a
// readable page (or JSON for API paths); a database that cannot be reached, is locked or full
// gives 503 (the next request tries again); anything unexpected is logged and hidden behind 500.
import type { Context, Middleware } from 'koa';
import { errors as oidcErrors } from 'oidc-provider';
import { isDomainError, type DomainErrorCode } from '../domain/errors.ts';
import type { Logger } from '../usecases/logger.ts';
import { translatorOf } from './page-language.ts';
import { ApiError } from './admin/authenticate.ts';
import { ValidationError } from './admin/schemas.ts';

const isHttpError = (error: unknown): error is { status: number; message: string } =>
  typeof (error as { status?: unknown })?.status === 'number' && (error as { expose?: boolean }).expose === true;
import type { ViewEngine } from './views.ts';

export const statusByCode: Readonly<Record<DomainErrorCode, number>> = {
  invalid_input: 400,
  not_found: 404,
  duplicate: 409,
  conflict: 409,
  forbidden: 403,
  flow_expired: 410,
  flow_invalid: 400,
  csrf_mismatch: 403,
  delivery_failed: 503,
  rate_limited: 429,
};

export function errorHandler(views: ViewEngine, logger: Logger, isStorageUnavailable: (error: unknown) => boolean = () => false): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      let status = 500;
      let code = 'server_error';
      let text = 'Something went wrong on our side. Try again in a moment.';
      /** The catalogue message a page shows (the API answers with `text`). */
      let messageId = 'server_error';
      let fields: Record<string, unknown> | undefined;
      const api = ctx.path.startsWith('/admin/api');
      if (isDomainError(error)) {
        status = statusByCode[error.code];
        code = error.code;
        // The API answers with the precise message; pages with the user-facing sentence.
        text = error.message;
        messageId = typeof error.details.messageId === 'string' ? error.details.messageId : error.code;
        fields = error.details.fields as Record<string, unknown> | undefined;
      } else if (error instanceof ApiError) {
        status = error.status;
        code = error.code;
        text = error.message;
      } else if (error instanceof ValidationError) {
        status = 400;
        code = 'invalid_input';
        text = error.message;
        fields = error.fields;
      } else if (error instanceof oidcErrors.SessionNotFound) {
        status = 400;
        code = 'session_not_found';
        messageId = code;
        text = 'the sign-in session was not found';
      } else if (isHttpError(error) && error.status < 500) {
        status = error.status;
        code = status === 404 ? 'not_found' : 'invalid_input';
        messageId = code;
        text = error.message;
      } else if (isStorageUnavailable(error) || error instanceof oidcErrors.TemporarilyUnavailable) {
        status = 503;
        code = 'service_unavailable';
        messageId = code;
        text = 'the service is unavailable for a moment; try again';
        ctx.set('Retry-After', '30');
        logger.error({ event: 'storage.unavailable', err: error, path: ctx.path }, 'the database is unavailable');
      } else {
        logger.error({ err: error, path: ctx.path }, 'unhandled error');
      }
      if (status < 500) logRefusal(logger, status, code, fields);
      ctx.status = status;
      if (api) {
        ctx.body = { error: code, message: text, ...(fields ? { fields } : {}) };
      } else {
        ctx.type = 'html';
        ctx.body = errorPage(views, ctx, code, messageId);
      }
    }
  };
}

/** A refused request is logged: a missing or forged CSRF token, an API caller without the right
 * credentials or scope, a limit reached (warnings: someone may be probing), and malformed input
 * (the names of the fields, never their values). */
function logRefusal(logger: Logger, status: number, code: string, fields: Record<string, unknown> | undefined): void {
  // `error`, not `code`: the logger redacts any field named code (it could be a one-time code).
  // Field names can be the client's own (a repeated unknown field): a few, shortened.
  const record = { event: 'http.refused', status, error: code, ...(fields ? { fields: Object.keys(fields).slice(0, 10).map((name) => name.slice(0, 64)) } : {}) };
  if (status === 401 || status === 403 || status === 429) logger.warn(record, 'request refused');
  else logger.info(record, 'request refused');
}

/** The error page: a plain heading and sentence in the user's language, a way back (to the
 * application when the route knew it: ctx.state.backTo, else to the account page), and the error
 * code for the helpdesk. */
export function errorPage(views: ViewEngine, ctx: Context, code: string, messageId: string, detail: string | null = null): string {
  const translator = translatorOf(ctx);
  const heading = translator.has(`error.heading.${code}`) ? `error.heading.${code}` : 'error.heading.other';
  const description = translator.has(`message.${messageId}`) ? `message.${messageId}` : 'message.server_error';
  return views.page(ctx, 'error.njk', { heading: translator.t(heading), description: translator.t(description), error: code, detail });
}
