// Creates an account with no PIN yet (NOT_SET) and no token.
import { DomainError } from '../../domain/errors.ts';
import { isValidUsername, normalizeUsername } from '../../domain/username.ts';
import type { Account, AccountPatch } from '../ports.ts';
import { auditAdmin } from './audit.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAdministrator } from './find-account.ts';

export interface CreateAccountInput {
  readonly username: string;
  readonly email?: string | null;
  readonly displayName?: string | null;
  readonly groups?: readonly string[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const GROUP = /^[\p{L}\p{N}._:-]{1,64}$/u;

export async function createAccount(deps: AdminDependencies, input: CreateAccountInput): Promise<Account> {
  requireAdministrator(deps, 'register an account');
  const username = normalizeUsername(input.username);
  const problems: Record<string, string> = {};
  if (!isValidUsername(username)) problems.username = 'use 1-128 letters, digits or . _ @ + -';
  let fields: AccountPatch = {};
  try {
    fields = validateAccountFields({ email: input.email ?? null, displayName: input.displayName ?? null, groups: input.groups ?? [] });
  } catch (error) {
    Object.assign(problems, (error as DomainError).details.fields);
  }
  if (Object.keys(problems).length > 0) throw invalid(problems);
  const account = await deps.accounts.create(
    { username, email: fields.email ?? null, displayName: fields.displayName ?? null, groups: fields.groups ?? [] },
    deps.clock.now(),
  );
  await auditAdmin(deps, 'account.created', account);
  return account;
}

/** Checks and normalises the editable fields of an account; throws invalid_input naming each bad field. */
export function validateAccountFields(patch: AccountPatch): AccountPatch {
  const problems: Record<string, string> = {};
  const out: { email?: string | null; displayName?: string | null; groups?: string[] } = {};
  if (patch.email !== undefined) {
    const email = patch.email?.trim() || null;
    if (email !== null && (!EMAIL.test(email) || email.length > 254)) problems.email = 'not an email address';
    out.email = email;
  }
  if (patch.displayName !== undefined) {
    const displayName = patch.displayName?.trim() || null;
    if (displayName !== null && displayName.length > 200) problems.displayName = 'at most 200 characters';
    out.displayName = displayName;
  }
  if (patch.groups !== undefined) {
    const groups = [...new Set(patch.groups.map((g) => g.trim()).filter(Boolean))];
    if (groups.some((g) => !GROUP.test(g))) problems.groups = 'group names are 1-64 letters, digits or . _ : -';
    out.groups = groups;
  }
  if (Object.keys(problems).length > 0) throw invalid(problems);
  return out;
}

const invalid = (problems: Record<string, string>) =>
  new DomainError('invalid_input', `invalid account: ${Object.entries(problems).map(([k, v]) => `${k}: ${v}`).join('; ')}`, { fields: problems });
