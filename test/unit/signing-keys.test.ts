// The life of a signing key (domain/signing-keys.ts): adoption of the environment's keys, the
// order the provider publishes them in, rotation with and without a staged key, and retirement.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDomainError } from '../../src/domain/errors.ts';
import { adoptedKeys, publicationOrder, retire, rotate, type SigningKey } from '../../src/domain/signing-keys.ts';

const t0 = new Date('2026-11-24T08:00:00Z');
const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const key = (kid: string, state: SigningKey['state'], alg: SigningKey['alg'] = 'RS256', since = t0): SigningKey => ({ kid, alg, state, createdAt: t0, since });

test('adopted keys: the first of each algorithm signs, the others are previous', () => {
  const adopted = adoptedKeys([{ kid: 'r1', alg: 'RS256' as const }, { kid: 'e1', alg: 'ES256' as const }, { kid: 'r0', alg: 'RS256' as const }], t0);
  assert.deepEqual(adopted.map((k) => [k.kid, k.state]), [['r1', 'signing'], ['e1', 'signing'], ['r0', 'previous']]);
});

test('published signing keys first (oidc-provider signs with the first of an algorithm), then next, then previous, newest first', () => {
  const order = publicationOrder([key('old', 'previous', 'RS256', t0), key('next', 'next'), key('older', 'previous', 'RS256', later(-60)), key('sig', 'signing'), key('es', 'signing', 'ES256')]);
  assert.deepEqual(order.map((k) => k.kid), ['sig', 'es', 'next', 'old', 'older']);
});

test('rotation without a staged key: the fresh key signs, the signing one is previous, a next key is staged', () => {
  const { keys, plan } = rotate([key('a', 'signing'), key('e', 'signing', 'ES256')], 'RS256', later(10), key('fresh', 'next'), key('staged', 'next'));
  assert.deepEqual(plan, { promoted: 'fresh', wasStaged: false, demoted: 'a' });
  assert.deepEqual(keys.map((k) => [k.kid, k.alg, k.state]), [['a', 'RS256', 'previous'], ['e', 'ES256', 'signing'], ['fresh', 'RS256', 'signing'], ['staged', 'RS256', 'next']]);
  assert.deepEqual(keys.find((k) => k.kid === 'a')!.since, later(10));
});

test('rotation with a staged key promotes it; the unused fresh key is not kept', () => {
  const { keys, plan } = rotate([key('a', 'previous'), key('b', 'signing'), key('c', 'next')], 'RS256', later(10), key('fresh', 'next'), key('d', 'next'));
  assert.deepEqual(plan, { promoted: 'c', wasStaged: true, demoted: 'b' });
  assert.deepEqual(keys.map((k) => [k.kid, k.state]), [['a', 'previous'], ['b', 'previous'], ['c', 'signing'], ['d', 'next']]);
});

test('retire: never the signing key; a previous one once its tokens have expired, or by force; a staged one at once', () => {
  const keys = [key('sig', 'signing'), key('prev', 'previous', 'RS256', t0), key('next', 'next')];
  const refused = (run: () => unknown, code: string) => assert.throws(run, (error: unknown) => isDomainError(error) && error.code === code);
  refused(() => retire(keys, 'sig', later(10_000), 3600, true), 'conflict');
  refused(() => retire(keys, 'prev', later(3599), 3600, false), 'conflict');
  refused(() => retire(keys, 'nope', later(0), 3600, false), 'not_found');
  assert.deepEqual(retire(keys, 'prev', later(3600), 3600, false).map((k) => k.kid), ['sig', 'next']);
  assert.deepEqual(retire(keys, 'prev', later(1), 3600, true).map((k) => k.kid), ['sig', 'next']);
  assert.deepEqual(retire(keys, 'next', later(1), 3600, false).map((k) => k.kid), ['sig', 'prev']);
});
