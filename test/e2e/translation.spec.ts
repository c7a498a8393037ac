import { expect, test } from './fixtures.js';
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
  // the newest message (located by place: once translated, its Arabic text is no longer shown)
  const message = messages.getByRole('listitem').last();
  await expect(message).toContainText(arabic);
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
  // the original renders as Markdown inside a body that takes its own direction
  await expect(message.locator('.message-body[dir="auto"]').filter({ hasText: arabic })).toBeVisible();
  const anasView = ana.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: arabic });
  await expect(anasView.getByRole('button', { name: 'Show translation' })).toBeVisible();

  // Elena, who reads Arabic, gives the French readers a human translation: it replaces the machine's
  await message.getByRole('button', { name: 'Afficher la traduction' }).click();
  await message.getByRole('button', { name: 'Ajouter une traduction' }).click();
  await message.getByLabel('Traduction en français').fill('Nous proposons des conseils de jeunes dans chaque ville');
  await message.getByRole('button', { name: 'Enregistrer la traduction' }).click();
  await expect(message.getByText('Nous proposons des conseils de jeunes dans chaque ville')).toHaveAttribute(
    'dir',
    'auto',
  );
  await expect(message).toContainText(`Traduit par ${DEMO_USERS.elena.name}`);
  expect(fake.calls).toHaveLength(1);

  // in Arabic, right to left: Ana reads an English message of the room translated into Arabic
  await ana.evaluate(() => localStorage.setItem('roundtable.language', 'ar'));
  await ana.reload();
  await expect(ana.locator('html')).toHaveAttribute('dir', 'rtl');
  const english = ana.getByRole('list').getByRole('listitem').filter({ hasText: 'Kumanovo can share' });
  await english.getByRole('button', { name: 'عرض الترجمة' }).click();
  await expect(english.getByText(/^‹ar› Kumanovo can share/)).toBeVisible();
  await expect(english).toContainText('ترجمة آلية إلى العربية');
  await ana.screenshot({ path: testInfo.outputPath('translation-ar.png') });
});
