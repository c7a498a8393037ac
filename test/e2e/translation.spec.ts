import { expect, test } from '@playwright/test';
import { DEMO_USERS } from '../../server/seed/demo.js';
import { startFakeLibreTranslate, type FakeLibreTranslate } from '../helpers/fakeLibreTranslate.js';
import { signIn } from './people.js';
import { ServerProcess } from './serverProcess.js';

const ROOM = /Western Balkans roundtable/;
let fake: FakeLibreTranslate;
let server: ServerProcess;

test.beforeAll(async () => {
  fake = await startFakeLibreTranslate({ apiKey: 'e2e-key' });
  server = await ServerProcess.create({ LIBRETRANSLATE_URL: fake.url, LIBRETRANSLATE_API_KEY: 'e2e-key' });
});
test.afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

test('a reader in French translates an Arabic message, and the original stays one click away', async ({
  browser,
}, testInfo) => {
  const ana = await signIn(browser, server, DEMO_USERS.ana.email);
  const elena = await signIn(browser, server, DEMO_USERS.elena.email);
  // Elena reads the interface in French on this device
  await elena.evaluate(() => localStorage.setItem('roundtable.language', 'fr'));
  for (const page of [ana, elena]) await page.getByRole('link', { name: ROOM }).click();
  await elena.reload();

  // Ana writes in Arabic: she says so in the composer
  const arabic = 'نقترح إنشاء مجالس للشباب في كل مدينة';
  await ana.getByLabel('Written in').selectOption('ar');
  await ana.getByRole('textbox', { name: 'Write a message' }).fill(arabic);
  await ana.getByRole('button', { name: 'Send' }).click();

  const messages = elena.getByRole('list', { name: 'Messages' });
  const message = messages.getByRole('listitem').filter({ hasText: arabic });
  await expect(message).toBeVisible();
  await message.getByRole('button', { name: 'Afficher la traduction' }).click();
  const translated = message.getByText(`‹fr› ${arabic}`);
  await expect(translated).toBeVisible();
  await expect(translated).toHaveAttribute('dir', 'auto');
  await expect(message).toContainText('Traduction automatique en français');
  await expect(message.getByText(arabic, { exact: true })).toHaveCount(0);
  expect(fake.calls).toEqual([expect.objectContaining({ source: 'ar', target: 'fr', apiKey: 'e2e-key' })]);
  await elena.screenshot({ path: testInfo.outputPath('translation-fr.png') });

  // the original, one click away; Ana (English) is offered the translation too, into English
  await message.getByRole('button', { name: 'Afficher l’original' }).click();
  await expect(message.getByText(arabic, { exact: true })).toHaveAttribute('dir', 'auto');
  const anasView = ana.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: arabic });
  await expect(anasView.getByRole('button', { name: 'Show translation' })).toBeVisible();
});
