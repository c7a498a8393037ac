import { expect, test } from './fixtures.js';
import { DEMO_USERS } from '../../server/seed/demo.js';
import { startMailbox } from '../helpers/mailbox.js';
import { ServerProcess } from './serverProcess.js';

let mailbox: Awaited<ReturnType<typeof startMailbox>>;
let server: ServerProcess;

test.beforeAll(async () => {
  mailbox = await startMailbox();
  server = await ServerProcess.create({ SMTP_URL: mailbox.url });
});
test.afterAll(async () => {
  await server?.stop();
  await mailbox?.close();
});

test('a person who forgot their password gets a link by email and chooses a new one', async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(server.url);
  await page.getByLabel('Email').fill(DEMO_USERS.elena.email);
  await page.getByRole('button', { name: 'Forgot your password?' }).click();
  const form = page.getByRole('form', { name: 'Get a link to choose a new password' });
  await expect(form.getByLabel('Email')).toHaveValue(DEMO_USERS.elena.email);
  await form.getByRole('button', { name: 'Email me a link' }).click();
  await expect(form.getByRole('status')).toContainText(`If ${DEMO_USERS.elena.email} belongs to an account`);

  await expect.poll(() => mailbox.received.some((mail) => mail.to.includes(DEMO_USERS.elena.email))).toBe(true);
  const mail = mailbox.received.find((mail) => mail.to.includes(DEMO_USERS.elena.email))!;
  const link = /https?:\/\/\S+\/reset\/[\w-]+/.exec(mail.body)![0];
  await page.goto(link);
  await page.getByLabel('New password').fill('a quiet harbour at first light');
  await page.getByLabel('Confirm password').fill('a quiet harbour at first light');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('status')).toHaveText('Your password was changed.');
  await page.getByRole('link', { name: 'Sign in with your new password' }).click();
  await page.getByLabel('Email').fill(DEMO_USERS.elena.email);
  await page.getByLabel('Password').fill('a quiet harbour at first light');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Roundtable rooms' })).toBeVisible();
});
