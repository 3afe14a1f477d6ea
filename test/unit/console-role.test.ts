// Who may do what in the console (domain/console-role.ts): administrators first, the helpdesk
// never over an administrator's account, and a console session's idle and absolute limits.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { consoleRole, consoleSessionEnded, mayManage } from '../../src/domain/console-role.ts';

const groups = { adminGroups: ['it-admins'], helpdeskGroups: ['service-desk', 'tier2'] };

describe('console roles', () => {
  test('the role comes from the groups, administrator first', () => {
    assert.equal(consoleRole(['staff', 'it-admins'], groups), 'admin');
    assert.equal(consoleRole(['tier2'], groups), 'helpdesk');
    assert.equal(consoleRole(['tier2', 'it-admins'], groups), 'admin');
    assert.equal(consoleRole(['staff'], groups), null);
    assert.equal(consoleRole([], groups), null);
    assert.equal(consoleRole(['IT-ADMINS'], groups), null, 'group names match exactly');
  });

  test('with no groups configured, nobody has a role', () => {
    assert.equal(consoleRole(['it-admins'], { adminGroups: [], helpdeskGroups: [] }), null);
  });

  test("the helpdesk may change anyone's account but an administrator's; administrators anyone's", () => {
    assert.equal(mayManage('helpdesk', ['staff'], groups), true);
    assert.equal(mayManage('helpdesk', ['service-desk'], groups), true, 'a colleague of the helpdesk');
    assert.equal(mayManage('helpdesk', ['staff', 'it-admins'], groups), false);
    assert.equal(mayManage('admin', ['it-admins'], groups), true);
  });
});

describe('console session limits', () => {
  const limits = { idleTimeoutMinutes: 15, maxSessionHours: 8 };
  const at = (minutes: number) => new Date(Date.UTC(2026, 10, 23, 8, 0) + minutes * 60_000);

  test('a session stands while used within the idle timeout and the absolute limit', () => {
    assert.equal(consoleSessionEnded({ signedInAt: at(0), lastSeenAt: at(0) }, at(15), limits), null);
    assert.equal(consoleSessionEnded({ signedInAt: at(0), lastSeenAt: at(470) }, at(480), limits), null);
  });

  test('idle for longer than the timeout, or older than the limit, it ends', () => {
    assert.equal(consoleSessionEnded({ signedInAt: at(0), lastSeenAt: at(0) }, at(15.01), limits), 'idle');
    assert.equal(consoleSessionEnded({ signedInAt: at(0), lastSeenAt: at(479) }, at(480.01), limits), 'too_old');
  });
});
