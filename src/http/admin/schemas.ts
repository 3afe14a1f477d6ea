// Request bodies and queries of the administration API, validated by zod; the same schemas
// produce the OpenAPI document's JSON Schemas.
import { z } from 'zod';
import { MAX_AGE_LIMIT } from '../../usecases/admin/client-metadata.ts';

const username = z.string().min(1).max(128);
const group = z.string().min(1).max(64);

export const createAccountBody = z.strictObject({
  username,
  email: z.string().max(254).nullable().optional(),
  displayName: z.string().max(200).nullable().optional(),
  groups: z.array(group).max(100).optional(),
});

export const updateAccountBody = z.strictObject({
  email: z.string().max(254).nullable().optional(),
  displayName: z.string().max(200).nullable().optional(),
  groups: z.array(group).max(100).optional(),
});

export const listAccountsQuery = z.strictObject({
  search: z.string().max(128).optional(),
  group: group.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const enrolTokenBody = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('totp'),
    secret: z.string().min(26).max(128).optional(),
    algorithm: z.enum(['SHA1', 'SHA256', 'SHA512']).optional(),
    digits: z.union([z.literal(6), z.literal(8)]).optional(),
    period: z.number().int().min(15).max(120).optional(),
  }),
  z.strictObject({ type: z.literal('email') }),
]);

export const resyncBody = z.strictObject({ code1: z.string().min(6).max(10), code2: z.string().min(6).max(10) });

export const setPinBody = z.strictObject({ pin: z.string().min(1).max(64), waiveChangeOnFirstUse: z.boolean().optional() });

export const resetPinBody = z.strictObject({ temporaryPin: z.enum(['show', 'email']).optional() });

export const forceChangeBody = z.union([z.strictObject({ group }), z.strictObject({ all: z.literal(true) })]);

export const auditQuery = z.strictObject({
  account: username.optional(),
  event: z.string().max(64).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const uri = z.string().min(1).max(2000);

/** The client's settings; null clears one. URIs and acr values are checked by the use case, as
 * for `pingate client add`. */
export const updateClientBody = z.strictObject({
  name: z.string().max(200).nullable().optional(),
  redirectUris: z.array(uri).min(1).max(50).optional(),
  postLogoutRedirectUris: z.array(uri).max(50).nullable().optional(),
  backchannelLogoutUri: uri.nullable().optional(),
  firstParty: z.boolean().optional(),
  maxAge: z.number().int().min(0).max(MAX_AGE_LIMIT).nullable().optional(),
  defaultAcr: z.string().min(1).max(200).nullable().optional(),
  scopes: z.array(z.string().min(1).max(50)).min(1).max(10).optional(),
});

/** A relying party to register (as `pingate client add`). */
export const registerClientBody = z.strictObject({
  clientId: z.string().min(3).max(128),
  name: z.string().max(200).optional(),
  redirectUris: z.array(uri).max(50).default([]),
  postLogoutRedirectUris: z.array(uri).max(50).optional(),
  backchannelLogoutUri: uri.optional(),
  public: z.boolean().optional(),
  device: z.boolean().optional(),
  secret: z.string().min(32).max(200).optional(),
  authMethod: z.enum(['client_secret_basic', 'client_secret_post']).optional(),
  firstParty: z.boolean().optional(),
  maxAge: z.number().int().min(0).max(MAX_AGE_LIMIT).optional(),
  defaultAcr: z.string().min(1).max(200).optional(),
  scopes: z.array(z.string().min(1).max(50)).min(1).max(10).optional(),
});

/** A service client to register (as `pingate client add-service`). */
export const registerServiceClientBody = z.strictObject({
  clientId: z.string().min(3).max(128),
  name: z.string().max(200).optional(),
  scopes: z.array(z.string().min(1).max(50)).min(1).max(3),
  networks: z.array(z.string().min(1).max(64)).max(50).optional(),
  withoutSecret: z.boolean().optional(),
});

/** Parses `value` or throws a 400 listing every bad field. */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.code === 'unrecognized_keys' ? issue.keys.join(',') : issue.path.join('.') || '(body)';
    fields[key] = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
  }
  throw new ValidationError(fields);
}

export class ValidationError extends Error {
  readonly fields: Record<string, string>;
  constructor(fields: Record<string, string>) {
    super(`invalid request: ${Object.keys(fields).join(', ')}`);
    this.fields = fields;
  }
}
