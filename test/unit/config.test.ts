// Configuration loading: files, environment overrides, and a start refused with the name of
// the key when something is wrong.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig, projectRoot } from '../../src/config/load.ts';

test('the shipped defaults validate', () => {
  const config = loadConfig({ env: {} });
  assert.equal(config.signin.pinProcessingOrder, 'prepend');
  assert.ok(Object.isFrozen(config.signin), 'the result is frozen');
});

test('the shipped PIN policy: at least 6 digits, common and date-like PINs refused, no periodic expiry', () => {
  const { pinPolicy } = loadConfig({ env: {} });
  assert.equal(pinPolicy.minLength, 6);
  assert.ok(pinPolicy.generatedLength >= pinPolicy.minLength);
  assert.equal(pinPolicy.forbidCommonPins, true);
  assert.equal(pinPolicy.forbidDatePins, true);
  assert.deepEqual(pinPolicy.bannedPins, []);
  assert.equal(pinPolicy.expiryDays, 0);
});

test("the seeds' classic policy can be configured back: 4 digits, 30-day expiry, banned 19??", () => {
  const { pinPolicy } = loadConfig({
    env: {
      PINGATE_PIN_POLICY_MIN_LENGTH: '4',
      PINGATE_PIN_POLICY_EXPIRY_DAYS: '30',
      PINGATE_PIN_POLICY_FORBID_COMMON_PINS: 'false',
      PINGATE_PIN_POLICY_FORBID_DATE_PINS: 'false',
      PINGATE_PIN_POLICY_BANNED_PINS: '0000,1111,1212,19??,20??',
    },
  });
  assert.equal(pinPolicy.minLength, 4);
  assert.equal(pinPolicy.expiryDays, 30);
  assert.equal(pinPolicy.forbidCommonPins, false);
  assert.equal(pinPolicy.forbidDatePins, false);
  assert.deepEqual(pinPolicy.bannedPins, ['0000', '1111', '1212', '19??', '20??']);
});

test('the production profile turns off secret generation', () => {
  assert.equal(loadConfig({ env: { NODE_ENV: 'production' } }).secrets.generateMissing, false);
});

test('environment variables override files, with types', () => {
  const config = loadConfig({ env: { PORT: '4000', MONGODB_URI: 'mongodb://db/pingate', PINGATE_TRUST_PROXY: 'true', PINGATE_PIN_PROCESSING_ORDER: 'append', SMTP_HOST: 'mail' } });
  assert.equal(config.server.port, 4000);
  assert.equal(config.database.uri, 'mongodb://db/pingate');
  assert.equal(config.server.trustProxy, true);
  assert.equal(config.signin.pinProcessingOrder, 'append');
  assert.equal(config.smtp.host, 'mail');
});

test('every key has PINGATE_<KEY_PATH>, parsed by its type; it wins over an alias', () => {
  const config = loadConfig({
    env: {
      PINGATE_SERVER_PORT: '4100',
      PORT: '4000',
      PINGATE_LOCKOUT_MAX_FAILURES: '7',
      PINGATE_OIDC_TTL_ACCESS_TOKEN: '120',
      PINGATE_PIN_POLICY_BANNED_PINS: '0000, 19??',
      PINGATE_PIN_POLICY_MAX_REPEATED_DIGITS: 'null',
      PINGATE_GROUP_PIN_POLICIES: '{"finance":{"minLength":6}}',
      PINGATE_TOTP_DIGITS: '8',
      PINGATE_SELF_SERVICE_TOTP_ENROLMENT: 'false',
      PINGATE_DATABASE_FILE: 'other.db',
    },
  });
  assert.equal(config.server.port, 4100);
  assert.equal(config.lockout.maxFailures, 7);
  assert.equal(config.oidc.ttl.accessToken, 120);
  assert.deepEqual(config.pinPolicy.bannedPins, ['0000', '19??']);
  assert.equal(config.pinPolicy.maxRepeatedDigits, null);
  assert.deepEqual(config.groupPinPolicies, { finance: { minLength: 6 } });
  assert.equal(config.totp.digits, 8);
  assert.equal(config.selfService.totpEnrolment, false);
  assert.equal(config.database.file, 'other.db');
  fails(() => loadConfig({ env: { PINGATE_GROUP_PIN_POLICIES: '{not json' } }), /groupPinPolicies/);
});

