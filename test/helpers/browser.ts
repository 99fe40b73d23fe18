/**
 * Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) for tests that must
 * see a page the way a user's browser does. Every console error, uncaught page error, dialog
 * (an injected `alert`) and request is recorded, so a test can assert that a "self-contained"
 * page really loads nothing but itself.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedPage {
  readonly page: Page;
  /** The file's own URL (file://…). */
  readonly url: string;
  /** Text of console messages of type "error". */
  readonly consoleErrors: string[];
  /** Uncaught exceptions thrown by scripts on the page. */
  readonly pageErrors: string[];
  /** Messages of alert/confirm/prompt dialogs the page opened (dismissed at once). */
  readonly dialogs: string[];
  /** Every URL the page requested, the file itself included. */
  readonly requests: string[];
  /** Requests that failed: "url (reason)". */
  readonly failedRequests: string[];
}

export interface TestBrowser {
  /** Opens a local HTML file in a fresh context (no shared state), runs `use`, closes the context. */
  withPage<T>(file: string, use: (opened: OpenedPage) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium; playwright gives it a fresh temporary profile and removes it on
 * close. Fails — never skips — when Chromium is not installed: CI installs it, and a browser
 * test that quietly does not run proves nothing.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's chromium package (.ci/run installs it: apt-get install chromium)`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  return {
    async withPage(file, use) {
      // Offline: anything a page tried to fetch from outside would fail, and be recorded.
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, offline: true });
      try {
        const page = await context.newPage();
        const url = pathToFileURL(file).href;
        const opened: OpenedPage = { page, url, consoleErrors: [], pageErrors: [], dialogs: [], requests: [], failedRequests: [] };
        page.on('console', (message) => {
          if (message.type() === 'error') opened.consoleErrors.push(message.text());
        });
        page.on('pageerror', (error) => opened.pageErrors.push(error.message));
        page.on('dialog', (dialog) => {
          opened.dialogs.push(dialog.message());
          void dialog.dismiss();
        });
        page.on('request', (request) => opened.requests.push(request.url()));
        page.on('requestfailed', (request) => opened.failedRequests.push(`${request.url()} (${request.failure()?.errorText ?? 'failed'})`));
        await page.goto(url, { waitUntil: 'load' });
        return await use(opened);
      } finally {
        await context.close();
      }
    },
    async close() {
      await browser.close();
    },
  };
}
