// Reading privacyIDEA token janitor exports: the CSV of `pi-tokenjanitor find export --format csv`
// (and the older privacyidea-token-janitor's, whose TOTP time step is always "None"), the
// Fernet-encrypted JSON of `--format pi` (made here with Python's cryptography.fernet, as the
// janitor does, over json.dumps(..., default=repr, indent=2) of export_token() dicts), and the
// PSKC of `--format pskc` (written the way privacyidea/lib/importotp.py export_pskc writes it,
// element names lowercased by BeautifulSoup's HTML parser), which is read as PSKC.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TokenFileError, type TokenFileErrorCode } from '../../src/token-import/imported-token.ts';
import { readPrivacyIdeaExport } from '../../src/token-import/privacyidea-export.ts';
import { readPskc } from '../../src/token-import/pskc.ts';

const rfcSecret = Buffer.from('12345678901234567890', 'ascii');
const rfcSecretHex = rfcSecret.toString('hex');
const hotpProblem = 'HOTP (counter-based) tokens are not supported: Pingate takes time-based (TOTP) tokens only';

function rejects(run: () => unknown, code: TokenFileErrorCode): void {
  assert.throws(run, (error: unknown) => error instanceof TokenFileError && error.code === code);
}

describe('privacyIDEA CSV export (--format csv)', () => {
  // The janitor's lines: owner, serial, otpkey, type, otplen[, timeStep], joined by ", ", no header.
  const csv = [
    `alice@defrealm, TOTP0001, ${rfcSecretHex}, totp, 8, 30`,
    `n/a, TOTP0002, ${rfcSecretHex}, totp, 6, 60`,
    `bob@defrealm, OATH0003, ${rfcSecretHex}, hotp, 6`,
    `carol@example.org@defrealm, TOTP0004, GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ, totp, 6, None`,
  ].join('\n');

  test('TOTP lines: serial, login (before the realm), hex seed, digits, time step, SHA1', () => {
    const [alice, unowned] = readPrivacyIdeaExport(csv);
    assert.deepEqual(alice, { serial: 'TOTP0001', username: 'alice', kind: 'totp', algorithm: 'SHA1', digits: 8, period: 30, secret: rfcSecret });
    assert.equal(unowned?.username, undefined, '"n/a" is no owner');
    assert.equal(unowned?.digits, 6);
    assert.equal(unowned?.period, 60);
  });

  test('an HOTP line is listed as unsupported', () => {
    const hotp = readPrivacyIdeaExport(csv)[2];
    assert.equal(hotp?.serial, 'OATH0003');
    assert.equal(hotp?.username, 'bob');
    assert.equal(hotp?.kind, 'unsupported');
    assert.equal(hotp?.problem, hotpProblem);
    assert.equal(hotp?.secret, undefined);
  });

  test('a --b32 seed, a login with "@", and the time step "None" (privacyIDEA\'s default, 30)', () => {
    const carol = readPrivacyIdeaExport(csv)[3];
    assert.equal(carol?.username, 'carol@example.org');
    assert.deepEqual(carol?.secret, rfcSecret);
    assert.equal(carol?.period, 30);
  });

  test('blank lines and CRLF are ignored; a seed that is neither hex nor base32 is the token\'s problem', () => {
    const tokens = readPrivacyIdeaExport(`\r\nalice@defrealm, TOTP0001, ${rfcSecretHex}, totp, 6, 30\r\n\r\nn/a, TOTP0009, not-a-seed!, totp, 6, 30\r\n`);
    assert.equal(tokens.length, 2);
    assert.deepEqual(tokens[0]?.secret, rfcSecret);
    assert.equal(tokens[1]?.kind, 'totp');
    assert.match(tokens[1]?.problem ?? '', /neither hex nor base32/);
  });

  test('a line without the janitor\'s fields is malformed', () => {
    rejects(() => readPrivacyIdeaExport('alice@defrealm, TOTP0001, 3132'), 'malformed');
    rejects(() => readPrivacyIdeaExport(`alice@defrealm, , ${rfcSecretHex}, totp, 6, 30`), 'malformed');
  });
});

