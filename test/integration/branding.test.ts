// Branding from configuration alone: the product name, a logo, accent colours, a support contact
// and a template override folder change every page without editing views/.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { projectRoot } from '../../src/config/load.ts';
import { beginAuthorization } from '../support/relying-party.ts';
import { startTestServer, type TestClient, type TestServer } from '../support/server.ts';
import { heading, submitUsername } from '../support/signin.ts';

const fixtures = path.join(projectRoot, 'test', 'fixtures', 'branding');

describe('branding', () => {
  let server: TestServer;
  let client: TestClient;
  before(async () => {
    server = await startTestServer({
      ui: {
        productName: 'Acme Sign-in',
        logoFile: path.join(fixtures, 'logo.svg'),
        logoAlt: 'Acme',
        accentColour: '#00594f',
        accentColourDark: '#7fd1c4',
        support: { name: 'Acme IT', email: 'it@acme.example', phone: '+1 555 0100', url: 'https://it.acme.example/' },
        templatesDir: path.join(fixtures, 'templates'),
      },
    });
    client = await server.createClient();
  });
  after(() => server?.close());

  test('the name, logo, support contact and an overridden template appear on the pages', async () => {
    const auth = await beginAuthorization(server.issuer, client);
    const page = auth.page;
    assert.match(page.html, /<title>Sign in · Acme Sign-in<\/title>/);
    assert.match(page.html, /<img class="logo" src="\/static\/brand-logo" alt="Acme"><span>Acme Sign-in<\/span>/);
    assert.equal(heading(page), 'Welcome to Acme', 'the template of the override folder is used');
    assert.match(page.html, /href="mailto:it@acme\.example"/);
    assert.match(page.html, /href="tel:\+15550100"/);
    assert.match(page.html, /href="https:\/\/it\.acme\.example\/"/);
    const next = await submitUsername(auth.agent, page, 'someone');
    assert.equal(heading(next), 'Enter your PIN and tokencode', 'templates not overridden come from views/');
    assert.match(next.html, /Acme Sign-in/);
  });

  test('the accent colours and the logo are served as files the CSP allows', async () => {
    const css = await fetch(`${server.issuer}/static/brand.css`);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    const text = await css.text();
    assert.match(text, /--accent: #00594f;/);
    assert.match(text, /prefers-color-scheme: dark\) \{ :root \{ --accent: #7fd1c4; \}/);
    const logo = await fetch(`${server.issuer}/static/brand-logo`);
    assert.equal(logo.headers.get('content-type'), 'image/svg+xml');
    assert.match(logo.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.match(await logo.text(), /<svg/);
  });
});
