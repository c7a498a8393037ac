import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from './fixtures.js';
import mongoose from 'mongoose';
import { DEFAULT_DB_NAME } from '../../server/db/connect.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/seed/demo.js';
import { threadModels } from '../../server/threads/message.model.js';
import { lengthenThread } from '../helpers/longThread.js';
import { seriousViolations } from './axe.js';
import { ServerProcess } from './serverProcess.js';

const ROOM = /Western Balkans roundtable/;
/** Messages loaded into the room's chat: more than one search window (5,000) and far more than 1,000. */
const LOADED = 6000;
let server: ServerProcess;

/**
 * The room's chat made long, as months of discussion would: messages written straight into the
 * server's embedded database (its address is in the owner file), then its pages, blocks and search
 * documents built as a start-up does. Elena last read it at its first message.
 */
async function lengthenRoomChat(): Promise<void> {
  const owner = JSON.parse(
    readFileSync(path.join(server.dataDir, 'ferretdb', 'state', 'roundtable-owner.json'), 'utf8'),
  ) as { uri: string };
  const conn = await mongoose.createConnection(owner.uri, { dbName: DEFAULT_DB_NAME }).asPromise();
  try {
    const models = threadModels(conn);
    const users = conn.collection<{ email: string }>('users');
    const ana = (await users.findOne({ email: DEMO_USERS.ana.email }))!;
    const elena = (await users.findOne({ email: DEMO_USERS.elena.email }))!;
    const thread = (await models.Thread.findOne({ kind: 'room', count: { $gt: 0 } }).lean())!;
    const author = { id: String(ana._id), name: DEMO_USERS.ana.name };
    await lengthenThread(models, thread._id, author, LOADED, (i) =>
      i === 100
        ? 'The first youth council budget needle: agreed in Tuzla'
        : i === LOADED - 20
          ? 'A recent needle: the helpdesk answers in Macedonian too'
          : `Update ${i} on the youth councils`,
    );
    await models.ReadMarker.updateOne(
      { userId: String(elena._id), threadId: thread._id },
      { $set: { seq: 1 } },
      { upsert: true },
    );
  } finally {
    await conn.close();
  }
}

test.beforeAll(async () => {
  server = await ServerProcess.create();
  await lengthenRoomChat();
});
test.afterAll(async () => {
  await server?.stop();
});

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(server.url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Roundtable rooms' })).toBeVisible();
}

