// The CLI and the administration API offer the same actions, through the same use cases: every
// `pingate` command and every API operation is named in src/usecases/admin/actions.ts, and every
// action named there exists where it says (or says why it is offered in one place only). A new
// command or route without its counterpart fails here. The routes are checked against the
// running API too, not only its OpenAPI document.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { Command } from 'commander';
import { createProgram } from '../../src/cli/main.ts';
import { projectRoot } from '../../src/config/load.ts';
import { openApiDocument } from '../../src/http/admin/openapi.ts';
import { ADMIN_ACTIONS } from '../../src/usecases/admin/actions.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Every runnable `pingate` command, as its words ("pin policy show"). */
function commandsOf(command: Command, prefix: string[] = []): string[] {
  return command.commands.flatMap((sub) => {
    const words = [...prefix, sub.name()];
    return sub.commands.length > 0 ? commandsOf(sub, words) : [words.join(' ')];
  });
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function operationsOf(paths: Record<string, Partial<Record<(typeof METHODS)[number], unknown>>>): string[] {
  return Object.entries(paths).flatMap(([path, item]) => METHODS.filter((method) => item[method] !== undefined).map((method) => `${method.toUpperCase()} ${path}`));
}

describe('the CLI and the administration API offer the same actions', () => {
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: process.stdin, env: {} } as never;
  const refuse = async () => {
    throw new Error('no command runs in this test');
  };
  const cli = new Set(commandsOf(createProgram({ io, withAdmin: refuse, withStorage: refuse })));
  const api = new Set(operationsOf(openApiDocument('Pingate').paths as never));

  test('every action is where the list says, or says why it is in one place only', () => {
    for (const action of ADMIN_ACTIONS) {
      if (action.cli) assert.ok(cli.has(action.cli), `"${action.action}": no command "pingate ${action.cli}"`);
      if (action.api) assert.ok(api.has(action.api), `"${action.action}": no API operation ${action.api}`);
      if (!action.cli || !action.api) assert.ok(action.only, `"${action.action}" is offered in one place without a reason`);
    }
  });

  test('every command and every API operation is an action of the list', () => {
    const listedCli = new Set(ADMIN_ACTIONS.map((a) => a.cli));
    const listedApi = new Set(ADMIN_ACTIONS.map((a) => a.api));
    assert.deepEqual([...cli].filter((command) => !listedCli.has(command)), [], 'commands missing from src/usecases/admin/actions.ts');
    assert.deepEqual([...api].filter((operation) => !listedApi.has(operation)), [], 'API operations missing from src/usecases/admin/actions.ts');
  });

  test('docs/admin.md has a row for every action', () => {
    const doc = readFileSync(path.join(projectRoot, 'docs', 'admin.md'), 'utf8');
    for (const action of ADMIN_ACTIONS) {
      const row = `| ${action.action} | ${action.cli ? `\`pingate ${action.cli}\`` : '—'} | ${action.api ? `\`${action.api}\`` : '—'} |`;
      assert.ok(doc.includes(row), `docs/admin.md lacks: ${row}`);
    }
  });

  describe('on a running provider', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(() => server?.close());

    test('every API operation of the list is routed (an unauthenticated call is 401, never 404 or 405)', async () => {
      for (const action of ADMIN_ACTIONS) {
        if (!action.api) continue;
        const [method, path] = action.api.split(' ') as [string, string];
        const response = await fetch(`${server.issuer}/admin/api${path.replace(/\{[^}]+\}/g, 'someone')}`, { method, headers: { 'content-type': 'application/json' }, ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }) });
        assert.equal(response.status, 401, `${action.api} answered ${response.status}`);
      }
    });
  });
});
