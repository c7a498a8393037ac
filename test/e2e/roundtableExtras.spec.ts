import { expect, test, type Page } from './fixtures.js';
import { DEMO_USERS } from '../../server/seed/demo.js';
import type { RoundtableView } from '../../shared/roundtables/schemas.js';
import { fakeTranslation, startFakeLibreTranslate, type FakeLibreTranslate } from '../helpers/fakeLibreTranslate.js';
import { webSocketBlockingProxy } from './blockingProxy.js';
import { signIn } from './people.js';
import { useLanguage } from './screens.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;
let fake: FakeLibreTranslate;
test.beforeAll(async () => {
  fake = await startFakeLibreTranslate();
  server = await ServerProcess.create({ LIBRETRANSLATE_URL: fake.url });
});
test.afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

/** Schedules a roundtable of the Western Balkans group as the signed-in chair; answers its page. */
async function schedule(page: Page, body: Record<string, unknown> = {}): Promise<string> {
  const { groups } = (await (await page.request.get(`${server.url}/api/groups`)).json()) as {
    groups: { id: string; name: string }[];
  };
  const group = groups.find((g) => /Western Balkans Regional Advisory/.test(g.name))!;
  const reply = await page.request.post(`${server.url}/api/groups/${group.id}/roundtables`, {
    headers: { origin: server.url },
    data: {
      title: 'Hate speech online: what cities can do',
      start: '2031-06-10T10:00',
      timeZone: 'Europe/Sarajevo',
      durationMinutes: 60,
      languages: ['en'],
      agenda: [{ title: 'Round of cities', minutes: 30, presenter: '' }],
      planId: null,
      callUrl: 'https://meet.jit.si/wb-hate-speech',
      ...body,
    },
  });
  expect(reply.status()).toBe(201);
  const { roundtable } = (await reply.json()) as { roundtable: RoundtableView };
  return `${server.url}/roundtables/${roundtable.id}`;
}

test('live notes: participants co-edit them beside the queue, an observer reads them, the minutes carry them', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const ana = await signIn(browser, server, DEMO_USERS.ana.email); // chair: facilitates
  const elena = await signIn(browser, server, DEMO_USERS.elena.email); // member
  const leila = await signIn(browser, server, DEMO_USERS.leila.email); // observer here
  const url = await schedule(ana);
  for (const page of [ana, elena, leila]) await page.goto(url);

  const notes = (page: Page) => page.getByRole('textbox', { name: 'Notes of this session' });
  await notes(elena).click();
  await elena.keyboard.type('Sarajevo will share its helpline script');
  await expect(notes(ana)).toContainText('Sarajevo will share its helpline script');
  await notes(ana).click();
  await ana.keyboard.press('End');
  await ana.keyboard.press('Enter');
  await ana.keyboard.type('سكوبيه تستضيف اللقاء القادم');
  await expect(notes(leila)).toContainText('سكوبيه تستضيف اللقاء القادم');
  await expect(notes(leila).locator('p').last()).toHaveAttribute('dir', 'auto');
  // the observer reads, and is told why she cannot write
  await expect(notes(leila)).toHaveAttribute('contenteditable', 'false');
  await expect(leila.getByText('You can read the notes; participants and facilitators write them.')).toBeVisible();
  await expect(elena.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible();
  await ana.screenshot({ path: 'test-results/roundtable-notes-en.png', fullPage: true });

  // behind a proxy that blocks WebSockets, the notes cannot sync live: they show as stored
  const proxy = await webSocketBlockingProxy(server.url);
  try {
    const behind = await signIn(browser, server, DEMO_USERS.leila.email, {}, proxy.url);
    await behind.goto(url.replace(server.url, proxy.url));
    await expect(behind.getByRole('status').filter({ hasText: 'Not connected yet' })).toBeVisible({
      timeout: 15_000,
    });
    await expect(notes(behind)).toContainText('Sarajevo will share its helpline script');
    await expect(notes(behind)).toContainText('سكوبيه تستضيف اللقاء القادم');
  } finally {
    await proxy.close();
  }

  await ana.getByRole('button', { name: 'Open the roundtable' }).click();
  ana.once('dialog', (dialog) => void dialog.accept());
  await ana.getByRole('button', { name: 'Close the roundtable' }).click();
  await elena.getByRole('link', { name: 'Read the minutes' }).click();
  const minutesNotes = elena.locator('.minutes-notes');
  await expect(minutesNotes).toContainText('Sarajevo will share its helpline script');
  await expect(minutesNotes).toContainText('سكوبيه تستضيف اللقاء القادم');
});

