// The CLI, the administration API and the web console offer the same actions, through the same
// use cases and to the same role: every `pingate` command, every API operation and every console
// action is named in src/usecases/admin/actions.ts, and every action named there exists where it
// says (or says why it is not offered everywhere), asking the API scope and the console role the
// list gives. A new command, route or console action without its counterparts fails here. The
// API routes and the console pages are checked against the running provider too.
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
import { CONSOLE_ACTIONS } from '../../src/http/console/console-actions.ts';
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

/** The scopes an API operation asks for, from the OpenAPI document. */
function scopesOf(paths: Record<string, Record<string, { 'x-scopes'?: string[] }>>, operation: string): string[] {
  const [method, path] = operation.split(' ') as [string, string];
  return paths[path]?.[method.toLowerCase()]?.['x-scopes'] ?? [];
}

describe('the CLI, the administration API and the console offer the same actions', () => {
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: process.stdin, env: {} } as never;
  const refuse = async () => {
    throw new Error('no command runs in this test');
  };
  const cli = new Set(commandsOf(createProgram({ io, withAdmin: refuse, withStorage: refuse })));
  const paths = openApiDocument('Pingate').paths as never;
  const api = new Set(operationsOf(paths));
  const consoleActions = new Map(CONSOLE_ACTIONS.map((action) => [action.name, action]));

  test('every action is where the list says, or says why it is not everywhere', () => {
    for (const action of ADMIN_ACTIONS) {
      if (action.cli) assert.ok(cli.has(action.cli), `"${action.action}": no command "pingate ${action.cli}"`);
      if (action.api) assert.ok(api.has(action.api), `"${action.action}": no API operation ${action.api}`);
      if (action.console && !action.console.startsWith('page ')) assert.ok(consoleActions.has(action.console), `"${action.action}": no console action ${action.console}`);
      if (!action.cli || !action.api || !action.console) assert.ok(action.only, `"${action.action}" is not offered everywhere, without a reason`);
    }
  });

  test('every command, API operation and console action is an action of the list', () => {
    const listedCli = new Set(ADMIN_ACTIONS.map((a) => a.cli));
    const listedApi = new Set(ADMIN_ACTIONS.map((a) => a.api));
    const listedConsole = new Set(ADMIN_ACTIONS.map((a) => a.console));
    assert.deepEqual([...cli].filter((command) => !listedCli.has(command)), [], 'commands missing from src/usecases/admin/actions.ts');
    assert.deepEqual([...api].filter((operation) => !listedApi.has(operation)), [], 'API operations missing from src/usecases/admin/actions.ts');
    assert.deepEqual([...consoleActions.keys()].filter((name) => !listedConsole.has(name)), [], 'console actions missing from src/usecases/admin/actions.ts');
  });

  test('the API and the console ask the role the list gives', () => {
    for (const action of ADMIN_ACTIONS) {
      const expected = action.role === 'helpdesk' ? ['admin', 'helpdesk'] : ['admin'];
      if (action.api) assert.deepEqual(scopesOf(paths, action.api), expected, `${action.api} (${action.action})`);
      const taken = action.console ? consoleActions.get(action.console) : undefined;
      if (taken) assert.equal(taken.role, action.role, `console action ${taken.name} (${action.action})`);
    }
  });

  test('docs/admin.md has a row for every action', () => {
    const doc = readFileSync(path.join(projectRoot, 'docs', 'admin.md'), 'utf8');
    const cell = (value: string | null, shown: (v: string) => string) => (value ? shown(value) : '—');
    for (const action of ADMIN_ACTIONS) {
      const row = `| ${action.action} | ${cell(action.cli, (c) => `\`pingate ${c}\``)} | ${cell(action.api, (a) => `\`${a}\``)} | ${cell(action.console, (c) => (c.startsWith('page ') ? `page \`${c.slice(5)}\`` : `\`${c}\``))} | ${action.role} |`;
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

    test('every console page of the list is routed (signed out, it asks for a sign-in, never 404)', async () => {
      for (const action of ADMIN_ACTIONS) {
        if (!action.console?.startsWith('page ')) continue;
        const response = await fetch(`${server.issuer}${action.console.slice(5).replace(/\{[^}]+\}/g, 'someone')}`);
        assert.equal(response.status, 200, `${action.console} answered ${response.status}`);
        assert.match(await response.text(), /Sign in to the helpdesk console/);
      }
      assert.equal((await fetch(`${server.issuer}/console/no-such-page`)).status, 404, 'an unknown console path is not a page');
    });
  });
});
