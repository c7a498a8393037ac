import { expect, request, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/seed/demo.js';
import type { ServerProcess } from './serverProcess.js';

export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

/**
 * A fresh browser context signed in as a demo person, on the rooms page, in English. The
 * language picker saves a person's choice to their profile, so a test that switched someone to
 * Arabic would otherwise hand the next test an Arabic interface: their profile is set back first.
 */
export async function signIn(
  browser: Browser,
  server: ServerProcess,
  email: string,
  options: BrowserContextOptions = {},
  /** Where the page signs in: another origin in front of the server, e.g. a proxy (the cookie is that host's). */
  at: string = server.url,
): Promise<Page> {
  const api = await request.newContext({ baseURL: server.url, extraHTTPHeaders: { origin: server.url } });
  expect((await api.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } })).ok()).toBe(true);
  expect((await api.patch('/api/me', { data: { language: 'en' } })).ok()).toBe(true);
  await api.dispose();
  const page = await (await browser.newContext(options)).newPage();
  await page.goto(at);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Roundtable rooms' })).toBeVisible();
  return page;
}

/** The admin invites `email` into a demo group over the REST API; returns the one-time link. */
export async function inviteByApi(server: ServerProcess, email: string, groupName: string): Promise<string> {
  const api = await request.newContext({ baseURL: server.url });
  const login = await api.post('/api/auth/login', {
    data: { email: DEMO_USERS.admin.email, password: DEMO_PASSWORD },
  });
  expect(login.ok()).toBe(true);
  const { groups } = (await (await api.get('/api/groups')).json()) as { groups: { id: string; name: string }[] };
  const group = groups.find((g) => g.name === groupName);
  if (!group) throw new Error(`no group ${groupName}`);
  const res = await api.post(`/api/groups/${group.id}/invitations`, { data: { email, role: 'member' } });
  expect(res.status()).toBe(201);
  const { link } = (await res.json()) as { link: string };
  await api.dispose();
  return link;
}

/** How far the page reaches past the viewport sideways, in CSS pixels (0 = fits). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Tries to close `page` as a person closing the tab would, and answers whether the page asked
 * first (a `beforeunload` dialog, dismissed: the page stays open). Gives up after 5 s, so a page
 * that does not ask fails the test's expectation instead of hanging it.
 */
export async function closingAsksFirst(page: Page): Promise<boolean> {
  const asked = new Promise<boolean>((resolve) => {
    page.once('dialog', (dialog) => {
      resolve(dialog.type() === 'beforeunload');
      void dialog.dismiss();
    });
    setTimeout(() => resolve(false), 5000);
  });
  await page.close({ runBeforeUnload: true });
  return (await asked) && !page.isClosed();
}
