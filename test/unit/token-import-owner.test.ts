// Whose token a file names: the username from a privacyIDEA login or a PSKC <UserId>, written as
// is or as an LDAP distinguished name (RFC 6030's examples: UID=jsmith,DC=example-bank,DC=net).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ownerUsername } from '../../src/domain/token-owner.ts';

test('as-is: the name as written, in the spelling Pingate looks accounts up by', () => {
  assert.equal(ownerUsername(' JSmith ', 'as-is'), 'jsmith');
  assert.equal(ownerUsername('UID=jsmith,DC=example-bank,DC=net', 'as-is'), 'uid=jsmith,dc=example-bank,dc=net');
});

test('uid: the UID= value of a distinguished name, else its CN=, else the name as written', () => {
  assert.equal(ownerUsername('UID=jsmith,DC=example-bank,DC=net', 'uid'), 'jsmith');
  assert.equal(ownerUsername('cn=Ana Example,uid=ana.example,ou=People,dc=example,dc=org', 'uid'), 'ana.example', 'UID wins over CN wherever it stands');
  assert.equal(ownerUsername('CN=bob , OU=Staff, DC=example, DC=com', 'uid'), 'bob');
  assert.equal(ownerUsername('CN=smith\\, john,OU=Staff,DC=example,DC=com', 'uid'), 'smith, john', 'an escaped comma belongs to the value');
  assert.equal(ownerUsername('DC=example-bank,DC=net', 'uid'), 'dc=example-bank,dc=net', 'no UID or CN: as written (and then no such account)');
  assert.equal(ownerUsername('carol', 'uid'), 'carol');
});

test('no owner: null', () => {
  for (const named of [undefined, '', '   ']) {
    assert.equal(ownerUsername(named, 'as-is'), null);
    assert.equal(ownerUsername(named, 'uid'), null);
  }
  assert.equal(ownerUsername('UID=,DC=net', 'uid'), 'uid=,dc=net');
});
