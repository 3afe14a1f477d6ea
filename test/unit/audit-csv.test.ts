// The console's audit CSV: RFC 4180 quoting, and no cell a spreadsheet would run as a formula
// (a username or client id is typed by people: "=HYPERLINK(...)" must stay text).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditCsv } from '../../src/http/console/audit-page.ts';
import type { AuditRecord } from '../../src/usecases/audit.ts';

const record = (overrides: Partial<AuditRecord>): AuditRecord => ({
  id: '1',
  time: new Date('2026-11-23T08:00:00Z'),
  event: 'pin.reset',
  outcome: 'success',
  actor: { type: 'console', id: 'helen' },
  account: { id: 'a1', username: 'jane' },
  reason: null,
  ip: '192.0.2.7',
  clientId: null,
  ...overrides,
});

test('a header, one line per record, CRLF line ends', () => {
  const csv = auditCsv([record({ details: { state: 'CHANGE_FORCED', random: true } })]);
  assert.equal(csv, 'time,event,outcome,account,actor,reason,ip,client,details\r\n2026-11-23T08:00:00.000Z,pin.reset,success,jane,console:helen,,192.0.2.7,,"{""state"":""CHANGE_FORCED"",""random"":true}"\r\n');
});

test('cells that start like a formula are made text; commas, quotes and line breaks are quoted', () => {
  const csv = auditCsv([record({ account: { id: 'a2', username: '=HYPERLINK("http://evil")' }, clientId: '+cmd', reason: '-1', ip: '@x' })]);
  const line = csv.split('\r\n')[1]!;
  assert.ok(line.includes(`"'=HYPERLINK(""http://evil"")"`), line);
  assert.ok(line.includes(",'+cmd,"), line);
  assert.ok(line.includes(",'-1,"), line);
  assert.ok(line.includes(",'@x,"), line);
  assert.equal(auditCsv([record({ clientId: 'a,b\nc' })]).split('\r\n')[1]!.includes('"a,b\nc"'), true);
});
