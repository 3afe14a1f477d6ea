// The device authorization grant's pages in a real browser (Chromium through playwright-core):
// the user opens the verification URI with the code already in it (verification_uri_complete,
// whose auto-submitting page must pass the strict CSP), confirms the device by name, signs in
// with PIN and tokencode, and the device's polling (openid-client) gets its tokens. No console
// error and no CSP violation on any page.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as oidc from 'openid-client';
import { registerClient } from '../../src/usecases/admin/register-client.ts';
import { collectProblems, screenshot } from '../support/browser.ts';
import { browserSuite, enterPasscode, enterUsername } from '../support/browser-flow.ts';
import { discover } from '../support/relying-party.ts';
import { uniqueName } from '../support/server.ts';

describe('device authorization grant in a real browser', () => {
  const suite = browserSuite();

  test('the code from the link, the device named, PIN + tokencode, connected; the device gets tokens', async () => {
    const clientId = uniqueName('tv-');
    await registerClient(suite.server.app.admin, { clientId, name: 'Meeting room display', public: true, device: true, firstParty: true, redirectUris: [] });
    const config = await discover(suite.server.issuer, { clientId, clientSecret: undefined, redirectUri: '' });
    const response = await oidc.initiateDeviceAuthorization(config, { scope: 'openid profile' });
    const polling = oidc.pollDeviceAuthorizationGrant(config, response);
    const user = await suite.server.createUser();

    const page = await (await suite.newContext()).newPage();
    const problems = collectProblems(page);
    await page.goto(response.verification_uri_complete!);
    await page.getByRole('heading', { name: 'Connect Meeting room display?' }).waitFor();
    assert.match((await page.locator('strong.code').textContent()) ?? '', new RegExp(response.user_code));
    await screenshot(page, 'device-confirm');
    await page.getByRole('button', { name: 'Yes, continue to sign in' }).click();
    await enterUsername(page, user.username);
    await enterPasscode(page, user.pin, await user.code());
    await page.getByRole('heading', { name: 'Device connected' }).waitFor();
    await screenshot(page, 'device-connected');

    const tokens = await polling;
    assert.equal(tokens.claims()!.sub, user.id);
    assert.deepEqual(problems, []);
  });

  test('the code page: typed by hand, a wrong code says so', async () => {
    const page = await (await suite.newContext()).newPage();
    const problems = collectProblems(page);
    await page.goto(`${suite.server.issuer}/device`);
    await page.getByLabel('Code from your device').fill('BCDF-GHJK');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').filter({ hasText: 'That code is not right' }).waitFor();
    await screenshot(page, 'device-code-wrong');
    assert.deepEqual(problems, []);
  });
});
