// One rule for every form posted to a page: each field once, as plain text. A repeated field
// (`pin=1&pin=2`) or a bracketed one (`pin[]=1`, `csrf[a]=b`) is refused with a clear 400 before
// anything reads it, so no use case ever sees an array or an object where it expects text.
import type { Middleware } from 'koa';
import { DomainError } from '../domain/errors.ts';

export function plainFormFields(): Middleware {
  return async (ctx, next) => {
    if (ctx.method === 'POST') {
      const body: unknown = ctx.request.body ?? {};
      const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.entries(body) : null;
      const bad = fields === null ? ['(body)'] : fields.filter(([, value]) => typeof value !== 'string').map(([name]) => name);
      if (bad.length > 0) {
        throw new DomainError('invalid_input', 'each field must be sent once, as plain text', { fields: Object.fromEntries(bad.map((name) => [name, 'not_plain_text'])) });
      }
    }
    await next();
  };
}
