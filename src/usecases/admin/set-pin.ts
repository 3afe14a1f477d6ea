// An administrator sets a known PIN for an account. The PIN is hashed before it is stored;
// the account's PIN state becomes SET.
import { DomainError } from '../../domain/errors.ts';
import type { AdminDependencies } from './dependencies.ts';
import { requireAccount } from './find-account.ts';

export async function setPin(deps: AdminDependencies, username: string, pin: string): Promise<void> {
  const account = await requireAccount(deps.accounts, username);
  if (pin.length < 3 || pin.length > 16) throw new DomainError('invalid_input', 'a PIN has 3 to 16 characters', { fields: { pin: 'length' } });
  const hash = await deps.hasher.hash(pin);
  await deps.accounts.setPin(account.id, hash, 'SET', deps.clock.now());
}
