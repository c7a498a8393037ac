import { expect, test } from './fixtures.js';
import { DEMO_USERS } from '../../server/seed/demo.js';
import { signIn } from './people.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;

test.beforeAll(async () => {
  server = await ServerProcess.create();
});
test.afterAll(async () => {
  await server?.stop();
});

test('a locked-out person is told the real wait, in their language', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(server.url);
  // no SMTP_URL here: the page says who can send a link, and offers no email form
  await expect(page.getByText('Your hub staff or an admin can send you a link')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Forgot your password?' })).toHaveCount(0);
  await page.getByLabel('Email').fill(DEMO_USERS.leila.email);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Password').fill(`wrong password ${i}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('The email or password is not correct.');
  }
  await page.getByLabel('Password').fill('roundtable-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Too many attempts. You can try again in 15 minutes.');

  await page.getByRole('combobox', { name: 'Language' }).selectOption('ar');
  await page.getByRole('button', { name: 'تسجيل الدخول' }).click();
  await expect(page.getByRole('alert')).toHaveText('محاولات كثيرة جدًا. يمكنك المحاولة مجددًا بعد 15 دقيقة.');
});

test('inviting the same email twice says so and offers a new link', async ({ browser }) => {
  const page = await signIn(browser, server, DEMO_USERS.admin.email);
  await page.getByRole('link', { name: 'Western Balkans Regional Advisory Group' }).click();
  const email = page.getByLabel('Email', { exact: true });
  await email.fill('mayor@struga.example');
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  const linkField = page.getByLabel('Invitation link');
  await expect(linkField).toHaveValue(/\/invite\//);
  const first = await linkField.inputValue();

  await email.fill('mayor@struga.example');
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('mayor@struga.example is already invited');
  await page.getByRole('button', { name: 'Send a new link' }).click();
  await expect(linkField).toHaveValue(/\/invite\//);
  expect(await linkField.inputValue()).not.toBe(first);
  const invitations = page.getByRole('table', { name: 'Invitations' });
  await expect(invitations.getByRole('row').filter({ hasText: 'mayor@struga.example' })).toHaveCount(2);
  await expect(invitations.getByRole('row').filter({ hasText: 'mayor@struga.example' }).first()).toContainText(
    'Pending',
  );
});

test('a person changes their password on the account page, and signs in with the new one', async ({ browser }) => {
  const page = await signIn(browser, server, DEMO_USERS.amir.email);
  await page.getByRole('link', { name: 'Account' }).click();
  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel('New password').fill('the sea wall at dawn in Saida');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('alert')).toHaveText('You do not have permission to do this.');
  await page.getByLabel('Current password').fill('roundtable-demo');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your password is changed' })).toBeVisible();
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('Your hub staff or an admin can send you a link')).toBeVisible();
  await page.getByLabel('Email').fill(DEMO_USERS.amir.email);
  await page.getByLabel('Password').fill('the sea wall at dawn in Saida');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toHaveCount(0);
});

test('the account page shows its forms at once and does not move while the cities load', async ({ browser }) => {
  const page = await signIn(browser, server, DEMO_USERS.elena.email);
  // a slow network: the directory (the list of cities to choose from) answers when the test says
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  await page.route('**/api/directory', async (route) => {
    const response = await route.fetch();
    await answered;
    await route.fulfill({ response });
  });
  await page.getByRole('link', { name: 'Account' }).click();
  await expect(page.getByLabel('Name')).toHaveValue(DEMO_USERS.elena.name);
  const city = page.getByLabel('City');
  await expect(city).toBeDisabled();
  const password = page.getByRole('heading', { name: 'Change your password' });
  const shown = await password.boundingBox();
  answer();
  await expect(city).toBeEnabled();
  await expect(city.locator('option:checked')).not.toHaveText('Loading…');
  expect(await password.boundingBox()).toEqual(shown);
});
