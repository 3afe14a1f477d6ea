import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkUsername, containsUsername } from '../../../src/domain/pin-policy/rules/username.ts';
import { policyWith } from './fixtures.ts';

const on = policyWith({ forbidUsername: true, complexity: 'strong' });

describe('username rule', () => {
  const cases: ReadonlyArray<[username: string, candidate: string, violates: boolean]> = [
    ['bob', 'bob1A', true],
    ['bob', 'xBOBx', true], // case-insensitive
    ['BoB', 'bob99', true],
    ['bob', 'bo1b', false],
    ['alice', 'alic3', false],
    ['123', '91234', true], // numeric usernames matter for numeric PINs
    ['jo', 'jo12', false], // shorter than 3: skipped
    ['j', 'j123', false],
    ['', '1234', false],
    ['😀😀😀', 'a😀😀😀', true], // length in code points
    ['longusername', 'long', false],
  ];
  for (const [username, candidate, violates] of cases) {
    it(`user ${JSON.stringify(username)}, PIN ${JSON.stringify(candidate)} -> ${violates ? 'violation' : 'ok'}`, () => {
      assert.equal(containsUsername(candidate, username), violates);
      assert.deepEqual(checkUsername(candidate, on, username).map((v) => v.rule), violates ? ['username'] : []);
    });
  }

  it('never puts the username or the PIN in the violation', () => {
    const [v] = checkUsername('bob1A', on, 'bob');
    assert.deepEqual(v, { rule: 'username', messageId: 'pin.contains_username', params: {} });
  });

  it('is off unless forbidUsername is set', () => {
    assert.deepEqual(checkUsername('bob1A', policyWith({ forbidUsername: false }), 'bob'), []);
  });
});
