import { test as base } from '@playwright/test';

export * from '@playwright/test';

/**
 * Playwright's `test`, closing the browser contexts a test opened with `browser.newContext()`
 * when it ends (after its failure screenshots are taken). The worker's browser outlives every
 * file: left open, those pages kept running, each reconnecting to a server its file had stopped,
 * and by the last files some sixty of them shared the browser with the test being run.
 */
export const test = base.extend<{ closeOpenedContexts: void }>({
  closeOpenedContexts: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      const opened = browser.contexts().filter((context) => !before.has(context));
      await Promise.all(opened.map((context) => context.close()));
    },
    { auto: true },
  ],
});
