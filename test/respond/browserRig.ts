/** The response pages in headless Chromium, opened as a reader on a laptop would have them. */
import type { Browser, Page } from 'playwright-core';

/** A page for a response page, in British English; the page's own CSP is bypassed for the test only, so axe can be injected. */
export const newResponsePage = (browser: Browser): Promise<Page> =>
  browser.newPage({ bypassCSP: true, viewport: { width: 1000, height: 900 }, locale: 'en-GB' });
