import { expect, test } from './fixtures.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/seed/demo.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;

test.beforeAll(async () => {
  server = await ServerProcess.create();
});
test.afterAll(async () => {
  await server?.stop();
});

test('an admin invites a new mayor, who sets a password and lands in the group’s room in Arabic', async ({
  browser,
}, testInfo) => {
  const admin = await (await browser.newContext()).newPage();
  await admin.goto(server.url);
  await admin.getByLabel('Email').fill(DEMO_USERS.admin.email);
  await admin.getByLabel('Password').fill(DEMO_PASSWORD);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await admin.getByRole('link', { name: 'Western Balkans Regional Advisory Group' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Western Balkans Regional Advisory Group' })).toBeVisible();
  // the group's audit log reads in words, the demo plan's period included
  await expect(admin.getByRole('table', { name: 'Audit log' })).toContainText('Started the 2026 H1 action plan');

  await admin.getByLabel('Email', { exact: true }).fill('mayor@tetovo.example');
  await admin.getByLabel('Role', { exact: true }).selectOption('member');
  await admin.getByRole('button', { name: 'Invite', exact: true }).click();
  const linkField = admin.getByLabel('Invitation link');
  await expect(linkField).toHaveValue(/\/invite\/[A-Za-z0-9_-]{20,}$/);
  const link = await linkField.inputValue();
  await expect(admin.getByRole('table', { name: 'Invitations' })).toContainText('mayor@tetovo.example');

  // the link is passed on and opened on the mayor's own computer
  const mayor = await (await browser.newContext()).newPage();
  await mayor.goto(link);
  await expect(mayor.getByText('Western Balkans Regional Advisory Group')).toBeVisible();
  await mayor.getByLabel('Your name').fill('Arben Jashari');
  await mayor.getByLabel('New password').fill('ura e fshatit tim 2026');
  await mayor.getByLabel('Preferred language').selectOption('ar');
  await expect(mayor.locator('html')).toHaveAttribute('dir', 'rtl');
  await mayor.getByRole('button', { name: 'إنشاء الحساب والانضمام' }).click();

  await expect(mayor).toHaveURL(/\/rooms\/[a-f0-9]{24}$/);
  await expect(mayor.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(mayor.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(mayor.getByRole('heading', { level: 1, name: /Western Balkans roundtable/ })).toBeVisible();
  await expect(mayor.getByRole('textbox', { name: 'المستند المشترك' })).toContainText('التعاون الوطني والمحلي');
  await expect(mayor.getByRole('list', { name: 'في الغرفة' })).toContainText('Arben Jashari');
  await expect(mayor.getByRole('status')).toHaveText('تم حفظ جميع التغييرات');
  await mayor.screenshot({ path: testInfo.outputPath('invited-mayor-ar.png'), fullPage: true });

  // the group now lists the mayor as a member
  await admin.reload();
  await expect(admin.getByRole('table').first()).toContainText('Arben Jashari');
});
