// The token a user enrols during sign-in: created PENDING with a fresh secret (sealed), shown as
// a QR code and otpauth URI on the enrolment page, active only after a valid code from it.
import { randomBytes, randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { newTotpSecret, otpauthUri } from '../../security/totp.ts';
import type { SignInDependencies } from './dependencies.ts';

export async function createPendingTotp(deps: SignInDependencies, accountId: string): Promise<void> {
  // One pending token at a time: a restarted enrolment replaces the earlier one.
  for (let pending = await deps.tokens.findPendingForAccount(accountId); pending; pending = await deps.tokens.findPendingForAccount(accountId)) {
    await deps.tokens.delete(pending.id);
  }
  const id = randomUUID();
  await deps.tokens.create(
    {
      id,
      serial: `TOTP${randomBytes(5).toString('hex').toUpperCase()}`,
      accountId,
      type: 'totp',
      state: 'PENDING',
      sealedSecret: deps.secretBox.seal(newTotpSecret(), `token:${id}`),
      ...deps.totpDefaults,
    },
    deps.clock.now(),
  );
}

export interface EnrolmentPage {
  readonly secret: string;
  readonly otpauthUri: string;
  readonly qrDataUrl: string;
}

/** What the enrolment page shows, for the flow's account's pending token. */
export async function enrolmentPage(deps: SignInDependencies, accountId: string, username: string): Promise<EnrolmentPage | null> {
  const pending = await deps.tokens.findPendingForAccount(accountId);
  if (!pending?.sealedSecret) return null;
  const secret = deps.secretBox.open(pending.sealedSecret, `token:${pending.id}`);
  const uri = otpauthUri(secret, pending, deps.totpIssuer, username);
  return { secret, otpauthUri: uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 240 }) };
}