test('an upvote is remembered after a reload', async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await signIn(browser, server, DEMO_USERS.ana.email);
  const elena = await signIn(browser, server, DEMO_USERS.elena.email);
  const url = await schedule(ana);
  await ana.goto(url);
  await elena.goto(url);
  await ana.getByRole('textbox', { name: 'Your question' }).fill('Can smaller towns join the helpline?');
  await ana.getByRole('button', { name: 'Ask' }).click();
  const question = elena.locator('.question-list li').filter({ hasText: 'Can smaller towns join the helpline?' });
  await question.getByRole('button', { name: 'Upvote' }).click();
  await expect(question.getByRole('button', { name: 'Upvoted' })).toHaveAttribute('aria-pressed', 'true');
  await elena.reload();
  await expect(question).toContainText('1 upvote');
  await expect(question.getByRole('button', { name: 'Upvoted' })).toHaveAttribute('aria-pressed', 'true');
  await expect(question.getByRole('button', { name: 'Upvoted' })).toBeDisabled();
  // the asker, who did not upvote, may still
  await expect(ana.locator('.question-list li').getByRole('button', { name: 'Upvote', exact: true })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
});

test('the minutes of a roundtable in several languages count the people in each language session', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const ana = await signIn(browser, server, DEMO_USERS.ana.email);
  const elena = await signIn(browser, server, DEMO_USERS.elena.email);
  const url = await schedule(ana, { languages: ['en', 'sq'] });
  await ana.goto(`${url}?session=1`);
  await elena.goto(`${url}?session=1`);
  await expect(ana.getByText('Present (2 people)')).toBeVisible();
  await ana.getByRole('button', { name: 'Open the roundtable' }).click();
  ana.once('dialog', (dialog) => void dialog.accept());
  await ana.getByRole('button', { name: 'Close the roundtable' }).click();
  await elena.getByRole('link', { name: 'Read the minutes' }).click();
  const counts = elena.locator('.minutes-counts');
  await expect(counts.getByRole('heading', { name: 'By language session' })).toBeVisible();
  await expect(counts.getByRole('listitem').filter({ hasText: 'Albanian' })).toHaveText('Albanian: 2');
  await expect(counts.getByRole('listitem').filter({ hasText: 'English' })).toHaveText('English: 0');
  await expect(elena.locator('.attendance')).toContainText(DEMO_USERS.ana.name);
});

test('a question asked in Arabic can be shown translated to an English reader, and back', async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await signIn(browser, server, DEMO_USERS.ana.email);
  const leila = await signIn(browser, server, DEMO_USERS.leila.email);
  const url = await schedule(ana);
  await useLanguage(leila, 'ar');
  await leila.goto(url);
  await expect(leila.locator('html')).toHaveAttribute('dir', 'rtl');
  await ana.goto(url);
  const arabic = 'هل يمول المركز منحًا صغيرة للبلديات؟';
  await leila.getByRole('textbox', { name: 'سؤالك' }).fill(arabic);
  await leila.getByRole('button', { name: 'اطرح السؤال' }).click();

  const question = ana.locator('.question-list li').filter({ hasText: arabic });
  await expect(question.locator('bdi[lang="ar"]')).toHaveText(arabic);
  await question.getByRole('button', { name: 'Show translation' }).click();
  const translated = question.locator('.translation-text');
  await expect(translated).toHaveText(fakeTranslation(arabic, 'en'));
  await expect(translated).toHaveAttribute('dir', 'auto');
  await expect(question).toContainText('Machine translation into English');
  await ana.screenshot({ path: 'test-results/roundtable-question-translated-en.png', fullPage: true });
  await question.getByRole('button', { name: 'Show original' }).click();
  await expect(question.locator('.translation-text')).toHaveCount(0);
  await expect(question).toContainText(arabic);
  // the asker reads her own language: nothing to translate
  await expect(
    leila.locator('.question-list li').filter({ hasText: arabic }).getByRole('button', { name: 'عرض الترجمة' }),
  ).toHaveCount(0);
});

