import { expect, test, type Browser, type Page } from './fixtures.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/seed/demo.js';
import { ServerProcess } from './serverProcess.js';

const ROOM = /Western Balkans roundtable/;
let server: ServerProcess;

test.beforeAll(async () => {
  server = await ServerProcess.create();
});
test.afterAll(async () => {
  await server?.stop();
});

async function signIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Roundtable rooms' })).toBeVisible();
  return page;
}

async function openRoom(page: Page): Promise<void> {
  await page.getByRole('link', { name: ROOM }).click();
  await expect(page.getByRole('heading', { level: 1, name: ROOM })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('All changes saved');
}

/** Types at the end of the shared document, in a paragraph of its own. */
async function typeInDocument(page: Page, text: string): Promise<void> {
  const doc = page.getByRole('textbox', { name: 'Shared document' });
  await doc.locator(':scope > *').last().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(text);
}

test('two people co-edit a room, talk in its thread, switch to Arabic, and find everything after a restart', async ({
  browser,
}, testInfo) => {
  const ana = await signIn(browser, DEMO_USERS.ana.email);
  const elena = await signIn(browser, DEMO_USERS.elena.email);
  await openRoom(ana);
  await openRoom(elena);

  // presence: each sees the other in the room
  await expect(ana.getByRole('list', { name: 'In the room' })).toContainText(DEMO_USERS.elena.name);
  await expect(elena.getByRole('list', { name: 'In the room' })).toContainText(DEMO_USERS.ana.name);

  // co-editing: each sees the other's text and caret
  await typeInDocument(ana, 'Ana: add a youth council priority');
  const elenaDoc = elena.getByRole('textbox', { name: 'Shared document' });
  await expect(elenaDoc).toContainText('Ana: add a youth council priority');
  await typeInDocument(elena, 'Елена: Куманово ќе сподели искуство');
  const anaDoc = ana.getByRole('textbox', { name: 'Shared document' });
  await expect(anaDoc).toContainText('Елена: Куманово ќе сподели искуство');
  await expect(ana.locator('.collaboration-carets__label', { hasText: DEMO_USERS.elena.name })).toBeVisible();
  await expect(elena.locator('.collaboration-carets__label', { hasText: DEMO_USERS.ana.name })).toBeVisible();
  await expect(ana.getByRole('status')).toHaveText('All changes saved');
  await expect(elena.getByRole('status')).toHaveText('All changes saved');

  // thread: a message arrives live on the other side
  const message = 'Let us adopt the list on Friday — نلتقي يوم الجمعة';
  await ana.getByRole('textbox', { name: 'Write a message' }).fill(message);
  await ana.getByRole('button', { name: 'Send' }).click();
  await expect(elena.getByRole('list', { name: 'Messages' })).toContainText(message);

  // a longer discussion: both sides keep the newest message in view
  const composer = ana.getByRole('textbox', { name: 'Write a message' });
  for (let i = 1; i <= 8; i++) {
    await composer.fill(`Point ${i} — نقطة ${i}`);
    await composer.press('Enter');
  }
  await expect(elena.getByRole('list', { name: 'Messages' }).getByText('Point 8 — نقطة 8')).toBeInViewport();
  await expect(ana.getByRole('list', { name: 'Messages' }).getByText('Point 8 — نقطة 8')).toBeInViewport();

  // language: Arabic gives a right-to-left page
  await elena.getByRole('combobox', { name: 'Language' }).selectOption('ar');
  await expect(elena.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(elena.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(elena.getByRole('heading', { name: 'النقاش' })).toBeVisible();
  await expect(ana.locator('html')).toHaveAttribute('dir', 'ltr');
  await ana.screenshot({ path: testInfo.outputPath('room-en.png'), fullPage: true });
  await elena.screenshot({ path: testInfo.outputPath('room-ar.png'), fullPage: true });

  // restart the server process; a reload shows the document and the thread
  await server.restart();
  await ana.reload();
  await expect(anaDoc).toContainText('Ana: add a youth council priority');
  await expect(anaDoc).toContainText('Елена: Куманово ќе сподели искуство');
  await expect(ana.getByRole('list', { name: 'Messages' })).toContainText(message);
  await elena.reload();
  await expect(elena.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(elena.getByRole('list', { name: 'الرسائل' })).toContainText(message);
});
