// The administration API under /admin/api: JSON over HTTP for helpdesks and administrators.
// Each route checks the caller's scope, validates its input, and calls the same use case the
// CLI calls, acting as the calling client (which every audit record names).
import Router, { type RouterContext } from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import QRCode from 'qrcode';
import type { AdminDependencies } from '../../usecases/admin/dependencies.ts';
import { createAccount } from '../../usecases/admin/create-account.ts';
import { enrolEmailToken } from '../../usecases/admin/enrol-email-token.ts';
import { enrolTotp } from '../../usecases/admin/enrol-totp.ts';
import { searchAudit } from '../../usecases/admin/search-audit.ts';
import { forcePinChange } from '../../usecases/admin/force-pin-change.ts';
import { deleteAccount, searchAccounts, setAccountEnabled, updateAccount } from '../../usecases/admin/manage-account.ts';
import { deleteToken, listTokens, resyncTotp, setTokenEnabled } from '../../usecases/admin/manage-tokens.ts';
import { resetPin } from '../../usecases/admin/reset-pin.ts';
import { setPin } from '../../usecases/admin/set-pin.ts';
import { showAccount } from '../../usecases/admin/show-account.ts';
import { showPolicy } from '../../usecases/admin/show-policy.ts';
import { unlockAccount } from '../../usecases/admin/unlock-account.ts';
import { issueEnrolmentCode } from '../../usecases/admin/issue-enrolment-code.ts';
import { listSessions, revokeEveryonesSessions, revokeSessions } from '../../usecases/admin/manage-sessions.ts';
import { listClients, removeClient, requireClient, setClientEnabled, updateClient } from '../../usecases/admin/manage-clients.ts';
import { registerClient } from '../../usecases/admin/register-client.ts';
import { registerServiceClient } from '../../usecases/admin/register-service-client.ts';
import { rotateClientSecret } from '../../usecases/admin/rotate-client-secret.ts';
import { clientJson } from '../../usecases/admin/client-representation.ts';
import { ApiError, authenticateAdmin, requireScope, type AdminCaller } from './authenticate.ts';
import type { SignInRateLimiter } from '../../usecases/rate-limit.ts';
import { openApiDocument } from './openapi.ts';
import { accountJson, tokenJson } from '../../usecases/admin/representations.ts';
import * as schemas from './schemas.ts';
import { parse } from './schemas.ts';

