// What every page must pass in a real browser, at a phone's 320 px, a desktop at 200 % zoom and a desktop's 1280 px, in
// light and dark: no horizontal scrolling (scrollWidth <= innerWidth), zero axe-core violations
// (WCAG 2.1 A and AA, and axe's best practices), and a screenshot in test-output/screenshots/pages.
// axe-core is evaluated through the DevTools protocol, so the pages' CSP (no inline script) stays
// on while it runs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { screenshot } from './browser.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A phone; a 1280 x 800 desktop window at 200 % zoom (zoom divides the CSS viewport: 640 x 400);
 * the desktop itself. 320 px is also that desktop at 400 % (WCAG 1.4.10 Reflow). */
export const SIZES = [
  { width: 320, height: 640 },
  { width: 640, height: 400 },
  { width: 1280, height: 800 },
] as const;
export const SCHEMES = ['light', 'dark'] as const;

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // The tests' TypeScript has no DOM types: what runs in the page is given as source text.
  if (!(await page.evaluate("'axe' in window"))) await page.evaluate(axeSource);
  return (await page.evaluate(`(async () => {
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  })()`)) as AxeViolation[];
}

/** A screenshot, tried twice: on a loaded machine Chromium now and then misses a frame and the
 * first attempt times out; the checks above have already passed by then. */
async function screenshotOnce(page: Page, name: string): Promise<void> {
  try {
    await screenshot(page, name);
  } catch (error) {
    if ((error as Error).name !== 'TimeoutError') throw error;
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(resolve))');
    await screenshot(page, name);
  }
}

/** The pages checked so far (a test can assert it saw each one it meant to). */
export const checkedPages = new Set<string>();

export async function checkPage(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    for (const scheme of SCHEMES) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      const where = `${name} at ${size.width} px, ${scheme}`;
      const widths = (await page.evaluate('({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })')) as { scroll: number; inner: number };
      assert.ok(widths.scroll <= widths.inner, `${where}: the page scrolls sideways (scrollWidth ${widths.scroll} > innerWidth ${widths.inner})`);
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], `${where}: axe-core found ${violations.length} violation(s):\n${JSON.stringify(violations, null, 2)}`);
      await screenshotOnce(page, `pages/${name}-${size.width}-${scheme}`);
    }
  }
  checkedPages.add(name);
}
