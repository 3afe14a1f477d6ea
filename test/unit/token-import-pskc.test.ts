// Reading PSKC files (RFC 6030) with the RFC's own examples (test/fixtures/pskc): a plain secret
// (Figure 3), a secret under a pre-shared key (Figure 6) and under a PBKDF2 password (Figure 7),
// each decrypting to "12345678901234567890"; the MAC check, the refusals (DTD, not PSKC, missing or
// wrong password, unknown cipher), and a cross-check that the decrypted secret gives RFC 6238's
// first SHA1 test vector.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { base32Of, totpAt } from '../../src/security/totp.ts';
import { TokenFileError, type TokenFileErrorCode } from '../../src/token-import/imported-token.ts';
import { readPskc } from '../../src/token-import/pskc.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/pskc/${name}`, import.meta.url), 'utf8');
const plainTotp = fixture('rfc6030-figure3-plain-totp.xml');
const plainHotp = fixture('rfc6030-figure3-hotp.xml');
const preSharedKeyTotp = fixture('rfc6030-figure6-preshared-key-totp.xml');
const pbkdf2Totp = fixture('rfc6030-figure7-pbkdf2-totp.xml');

const rfcSecret = Buffer.from('12345678901234567890', 'ascii');
const rfcPreSharedKey = Buffer.from('12345678901234567890123456789012', 'hex');
const hotpProblem = 'HOTP (counter-based) tokens are not supported: Pingate takes time-based (TOTP) tokens only';

/** Figure 6's secret CipherValue, with one bit of its last block changed. */
const rfcCipherValue = 'AAECAwQFBgcICQoLDA0OD+cIHItlB3Wra1DUpxVvOx2lef1VmNPCMl8jwZqIUqGv';
const tamperedCipherValue = 'AAECAwQFBgcICQoLDA0OD+cIHItlB3Wra1DUpxVvOx2lef1VmNPCMl8jwZqIUqGu';

function rejects(run: () => unknown, code: TokenFileErrorCode): void {
  assert.throws(run, (error: unknown) => error instanceof TokenFileError && error.code === code);
}


/** The only token of a file read with `key`. */
function only(xml: string, key?: Parameters<typeof readPskc>[1]) {
  const tokens = readPskc(xml, key);
  assert.equal(tokens.length, 1);
  return tokens[0]!;
}

describe('PSKC: plain secrets (RFC 6030 Figure 3)', () => {
  test('a TOTP key: secret, serial, the Key\'s UserId, digits and period', () => {
    const token = only(plainTotp);
    assert.equal(token.kind, 'totp');
    assert.equal(token.problem, undefined);
    assert.deepEqual(token.secret, rfcSecret);
    assert.equal(token.serial, '987654321', 'DeviceInfo SerialNo, not the Key Id');
    assert.equal(token.username, 'UID=jsmith,DC=example-bank,DC=net', 'the Key\'s UserId before the DeviceInfo\'s');
    assert.equal(token.digits, 8);
    assert.equal(token.period, 60);
    assert.equal(token.algorithm, 'SHA1');
  });

  test('the RFC\'s HOTP key, unchanged, is listed as unsupported without its secret', () => {
    const token = only(plainHotp);
    assert.equal(token.kind, 'unsupported');
    assert.equal(token.problem, hotpProblem);
    assert.equal(token.secret, undefined);
    assert.equal(token.serial, '987654321');
    assert.equal(token.username, 'UID=jsmith,DC=example-bank,DC=net');
  });

  test('without <DeviceInfo><SerialNo> the serial is the Key Id; without a Key UserId, the DeviceInfo\'s', () => {
    const xml = plainTotp
      .replace('<SerialNo>987654321</SerialNo>', '')
      .replace('<UserId>UID=jsmith,DC=example-bank,DC=net</UserId>', '');
    const token = only(xml);
    assert.equal(token.serial, '12345678');
    assert.equal(token.username, 'DC=example-bank,DC=net');
  });

  test('no UserId anywhere: username undefined; no TimeInterval: 30 seconds', () => {
    const xml = plainTotp
      .replace('<UserId>DC=example-bank,DC=net</UserId>', '')
      .replace('<UserId>UID=jsmith,DC=example-bank,DC=net</UserId>', '')
      .replace(/<TimeInterval>\s*<PlainValue>60<\/PlainValue>\s*<\/TimeInterval>/, '');
    assert.ok(!xml.includes('<PlainValue>60'));
    const token = only(xml);
    assert.equal(token.username, undefined);
    assert.equal(token.period, 30);
  });

  test('the hash from <AlgorithmParameters><Suite>; one Pingate cannot use makes the key unsupported', () => {
    const withSuite = (suite: string) =>
      plainTotp.replace('<ResponseFormat Length="8" Encoding="DECIMAL"/>', `<Suite>${suite}</Suite><ResponseFormat Length="8" Encoding="DECIMAL"/>`);
    assert.equal(only(withSuite('HMAC-SHA256')).algorithm, 'SHA256');
    assert.equal(only(withSuite('HMAC-SHA512')).algorithm, 'SHA512');
    const sha384 = only(withSuite('HMAC-SHA384'));
    assert.equal(sha384.kind, 'unsupported');
    assert.match(sha384.problem ?? '', /HMAC-SHA384/);
  });

  test('a TOTP key without a code length, or with alphanumeric codes, is unsupported', () => {
    const noLength = only(plainTotp.replace('<ResponseFormat Length="8" Encoding="DECIMAL"/>', ''));
    assert.equal(noLength.kind, 'unsupported');
    assert.match(noLength.problem ?? '', /code length/);
    const alphanumeric = only(plainTotp.replace('Encoding="DECIMAL"', 'Encoding="ALPHANUMERIC"'));
    assert.equal(alphanumeric.kind, 'unsupported');
    assert.match(alphanumeric.problem ?? '', /ALPHANUMERIC/);
  });

  test('another algorithm is unsupported, naming it', () => {
    const token = only(plainTotp.replace('pskc:totp', 'pskc:pin'));
    assert.equal(token.kind, 'unsupported');
    assert.match(token.problem ?? '', /urn:ietf:params:xml:ns:keyprov:pskc:pin/);
  });

  test('XML\'s own entities and character references are decoded', () => {
    const token = only(plainTotp.replace('<SerialNo>987654321</SerialNo>', '<SerialNo>98&amp;76&#x34;</SerialNo>'));
    assert.equal(token.serial, '98&764');
  });

  test('several KeyPackages give several tokens, in the file\'s order', () => {
    const keyPackage = /<KeyPackage>[\s\S]*<\/KeyPackage>/.exec(plainTotp)![0];
    const hotpPackage = /<KeyPackage>[\s\S]*<\/KeyPackage>/.exec(plainHotp)![0];
    const tokens = readPskc(plainTotp.replace(keyPackage, keyPackage + hotpPackage));
    assert.deepEqual(tokens.map((token) => token.kind), ['totp', 'unsupported']);
  });
});