describe('privacyIDEA pi export (--format pi: Fernet over JSON)', () => {
  // Fernet key: URL-safe base64 of the bytes 0..31, as Fernet.generate_key() writes one.
  const key = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
  const piExport = [
    'gAAAAABrBTMzLZ-FcqARLTNyA5khHL0dhoamVfcjiPh6lhTkX-YQZ7FFRh3PeE9iFVQloIVQP0mVFu2cDCBQHPCfO-Iuna08',
    '4WWwNxZ3LqLqMC9lkDH_IuTLbv6bqHbC8dwjEMk6zGvpmUjkK2FAGB1QokAuLs6J_Kpr_q4yUZGYxDUv0sxdATO5ZJYLdLJ-',
    'FhWXejFFQMDiJSeuFxEPZZygv8jMIJ8gaNdA9h1fxOkJapIWjDPv2TlDKIioi9R3xS703GT8d9tsoVy6sNGASszezT1hDpae',
    'rqF5eMF2YBRpbhQZihXCadUACAyYz2dZ3oi8bqKqUKa_jTLj4YiSKCfSMt2tKZPt0UbSxCwFCTgDSzm7WG63FeJXX7SF77GA',
    'qa2G76x40QD6-WobspN-qjxK14PKZnI1QCf9ef1eq702VmbJToNsy7WUxANeaLd3C4r7w7CKQOUX5WcI6vwZKvsK44F_tO8K',
    'kG1iAmHiFi19N3Gs7EtWsYwRfMkbEkC4O8oqKAMfXU3SqFU81Ht9ufyq6nVU7GK4BQlozlmw1npIhrEw9Wk687vv-XFxIbJM',
    'KvUs-Wq0aLekdOoOoD-EfynJHnhdiozQCyZg2XVIWN1cw8yXozw0E-c0u56rPVf4mdzhpttAtI_D2oMtSUr0omh_68pvabqI',
    'TJYw1VvdPbCEbVjohceHIjhCY-pRUBomwvJFfh7pB3DyEpq9oM1xgfwBK02OyYHtEreujRDdA4mPFCmkgNQ9z2hrrUgAtI89',
    'mRiHcFCSD1e0RjPj9CAdzTd1WkeZXeMiiQvHFwjl9cSamjis86XEmNc5yBXh4-tQAuvHzUgfd7oaVbj269_wpKqhmj9Owny1',
    'NUwCvGMsraCM68Y2YH7RKZsPhCx28ZC8DrLZscc-3qSn90B6Oh_w3ar9NaGx4Qk4_EgXODoFraNDlNTMp2EjZwKFDc-k81R7',
    'mgA6T-LVe3KkDyW6udOFWiJ4pVltZqwtB05ykKDIMo614rTYKigvCA1QkZD8UD1gOdggsdbcsRfH4kjAgujwwq1MQ6R2eh_n',
    'obvhqlDfVsBEX3O3bIL6irLCBIT11fhU3-HOMwfk54takO-Ec7CEtenHjkBIw1LHZMzW42d63SxfyC86luRIiEkHWGSBz__M',
    'JSkJdejFZvG6jj0hv2EkIFs6WHru4jm4f7Oyw_i0glvY1eJapONlhCIj8gOga1PQOo9TH-ptQHb4MxmcfzsB8rCqcLgCWlDF',
    'VvfYAT-0gYu8QSLM6zHj6lttR43vTPdylibi7K-TCLMMnTzSyYf3N3eQ1VYQkXcJWVL4MVb3_O_peja2LtNVNGiG81PpHoz7',
    'W4rv8VWG_hdXBdzlkRyQZ56HwpmGYKHEojE5D0p3N_KMzk7kk0CGRIvPLkt4KkEi-ma6h0U4ruYoYMHradQLP3f637bfyCR-',
    'xXtdLEf342d1Wnr5dj_RQ4qMxFRgCmDG4bWPFCcrfuIQjS_hQ48UMXJjzLTZSI7FX6a1J7TUJKNmK_GfjOAj6qTJi45MAFXa',
    'acfp-V_T18KDqqnvFPnsBFyXMt_KtyCRSrPdTEPmATFCpPMhuo05uG4_fVBcVyTosrACTvpyP8PoT9Ub6-1Ld6yZA5MVLSqR',
    '87BFgW8wEvQFmHqqN7LKc11Vq0_G2p7DjmLcElDG8Pe-xiOoBQpNhLPThQPMAyvdfGPcui6d_1b1_RNkVCUtBtaS6bOpe4je',
    'VbsBarUAlilGpevekEUy3YFrBAgEf_7QPniK1mvb9Xa4xfFYLtWT2R3i_yUf0bZbwjAsk2Kk9o60uJcmTV7hgBrbuxrkZthb',
    'ILNmk4Q2FGSTRFnVLu29qKt4UJo46Cjp6oCLlhFxHKB1W7DsZxFkIPe0n0aFPDpcJWaJCddM8EGDKaxV0VJMgpGFj4tL-dth',
    'fKtc9O2vGznHDU7z5JIl9GQpXCMoUccAmlw2PES8u9QUu90A01su_yOy8jYa28dicmMpL0_hp4euupyE3Wh8mKYhr97IbmtD',
    'qOY4s3qD9N_zUtAWbarashia1kn4KjabApZF-FeEsuiKKMaJPtIedBmsYKjWjMqctySg2564qaqqMrp7ltQBDJcxEHn1BKjf',
    'y6t9rgzDl7_FhnHQnnalz2o3hvPStaKeeDFiQjO1AzxH8d-ZYUPCZG01cfZRw9xkrDhx95G2FcpZ5c-YzMCOjSe_d62rfzhx',
    'FIJPj52AdKsmMepOb4lqyIX0tTAWC_L33ca4T-NmfMXjqrrCvplWuFziRThU5ueLWNxUyX-M8aPx9mTWZRma3HP5kafW61Mx',
    'rIBGDv6jabJkEWVVEG2WcMOhR7Cd0he6prDMgYJDT4CGv3zzx2SaagXdc0cEFF_WsdKA6v0U5CXjFNhiyq_eBJkSZ_ObH1z9',
    'YQGNOQ84unlSijzEzRG96A2efiKRadfSLuvpTEJsqI8iZeydLc2uySc-v8BS2y6qiWPk4MokFIlcoPrpQEZ74DE=',
  ].join('');

  test('TOTP tokens with their user\'s login, hashlib and timeStep; HOTP listed as unsupported', () => {
    const [alice, unassigned, hotp] = readPrivacyIdeaExport(piExport, key);
    assert.deepEqual(alice, { serial: 'TOTP0001', username: 'alice', kind: 'totp', algorithm: 'SHA1', digits: 8, period: 30, secret: rfcSecret });
    assert.deepEqual(unassigned, {
      serial: 'TOTP0002',
      username: undefined,
      kind: 'totp',
      algorithm: 'SHA256',
      digits: 6,
      period: 60,
      secret: Buffer.from('12345678901234567890123456789012', 'ascii'),
    });
    assert.deepEqual(hotp, { serial: 'OATH0003', username: 'bob', kind: 'unsupported', problem: hotpProblem });
  });

  test('the janitor\'s messages after the token (an export to stdout) are ignored', () => {
    const tokens = readPrivacyIdeaExport(`${piExport}\n\n\n\nSuccessfully exported 3 tokens.\n`, key);
    assert.equal(tokens.length, 3);
  });

  test('no key: password_required; a wrong key: wrong_key; a tampered export: wrong_key', () => {
    rejects(() => readPrivacyIdeaExport(piExport), 'password_required');
    rejects(() => readPrivacyIdeaExport(piExport, Buffer.alloc(32, 7).toString('base64url')), 'wrong_key');
    rejects(() => readPrivacyIdeaExport(piExport, 'not a key'), 'wrong_key');
    const tampered = piExport.slice(0, 200) + (piExport[200] === 'A' ? 'B' : 'A') + piExport.slice(201);
    rejects(() => readPrivacyIdeaExport(tampered, key), 'wrong_key');
  });

  test('the decrypted JSON list is read as it is', () => {
    const json = JSON.stringify([
      { serial: 'TOTP0005', type: 'totp', otpkey: rfcSecretHex, otplen: 6, info_list: { hashlib: 'sha512', timeStep: '30' }, user: { login: 'dave', realm: 'r' } },
      { serial: 'SPASS01', type: 'spass', otpkey: '', otplen: 6, info_list: {} },
    ]);
    const [dave, spass] = readPrivacyIdeaExport(json);
    assert.equal(dave?.username, 'dave');
    assert.equal(dave?.algorithm, 'SHA512');
    assert.equal(spass?.kind, 'unsupported');
    assert.match(spass?.problem ?? '', /^spass tokens are not supported/);
    rejects(() => readPrivacyIdeaExport('[{"type": "totp"}]'), 'malformed');
    rejects(() => readPrivacyIdeaExport('[1, 2'), 'malformed');
  });
});

