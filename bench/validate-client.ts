// One validate check over HTTP, as a RADIUS server or an authenticator plugin makes it:
// POST /validate/check with the user and PIN + TOTP code, form-encoded, authenticated with the
// caller's secret (HTTP Basic). Anything but ACCEPT is a failure of the run.
import { totpAt } from '../src/security/totp.ts';
import type { BenchUser } from './seed.ts';

export interface ValidateCallerCredentials {
  readonly clientId: string;
  readonly secret: string;
}

export async function validateOnce(issuer: string, caller: ValidateCallerCredentials, user: BenchUser): Promise<void> {
  const code = await totpAt(user.secret, user.parameters, new Date());
  const response = await fetch(`${issuer}/validate/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${caller.clientId}:${caller.secret}`).toString('base64')}` },
    body: new URLSearchParams({ user: user.username, pass: `${user.pin}${code}` }),
  });
  const body = (await response.json()) as { result?: { authentication?: string } };
  if (response.status !== 200 || body.result?.authentication !== 'ACCEPT') {
    throw new Error(`validate answered ${response.status} ${body.result?.authentication ?? JSON.stringify(body.result)}`);
  }
}
