import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures.js';
import { DEMO_USERS } from '../../server/seed/demo.js';
import { signIn } from './people.js';
import { ServerProcess } from './serverProcess.js';

const ROOM = /Western Balkans roundtable/;
let server: ServerProcess;

test.beforeAll(async () => {
  server = await ServerProcess.create();
});
test.afterAll(async () => {
  await server?.stop();
});

async function openRoom(page: Page): Promise<void> {
  await page.getByRole('link', { name: ROOM }).click();
  await expect(page.getByRole('heading', { level: 1, name: ROOM })).toBeVisible();
}

async function toArabic(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Language' }).selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
}

test('a mistyped address gets a translated page-not-found with a heading and a way back', async ({ browser }) => {
  const page = await signIn(browser, server, DEMO_USERS.ana.email);
  for (const path of ['/rooms/123', '/rooms/0123456789abcdef01234567', '/no/such/page']) {
    await page.goto(server.url + path);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByText(/24-character|hex/)).toHaveCount(0);
    await expect(page).toHaveTitle('Page not found · Roundtable');
  }
  await toArabic(page);
  await expect(page.getByRole('heading', { level: 1, name: 'الصفحة غير موجودة' })).toBeVisible();
  await page.getByRole('link', { name: 'العودة إلى الغرف' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'غرف المائدة المستديرة' })).toBeVisible();
});

