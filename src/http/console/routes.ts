// The helpdesk and administrators' web console under /console: server-rendered pages with the
// same CSP as every page (no inline script), each request judged anew (console-auth.ts), every
// change confirmed and posted with a CSRF token, and every action one of the administrative use
// cases the CLI and the API call, acting as the person signed in.
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import type { ConsoleGroups } from '../../domain/console-role.ts';
import type { PinPolicies } from '../../usecases/pin/policies.ts';
import { plainFormFields } from '../form-fields.ts';
import type { PageLocals } from '../page-language.ts';
import { securityHeaders } from '../security-headers.ts';
import { mountAccountPages } from './account-pages.ts';
import { mountActionPages } from './action-pages.ts';
import { mountAuditPage } from './audit-page.ts';
import { mountClientPages } from './client-pages.ts';
import { consoleUser, mountConsoleSignIn, type ConsoleAuthOptions } from './console-auth.ts';
import { mountPolicyPage } from './policy-page.ts';

export interface ConsoleOptions extends ConsoleAuthOptions {
  readonly handleErrors: Middleware;
  readonly groups: ConsoleGroups;
  readonly policies: PinPolicies;
}

export function createConsoleRouter(options: ConsoleOptions): Router {
  const router = new Router({ prefix: '/console' });
  // An error page in the console offers the way back to it.
  router.use(async (ctx, next) => {
    ctx.state.backTo = { url: '/console', name: (ctx.state as PageLocals).translator.text('console.title') };
    await next();
  });
  router.use(options.handleErrors);
  router.use(securityHeaders());
  router.use(bodyParser({ enableTypes: ['form'], formLimit: '32kb' }));
  router.use(plainFormFields());
  // Signing in and out come before the session check; everything after it needs a session.
  mountConsoleSignIn(router, options);
  router.use(consoleUser(options));
  mountAccountPages(router, options.groups);
  mountActionPages(router);
  mountClientPages(router);
  mountPolicyPage(router, options.policies);
  mountAuditPage(router);
  return router;
}
