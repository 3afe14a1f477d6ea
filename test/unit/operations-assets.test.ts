// The Grafana dashboard and the Prometheus alert rules in docs/operations/ ask only for series
// the provider exports (a renamed metric would leave a panel empty and an alert silent), and
// each rule says how bad it is and what to look at.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { projectRoot } from '../../src/config/load.ts';
import { createMetrics } from '../../src/metrics/registry.ts';

const read = (file: string) => readFileSync(path.join(projectRoot, 'docs', 'operations', file), 'utf8');
const referenced = (text: string) => new Set(text.match(/\bpingate_[a-z0-9_]+/g) ?? []);

async function exported(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const metric of await createMetrics().registry.getMetricsAsJSON()) {
    // A histogram's own name is what the prose names; queries use its series.
    names.add(metric.name);
    if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_count', '_sum']) names.add(metric.name + suffix);
  }
  return names;
}

test('every series the dashboard and the alert rules use is exported', async () => {
  const names = await exported();
  for (const file of ['grafana-dashboard.json', 'alerts.yml']) {
    const missing = [...referenced(read(file))].filter((name) => !names.has(name));
    assert.deepEqual(missing, [], `${file} asks for series Pingate does not export`);
  }
});

test('the dashboard is importable JSON with one panel per id and a query in each', () => {
  const dashboard = JSON.parse(read('grafana-dashboard.json')) as { uid: string; panels: { id: number; type: string; targets?: { expr: string }[] }[] };
  assert.equal(dashboard.uid, 'pingate-overview');
  const ids = dashboard.panels.map((panel) => panel.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) assert.ok(panel.targets?.length && panel.targets.every((t) => t.expr.includes('pingate_')), `panel ${panel.id} queries Pingate`);
});

test('every alert rule has a severity, a summary and a description', () => {
  const rules = parse(read('alerts.yml')) as { groups: { name: string; rules: { alert: string; expr: string; labels?: { severity?: string }; annotations?: { summary?: string; description?: string } }[] }[] };
  const all = rules.groups.flatMap((group) => group.rules);
  assert.ok(all.length >= 8);
  for (const rule of all) {
    assert.match(rule.alert, /^Pingate[A-Z]\w+$/);
    assert.ok(['page', 'warn'].includes(rule.labels?.severity ?? ''), `${rule.alert}: severity`);
    assert.ok(rule.annotations?.summary && rule.annotations.description, `${rule.alert}: summary and description`);
    assert.ok(rule.expr.trim().length > 0);
  }
});
