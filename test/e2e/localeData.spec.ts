import { expect, request, test } from './fixtures.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/seed/demo.js';
import { signIn } from './people.js';
import { useLanguage } from './screens.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;
test.beforeAll(async () => {
  server = await ServerProcess.create();
});
test.afterAll(async () => {
  await server?.stop();
});

/**
 * Debian's Chromium has no Albanian or Macedonian `Intl` data and an empty Bosnian one: without
 * our own calendar messages these dates read "Wednesday, March 12, 2031". 10:00 in Skopje is
 * 05:00 for a reader in New York; both are shown.
 */
const EXPECTED: Record<string, { reader: string; organiser: string }> = {
  mk: { reader: 'среда, 12 март 2031 г., во 05:00', organiser: 'среда, 12 март 2031 г., во 10:00' },
  sq: { reader: 'e mërkurë, 12 mars 2031 në 5:00 p.d.', organiser: 'e mërkurë, 12 mars 2031 në 10:00 p.d.' },
  bs: { reader: 'srijeda, 12. mart 2031. u 05:00', organiser: 'srijeda, 12. mart 2031. u 10:00' },
  'sr-Cyrl': { reader: 'среда, 12. март 2031. 05:00', organiser: 'среда, 12. март 2031. 10:00' },
  sw: { reader: 'Jumatano, 12 Machi 2031, 05:00', organiser: 'Jumatano, 12 Machi 2031, 10:00' },
};

test('a roundtable’s time reads in Macedonian, Albanian, Bosnian, Serbian and Swahili on a real screen', async ({
  browser,
}) => {
  const api = await request.newContext({ baseURL: server.url, extraHTTPHeaders: { origin: server.url } });
  expect(
    (await api.post('/api/auth/login', { data: { email: DEMO_USERS.ana.email, password: DEMO_PASSWORD } })).ok(),
  ).toBe(true);
  const { groups } = (await (await api.get('/api/groups')).json()) as { groups: { id: string; name: string }[] };
  const group = groups.find((g) => /Western Balkans Regional Advisory/.test(g.name))!;
  const created = await api.post(`/api/groups/${group.id}/roundtables`, {
    data: {
      title: 'Calendar check',
      start: '2031-03-12T10:00',
      timeZone: 'Europe/Skopje',
      durationMinutes: 60,
      languages: ['en'],
    },
  });
  expect(created.status()).toBe(201);
  const { roundtable } = (await created.json()) as { roundtable: { id: string } };
  await api.dispose();

  const page = await signIn(browser, server, DEMO_USERS.ana.email, { timezoneId: 'America/New_York' });
  for (const [lng, expected] of Object.entries(EXPECTED)) {
    await useLanguage(page, lng);
    await page.goto(`${server.url}/roundtables/${roundtable.id}`);
    await expect(page.locator('html')).toHaveAttribute('lang', lng);
    const time = page.locator('.roundtable-time');
    await expect(time, lng).toContainText(expected.reader);
    await expect(time, lng).toContainText(expected.organiser);
    await expect(time, lng).not.toContainText(/March|Wednesday|M03|Central European/);
  }
});

/** The demo's regions and countries as each language names them (countries are stored in English). */
const PLACES: Record<string, { region: string; countries: string[] }> = {
  mk: { region: 'Западен Балкан', countries: ['Северна Македонија', 'Босна и Херцеговина', 'Мароко'] },
  sq: { region: 'Ballkani Perëndimor', countries: ['Maqedonia e Veriut', 'Bosnjë-Hercegovinë', 'Marok'] },
  ar: { region: 'البلقان الغربية', countries: ['مقدونيا الشمالية', 'البوسنة والهرسك', 'المغرب'] },
};

test('the admin tables name regions and countries in the reader’s language, as the directory does', async ({
  browser,
}) => {
  const page = await signIn(browser, server, DEMO_USERS.admin.email);
  for (const [lng, expected] of Object.entries(PLACES)) {
    await useLanguage(page, lng);
    await page.goto(`${server.url}/admin`);
    await expect(page.locator('html')).toHaveAttribute('lang', lng);
    const cities = page.locator('section[aria-labelledby="cities-title"] table');
    for (const country of expected.countries) await expect(cities, lng).toContainText(country);
    await expect(cities, lng).toContainText(expected.region);
    await expect(cities, lng).not.toContainText(/North Macedonia|Bosnia|Morocco|Western Balkans/);
    const groups = page.locator('section[aria-labelledby="admin-groups-title"] table');
    await expect(groups, lng).toContainText(expected.region);
    // the regions list shows the stored name beside, since that is what a rename changes
    await expect(page.locator('.admin-list'), lng).toContainText(`${expected.region} (Western Balkans)`);
  }
});