describe('PSKC: a pre-shared key (RFC 6030 section 6.1, Figure 6)', () => {
  test('AES-128-CBC with the key 12345678901234567890123456789012: the RFC\'s secret', () => {
    const token = only(preSharedKeyTotp, { preSharedKey: rfcPreSharedKey });
    assert.equal(token.kind, 'totp');
    assert.equal(token.problem, undefined);
    assert.deepEqual(token.secret, rfcSecret);
    assert.equal(token.secret?.toString('hex'), '3132333435363738393031323334353637383930');
    assert.equal(token.serial, '987654321');
    assert.equal(token.username, undefined);
    assert.equal(token.digits, 8);
    assert.equal(token.period, 30);
  });

  test('no key: password_required; a password instead of the key: password_required', () => {
    rejects(() => readPskc(preSharedKeyTotp), 'password_required');
    rejects(() => readPskc(preSharedKeyTotp, { password: 'qwerty' }), 'password_required');
  });

  test('a wrong key: wrong_key', () => {
    rejects(() => readPskc(preSharedKeyTotp, { preSharedKey: Buffer.from('12345678901234567890123456789013', 'hex') }), 'wrong_key');
    rejects(() => readPskc(preSharedKeyTotp, { preSharedKey: Buffer.from('1234', 'hex') }), 'wrong_key');
  });

  test('a tampered CipherValue fails its MAC: the only key → wrong_key; one of two → that key\'s problem', () => {
    assert.ok(preSharedKeyTotp.includes(rfcCipherValue));
    const tampered = preSharedKeyTotp.replace(rfcCipherValue, tamperedCipherValue);
    rejects(() => readPskc(tampered, { preSharedKey: rfcPreSharedKey }), 'wrong_key');

    const keyPackage = /<KeyPackage>[\s\S]*<\/KeyPackage>/.exec(preSharedKeyTotp)![0];
    const twoKeys = preSharedKeyTotp.replace(keyPackage, keyPackage + keyPackage.replace(rfcCipherValue, tamperedCipherValue));
    const [intact, altered] = readPskc(twoKeys, { preSharedKey: rfcPreSharedKey });
    assert.deepEqual(intact?.secret, rfcSecret);
    assert.equal(altered?.kind, 'totp');
    assert.equal(altered?.secret, undefined);
    assert.match(altered?.problem ?? '', /MAC does not match/);
  });

  test('an unknown encryption algorithm: unsupported_encryption', () => {
    const keyWrap = preSharedKeyTotp.replaceAll('xmlenc#aes128-cbc', 'xmlenc#kw-aes128');
    rejects(() => readPskc(keyWrap, { preSharedKey: rfcPreSharedKey }), 'unsupported_encryption');
  });

  test('an encrypted file whose keys are all HOTP is listed without its key', () => {
    const token = only(preSharedKeyTotp.replace('pskc:totp', 'pskc:hotp'));
    assert.equal(token.kind, 'unsupported');
    assert.equal(token.problem, hotpProblem);
  });
});