test('a long chat: "1,000+" unread for someone far behind, and search says how far back it looked', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  await signIn(page, DEMO_USERS.elena.email);
  // far behind: not counted, "1,000+" in the navigation, beside the room and in the notifications
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: /Rooms/ }).locator('.badge')).toHaveText('1,000+ 1,000 or more unread');
  const room = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: ROOM }) });
  await expect(room.locator('.badge')).toContainText('1,000+');
  await page.getByRole('button', { name: /Notifications/ }).click();
  await expect(page.getByRole('link', { name: /1,000\+ unread/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('long-unread-en.png') });
  await page.keyboard.press('Escape');

  // search: the newest 5,000 messages first, then further back on request
  await page.getByRole('link', { name: ROOM }).click();
  await expect(page.getByRole('heading', { level: 1, name: ROOM })).toBeVisible();
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const box = page.getByRole('searchbox', { name: 'Search this discussion' });
  await box.fill('NEEDLE');
  await box.press('Enter');
  const results = page.getByRole('list', { name: 'Search results' });
  await expect(page.getByRole('status').filter({ hasText: '1 message found.' })).toHaveText(
    '1 message found. Searched the 5,000 most recent messages.',
  );
  await expect(results.getByRole('button')).toHaveCount(1);
  await expect(results).toContainText('A recent needle: the helpdesk answers in Macedonian too');
  await page.screenshot({ path: testInfo.outputPath('long-search-en.png') });
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Search older messages' }).click();
  await expect(results.getByRole('button')).toHaveCount(2);
  await expect(results.getByRole('button').nth(1)).toContainText('The first youth council budget needle');
  await expect(page.getByRole('status').filter({ hasText: 'found' })).toHaveText('2 messages found.');
  await expect(page.getByRole('button', { name: 'Search older messages' })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('long-search-older-en.png') });
  // a result jumps to its message
  await results.getByRole('button').first().click();
  const message = page
    .locator('li.message')
    .filter({ hasText: 'A recent needle: the helpdesk answers in Macedonian too' });
  await expect(message).toBeFocused();

  // the old hit, 5,900 messages back: the page around it replaces the window, the hit focused,
  // without loading what lies between (that took minutes)
  const messages = page.getByRole('list', { name: 'Messages' });
  await results.getByRole('button').nth(1).click();
  const old = page.locator('li.message').filter({ hasText: 'The first youth council budget needle: agreed in Tuzla' });
  await expect(old).toBeFocused({ timeout: 15_000 });
  await expect(old).toBeInViewport();
  expect(await messages.locator('li.message').count()).toBeLessThanOrEqual(50);
  await expect(messages.locator('li.message').filter({ hasText: 'Update 6000 on the youth councils' })).toHaveCount(0);
  await expect(messages.locator('li.message').filter({ hasText: 'Update 101 on the youth councils' })).toHaveCount(1);
  const jump = page.getByRole('button', { name: 'Jump to the newest messages' });
  await expect(jump).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('long-jump-en.png') });
  expect(await seriousViolations(page)).toEqual([]);
  // a message posted meanwhile waits apart, counted, not inside the old window
  const ana = await page.context().browser()!.newContext();
  const anaPage = await ana.newPage();
  try {
    await signIn(anaPage, DEMO_USERS.ana.email);
    await anaPage.getByRole('link', { name: ROOM }).click();
    await anaPage.getByRole('textbox', { name: 'Write a message' }).fill('Posted while Elena reads the old part');
    await anaPage.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(anaPage.locator('li.message').filter({ hasText: 'Posted while Elena reads' })).toBeVisible();
  } finally {
    await ana.close();
  }
  await expect(page.getByRole('status').filter({ hasText: '1 new message' })).toBeVisible();
  await expect(messages.locator('li.message').filter({ hasText: 'Posted while Elena reads' })).toHaveCount(0);
  // nor is it marked read while the window far back is shown
  const roomsBadge = nav.getByRole('link', { name: /Rooms/ }).locator('.badge');
  await expect(roomsBadge).toContainText('1');
  await page.waitForTimeout(1500);
  await expect(roomsBadge).toContainText('1');

  // scrolling down loads the newer messages after the window
  const before = await messages.locator('li.message').count();
  await messages.evaluate((list) => (list.scrollTop = list.scrollHeight));
  await expect.poll(() => messages.locator('li.message').count()).toBeGreaterThan(before);

  // and back to the newest at once
  await jump.click();
  const newest = messages.locator('li.message').filter({ hasText: 'Posted while Elena reads the old part' });
  await expect(newest).toBeInViewport();
  await expect(messages.locator('li.message').filter({ hasText: 'Update 6000 on the youth councils' })).toHaveCount(1);
  await expect(messages.locator('li.message').filter({ hasText: 'The first youth council budget needle' })).toHaveCount(
    0,
  );
  await expect(jump).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('long-jump-newest-en.png') });
  // at the newest, what is shown is read
  await expect(roomsBadge).toHaveCount(0);
});

test('in Arabic: how far search looked, right to left', async ({ page }, testInfo) => {
  await signIn(page, DEMO_USERS.ana.email);
  await page.evaluate(() => localStorage.setItem('roundtable.language', 'ar'));
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.getByRole('link', { name: ROOM }).click();
  await page.getByRole('button', { name: 'بحث', exact: true }).click();
  await page.getByRole('searchbox').fill('needle');
  await page.getByRole('searchbox').press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'تم البحث في أحدث' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'ابحث في الرسائل الأقدم' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('long-search-ar.png') });
  await page.getByRole('button', { name: 'ابحث في الرسائل الأقدم' }).click();
  await page.getByRole('list', { name: 'نتائج البحث' }).getByRole('button').nth(1).click();
  await expect(page.locator('li.message').filter({ hasText: 'The first youth council budget needle' })).toBeFocused({
    timeout: 15_000,
  });
  await expect(page.getByRole('button', { name: 'الانتقال إلى أحدث الرسائل' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('long-jump-ar.png') });
  // posting from the window far back shows the message where it is: at the newest
  await page.getByRole('textbox', { name: 'اكتب رسالة' }).fill('رسالة من الجزء القديم');
  await page.getByRole('button', { name: 'إرسال', exact: true }).click();
  await expect(page.locator('li.message').filter({ hasText: 'رسالة من الجزء القديم' })).toBeInViewport();
  await expect(page.getByRole('button', { name: 'الانتقال إلى أحدث الرسائل' })).toHaveCount(0);
  await expect(page.locator('li.message').filter({ hasText: 'The first youth council budget needle' })).toHaveCount(0);
});