test('a relative dataDir is resolved against the project folder, whatever the working directory', () => {
  const config = loadConfig({ env: { PINGATE_DATA_DIR: 'some/data' } });
  assert.equal(config.dataDir, path.join(projectRoot, 'some', 'data'));
  assert.equal(loadConfig({ env: { PINGATE_DATA_DIR: '/var/lib/pingate' } }).dataDir, '/var/lib/pingate');
});

const fails = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(fn, (error) => error instanceof ConfigError && pattern.test(error.message), pattern.source);

test('an unknown key is refused with its full name', () => {
  fails(() => loadConfig({ env: {}, overrides: { signin: { pinOrder: 'x' } } as never }), /unknown key signin\.pinOrder/);
  fails(() => loadConfig({ env: {}, overrides: { colour: 'blue' } as never }), /unknown key colour/);
});

test('a bad value is refused with its key', () => {
  fails(() => loadConfig({ env: {}, overrides: { pinPolicy: { minLength: 2 } } }), /pinPolicy\.minLength/);
  fails(() => loadConfig({ env: {}, overrides: { pinPolicy: { minLength: 9, maxLength: 8 } } }), /pinPolicy\.maxLength: maxLength must be >= minLength/);
  fails(() => loadConfig({ env: { PORT: 'eighty' } }), /server\.port/);
  fails(() => loadConfig({ env: { PINGATE_PASSCODE_FIELD: 'both' } }), /signin\.passcodeField/);
});

test('an unknown PINGATE_ variable is refused; the documented secret variables are not', () => {
  fails(() => loadConfig({ env: { PINGATE_PORT: '1' } }), /unknown environment variable PINGATE_PORT/);
  assert.doesNotThrow(() => loadConfig({ env: { PINGATE_SECRET_KEY: 'x', PINGATE_COOKIE_KEYS: 'y', SMTP_PASSWORD: 'z' } }));
});

test('PINGATE_CONFIG names an extra file; invalid JSON is reported', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pingate-config-'));
  const good = path.join(dir, 'site.json');
  writeFileSync(good, JSON.stringify({ lockout: { maxFailures: 3 } }));
  assert.equal(loadConfig({ env: { PINGATE_CONFIG: good } }).lockout.maxFailures, 3);
  const bad = path.join(dir, 'bad.json');
  writeFileSync(bad, '{ lockout: ');
  fails(() => loadConfig({ env: { PINGATE_CONFIG: bad } }), /is not valid JSON/);
  fails(() => loadConfig({ env: { PINGATE_CONFIG: path.join(dir, 'missing.json') } }), /cannot read configuration file/);
});

test('ui: accent colours that would make buttons or links unreadable are refused, with the contrast found', () => {
  const load = (ui: Record<string, unknown>) => loadConfig({ env: { NODE_ENV: 'test' }, overrides: { ui } as never });
  assert.throws(() => load({ accentColour: '#7aa7e8' }), /ui\.accentColour: contrast \d\.\d\d:1 with the page is below 4\.5:1/);
  assert.throws(() => load({ accentColourDark: '#1f5fbf' }), /ui\.accentColourDark: contrast/);
  assert.throws(() => load({ accentColour: 'blue' }), /ui\.accentColour: a colour as #rrggbb/);
  assert.throws(() => load({ timeZone: 'Mars/Olympus' }), /ui\.timeZone: an IANA time zone/);
  assert.throws(() => load({ locales: ['en', 'de'], defaultLocale: 'fr' }), /ui\.defaultLocale: must be one of ui\.locales/);
  assert.throws(() => load({ locales: ['en', 'pt'] }), /ui\.locales/);
  assert.equal(load({ accentColour: '#00594f', accentColourDark: '#7fd1c4', timeZone: 'Europe/Amsterdam' }).ui.accentColour, '#00594f');
});