describe('PSKC: a password (PBKDF2, RFC 6030 section 6.2, Figure 7)', () => {
  test('"qwerty": the RFC\'s secret', () => {
    const token = only(pbkdf2Totp, { password: 'qwerty' });
    assert.equal(token.kind, 'totp');
    assert.deepEqual(token.secret, rfcSecret);
    assert.equal(token.serial, '987654321');
    assert.equal(token.digits, 8);
    assert.equal(token.period, 30);
  });

  test('a wrong password: wrong_key', () => {
    rejects(() => readPskc(pbkdf2Totp, { password: 'qwertz' }), 'wrong_key');
    rejects(() => readPskc(pbkdf2Totp, { password: '' }), 'wrong_key');
  });

  test('no password (or only a pre-shared key): password_required', () => {
    rejects(() => readPskc(pbkdf2Totp), 'password_required');
    rejects(() => readPskc(pbkdf2Totp, { preSharedKey: rfcPreSharedKey }), 'password_required');
  });

  test('an explicit PRF is honoured: HMAC-SHA256 derives another key, so the RFC\'s MAC fails', () => {
    const sha256Prf = pbkdf2Totp.replace('<PRF/>', '<PRF Algorithm="http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"/>');
    rejects(() => readPskc(sha256Prf, { password: 'qwerty' }), 'wrong_key');
    const explicitSha1 = pbkdf2Totp.replace('<PRF/>', '<PRF Algorithm="http://www.w3.org/2000/09/xmldsig#hmac-sha1"/>');
    assert.deepEqual(only(explicitSha1, { password: 'qwerty' }).secret, rfcSecret);
  });
});

describe('PSKC: the decrypted secret is the RFC 6238 test secret', () => {
  for (const [name, xml, key] of [
    ['Figure 6 (pre-shared key)', preSharedKeyTotp, { preSharedKey: rfcPreSharedKey }],
    ['Figure 7 (PBKDF2)', pbkdf2Totp, { password: 'qwerty' }],
  ] as const) {
    test(`${name}: SHA1, 8 digits, T = 59 s → 94287082`, async () => {
      const token = only(xml, key);
      assert.ok(token.secret !== undefined && token.algorithm !== undefined && token.period !== undefined);
      assert.ok(token.digits === 6 || token.digits === 8);
      const code = await totpAt(base32Of(token.secret), { algorithm: token.algorithm, digits: token.digits, period: token.period }, new Date(59_000));
      assert.equal(code, '94287082');
    });
  }
});

describe('PSKC: files that cannot be read', () => {
  test('a DOCTYPE with entities (XXE, billion laughs) is malformed, never expanded', () => {
    const xxe = plainTotp.replace(
      '<KeyContainer',
      '<!DOCTYPE KeyContainer [<!ENTITY serial SYSTEM "file:///etc/passwd">]>\n<KeyContainer',
    ).replace('<SerialNo>987654321</SerialNo>', '<SerialNo>&serial;</SerialNo>');
    rejects(() => readPskc(xxe), 'malformed');
    const laughs = plainTotp.replace('<KeyContainer', '<!DOCTYPE KeyContainer [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n<KeyContainer');
    rejects(() => readPskc(laughs), 'malformed');
    rejects(() => readPskc(plainTotp.replace('<KeyContainer', '<!ENTITY x "y">\n<KeyContainer')), 'malformed');
  });

  test('not XML, not well-formed, not PSKC, too large: malformed', () => {
    rejects(() => readPskc('serial,secret\n1,abc'), 'malformed');
    rejects(() => readPskc(plainTotp.replace('</KeyPackage>', '')), 'malformed');
    rejects(() => readPskc('<?xml version="1.0"?><Tokens><Token/></Tokens>'), 'malformed');
    rejects(() => readPskc(''), 'malformed');
    rejects(() => readPskc(`${plainTotp}<!--${'x'.repeat(10 * 1024 * 1024)}-->`), 'malformed');
  });

  test('encrypted secrets without a <MACMethod> (an early draft) are refused', () => {
    const noMac = preSharedKeyTotp.replace(/<MACMethod Algorithm=[\s\S]*<\/MACMethod>/, '');
    assert.ok(!noMac.includes('ESIzRFVmd4iZABEiM0RVZgKn6WjLaTC1sbeBMSvIhRejN9vJa2BOlSaMrR7I5wSX'));
    rejects(() => readPskc(noMac, { preSharedKey: rfcPreSharedKey }), 'unsupported_encryption');
  });
});