export function createAdminApiRouter(provider: Provider, admin: AdminDependencies, rateLimiter: SignInRateLimiter, handleErrors: Middleware): Router {
  const router = new Router({ prefix: '/admin/api' });
  router.use(handleErrors);
  router.use(async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Content-Type-Options', 'nosniff');
    await next();
  });
  router.get('/openapi.json', (ctx) => {
    ctx.body = openApiDocument(admin.totpIssuer);
  });
  router.use(authenticateAdmin(provider));
  router.use(async (ctx, next) => {
    if (!(await rateLimiter.allowAdminRequest((ctx.state.caller as AdminCaller).clientId))) {
      throw new ApiError(429, 'rate_limited', 'too many requests from this client; wait a minute');
    }
    await next();
  });
  router.use(bodyParser({ enableTypes: ['json'], jsonLimit: '64kb', onError: (_error, ctx) => ctx.throw(400, 'the body is not valid JSON') }));

  // The caller's scope is its role: the use cases check it again (a helpdesk client never sets
  // a known PIN, nor changes an administrator's account).
  const as = (ctx: RouterContext): AdminDependencies => {
    const caller = ctx.state.caller as AdminCaller;
    return { ...admin, actor: { type: 'client', id: caller.clientId }, role: caller.scopes.has('admin') ? 'admin' : 'helpdesk', ip: ctx.ip };
  };
  const now = () => admin.clock.now();
  const max = admin.lockout;
  const helpdesk = requireScope('admin', 'helpdesk');
  const adminOnly = requireScope('admin');

  // Accounts
  router.get('/accounts', helpdesk, async (ctx) => {
    const query = parse(schemas.listAccountsQuery, ctx.query);
    const { items, total } = await searchAccounts(as(ctx), { text: query.search, group: query.group, limit: query.limit, skip: query.offset });
    ctx.body = { items: items.map((a) => accountJson(a, now(), max)), total, limit: query.limit, offset: query.offset };
  });
  router.post('/accounts', adminOnly, async (ctx) => {
    const body = parse(schemas.createAccountBody, ctx.request.body);
    const account = await createAccount(as(ctx), body);
    ctx.status = 201;
    ctx.set('Location', `/admin/api/accounts/${encodeURIComponent(account.username)}`);
    ctx.body = accountJson(account, now(), max);
  });
  router.get('/accounts/:username', helpdesk, async (ctx) => {
    ctx.body = await showAccount(as(ctx), ctx.params.username!);
  });
  router.patch('/accounts/:username', adminOnly, async (ctx) => {
    ctx.body = accountJson(await updateAccount(as(ctx), ctx.params.username!, parse(schemas.updateAccountBody, ctx.request.body)), now(), max);
  });
  router.delete('/accounts/:username', adminOnly, async (ctx) => {
    await deleteAccount(as(ctx), ctx.params.username!);
    ctx.status = 204;
  });
  router.post('/accounts/:username/disable', adminOnly, async (ctx) => {
    ctx.body = accountJson(await setAccountEnabled(as(ctx), ctx.params.username!, false), now(), max);
  });
  router.post('/accounts/:username/enable', adminOnly, async (ctx) => {
    ctx.body = accountJson(await setAccountEnabled(as(ctx), ctx.params.username!, true), now(), max);
  });
  router.post('/accounts/:username/unlock', helpdesk, async (ctx) => {
    ctx.body = await unlockAccount(as(ctx), ctx.params.username!);
  });
  router.get('/accounts/:username/policy', helpdesk, async (ctx) => {
    ctx.body = await showPolicy(as(ctx), { username: ctx.params.username! });
  });

  // Sessions
  router.get('/accounts/:username/sessions', helpdesk, async (ctx) => {
    ctx.body = { items: await listSessions(as(ctx), ctx.params.username!) };
  });
  router.delete('/accounts/:username/sessions', helpdesk, async (ctx) => {
    ctx.body = await revokeSessions(as(ctx), ctx.params.username!);
  });
  router.delete('/sessions', adminOnly, async (ctx) => {
    ctx.body = await revokeEveryonesSessions(as(ctx));
  });

  // PIN
  router.put('/accounts/:username/pin', adminOnly, async (ctx) => {
    const body = parse(schemas.setPinBody, ctx.request.body);
    ctx.body = await setPin(as(ctx), ctx.params.username!, body.pin, { waiveChangeOnFirstUse: body.waiveChangeOnFirstUse ?? false });
  });
  router.post('/accounts/:username/pin/reset', helpdesk, async (ctx) => {
    const body = parse(schemas.resetPinBody, ctx.request.body ?? {});
    ctx.body = await resetPin(as(ctx), ctx.params.username!, { temporaryPin: body.temporaryPin });
  });
  router.post('/accounts/:username/pin/force-change', helpdesk, async (ctx) => {
    ctx.body = await forcePinChange(as(ctx), { username: ctx.params.username! });
  });
  router.post('/pin/force-change', adminOnly, async (ctx) => {
    ctx.body = await forcePinChange(as(ctx), parse(schemas.forceChangeBody, ctx.request.body));
  });

  // Tokens
  router.get('/accounts/:username/tokens', helpdesk, async (ctx) => {
    ctx.body = { items: (await listTokens(as(ctx), ctx.params.username!)).map(tokenJson) };
  });
  router.post('/accounts/:username/tokens', adminOnly, async (ctx) => {
    const body = parse(schemas.enrolTokenBody, ctx.request.body);
    ctx.status = 201;
    if (body.type === 'email') {
      ctx.body = { token: tokenJson(await enrolEmailToken(as(ctx), ctx.params.username!)) };
      return;
    }
    const { type: _type, secret, ...parameters } = body;
    const enrolled = await enrolTotp(as(ctx), { username: ctx.params.username!, secret, parameters });
    ctx.body = {
      token: tokenJson(enrolled.token),
      // Returned once: the secret is stored sealed and never shown again.
      secret: enrolled.secret,
      otpauthUri: enrolled.otpauthUri,
      qr: { png: await QRCode.toDataURL(enrolled.otpauthUri), svg: await QRCode.toString(enrolled.otpauthUri, { type: 'svg' }) },
    };
  });
  router.post('/accounts/:username/enrolment-code', helpdesk, async (ctx) => {
    ctx.status = 201;
    ctx.body = await issueEnrolmentCode(as(ctx), ctx.params.username!);
  });
  router.post('/tokens/:serial/disable', adminOnly, async (ctx) => {
    ctx.body = tokenJson(await setTokenEnabled(as(ctx), ctx.params.serial!, false));
  });
  router.post('/tokens/:serial/enable', adminOnly, async (ctx) => {
    ctx.body = tokenJson(await setTokenEnabled(as(ctx), ctx.params.serial!, true));
  });
  router.delete('/tokens/:serial', adminOnly, async (ctx) => {
    await deleteToken(as(ctx), ctx.params.serial!);
    ctx.status = 204;
  });
  router.post('/tokens/:serial/resync', adminOnly, async (ctx) => {
    const body = parse(schemas.resyncBody, ctx.request.body);
    ctx.body = await resyncTotp(as(ctx), ctx.params.serial!, body.code1, body.code2);
  });

  // Clients (relying parties and service clients alike): admin only, secrets never shown but
  // by a rotation.
  router.get('/clients', adminOnly, async (ctx) => {
    ctx.body = { items: (await listClients(as(ctx))).map(clientJson) };
  });
  router.post('/clients', adminOnly, async (ctx) => {
    const body = parse(schemas.registerClientBody, ctx.request.body);
    const metadata = await registerClient(as(ctx), body);
    ctx.status = 201;
    // The secret is returned once, here (it is stored sealed); a rotation makes a new one.
    ctx.body = { ...clientJson(await requireClient(as(ctx), metadata.client_id)), ...(metadata.client_secret ? { clientSecret: metadata.client_secret } : {}) };
  });
  router.post('/clients/service', adminOnly, async (ctx) => {
    const body = parse(schemas.registerServiceClientBody, ctx.request.body);
    const metadata = await registerServiceClient(as(ctx), body);
    ctx.status = 201;
    ctx.body = { ...clientJson(await requireClient(as(ctx), metadata.client_id)), clientSecret: metadata.client_secret };
  });
  router.get('/clients/:clientId', adminOnly, async (ctx) => {
    ctx.body = clientJson(await requireClient(as(ctx), ctx.params.clientId!));
  });
  router.patch('/clients/:clientId', adminOnly, async (ctx) => {
    ctx.body = clientJson(await updateClient(as(ctx), ctx.params.clientId!, parse(schemas.updateClientBody, ctx.request.body)));
  });
  router.delete('/clients/:clientId', adminOnly, async (ctx) => {
    await removeClient(as(ctx), ctx.params.clientId!);
    ctx.status = 204;
  });
  router.post('/clients/:clientId/disable', adminOnly, async (ctx) => {
    ctx.body = clientJson((await setClientEnabled(as(ctx), ctx.params.clientId!, false)).client);
  });
  router.post('/clients/:clientId/enable', adminOnly, async (ctx) => {
    ctx.body = clientJson((await setClientEnabled(as(ctx), ctx.params.clientId!, true)).client);
  });
  router.post('/clients/:clientId/rotate-secret', adminOnly, async (ctx) => {
    ctx.body = await rotateClientSecret(as(ctx), ctx.params.clientId!);
  });

  // Audit
  router.get('/audit', helpdesk, async (ctx) => {
    const query = parse(schemas.auditQuery, ctx.query);
    const items = await searchAudit(as(ctx), {
      username: query.account,
      event: query.event,
      since: query.since ? new Date(query.since) : undefined,
      until: query.until ? new Date(query.until) : undefined,
      limit: query.limit,
      skip: query.offset,
    });
    ctx.body = { items, limit: query.limit, offset: query.offset };
  });
  return router;
}
