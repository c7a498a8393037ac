import { expect, test, type Browser, type Locator, type Page } from './fixtures.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/seed/demo.js';
import { layoutShifts, watchLayoutShifts } from './layoutShifts.js';
import { networkSwitch } from './network.js';
import { closingAsksFirst } from './people.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;

test.beforeAll(async () => {
  server = await ServerProcess.create();
});
test.afterAll(async () => {
  await server?.stop();
});

async function signIn(browser: Browser, email: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Roundtable rooms' })).toBeVisible();
  return page;
}

const saved = (page: Page) => expect(page.getByRole('status').filter({ hasText: /saved|حفظ/ })).toBeVisible();
const cards = (page: Page) => page.locator('.priority-card');
const titles = (page: Page) => cards(page).locator('.priority-title input');
const card = (page: Page, title: string): Locator =>
  page.getByRole('listitem', { name: new RegExp(`^Priority \\d+: ${title.replace(/[()]/g, '\\$&')}$`) });
/** The priorities' titles as the page shows them, in order. */
const expectTitles = (page: Page, expected: string[]) =>
  expect.poll(() => titles(page).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(expected);

/** A GET of the REST API as the page's signed-in person. */
const getJson = async <T>(page: Page, path: string) =>
  (await (await page.request.get(`${server.url}${path}`)).json()) as T;

/** The Western Balkans advisory group's draft plan. */
async function draftPlanId(page: Page): Promise<string> {
  const { groups } = await getJson<{ groups: { id: string; name: string }[] }>(page, '/api/groups');
  const wb = groups.find((g) => /Western Balkans Regional Advisory/.test(g.name))!;
  const { plans } = await getJson<{ plans: { id: string; status: string }[] }>(page, `/api/groups/${wb.id}/plans`);
  return plans.find((p) => p.status === 'draft')!.id;
}

/** Opens that draft plan and waits until it is saved; returns its priorities' titles (at least one). */
async function openDraftPlan(page: Page): Promise<string[]> {
  await page.goto(`${server.url}/plans/${await draftPlanId(page)}`);
  await saved(page);
  const shown = await titles(page).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  expect(shown.length).toBeGreaterThan(0);
  return shown;
}

async function addPriority(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Add a priority' }).click();
  await expect(page.locator('.priority-title input:focus')).toBeVisible();
  await page.keyboard.type(title);
}

test('two members co-edit an action plan live, offline and back, and the chair adopts it', async ({ browser }) => {
  const ana = await signIn(browser, DEMO_USERS.ana.email); // chair of the Western Balkans advisory group
  const elena = await signIn(browser, DEMO_USERS.elena.email); // member

  // the chair starts the group's plan from the group's plans page
  const groups = (await (await ana.request.get(`${server.url}/api/groups`)).json()) as {
    groups: { id: string; name: string }[];
  };
  const wb = groups.groups.find((g) => /Western Balkans Regional Advisory/.test(g.name))!;
  await ana.goto(`${server.url}/groups/${wb.id}/plans`);
  // the demo seed's plan is the previous period: start this one empty, without carrying its priorities over
  await ana.getByRole('checkbox', { name: /Carry over the unfinished priorities/ }).uncheck();
  await ana.getByRole('button', { name: /^Start 20\d\d H[12]$/ }).click();
  await expect(ana).toHaveURL(/\/plans\/[a-f0-9]{24}$/);
  await saved(ana);
  await elena.goto(ana.url());
  await saved(elena);

  // presence: each sees the other in the plan
  await expect(ana.getByRole('list', { name: 'In the plan' })).toContainText(DEMO_USERS.elena.name);
  await expect(elena.getByRole('list', { name: 'In the plan' })).toContainText(DEMO_USERS.ana.name);

  // add and edit: each sees the other's priorities live
  await addPriority(ana, 'Youth council training');
  await expectTitles(elena, ['Youth council training']);
  await addPriority(elena, 'Partnership with schools');
  await card(elena, 'Partnership with schools').getByLabel('Kind').selectOption('partnerships');
  await expectTitles(ana, ['Youth council training', 'Partnership with schools']);
  await expect(card(ana, 'Partnership with schools').locator('.kind-badge')).toHaveText('Partnerships');
  await addPriority(ana, 'Advocacy with ministries');
  await expectTitles(elena, ['Youth council training', 'Partnership with schools', 'Advocacy with ministries']);

  // which priority each person is editing shows on the card
  await card(ana, 'Advocacy with ministries').locator('.priority-title input').focus();
  await expect(card(elena, 'Advocacy with ministries').locator('.editing-badge')).toContainText(DEMO_USERS.ana.name);

  // rich-text description with a named caret on the other side
  await card(elena, 'Youth council training')
    .getByRole('textbox', { name: /Description of/ })
    .click();
  await elena.keyboard.type('Two sessions in Kumanovo');
  await expect(card(ana, 'Youth council training').getByRole('textbox', { name: /Description of/ })).toContainText(
    'Two sessions in Kumanovo',
  );
  await expect(ana.locator('.collaboration-carets__label', { hasText: DEMO_USERS.elena.name })).toBeVisible();

  // undo takes back your own change only: Ana's words go, Elena's stay
  const anaDescription = card(ana, 'Youth council training').getByRole('textbox', { name: /Description of/ });
  await anaDescription.click();
  await ana.keyboard.press('End');
  await ana.keyboard.insertText(' and one in Skopje');
  await expect(card(elena, 'Youth council training')).toContainText('Kumanovo and one in Skopje');
  await ana.keyboard.press('ControlOrMeta+z');
  await expect(
    card(elena, 'Youth council training').getByRole('textbox', { name: /Description of/ }),
  ).not.toContainText('Skopje');
  await expect(anaDescription).toContainText('Two sessions in Kumanovo');

  // status change
  await card(elena, 'Partnership with schools').getByLabel('Status').selectOption('agreed');
  await expect(card(ana, 'Partnership with schools').locator('.status-chip')).toHaveText('Agreed');

  // reorder with the mouse: Ana drags the last priority above the second
  const handle = ana.getByRole('button', { name: 'Move Advocacy with ministries' });
  await handle.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const from = (await handle.boundingBox())!;
  const to = (await card(ana, 'Partnership with schools').boundingBox())!;
  await ana.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await ana.mouse.down();
  await ana.mouse.move(from.x + from.width / 2, from.y - 10, { steps: 5 });
  await ana.mouse.move(to.x + 20, to.y + 10, { steps: 10 });
  await ana.mouse.up();
  const order1 = ['Youth council training', 'Advocacy with ministries', 'Partnership with schools'];
  await expectTitles(ana, order1);
  await expectTitles(elena, order1);

  // reorder with the keyboard: Elena moves it one further up, hearing where it goes
  await elena.getByRole('button', { name: 'Move Advocacy with ministries' }).focus();
  const live = elena.locator('[id^="DndLiveRegion"]');
  await elena.keyboard.press('Space');
  await expect(live).toContainText('Picked up Advocacy with ministries, position 2');
  await elena.keyboard.press('ArrowUp');
  await expect(live).toContainText('Advocacy with ministries is now at position 1');
  await elena.keyboard.press('Space');
  await expect(live).toContainText('Advocacy with ministries dropped at position 1');
  const order2 = ['Advocacy with ministries', 'Youth council training', 'Partnership with schools'];
  await expectTitles(elena, order2);
  await expectTitles(ana, order2);

  // undo your own change only: Ana's undo does not touch Elena's move
  await saved(ana);
  await saved(elena);

  // offline: Elena edits while disconnected, Ana edits meanwhile; both converge on reconnect
  await elena.context().setOffline(true);
  await expect(elena.getByRole('status').filter({ hasText: /Offline/ })).toBeVisible();
  await card(elena, 'Partnership with schools')
    .locator('.priority-title input')
    .fill('Partnership with schools (offline)');
  await card(ana, 'Youth council training').locator('.priority-title input').fill('Youth council training 2026');
  await expectTitles(elena, [
    'Advocacy with ministries',
    'Youth council training',
    'Partnership with schools (offline)',
  ]);
  // her edit is only on this device: closing the tab now asks first, as a room does
  await expect(elena.getByRole('status').filter({ hasText: /^Offline — unsaved changes/ })).toBeVisible();
  expect(await closingAsksFirst(elena)).toBe(true);
  await elena.context().setOffline(false);
  const converged = ['Advocacy with ministries', 'Youth council training 2026', 'Partnership with schools (offline)'];
  await expectTitles(elena, converged);
  await expectTitles(ana, converged);
  await saved(elena);
  await saved(ana);

  // the Markdown export, in Arabic labels for an Arabic reader
  await elena.getByRole('combobox', { name: 'Language' }).selectOption('ar');
  await expect(elena.locator('html')).toHaveAttribute('dir', 'rtl');
  const href = await elena.getByRole('link', { name: 'تنزيل Markdown' }).getAttribute('href');
  expect(href).toMatch(/export\.md\?lang=ar$/);
  // the export reads the server's projection, which follows the stored updates
  const markdown = () => elena.request.get(`${server.url}${href}`).then((r) => r.text());
  await expect.poll(markdown).toMatch(/### 3\. Partnership with schools \\?\(offline\\?\)/);
  const text = await markdown();
  expect(text).toContain('### 2. Youth council training 2026');
  expect(text).toContain('الشراكات'); // Partnerships
  expect(text).toContain('متفق عليها'); // Agreed
  await elena.getByRole('combobox', { name: 'اللغة' }).selectOption('en');

  // screenshots of the plan page: English, Arabic, and a phone (hub staff)
  const top = (page: Page) => page.evaluate(() => window.scrollTo(0, 0));
  await top(ana);
  await ana.screenshot({ path: 'docs/screenshot-plan-en.png' });
  await elena.getByRole('combobox', { name: 'Language' }).selectOption('ar');
  await expect(elena.getByRole('heading', { name: 'السجل' })).toBeVisible();
  await top(elena);
  await elena.screenshot({ path: 'docs/screenshot-plan-ar.png' });
  await elena.getByRole('combobox', { name: 'اللغة' }).selectOption('en');
  const amir = await signIn(browser, DEMO_USERS.amir.email, { width: 390, height: 844 });
  await amir.goto(ana.url());
  await saved(amir);
  await expectTitles(amir, converged);
  await amir.screenshot({ path: 'docs/screenshot-plan-phone.png', fullPage: true });

  // lifecycle: the chair sends the plan for review, then adopts it; the editor is read-only for both
  await expect(elena.getByRole('button', { name: 'Send for review' })).toHaveCount(0);
  await ana.getByRole('button', { name: 'Send for review' }).click();
  await expect(elena.locator('.plan-status')).toHaveText('In review');
  await ana.getByRole('button', { name: 'Adopt the plan' }).click();
  for (const page of [ana, elena]) {
    await expect(page.locator('.plan-status')).toHaveText('Adopted');
    await expect(page.getByRole('note')).toContainText('read-only');
    await expect(page.getByRole('button', { name: 'Add a priority' })).toHaveCount(0);
    await expect(titles(page).first()).toHaveAttribute('readonly', '');
    await expect(page.getByRole('textbox', { name: 'Introduction' })).toHaveAttribute('contenteditable', 'false');
  }
});

test('a plan stays on screen, editable, when its background refresh fails offline', async ({ browser }) => {
  const elena = await signIn(browser, DEMO_USERS.elena.email);
  await elena.clock.install();
  const before = await openDraftPlan(elena);

  await elena.context().setOffline(true);
  await expect(elena.getByRole('status').filter({ hasText: /Offline/ })).toBeVisible();
  // the page refreshes "last edited by" every 20 s; offline that request fails
  await elena.clock.fastForward('00:45');
  await expectTitles(elena, before);
  await expect(elena.getByRole('alert')).toHaveCount(0);
  await card(elena, before[0]!).locator('.priority-title input').fill(`${before[0]} (offline)`);
  await elena.context().setOffline(false);
  await saved(elena);
  await expectTitles(elena, [`${before[0]} (offline)`, ...before.slice(1)]);
});

// the API slow and the sync slower; then only the API slow, so the plan's content arrives before its people
for (const network of [
  { api: 400, sync: 1200 },
  { api: 1000, sync: 0 },
]) {
  test(`on a slow network (API +${network.api} ms, sync +${network.sync} ms) a plan does not pass for empty, and nothing jumps when it arrives`, async ({
    browser,
  }) => {
    const ana = await signIn(browser, DEMO_USERS.ana.email);
    const draftId = await draftPlanId(ana);
    const { plan } = await getJson<{ plan: { priorities: unknown[] } }>(ana, `/api/plans/${draftId}`);
    expect(plan.priorities.length).toBeGreaterThan(0);
    await watchLayoutShifts(ana);
    // a slow network: each answer of the REST API and of the plan's sync comes late
    await ana.route('**/api/**', async (route) => {
      const response = await route.fetch();
      // the plan itself answers at once; its group, people, history and threads late
      if (!route.request().url().endsWith(`/api/plans/${draftId}`))
        await new Promise((resolve) => setTimeout(resolve, network.api));
      await route.fulfill({ response });
    });
    await ana.routeWebSocket(/\/collab\//, (ws) => {
      const upstream = ws.connectToServer();
      upstream.onMessage((message) => setTimeout(() => ws.send(message), network.sync));
    });
    await ana.goto(`${server.url}/plans/${draftId}`);
    await expect(ana.getByRole('heading', { level: 1 })).toBeVisible();
    // until the plan's content is here, the page says so instead of "no priorities yet"
    if (network.sync) {
      await expect(ana.locator('.plan-page').getByText('Loading…').first()).toBeVisible();
      await expect(ana.getByText('No priorities yet.')).toHaveCount(0);
      await expect(ana.getByRole('button', { name: 'Add a priority' })).toHaveCount(0);
    }
    await expect(cards(ana)).toHaveCount(plan.priorities.length);
    await saved(ana);
    await ana.waitForTimeout(500);
    const { cls, moved } = await layoutShifts(ana);
    expect(cls, moved.join(' | ')).toBeLessThan(0.1);
    // a request the page made in its last second is still held back: closing it is not a failure
    await ana.unrouteAll({ behavior: 'ignoreErrors' });
  });
}

test('in a browser that keeps nothing (IndexedDB never answers), a plan stays on screen offline', async ({
  browser,
}) => {
  const elena = await signIn(browser, DEMO_USERS.elena.email);
  // a private window or a locked-down profile: opening a database never succeeds nor fails
  await elena.addInitScript(() => {
    indexedDB.open = () => ({}) as IDBOpenDBRequest;
  });
  const before = await openDraftPlan(elena);

  await elena.context().setOffline(true);
  await expect(elena.getByRole('status').filter({ hasText: /Offline/ })).toBeVisible();
  // an edit made offline re-reads the plan; it must not read as "not here yet"
  await card(elena, before[0]!).locator('.priority-title input').fill(`${before[0]} (no storage)`);
  await expectTitles(elena, [`${before[0]} (no storage)`, ...before.slice(1)]);
  await elena.context().setOffline(false);
  await saved(elena);
});

test('when the plan cannot connect live (a network that blocks WebSockets), it shows as stored and takes edits, kept on the device until it connects', async ({
  browser,
}) => {
  const elena = await signIn(browser, DEMO_USERS.elena.email);
  const draftId = await draftPlanId(elena);
  const { plan } = await getJson<{ plan: { priorities: { title: string }[] } }>(elena, `/api/plans/${draftId}`);
  const first = plan.priorities[0]!.title;
  // the REST API answers; every live connection is refused, as a proxy that blocks WebSockets would
  const network = await networkSwitch(elena);
  await network.offline();
  // the read-only copy is for when the stored plan cannot come either: it never shows here, not even for a moment
  await elena.addInitScript(() => {
    new MutationObserver(() => {
      if (document.querySelector('.plan-body > .banner')) document.documentElement.dataset.sawSavedCopy = 'yes';
    }).observe(document, { childList: true, subtree: true });
  });
  await elena.goto(`${server.url}/plans/${draftId}`);
  // the save status, as on every document, says what may be wrong…
  await expect(elena.getByRole('status').filter({ hasText: 'Not connected yet' })).toHaveText(
    'Not connected yet — if this lasts, your network may be blocking live connections (WebSockets)',
    { timeout: 15_000 },
  );
  // …and the plan is there as stored, to work on
  await expectTitles(
    elena,
    plan.priorities.map((p) => p.title),
  );
  await card(elena, first).locator('.priority-title input').fill(`${first} (behind the proxy)`);
  await expect(elena.getByRole('status').filter({ hasText: /^Offline/ })).toHaveText(
    'Offline — unsaved changes are kept on this device until you reconnect',
  );

  // once the connection works, the edit is stored, once, on the plan as it was
  network.online();
  await saved(elena);
  await expect
    .poll(async () =>
      (
        await getJson<{ plan: { priorities: { title: string }[] } }>(elena, `/api/plans/${draftId}`)
      ).plan.priorities.map((p) => p.title),
    )
    .toEqual([`${first} (behind the proxy)`, ...plan.priorities.slice(1).map((p) => p.title)]);
  expect(await elena.evaluate(() => document.documentElement.dataset.sawSavedCopy)).toBeUndefined();
});

test('when the plan’s connection opens but never answers, it shows as last saved, read-only', async ({ browser }) => {
  const elena = await signIn(browser, DEMO_USERS.elena.email);
  const draftId = await draftPlanId(elena);
  const { plan } = await getJson<{ plan: { priorities: { title: string }[] } }>(elena, `/api/plans/${draftId}`);
  // a connection that opens and then carries nothing, as a dead Wi-Fi that never closed it
  const network = await networkSwitch(elena);
  network.halfOpen();
  await elena.goto(`${server.url}/plans/${draftId}`);
  await expect(elena.getByText('This is the plan as last saved')).toBeVisible({ timeout: 15_000 });
  for (const { title } of plan.priorities)
    await expect(elena.getByRole('heading', { level: 3, name: title })).toBeVisible();
  // nothing to type into: an edit here could not be stored, and would be built on a plan not yet loaded
  await expect(elena.getByRole('textbox')).toHaveCount(0);
  await expect(elena.getByRole('button', { name: 'Add a priority' })).toHaveCount(0);
});

test('the review, version, diff and print pages show an adopted plan', async ({ browser }) => {
  const ana = await signIn(browser, DEMO_USERS.ana.email);
  const groups = (await (await ana.request.get(`${server.url}/api/groups`)).json()) as {
    groups: { id: string; name: string }[];
  };
  const wb = groups.groups.find((g) => /Western Balkans Regional Advisory/.test(g.name))!;
  await ana.goto(`${server.url}/groups/${wb.id}/plans`);
  const planLink = ana.getByRole('link', { name: /Western Balkans Regional Advisory Group — 20\d\d H[12]/ });
  // the demo seed's plan of the previous period is a draft; the one adopted above is the only adopted one
  await expect(ana.getByRole('listitem').filter({ has: planLink }).filter({ hasText: 'Adopted' })).toHaveCount(1);

  // the committee's review list: every priority of the period, filterable
  await ana.getByRole('link', { name: 'Review all regions' }).first().click();
  const rows = ana.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(4); // the header and three priorities
  await ana.getByLabel('Kind').selectOption('partnerships');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Partnership with schools (offline)');
  await expect(rows.nth(1)).toContainText('Agreed');

  // a priority opens beside its plan with its comments; back to the plan for its versions
  await rows.nth(1).getByRole('link').click();
  await expect(ana.getByRole('region', { name: /^Comments on/ })).toBeVisible();
  await ana.getByRole('link', { name: 'Back to the plan' }).click();

  // versions: the status moves made named versions; the diff from the first shows what was added
  const versions = ana.getByRole('region', { name: 'Versions' });
  await expect(versions).toContainText('Moved to Adopted'); // the status in the reader's words
  const from = versions.getByLabel('From');
  const first = await from.locator('option').last().getAttribute('value');
  await from.selectOption(first!);
  await versions.getByRole('link', { name: 'Compare versions' }).click();
  await expect(ana.getByRole('heading', { name: '3 priorities added' })).toBeVisible();
  await expect(ana.locator('.plan-diff')).toContainText('Partnership with schools (offline)');
  await ana.goBack();
  // a version opens read-only
  await versions.getByRole('listitem').last().getByRole('link').click();
  await expect(ana.getByRole('note')).toContainText('read-only');
  await ana.goBack();

  // the print page lays the plan out with the reader's labels
  await ana.getByRole('link', { name: 'Print / PDF' }).click();
  await expect(ana.getByRole('heading', { level: 3, name: 'Partnership with schools (offline)' })).toBeVisible();
  await expect(ana.locator('.plan-document')).toContainText('Partnerships');
  await ana.emulateMedia({ media: 'print' });
  await expect(ana.locator('.app-header')).toBeHidden();
});
