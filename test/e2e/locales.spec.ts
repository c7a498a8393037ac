import { expect, test, type Page } from './fixtures.js';
import { DEMO_USERS } from '../../server/seed/demo.js';
import en from '../../shared/i18n/locales/en.json' with { type: 'json' };
import { directionOf, ENDONYMS, UI_LANGUAGES } from '../../shared/languages.js';
import { horizontalOverflow, signIn } from './people.js';
import { demoPlaces, openScreen, SCREENS, useLanguage } from './screens.js';
import { ServerProcess } from './serverProcess.js';

const keyPaths = (tree: object, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keyPaths(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
const KEYS = keyPaths(en);

/** What a reader would notice: raw keys, unformatted ICU, text that spills out of or is clipped by its box. */
async function problems(page: Page): Promise<string[]> {
  return page.evaluate((keys) => {
    const found: string[] = [];
    const visible = [
      document.body.innerText,
      ...[...document.querySelectorAll('[aria-label],[placeholder],[title]')].map((el) =>
        ['aria-label', 'placeholder', 'title'].map((a) => el.getAttribute(a) ?? '').join(' '),
      ),
    ].join('\n');
    for (const key of keys)
      if (new RegExp(`(^|[\\s"'(])${key.replace(/\./g, '\\.')}($|[\\s"'.,)])`).test(visible))
        found.push(`raw key ${key}`);
    const icu = /\{\s*[A-Za-z_]+\s*(,\s*(plural|select)|\})/.exec(visible);
    if (icu) found.push(`unformatted message near “${visible.slice(Math.max(0, icu.index - 30), icu.index + 30)}”`);
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''} “${(el.textContent ?? '').trim().slice(0, 40)}”`;
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (
        el.closest(
          '.visually-hidden, .skip-link, [aria-hidden="true"], script, style, option, .collaboration-carets__label',
        )
      )
        continue;
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
      if (!ownText) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const style = getComputedStyle(el);
      if (['hidden', 'clip'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
        found.push(`clipped: ${describe(el)}`);
      const parent = el.parentElement;
      if (!parent || style.position === 'absolute' || style.position === 'fixed') continue;
      const outer = parent.getBoundingClientRect();
      if (box.left < outer.left - 1 || box.right > outer.right + 1)
        found.push(`overflows its container: ${describe(el)}`);
    }
    return found;
  }, KEYS);
}

let server: ServerProcess;
test.beforeAll(async () => {
  server = await ServerProcess.create();
});
test.afterAll(async () => {
  await server?.stop();
});

for (const language of UI_LANGUAGES) {
  test(`every main screen reads whole in ${ENDONYMS[language]} (${language})`, async ({ browser }, testInfo) => {
    test.setTimeout(300_000);
    const found: Record<string, string[]> = {};
    const check = async (page: Page, name: string) => {
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await expect(page.locator('html')).toHaveAttribute('dir', directionOf(language));
      found[name] = await problems(page);
      if ((await horizontalOverflow(page)) > 0) found[name].push('the page scrolls sideways');
      await page.screenshot({ path: testInfo.outputPath(`${language}-${name}.png`), fullPage: true });
    };

    const signedOut = await (await browser.newContext()).newPage();
    await signedOut.goto(server.url);
    await useLanguage(signedOut, language);
    await signedOut.reload();
    await expect(signedOut.locator('main h1')).toBeVisible();
    await check(signedOut, 'sign-in');
    await signedOut.context().close();

    const page = await signIn(browser, server, DEMO_USERS.admin.email);
    const places = await demoPlaces(page, server.url);
    await useLanguage(page, language);
    for (const screen of SCREENS) {
      await openScreen(page, server.url, screen, places);
      await check(page, screen.name);
    }
    expect(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0))).toEqual({});
  });
}

test('only the reader’s language is downloaded; switching keeps the open document and the draft and is saved to the profile', async ({
  browser,
}) => {
  const page = await signIn(browser, server, DEMO_USERS.ana.email);
  const locales: string[] = [];
  page.on('request', (r) => {
    const m = /\/assets\/(en|ar|fr|sq|bs|sr-Cyrl|mk|sw)-[\w-]{8}\.js$/.exec(r.url());
    if (m) locales.push(m[1]!);
  });
  const places = await demoPlaces(page, server.url);
  await page.goto(`${server.url}/rooms/${places.room}`);
  await expect(page.getByRole('heading', { level: 1, name: /Western Balkans roundtable/ })).toBeVisible();
  expect(locales).toEqual(['en']);

  const doc = page.getByRole('textbox', { name: 'Shared document' });
  await doc.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' Youth councils in Tuzla');
  await page.getByRole('textbox', { name: 'Write a message' }).fill('A draft not sent yet');

  await page.getByRole('combobox', { name: 'Language' }).selectOption('mk');
  await expect(page.getByRole('textbox', { name: 'Напишете порака' })).toHaveValue('A draft not sent yet');
  await expect(page.getByRole('textbox', { name: 'Заеднички документ' })).toContainText('Youth councils in Tuzla');
  expect(locales).toEqual(['en', 'mk']);
  // the choice is the person's, not only this browser's: their profile (other devices, emails) follows
  const profileLanguage = async () =>
    ((await (await page.request.get(`${server.url}/api/auth/session`)).json()) as { user: { language: string } }).user
      .language;
  await expect.poll(profileLanguage).toBe('mk');
  await page.getByRole('combobox', { name: 'Јазик' }).selectOption('en');
  await expect.poll(profileLanguage).toBe('en');
  await expect(page.getByRole('textbox', { name: 'Write a message' })).toHaveValue('A draft not sent yet');
});

test('the reading check itself notices a raw key, clipped text and text spilling out of its box', async ({
  browser,
}) => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(server.url);
  await expect(page.locator('main h1')).toBeVisible();
  expect(await problems(page)).toEqual([]);
  await page.addStyleTag({
    content: '.login-card h2 { width: 3rem; white-space: nowrap; overflow: hidden } .tagline { width: 3000px }',
  });
  await page
    .locator('main')
    .evaluate((main) => main.append(Object.assign(document.createElement('p'), { textContent: 'plans.review.title' })));
  const found = await problems(page);
  expect(found).toContain('raw key plans.review.title');
  expect(found.some((p) => p.startsWith('clipped: h2'))).toBe(true);
  expect(found.some((p) => p.startsWith('overflows its container: p.tagline'))).toBe(true);
});