test('hub staff invite a guest mayor into a language session from the roundtable page', async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await signIn(browser, server, DEMO_USERS.ana.email); // chair: schedules, may not invite
  const amir = await signIn(browser, server, DEMO_USERS.amir.email); // hub staff: may invite
  const url = await schedule(ana, { languages: ['en', 'sq'], title: 'Roundtable with guest mayors' });
  await ana.goto(url);
  await expect(ana.getByRole('heading', { level: 1 })).toHaveText('Roundtable with guest mayors');
  await expect(ana.getByText('Invite a guest')).toHaveCount(0);

  await amir.goto(url);
  await amir.getByText('Invite a guest').click();
  await amir.getByLabel('Into the session').selectOption({ label: 'Albanian' });
  await amir.getByLabel('Email', { exact: true }).fill('kryetari@shkoder.example');
  await expect(amir.getByLabel('Role', { exact: true })).toHaveCount(0);
  await amir.getByRole('button', { name: 'Invite', exact: true }).click();
  const linkField = amir.getByLabel('Invitation link');
  await expect(linkField).toHaveValue(/\/invite\/[A-Za-z0-9_-]{20,}$/);
  await amir.screenshot({ path: 'test-results/roundtable-invite-en.png', fullPage: true });
  const link = await linkField.inputValue();

  const guest = await (await browser.newContext()).newPage();
  await guest.goto(link);
  await guest.getByLabel('Your name').fill('Benet Shkodra');
  await guest.getByLabel('New password').fill('kalaja e rozafes 2031');
  await guest.getByLabel('Preferred language').selectOption('en');
  await guest.getByRole('button', { name: 'Create account and join' }).click();
  await expect(guest).toHaveURL(/\/rooms\/[a-f0-9]{24}$/);
  await expect(guest.getByRole('heading', { level: 1 })).toContainText('(sq)');
  await guest.goto(`${url}?session=1`);
  await expect(guest.getByRole('button', { name: 'Raise my hand' })).toBeVisible();
  await expect(guest.getByText('Invite a guest')).toHaveCount(0);
});

test('a Jitsi call can be shown beside the room in a sandboxed frame; a Zoom call stays a link', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const elena = await signIn(browser, server, DEMO_USERS.elena.email);
  const ana = await signIn(browser, server, DEMO_USERS.ana.email);
  // the call service is not reached from the tests: a stand-in page answers for meet.jit.si
  await elena.context().route('https://meet.jit.si/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><title>Jitsi</title><p id="call">Jitsi stand-in</p>',
    }),
  );
  const url = await schedule(ana, { callUrl: 'https://meet.jit.si/wb-hate-speech' });
  await elena.goto(url);
  await expect(elena.getByRole('link', { name: 'Join the video call' })).toHaveAttribute(
    'href',
    'https://meet.jit.si/wb-hate-speech',
  );
  const toggle = elena.getByRole('button', { name: 'Show the call here' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(elena.locator('iframe')).toHaveCount(0);
  await toggle.click();
  const frame = elena.locator('iframe');
  await expect(frame).toHaveAttribute('src', 'https://meet.jit.si/wb-hate-speech');
  await expect(frame).toHaveAttribute('title', 'The roundtable’s video call (Jitsi)');
  await expect(frame).toHaveAttribute(
    'sandbox',
    'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox',
  );
  await expect(frame).toHaveAttribute('allow', /camera; microphone; display-capture/);
  // the page's CSP lets this origin be framed: the stand-in loads inside
  await expect(elena.frameLocator('iframe').locator('#call')).toHaveText('Jitsi stand-in');
  await elena.screenshot({ path: 'test-results/roundtable-call-en.png', fullPage: true });
  await elena.getByRole('button', { name: 'Hide the call' }).click();
  await expect(elena.locator('iframe')).toHaveCount(0);

  const zoom = await schedule(ana, { callUrl: 'https://us02web.zoom.us/j/812345' });
  await elena.goto(zoom);
  await expect(elena.getByRole('link', { name: 'Join the video call' })).toHaveAttribute(
    'href',
    'https://us02web.zoom.us/j/812345',
  );
  await expect(elena.getByRole('button', { name: 'Show the call here' })).toHaveCount(0);
});