test('an address the server refuses is explained in words, per field', async ({ browser }) => {
  const page = await signIn(browser, server, DEMO_USERS.admin.email);
  await page.getByRole('link', { name: 'Western Balkans Regional Advisory Group' }).click();
  await page.getByLabel('Email', { exact: true }).fill('mayor@kumanovo');
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('Email: enter a whole email address, like name@city.example.');
  await toArabic(page);
  await page.getByRole('button', { name: 'دعوة', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('البريد الإلكتروني');
  await expect(page.getByRole('alert')).not.toContainText('Invalid');
});

test('languages, page titles and places read in the interface language', async ({ browser }) => {
  const page = await signIn(browser, server, DEMO_USERS.ana.email);
  await expect(page).toHaveTitle('Roundtable rooms · Roundtable');
  await expect(page.getByRole('listitem').filter({ hasText: ROOM })).toContainText(
    'Languages: English, Albanian, Bosnian, Macedonian, Arabic',
  );
  await toArabic(page);
  await expect(page).toHaveTitle('غرف المائدة المستديرة · المائدة المستديرة');
  const room = page.getByRole('listitem').filter({ hasText: ROOM });
  await expect(room).toContainText('الإنجليزية');
  await expect(room).toContainText('العربية');
  await expect(room).not.toContainText(/\b(en|sq|bs|mk|ar)\b/);
  await openRoom(page);
  await expect(page).toHaveTitle(/^Western Balkans roundtable — 2026 H1 priorities · المائدة المستديرة$/);
  await page.getByRole('link', { name: 'الدليل' }).click();
  await expect(page).toHaveTitle('دليل الشبكة · المائدة المستديرة');
  await expect(page.getByRole('main')).toContainText('مقدونيا الشمالية');
  await expect(page.getByRole('main')).toContainText('البلقان الغربية');
  await expect(page.getByRole('main')).not.toContainText('North Macedonia');
});

test('an empty document says what to write', async ({ browser }) => {
  const page = await signIn(browser, server, DEMO_USERS.admin.email);
  await page.getByRole('link', { name: 'Western Balkans Regional Advisory Group' }).click();
  await page.getByLabel('Title', { exact: true }).fill('Youth councils — working notes');
  await page.getByRole('checkbox', { name: 'English' }).check();
  await page.getByRole('button', { name: 'Open roundtable' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Youth councils — working notes' })).toBeVisible();
  const doc = page.getByRole('textbox', { name: 'Shared document' });
  await expect(doc).toHaveAttribute('aria-placeholder', /Write the roundtable’s notes/);
  // drawn by the editor once it has loaded (the document is shown before it, see DocumentView)
  await expect
    .poll(() =>
      doc
        .locator('p')
        .first()
        .evaluate((p) => getComputedStyle(p, '::before').content),
    )
    .toContain('Write the roundtable’s notes');

  // in the reader's language, drawn and announced
  await toArabic(page);
  const arabic = page.getByRole('textbox', { name: 'المستند المشترك' });
  await expect(arabic).toHaveAttribute('aria-placeholder', /اكتب ملاحظات المائدة المستديرة/);
  await expect
    .poll(() =>
      arabic
        .locator('p')
        .first()
        .evaluate((p) => getComputedStyle(p, '::before').content),
    )
    .toContain('اكتب ملاحظات المائدة المستديرة');
});

test('a long message is collapsed with “show more”', async ({ browser }) => {
  const page = await signIn(browser, server, DEMO_USERS.ana.email);
  await openRoom(page);
  const long = Array.from({ length: 180 }, (_, i) => `Sentence ${i + 1} of a long report from the hub.`).join(' ');
  expect(long.length).toBeGreaterThan(7000);
  await page.getByRole('textbox', { name: 'Write a message' }).fill(long);
  await page.getByRole('button', { name: 'Send' }).click();
  const entry = page.getByRole('listitem').filter({ hasText: 'Sentence 1 of a long report' });
  // the entry is replaced once the server stores the message: wait for the stored one
  await expect(entry).not.toHaveClass(/pending/);
  await expect(entry.getByRole('button', { name: 'Show more' })).toBeVisible();
  const height = async () => (await entry.boundingBox())?.height ?? NaN;
  await expect.poll(height).toBeLessThan(400);
  await entry.getByRole('button', { name: 'Show more' }).click();
  await expect(entry.getByRole('button', { name: 'Show less' })).toBeVisible();
  await expect.poll(height).toBeGreaterThan(1000);
});

test('lists follow their own text’s direction; toolbar has translated icons; focus lands on the heading', async ({
  browser,
}) => {
  const page = await signIn(browser, server, DEMO_USERS.elena.email);
  await toArabic(page);
  await openRoom(page);
  // focus moves to the page heading when the room opens
  await expect(page.getByRole('heading', { level: 1, name: ROOM })).toBeFocused();

  // toolbar: icons, named and titled in Arabic, no Latin letters and no ".1"
  const toolbar = page.getByRole('toolbar', { name: 'التنسيق' });
  for (const name of ['غامق', 'مائل', 'عنوان', 'قائمة نقطية', 'قائمة مرقّمة', 'رابط']) {
    const button = toolbar.getByRole('button', { name, exact: true });
    await expect(button).toHaveAttribute('title', name);
    await expect(button).toHaveText('');
  }

  const doc = page.getByRole('textbox', { name: 'المستند المشترك' });
  await doc.locator(':scope > *').last().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  // a visible focus ring on the editor
  const ring = await doc.evaluate((el) => getComputedStyle(el.closest('.editor')!).outlineStyle);
  expect(ring).not.toBe('none');
  await toolbar.getByRole('button', { name: 'قائمة نقطية' }).click();
  await page.keyboard.type('بند عربي أول');
  const arabicList = doc.locator('ul', { hasText: 'بند عربي أول' });
  await expect(arabicList).toHaveCSS('direction', 'rtl');
  // an English list in the Arabic interface stays left-to-right
  const englishList = doc.locator('ul', { hasText: 'Training: national' });
  await expect(englishList).toHaveCSS('direction', 'ltr');
  // markers sit beside their text: the Arabic bullet is at the list's right edge
  const listBox = (await arabicList.boundingBox())!;
  const textBox = (await arabicList.locator('li').first().boundingBox())!;
  expect(listBox.x + listBox.width - (textBox.x + textBox.width)).toBeGreaterThan(10);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');

  // the same in the English interface
  await page.getByRole('combobox', { name: 'اللغة' }).selectOption('en');
  // the editor's name follows the interface language too
  const docInEnglish = page.getByRole('textbox', { name: 'Shared document' });
  await expect(docInEnglish.locator('ul', { hasText: 'بند عربي أول' })).toHaveCSS('direction', 'rtl');
  await expect(docInEnglish.locator('ul', { hasText: 'Training: national' })).toHaveCSS('direction', 'ltr');
});

test('no serious accessibility problems, no CSP violation and no error when signed out', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Email').fill(DEMO_USERS.ana.email);
  await page.getByLabel('Password').fill('roundtable-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await openRoom(page);
  await expect(page.getByRole('status')).toHaveText('All changes saved');
  // enough messages that the list scrolls
  const composer = page.getByRole('textbox', { name: 'Write a message' });
  for (let i = 1; i <= 10; i++) {
    await composer.fill(`Remark ${i} on the draft priorities, long enough to wrap in the column`);
    await composer.press('Enter');
  }
  await expect(page.getByRole('list', { name: 'Messages' })).toContainText('Remark 10');
  const room = await new AxeBuilder({ page }).analyze();
  expect(room.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.goto(`${server.url}/nowhere`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const notFound = await new AxeBuilder({ page }).analyze();
  expect(notFound.violations.map((v) => v.id)).not.toContain('page-has-heading-one');
  expect(problems).toEqual([]);
});

test('posting works where crypto.randomUUID is missing (plain http on a LAN), and failures show', async ({
  browser,
}) => {
  const page = await signIn(browser, server, DEMO_USERS.ana.email);
  await page.addInitScript(() => {
    Object.defineProperty(Crypto.prototype, 'randomUUID', { value: undefined });
  });
  await page.reload();
  await openRoom(page);
  const composer = page.getByRole('textbox', { name: 'Write a message' });
  await composer.fill('Posted over plain http — عبر http');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('list', { name: 'Messages' })).toContainText('Posted over plain http — عبر http');
  await expect(page.getByRole('list', { name: 'Messages' }).locator('.pending')).toHaveCount(0);
});
