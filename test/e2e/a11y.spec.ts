import { expect, test, type Page } from './fixtures.js';
import { DEMO_USERS } from '../../server/seed/demo.js';
import { seriousViolations } from './axe.js';
import { signIn } from './people.js';
import { demoPlaces, openScreen, SCREENS, useLanguage, type DemoPlaces } from './screens.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;
test.beforeAll(async () => {
  server = await ServerProcess.create();
});
test.afterAll(async () => {
  await server?.stop();
});

for (const language of ['en', 'ar']) {
  test(`every main screen has no serious or critical axe finding (${language})`, async ({ browser }) => {
    test.setTimeout(360_000); // nine screens, each analysed in full
    const signInPage = await (await browser.newContext()).newPage();
    await signInPage.goto(server.url);
    await useLanguage(signInPage, language);
    await signInPage.reload();
    await expect(signInPage.locator('main h1')).toBeVisible();
    const found: Record<string, string[]> = { 'sign-in': await seriousViolations(signInPage) };
    await signInPage.context().close();

    const page = await signIn(browser, server, DEMO_USERS.admin.email);
    const places: DemoPlaces = await demoPlaces(page, server.url);
    await useLanguage(page, language);
    for (const screen of SCREENS) {
      await openScreen(page, server.url, screen, places);
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      found[screen.name] = await seriousViolations(page);
    }
    expect(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0))).toEqual({});
  });
}

test('a message someone else posts is announced politely; one’s own and the history are not', async ({ browser }) => {
  const places = await demoPlaces(await signIn(browser, server, DEMO_USERS.admin.email), server.url);
  const ana = await signIn(browser, server, DEMO_USERS.ana.email);
  const elena = await signIn(browser, server, DEMO_USERS.elena.email);
  for (const page of [ana, elena])
    await openScreen(
      page,
      server.url,
      SCREENS.find((s) => s.name === 'room')!,
      places,
    );
  const announced = (page: Page) => page.locator('.thread [role="log"][aria-live="polite"]');
  await expect(announced(ana)).toHaveText('');
  await elena
    .getByRole('textbox', { name: 'Write a message' })
    .fill('Kumanovo shares its community action team notes.');
  await elena.getByRole('button', { name: 'Send' }).click();
  await expect(announced(ana)).toHaveText(
    `New message from ${DEMO_USERS.elena.name}: Kumanovo shares its community action team notes.`,
  );
  await expect(announced(elena)).toHaveText('');
});
