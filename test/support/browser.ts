// A real browser for the end-to-end tests: Debian's Chromium driven by playwright-core (no
// browser download). The background-networking flags keep Chromium from reaching out to
// Google services, whose refused connections otherwise disturb it on a closed network.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../src/config/load.ts';

export const CHROMIUM_PATH = process.env.PINGATE_CHROMIUM ?? '/usr/bin/chromium';

export const screenshotDir = path.join(projectRoot, 'test-output', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Writes a full-page screenshot to test-output/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name.replace(/[^a-zA-Z0-9._-]/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Console errors, page errors and CSP violations a page reports while it is used. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content.Security.Policy/i.test(message.text())) {
      const where = message.location().url;
      problems.push(`console.${message.type()}: ${message.text()}${where ? ` (${where})` : ''}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}
