/**
 * The response pages in headless Chromium, checked by axe-core: a page opened as a reader on a
 * laptop would have it, and the serious and critical WCAG 2.2 AA violations on it.
 */
import type { Browser, Page } from 'playwright-core';

const AXE = require.resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Serious and critical WCAG 2.0–2.2 A/AA violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A page for a response page, in British English; axe is injected as a script, so the page's own CSP (script-src 'self') is bypassed for the test only. */
export const newResponsePage = (browser: Browser): Promise<Page> =>
  browser.newPage({ bypassCSP: true, viewport: { width: 1000, height: 900 }, locale: 'en-GB' });
