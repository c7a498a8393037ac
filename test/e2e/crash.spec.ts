import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.js';
import { DEMO_USERS } from '../../server/seed/demo.js';
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

test('a screen that crashes shows a translated way out, keeps the navigation and logs the error', async ({
  browser,
}) => {
  const page = await signIn(browser, server, DEMO_USERS.ana.email);
  const logged: string[] = [];
  page.on('console', (m) => m.type() === 'error' && logged.push(m.text()));
  const { groups } = (await (await page.request.get(`${server.url}/api/groups`)).json()) as {
    groups: { id: string; name: string }[];
  };
  const groupId = groups[0]!.id;
  // a group page answered with something it cannot draw (as a half-deployed server might)
  await page.route(`**/api/groups/${groupId}`, (route) =>
    route.request().method() === 'GET' ? route.fulfill({ json: { group: { id: groupId } } }) : route.fallback(),
  );

  await page.goto(`${server.url}/groups/${groupId}`);
  const crash = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Something went wrong' }) });
  await expect(crash).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Something went wrong' })).toBeFocused();
  await expect(page).toHaveTitle(/Something went wrong/);
  await expect(crash.getByRole('button', { name: 'Reload the page' })).toBeVisible();
  // the app is not blank: header and navigation still work
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Directory' })).toBeVisible();
  expect(logged.some((text) => text.includes('A screen crashed'))).toBe(true);
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag22aa']).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // in Arabic, right to left
  await useLanguage(page, 'ar');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'حدث خطأ ما' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('button', { name: 'إعادة تحميل الصفحة' })).toBeVisible();

  // going home tries again: the rooms page draws
  await page.getByRole('link', { name: 'العودة إلى الغرف' }).click();
  await expect(page).toHaveURL(`${server.url}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'غرف المائدة المستديرة' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'حدث خطأ ما' })).toHaveCount(0);

  // the reload button reloads: once the server answers properly, the group page draws
  await page.goto(`${server.url}/groups/${groupId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'حدث خطأ ما' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('crash-ar.png') });
  await page.unroute(`**/api/groups/${groupId}`);
  await page.getByRole('button', { name: 'إعادة تحميل الصفحة' }).click();
  await expect(page.locator('main h1')).toHaveText(groups[0]!.name);
});
