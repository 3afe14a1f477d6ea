// Creates an account with no PIN yet (NOT_SET) and no token.
import { DomainError } from '../../domain/errors.ts';
import { isValidUsername, normalizeUsername } from '../../domain/username.ts';
import type { Account } from '../ports.ts';
import type { AdminDependencies } from './dependencies.ts';

export interface CreateAccountInput {
  readonly username: string;
  readonly email?: string | null;
  readonly displayName?: string | null;
  readonly groups?: readonly string[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const GROUP = /^[\p{L}\p{N}._:-]{1,64}$/u;

export async function createAccount(deps: AdminDependencies, input: CreateAccountInput): Promise<Account> {
  const username = normalizeUsername(input.username);
  const problems: Record<string, string> = {};
  if (!isValidUsername(username)) problems.username = 'use 1-128 letters, digits or . _ @ + -';
  const email = input.email?.trim() || null;
  if (email !== null && (!EMAIL.test(email) || email.length > 254)) problems.email = 'not an email address';
  const displayName = input.displayName?.trim() || null;
  if (displayName !== null && displayName.length > 200) problems.displayName = 'at most 200 characters';
  const groups = [...new Set((input.groups ?? []).map((g) => g.trim()).filter(Boolean))];
  if (groups.some((g) => !GROUP.test(g))) problems.groups = 'group names are 1-64 letters, digits or . _ : -';
  if (Object.keys(problems).length > 0) {
    throw new DomainError('invalid_input', `invalid account: ${Object.entries(problems).map(([k, v]) => `${k}: ${v}`).join('; ')}`, { fields: problems });
  }
  return deps.accounts.create({ username, email, displayName, groups }, deps.clock.now());
}
