// Stores a TOTP token on an account, the same way whether its secret was just generated, typed
// by an administrator or read from another token server's seed file (enrol-totp.ts,
// import-tokens.ts): the account's had-a-token mark first, then the token with its secret sealed
// to the token's own id. The caller audits, under its own event.
import { randomUUID } from 'node:crypto';
import type { TotpParameters } from '../../security/totp.ts';
import type { Account, TokenRecord } from '../ports.ts';
import type { AdminDependencies } from './dependencies.ts';

export interface TotpTokenToStore {
  readonly serial: string;
  /** base32, already checked with isAcceptableTotpSecret. */
  readonly secret: string;
  readonly parameters: TotpParameters;
}

export async function storeTotpToken(
  deps: Pick<AdminDependencies, 'accounts' | 'tokens' | 'secretBox' | 'clock'>,
  account: Pick<Account, 'id'>,
  { serial, secret, parameters }: TotpTokenToStore,
): Promise<TokenRecord> {
  const id = randomUUID();
  // The mark first: a failure between the two leaves a mark without a token (the helpdesk then
  // issues an enrolment code), never a token without the mark. The token itself is one write:
  // it is stored whole or not at all.
  await deps.accounts.markHadToken(account.id);
  return deps.tokens.create({ id, serial, accountId: account.id, type: 'totp', sealedSecret: deps.secretBox.seal(secret, `token:${id}`), ...parameters }, deps.clock.now());
}
