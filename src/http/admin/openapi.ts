// The OpenAPI 3.1 description of the administration API, served at /admin/api/openapi.json.
// Request schemas come from the same zod schemas that validate requests.
import { z } from 'zod';
import * as schemas from './schemas.ts';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: json(schema) } } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/E${s}` }]));
const username = { name: 'username', in: 'path', required: true, schema: { type: 'string' } };
const serial = { name: 'serial', in: 'path', required: true, schema: { type: 'string' } };
const clientId = { name: 'clientId', in: 'path', required: true, schema: { type: 'string' } };
const scopes = (...list: string[]) => ({ security: [{ bearer: list }], 'x-scopes': list });
const HELPDESK = ['admin', 'helpdesk'];

export function openApiDocument(title: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: `${title} administration API`,
      version: '1.0.0',
      description:
        'Accounts, PINs, tokens and the audit log. Authenticate with an access token from the client credentials grant ' +
        '(POST /token, grant_type=client_credentials, scope=admin or helpdesk). helpdesk may read, unlock, reset a PIN ' +
        'and force a change of one account, and list and end its sessions; only admin may set a known PIN, change accounts and tokens, ' +
        'and manage clients.',
    },
    servers: [{ url: '/admin/api' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'client credentials access token' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error', 'message'],
          properties: {
            error: { type: 'string', description: 'stable code: invalid_input, unauthorized, insufficient_scope, not_found, duplicate, conflict, forbidden, rate_limited, ...' },
            message: { type: 'string' },
            fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'for invalid_input: each bad field and why' },
          },
        },
        Account: {
          type: 'object',
          properties: {
            id: { type: 'string' }, username: { type: 'string' }, displayName: { type: ['string', 'null'] }, email: { type: ['string', 'null'] },
            groups: { type: 'array', items: { type: 'string' } }, status: { enum: ['ACTIVE', 'DISABLED'] },
            pin: { type: 'object', properties: { state: { enum: ['NOT_SET', 'SET', 'CHANGE_FORCED'] }, changedAt: { type: ['string', 'null'], format: 'date-time' } } },
            lockout: { type: 'object', properties: { locked: { type: 'boolean' }, failures: { type: 'integer' }, lockedAt: { type: ['string', 'null'] }, lockedUntil: { type: ['string', 'null'] } } },
            createdAt: { type: 'string', format: 'date-time' },
          },
        },
        Token: {
          type: 'object',
          properties: {
            serial: { type: 'string' }, type: { enum: ['totp', 'email'] }, state: { enum: ['ACTIVE', 'DISABLED', 'PENDING'] },
            algorithm: { enum: ['SHA1', 'SHA256', 'SHA512'] }, digits: { enum: [6, 8] }, period: { type: 'integer' }, driftSteps: { type: 'integer' },
            createdAt: { type: 'string', format: 'date-time' },
          },
        },
        Client: {
          type: 'object',
          description: 'a relying party (kind oidc) or a client of this API (kind service); never its secret',
          properties: {
            clientId: { type: 'string' }, kind: { enum: ['oidc', 'service'] }, name: { type: ['string', 'null'] }, enabled: { type: 'boolean' },
            tokenEndpointAuthMethod: { enum: ['none', 'client_secret_basic', 'client_secret_post'] }, scopes: { type: 'array', items: { type: 'string' } },
            redirectUris: { type: 'array', items: { type: 'string' } }, postLogoutRedirectUris: { type: 'array', items: { type: 'string' } },
            backchannelLogoutUri: { type: ['string', 'null'] }, firstParty: { type: 'boolean' },
            maxAge: { type: ['integer', 'null'], description: 'seconds: an older sign-in is not reused for this client (default_max_age)' },
            defaultAcr: { type: ['string', 'null'], description: 'requested when the client asks for no acr (default_acr_values)' },
            validateNetworks: { type: 'array', items: { type: 'string' }, description: 'validate callers: the networks it may call from (empty: anywhere, with credentials)' },
            validateNetworkOnly: { type: 'boolean', description: 'validate callers: calls from those networks need no credentials' },
          },
        },
        AuditEvent: {
          type: 'object',
          properties: {
            id: { type: 'string' }, time: { type: 'string', format: 'date-time' }, event: { type: 'string' }, outcome: { enum: ['success', 'failure'] },
            actor: { type: 'object', properties: { type: { enum: ['user', 'client', 'operator', 'console', 'system'] }, id: { type: 'string' } } },
            account: { type: ['object', 'null'], properties: { id: { type: 'string' }, username: { type: 'string' } } },
            reason: { type: ['string', 'null'] }, ip: { type: ['string', 'null'] }, clientId: { type: ['string', 'null'] }, details: { type: 'object' },
          },
        },
      },
      responses: Object.fromEntries(
        [
          [400, 'invalid input (fields lists each bad field)'], [401, 'no valid access token'],
          [403, 'the token lacks the scope (insufficient_scope), or the action is forbidden (forbidden: by the PIN policy; a client disabling or removing itself)'],
          [404, 'no such account, token or client'], [409, 'duplicate, or a conflict (conflict: e.g. the client changed meanwhile, or is public and has no secret)'], [429, 'too many requests'],
        ].map(([status, description]) => [`E${status}`, ok(ref('Error'), String(description))]),
      ),
    },
    paths: {
      '/accounts': {
        get: { summary: 'list or search accounts', ...scopes(...HELPDESK), parameters: ['search', 'group', 'limit', 'offset'].map((name) => ({ name, in: 'query', schema: { type: name === 'search' || name === 'group' ? 'string' : 'integer' } })), responses: { 200: ok({ type: 'object', properties: { items: { type: 'array', items: ref('Account') }, total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' } } }), ...errors(400, 401, 403) } },
        post: { summary: 'create an account', ...scopes('admin'), requestBody: body(schemas.createAccountBody), responses: { 201: ok(ref('Account'), 'created'), ...errors(400, 401, 403, 409) } },
      },
      '/accounts/{username}': {
        parameters: [username],
        get: { summary: 'an account with its PIN state, lockout and tokens', ...scopes(...HELPDESK), responses: { 200: ok({ type: 'object' }), ...errors(401, 403, 404) } },
        patch: { summary: 'change email, display name or groups', ...scopes('admin'), requestBody: body(schemas.updateAccountBody), responses: { 200: ok(ref('Account')), ...errors(400, 401, 403, 404) } },
        delete: { summary: 'delete an account and its tokens', ...scopes('admin'), responses: { 204: { description: 'deleted' }, ...errors(401, 403, 404) } },
      },
      '/accounts/{username}/disable': { parameters: [username], post: { summary: 'disable (sign-in refused)', ...scopes('admin'), responses: { 200: ok(ref('Account')), ...errors(401, 403, 404) } } },
      '/accounts/{username}/enable': { parameters: [username], post: { summary: 'enable', ...scopes('admin'), responses: { 200: ok(ref('Account')), ...errors(401, 403, 404) } } },
      '/accounts/{username}/unlock': { parameters: [username], post: { summary: 'lift a lock, reset the failure count (idempotent)', ...scopes(...HELPDESK), responses: { 200: ok({ type: 'object', properties: { wasLocked: { type: 'boolean' }, graceUntil: { type: ['string', 'null'] } } }), ...errors(401, 403, 404) } } },
      '/accounts/{username}/sessions': {
        parameters: [username],
        get: {
          summary: "the account's signed-in sessions (never their cookie values)",
          ...scopes(...HELPDESK),
          responses: { 200: ok({ type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { uid: { type: 'string' }, signedInAt: { type: 'string' }, amr: { type: 'array', items: { type: 'string' } }, acr: { type: ['string', 'null'] }, clients: { type: 'array', items: { type: 'string' } }, expiresAt: { type: ['string', 'null'] } } } } } }), ...errors(401, 403, 404) },
        },
        delete: {
          summary: 'end every session, grant and token of the account (it signs in again everywhere)',
          ...scopes(...HELPDESK),
          responses: { 200: ok({ type: 'object', properties: { sessions: { type: 'integer' }, tokens: { type: 'integer' } } }), ...errors(401, 403, 404) },
        },
      },
      '/sessions': {
        delete: {
          summary: "end every account's sessions, grants and tokens (everybody signs in again; admin only)",
          ...scopes('admin'),
          responses: { 200: ok({ type: 'object', properties: { sessions: { type: 'integer' }, tokens: { type: 'integer' } } }), ...errors(401, 403) },
        },
      },
      '/accounts/{username}/policy': { parameters: [username], get: { summary: 'the effective PIN policy of the account', ...scopes(...HELPDESK), responses: { 200: ok({ type: 'object' }), ...errors(401, 403, 404) } } },
      '/accounts/{username}/pin': { parameters: [username], put: { summary: 'set a known PIN (admin only; refused when random PINs are forced)', ...scopes('admin'), requestBody: body(schemas.setPinBody), responses: { 200: ok({ type: 'object', properties: { state: { type: 'string' } } }), ...errors(400, 401, 403, 404) } } },
      '/accounts/{username}/pin/reset': { parameters: [username], post: { summary: 'reset the PIN to NOT_SET, or to a generated temporary PIN with {"temporaryPin": "show"} (returned once) or "email" (emailed to the user); always generated when random PINs are forced', ...scopes(...HELPDESK), requestBody: { ...body(schemas.resetPinBody), required: false }, responses: { 200: ok({ type: 'object', properties: { state: { type: 'string' }, randomPin: { type: 'string' }, emailed: { type: 'boolean' } } }), ...errors(400, 401, 403, 404) } } },
      '/accounts/{username}/pin/force-change': { parameters: [username], post: { summary: 'force a PIN change at the next sign-in', ...scopes(...HELPDESK), responses: { 200: ok({ type: 'object', properties: { accounts: { type: 'integer' } } }), ...errors(401, 403, 404) } } },
      '/pin/force-change': { post: { summary: 'force a PIN change for a group or everyone', ...scopes('admin'), requestBody: body(schemas.forceChangeBody), responses: { 200: ok({ type: 'object', properties: { accounts: { type: 'integer' } } }), ...errors(400, 401, 403) } } },
      '/accounts/{username}/tokens': {
        parameters: [username],
        get: { summary: "an account's tokens", ...scopes(...HELPDESK), responses: { 200: ok({ type: 'object', properties: { items: { type: 'array', items: ref('Token') } } }), ...errors(401, 403, 404) } },
        post: { summary: 'enrol a TOTP token (returns the secret, otpauth URI and QR code once) or an email token', ...scopes('admin'), requestBody: body(schemas.enrolTokenBody), responses: { 201: ok({ type: 'object', properties: { token: ref('Token'), secret: { type: 'string' }, otpauthUri: { type: 'string' }, qr: { type: 'object', properties: { png: { type: 'string', description: 'data: URL' }, svg: { type: 'string' } } } } }, 'enrolled'), ...errors(400, 401, 403, 404) } },
      },
      '/accounts/{username}/enrolment-code': { parameters: [username], post: { summary: 'a one-time code that lets a user without a token enrol a TOTP token at the next sign-in', ...scopes(...HELPDESK), responses: { 201: ok({ type: 'object', properties: { code: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } } }, 'issued'), ...errors(401, 403, 404, 409) } } },
      '/tokens/{serial}/disable': { parameters: [serial], post: { summary: 'disable a token', ...scopes('admin'), responses: { 200: ok(ref('Token')), ...errors(401, 403, 404) } } },
      '/tokens/{serial}/enable': { parameters: [serial], post: { summary: 'enable a token', ...scopes('admin'), responses: { 200: ok(ref('Token')), ...errors(401, 403, 404) } } },
      '/tokens/{serial}': { parameters: [serial], delete: { summary: 'delete a token', ...scopes('admin'), responses: { 204: { description: 'deleted' }, ...errors(401, 403, 404) } } },
      '/tokens/{serial}/resync': { parameters: [serial], post: { summary: 'resynchronise a drifted TOTP token from two consecutive codes', ...scopes('admin'), requestBody: body(schemas.resyncBody), responses: { 200: ok({ type: 'object', properties: { driftSteps: { type: 'integer' } } }), ...errors(400, 401, 403, 404) } } },
      '/clients': {
        get: { summary: 'every client, relying parties and service clients, enabled or not (never a secret)', ...scopes('admin'), responses: { 200: ok({ type: 'object', properties: { items: { type: 'array', items: ref('Client') } } }), ...errors(401, 403) } },
        post: {
          summary: 'register a relying party (as `pingate client add`); a confidential one gets clientSecret, returned once',
          ...scopes('admin'),
          requestBody: body(schemas.registerClientBody),
          responses: { 201: ok(ref('Client')), ...errors(400, 401, 403, 409) },
        },
      },
      '/clients/service': {
        post: {
          summary: 'register a service client (as `pingate client add-service`): scopes admin, helpdesk or validate; clientSecret returned once',
          ...scopes('admin'),
          requestBody: body(schemas.registerServiceClientBody),
          responses: { 201: ok(ref('Client')), ...errors(400, 401, 403, 409) },
        },
      },
      '/clients/{clientId}': {
        parameters: [clientId],
        get: { summary: 'one client (never its secret)', ...scopes('admin'), responses: { 200: ok(ref('Client')), ...errors(401, 403, 404) } },
        patch: { summary: "change a client's settings (a service client: its name only); redirect URIs replace the list; null clears a setting", ...scopes('admin'), requestBody: body(schemas.updateClientBody), responses: { 200: ok(ref('Client')), ...errors(400, 401, 403, 404, 409) } },
        delete: { summary: 'remove a client and revoke every grant, code and token issued to it; a client cannot remove itself', ...scopes('admin'), responses: { 204: { description: 'removed' }, ...errors(401, 403, 404) } },
      },
      '/clients/{clientId}/disable': { parameters: [clientId], post: { summary: 'disable a client (unknown to the provider until enabled) and revoke what was issued to it; a client cannot disable itself', ...scopes('admin'), responses: { 200: ok(ref('Client')), ...errors(401, 403, 404, 409) } } },
      '/clients/{clientId}/enable': { parameters: [clientId], post: { summary: 'enable a client again', ...scopes('admin'), responses: { 200: ok(ref('Client')), ...errors(401, 403, 404, 409) } } },
      '/clients/{clientId}/rotate-secret': { parameters: [clientId], post: { summary: "a new secret for a confidential client, returned once; the old one stops working, and so do the client's client-credentials tokens", ...scopes('admin'), responses: { 200: ok({ type: 'object', properties: { clientId: { type: 'string' }, clientSecret: { type: 'string' } } }), ...errors(401, 403, 404, 409) } } },
      '/audit': { get: { summary: 'security events, newest first', ...scopes(...HELPDESK), parameters: ['account', 'event', 'since', 'until', 'limit', 'offset'].map((name) => ({ name, in: 'query', schema: { type: ['limit', 'offset'].includes(name) ? 'integer' : 'string' } })), responses: { 200: ok({ type: 'object', properties: { items: { type: 'array', items: ref('AuditEvent') } } }), ...errors(400, 401, 403, 404) } } },
    },
  };
}
