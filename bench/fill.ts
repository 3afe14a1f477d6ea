// Pre-fills a bench database with `count` accounts, written through the backend's import (the
// same path as `pingate db import`), so a large fill takes seconds, not hours: each account has
// a TOTP token (secret sealed) and, per account, one expired and one live session, grant and
// refresh token, as a real database collects them. None of them signs in during the run; they
// are there so every lookup the sign-ins make has to find its row among many.
import { randomBytes, randomUUID } from 'node:crypto';
import type { SecretBox } from '../src/security/secret-box.ts';
import type { DumpRecord } from '../src/storage/dump-format.ts';
import type { Storage } from '../src/storage/storage.ts';

const DAY_MS = 86_400_000;

async function* fillerRecords(count: number, pinHash: string, box: SecretBox, clientId: string, now: Date): AsyncIterable<DumpRecord> {
  const sessions: Array<{ accountId: string; index: number }> = [];
  for (let index = 0; index < count; index++) {
    const id = randomUUID();
    sessions.push({ accountId: id, index });
    yield {
      collection: 'accounts',
      record: {
        id,
        username: `fill.${index}`,
        email: `fill.${index}@example.com`,
        displayName: `Filler ${index}`,
        groups: ['fill'],
        status: 'ACTIVE',
        pin: { hash: pinHash, state: 'SET', changedAt: now, history: [], graceUntil: null, expiryWarnedFor: null },
        lockout: { failures: 0, lockedAt: null, lockedUntil: null },
        hadToken: true,
        enrolment: null,
        createdAt: now,
      },
    };
  }
  for (const { accountId, index } of sessions) {
    const tokenId = randomUUID();
    yield {
      collection: 'tokens',
      record: {
        id: tokenId,
        serial: `FILL${String(index).padStart(8, '0')}`,
        accountId,
        type: 'totp',
        state: 'ACTIVE',
        sealedSecret: box.seal(randomBytes(20).toString('hex'), `token:${tokenId}`),
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        lastTimeStep: null,
        driftSteps: 0,
        createdAt: now,
      },
    };
  }
  const epoch = (date: Date) => Math.floor(date.getTime() / 1000);
  for (const { accountId } of sessions) {
    for (const [state, expiresAt] of [['expired', new Date(now.getTime() - DAY_MS)], ['live', new Date(now.getTime() + 14 * DAY_MS)]] as const) {
      const sessionId = randomUUID();
      const uid = randomUUID();
      const grantId = randomUUID();
      const iat = epoch(now) - (state === 'expired' ? 15 * 86_400 : 3_600);
      const exp = epoch(expiresAt);
      yield { collection: 'oidc', record: { model: 'Session', id: sessionId, expiresAt, payload: { jti: sessionId, uid, accountId, loginTs: iat, amr: ['pin', 'otp', 'mfa'], acr: 'urn:pingate:acr:pin+otp', authorizations: { [clientId]: { sid: randomUUID(), grantId } }, kind: 'Session', iat, exp } } };
      yield { collection: 'oidc', record: { model: 'Grant', id: grantId, expiresAt, payload: { jti: grantId, accountId, clientId, openid: { scope: 'openid profile email groups offline_access' }, kind: 'Grant', iat, exp } } };
      const refreshId = randomBytes(32).toString('base64url');
      yield { collection: 'oidc', record: { model: 'RefreshToken', id: refreshId, expiresAt, payload: { jti: refreshId, grantId, accountId, clientId, sessionUid: uid, scope: 'openid profile email groups offline_access', kind: 'RefreshToken', iat, exp } } };
    }
  }
}

export async function fillDatabase(storage: Storage, count: number, pinHash: string, box: SecretBox, clientId: string): Promise<void> {
  if (count === 0) return;
  await storage.importRecords(fillerRecords(count, pinHash, box, clientId, new Date()));
}