describe('privacyIDEA: other formats', () => {
  test('PSKC and YAML are refused here with a message saying what to do', () => {
    assert.throws(() => readPrivacyIdeaExport('<KeyContainer Version="1.0"/>'), (error: unknown) =>
      error instanceof TokenFileError && error.code === 'malformed' && /PSKC/.test(error.message),
    );
    assert.throws(() => readPrivacyIdeaExport('- _hashed_pin: null\n  active: true\n'), (error: unknown) =>
      error instanceof TokenFileError && error.code === 'malformed' && /YAML/.test(error.message),
    );
  });

  test('the PSKC export (export_pskc, names lowercased, <suite hashalgo>) is read by readPskc', () => {
    // Pre-shared key 000102…0f, MAC key 1122…00, IVs 10…1f and 20…2f; encrypted with PKCS#7
    // padding by Python's cryptography, as privacyidea.lib.crypto.aes_encrypt_b64 does.
    const xml = `<keycontainer version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xenc="http://www.w3.org/2001/04/xmlenc#">
     <encryptionkey>
         <ds:keyname>Pre-shared-key</ds:keyname>
     </encryptionkey>
     <macmethod algorithm="http://www.w3.org/2000/09/xmldsig#hmac-sha1">
         <mackey>
             <xenc:encryptionmethod algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"></xenc:encryptionmethod>
             <xenc:cipherdata>
                 <xenc:ciphervalue>EBESExQVFhcYGRobHB0eH7Ko6m48Qtd0YicvhDmhYLrXEEZK78hGWu/5h3pWHQK4</xenc:ciphervalue>
             </xenc:cipherdata>
         </mackey>
     </macmethod><keypackage>
        <deviceinfo>
          <manufacturer>Hardware token 12</manufacturer>
          <serialno>TOTP0001</serialno>
        </deviceinfo>
        <key algorithm="urn:ietf:params:xml:ns:keyprov:pskc:totp" id="TOTP0001">
                 <issuer>privacyIDEA</issuer>
                 <algorithmparameters>
                     <responseformat encoding="DECIMAL" length="6"></responseformat>
                     <suite hashalgo="sha256"></suite>
                 </algorithmparameters>
                 <data>
                    <secret>
                         <encryptedvalue>
                             <xenc:encryptionmethod algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"></xenc:encryptionmethod>
                             <xenc:cipherdata>
                                 <xenc:ciphervalue>ICEiIyQlJicoKSorLC0uL8Q5NE39EqxetOPz44T8UZEMbzgdFcBT4zToZ7220rtC</xenc:ciphervalue>
                             </xenc:cipherdata>
                         </encryptedvalue>
                         <valuemac>f+xO25jn690O1pfjWwKrayJNnKM=</valuemac>
                     </secret>
                    <time>
                        <plainvalue>0</plainvalue>
                    </time>
                    <timeinterval>
                        <plainvalue>60</plainvalue>
                    </timeinterval>
                    <counter>
                        <plainvalue>0</plainvalue>
                    </counter>
                    <timedrift>
                        <plainvalue>0</plainvalue>
                    </timedrift>
                </data>
        </key>
        </keypackage>
</keycontainer>`;
    const tokens = readPskc(xml, { preSharedKey: Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex') });
    assert.deepEqual(tokens, [{ serial: 'TOTP0001', username: undefined, kind: 'totp', algorithm: 'SHA256', digits: 6, period: 60, secret: rfcSecret }]);
  });
});

describe('privacyIDEA CSV export: shifted columns', () => {
  test('a comma in an owner\'s name: the line is refused as malformed, and no value of it (the seed) is quoted', () => {
    const seed = '3132333435363738393031323334353637383930';
    for (const line of [`Smith, John@realm, S1, ${seed}, hotp, 6`, `Smith, John@realm, S2, ${seed}, totp, 6`]) {
      assert.throws(
        () => readPrivacyIdeaExport(line),
        (error: unknown) => error instanceof TokenFileError && error.code === 'malformed' && !error.message.includes(seed) && /line 1/.test(error.message),
      );
    }
  });
});
