import { expect, test } from './fixtures.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/seed/demo.js';
import { ServerProcess } from './serverProcess.js';

const ROOM = /Western Balkans roundtable/;
const TOO_LARGE =
  'This change is too large to save, and nothing more is being saved. Copy what you need, then reload the page.';
let server: ServerProcess;

test.beforeAll(async () => {
  // a small frame cap, so a pasted page of text is "too large"
  server = await ServerProcess.create({ COLLAB_MAX_FRAME_BYTES: String(64 * 1024) });
});
test.afterAll(async () => {
  await server?.stop();
});

test('a change too large to save is named as such instead of being resent forever', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  // the strict Content-Security-Policy must not block anything the app does
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) blocked.push(message.text());
  });
  await page.goto(server.url);
  await page.getByLabel('Email').fill(DEMO_USERS.ana.email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: ROOM }).click();
  await expect(page.getByRole('status')).toHaveText('All changes saved');

  const doc = page.getByRole('textbox', { name: 'Shared document' });
  await doc.locator(':scope > *').last().click();
  // paste about 200 KB of text in one go
  await doc.evaluate((element) => {
    const data = new DataTransfer();
    data.setData('text/plain', 'Youth councils in every member city. '.repeat(5500));
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(page.getByRole('status')).toHaveText(TOO_LARGE);
  // it stays that way: the client does not reconnect to resend the same change forever
  let upgrades = 0;
  page.on('websocket', (ws) => {
    if (ws.url().includes('/collab/')) upgrades++;
  });
  await page.waitForTimeout(4000);
  expect(upgrades).toBe(0);
  await expect(page.getByRole('status')).toHaveText(TOO_LARGE);
  expect(blocked).toEqual([]);
});
