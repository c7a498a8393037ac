import { expect, test, type Browser, type Page } from './fixtures.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/seed/demo.js';
import { networkSwitch } from './network.js';
import { useLanguage } from './screens.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;

test.beforeAll(async () => {
  server = await ServerProcess.create();
});
test.afterAll(async () => {
  await server?.stop();
});

/** Signs in, listening for anything a typed payload could make run. */
async function signIn(browser: Browser, email: string): Promise<{ page: Page; problems: string[] }> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  const problems: string[] = [];
  // anything a typed payload could make run: a dialog, a page error, a console error
  page.on('dialog', (dialog) => {
    // leaving with a message not yet stored asks first (the app's own warning): the reload goes ahead
    if (dialog.type() === 'beforeunload') return void dialog.accept();
    problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // a refused fetch is the network's business (the plan page asks for the group, which a committee
    // member from another region may not read); anything else logged as an error counts
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${message.text()}`);
    }
  });
  await page.goto(server.url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.app-header .main-nav')).toBeVisible();
  return { page, problems };
}

async function westernBalkansPlan(page: Page): Promise<string> {
  const { groups } = (await (await page.request.get(`${server.url}/api/groups`)).json()) as {
    groups: { id: string; name: string }[];
  };
  const group = groups.find((g) => /Western Balkans Regional Advisory/.test(g.name))!;
  const { plans } = (await (await page.request.get(`${server.url}/api/groups/${group.id}/plans`)).json()) as {
    plans: { id: string }[];
  };
  return plans[0]!.id;
}

const PRIORITY = 'Youth councils and youth engagement in decision-making';
const OFFLINE = 'A needs-assessment survey and a helpdesk for cities';
/** The thread's heading: the title sits in Unicode isolates inside the sentence. */
const commentsOn = (prefix: string) => new RegExp(`^${prefix}\u2068?${PRIORITY}`);

test('a committee member comments on a priority, a mayor replies in Arabic, all live; typed HTML and javascript: links do nothing', async ({
  browser,
}) => {
  const { page: ana, problems: anaProblems } = await signIn(browser, DEMO_USERS.ana.email); // committee member, English
  const { page: youssef, problems: youssefProblems } = await signIn(browser, DEMO_USERS.youssef.email); // mayor, Arabic
  const planId = await westernBalkansPlan(ana);
  await useLanguage(youssef, 'ar');

  // the mayor has the plan open in Arabic: the priority has no comments yet
  await youssef.goto(`${server.url}/plans/${planId}`);
  await expect(youssef.locator('html')).toHaveAttribute('dir', 'rtl');
  const youssefCard = youssef
    .locator('.priority-card')
    .filter({ has: youssef.locator('.priority-thread-link a', { hasText: PRIORITY }) });
  await expect(youssefCard.locator('.comment-count')).toHaveText('لا تعليقات');

  // the committee member opens the priority from the steering committee's review: its thread beside the plan
  await ana.goto(`${server.url}/plans?period=2026-H1`);
  await ana.getByRole('link', { name: PRIORITY }).click();
  await expect(ana).toHaveURL(new RegExp(`/plans/${planId}/priorities/[\\w-]+$`));
  const anaThread = ana.getByRole('region', { name: commentsOn('Comments on “') });
  await expect(anaThread).toBeVisible();
  await expect(anaThread.getByRole('status').filter({ hasText: 'Unresolved' })).toBeVisible();
  const anaComposer = anaThread.getByRole('textbox', { name: 'Write a message' });
  await anaComposer.fill(
    'Start with the **youth councils** in Kumanovo — see [the survey](https://example.org/survey) ',
  );
  // @ suggests people who may read the thread: the mayor sits on the steering committee
  await anaComposer.pressSequentially('@يوس');
  await expect(ana.getByRole('option', { name: DEMO_USERS.youssef.name })).toBeVisible();
  await anaComposer.press('Enter');
  await expect(anaComposer).toHaveValue(/@\[يوسف بنعلي\] $/);
  await anaThread.getByRole('button', { name: 'Send', exact: true }).click();
  const anaMessages = anaThread.getByRole('list', { name: 'Messages' });
  await expect(anaMessages.locator('strong')).toHaveText('youth councils');
  await expect(anaMessages.getByRole('link', { name: 'the survey' })).toHaveAttribute(
    'rel',
    'noopener noreferrer nofollow',
  );

  // the count and the unresolved state reach the mayor's plan live
  await expect(youssefCard.locator('.comment-count')).toContainText('تعليق واحد');
  await expect(youssefCard.locator('.unresolved-chip')).toHaveText('غير محسوم');

  // the mayor opens it from the card (its own address) and replies in Arabic
  await youssefCard.locator('.priority-thread-link a').click();
  await expect(youssef).toHaveURL(ana.url());
  const youssefThread = youssef.getByRole('region', { name: commentsOn('التعليقات على «') });
  const youssefMessages = youssefThread.getByRole('list', { name: 'الرسائل' });
  await expect(youssefMessages).toContainText('youth councils');
  await expect(youssefMessages.locator('.mention')).toHaveText(`@${DEMO_USERS.youssef.name}`);

  // the mention waits in the mayor's notifications, with an unread badge, until he opens it
  const bell = youssef.getByRole('button', { name: /^الإشعارات/ });
  await expect(bell.locator('.badge')).toContainText(/[1١]/);
  await bell.click();
  // the notification says who and where; the name keeps its own direction inside the Arabic sentence (FSI … PDI)
  await youssef
    .getByRole('link', { name: new RegExp(`أشار إليك \u2068${DEMO_USERS.ana.name}\u2069 في الأولوية «`) })
    .click();
  await expect(youssef).toHaveURL(ana.url());
  await expect(bell.locator('.badge')).toHaveCount(0);
  await youssefMessages.getByRole('button', { name: /^رد/ }).click();
  const youssefComposer = youssefThread.getByRole('textbox', { name: 'اكتب رسالة' });
  await youssefComposer.pressSequentially('نوافق، ');
  // the committee member sees who is typing
  await expect(anaThread.getByText(`${DEMO_USERS.youssef.name} is typing…`)).toBeVisible();
  await youssefComposer.pressSequentially('ونبدأ بمجالس الشباب في مراكش أيضًا');
  await youssefComposer.press('Enter');
  const reply = anaMessages.locator('.replies .message').filter({ hasText: 'ونبدأ بمجالس الشباب' });
  await expect(reply).toBeVisible();
  await expect(reply.locator('.message-body')).toHaveAttribute('dir', 'auto');

  // a reaction from the committee member reaches the mayor, with who reacted
  await reply.getByRole('button', { name: 'Add a reaction' }).click();
  await reply.getByRole('button', { name: 'React with 👍' }).click();
  const youssefReply = youssefMessages.locator('.replies .message').filter({ hasText: 'ونبدأ بمجالس الشباب' });
  await expect(youssefReply.locator('.reaction[aria-pressed]').first()).toHaveAttribute(
    'title',
    new RegExp(DEMO_USERS.ana.name),
  );

  // an edit shows live, marked as edited
  const anaFirst = anaMessages.locator('.message').filter({ hasText: 'youth councils' }).first();
  await anaFirst.getByRole('button', { name: 'Edit your message' }).first().click();
  const editor = anaFirst.getByRole('textbox', { name: 'Edit your message' });
  await editor.fill('Start with the **youth councils** in Kumanovo and Tuzla');
  await editor.press('Enter');
  await expect(youssefMessages).toContainText('Kumanovo and Tuzla');
  await expect(youssefMessages.locator('.message').first()).toContainText('معدَّلة');

  // typed HTML and a javascript: link are shown as text and do nothing
  await youssefComposer.fill('<img src=x onerror=alert(1)> [x](javascript:alert(1))');
  await youssefComposer.press('Enter');
  const payload = anaMessages.locator('.message').filter({ hasText: '<img src=x onerror=alert(1)>' });
  await expect(payload).toBeVisible();
  await expect(anaMessages.locator('img')).toHaveCount(0);
  await expect(payload.locator('.link-refused')).toHaveText('x');
  await expect(payload.locator('a')).toHaveCount(0);
  await payload.locator('.link-refused').click();
  await expect(youssefMessages.locator('.message').filter({ hasText: '<img src=x onerror=alert(1)>' })).toBeVisible();
  await expect(youssefMessages.locator('img')).toHaveCount(0);

  // search within the thread (Arabic spelling folded) jumps to the message
  await anaThread.getByRole('button', { name: 'Search' }).click();
  await anaThread.getByRole('searchbox', { name: 'Search this discussion' }).fill('مجالس');
  await anaThread.getByRole('searchbox', { name: 'Search this discussion' }).press('Enter');
  await expect(anaThread.getByRole('status').filter({ hasText: '1 message found.' })).toBeVisible();
  await anaThread.getByRole('list', { name: 'Search results' }).getByRole('button').click();
  await expect(reply).toBeFocused();

  // moderation: the chair hides the payload with a reason; its author still reads it, marked
  await payload.locator('> article').getByRole('button', { name: /^Hide/ }).click();
  await payload.getByLabel('Why is it hidden? (the author sees this)').fill('Test payload');
  await payload.getByRole('button', { name: 'Hide', exact: true }).click();
  const youssefPayload = youssefMessages.locator('.message').filter({ hasText: '<img src=x onerror=alert(1)>' });
  await expect(youssefPayload.locator('.hidden-mark')).toHaveText('مخفية عن الآخرين: Test payload');
  // a moderator reads what an edited message said before
  await anaFirst
    .locator('> article')
    .getByRole('button', { name: /^Earlier versions/ })
    .click();
  await expect(anaFirst.getByRole('region', { name: 'Earlier versions' })).toContainText(
    'in Kumanovo — see the survey',
  );

  // resolving: the mayor's card and thread follow
  await anaThread.getByRole('button', { name: 'Mark resolved' }).click();
  await expect(youssefThread.getByRole('status').filter({ hasText: /حسمه/ })).toBeVisible();
  await expect(youssefCard.locator('.resolved-chip')).toHaveText('محسوم');
  // three messages, one of them hidden: two count
  await expect(youssefCard.locator('.comment-count')).toContainText('تعليقان');

  // a phone shows the thread full screen with a way back to the plan
  await youssef.setViewportSize({ width: 390, height: 844 });
  await expect(youssefThread).toBeInViewport();
  await youssef.getByRole('link', { name: 'العودة إلى الخطة' }).click();
  await expect(youssef).toHaveURL(`${server.url}/plans/${planId}`);

  // back on the plan, a new comment shows as unread in the mayor's navigation until he reads it
  await youssef.setViewportSize({ width: 1280, height: 860 });
  await anaComposer.fill('One more thing: the budget line.');
  await anaComposer.press('Enter');
  const plansLink = youssef.getByRole('navigation').getByRole('link', { name: /^خطط العمل/ });
  await expect(plansLink.locator('.badge')).toContainText(/[1١]/);
  await expect(youssefCard.locator('.priority-thread-link .badge')).toContainText(/[1١]/);
  await youssefCard.locator('.priority-thread-link a').click();
  await expect(youssefMessages).toContainText('the budget line');
  await expect(plansLink.locator('.badge')).toHaveCount(0);
  await expect(youssefCard.locator('.priority-thread-link .badge')).toHaveCount(0);

  // a deleted message keeps its place, without its text
  const budget = anaMessages.locator('.message').filter({ hasText: 'the budget line' });
  await budget.getByRole('button', { name: /^Delete/ }).click();
  await budget.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(youssefMessages).not.toContainText('the budget line');
  await expect(youssefMessages.locator('.message').last()).toContainText('حُذفت الرسالة');

  await ana.waitForTimeout(500);
  expect(anaProblems).toEqual([]);
  expect(youssefProblems).toEqual([]);
});

test('a comment written offline stays through a reload and is sent once when the connection returns', async ({
  browser,
}) => {
  const { page: ana, problems } = await signIn(browser, DEMO_USERS.ana.email);
  const { page: elena } = await signIn(browser, DEMO_USERS.elena.email);
  const network = await networkSwitch(ana);
  const planId = await westernBalkansPlan(ana);
  await ana.goto(`${server.url}/plans/${planId}`);
  const card = ana
    .locator('.priority-card')
    .filter({ has: ana.locator('.priority-thread-link a', { hasText: OFFLINE }) });
  await card.locator('.priority-thread-link a').click();
  const thread = ana.getByRole('region', { name: /^Comments on/ });
  const composer = thread.getByRole('textbox', { name: 'Write a message' });
  await expect(thread.getByText('No messages yet. Start the discussion.')).toBeVisible();
  await elena.goto(ana.url());

  await network.offline();
  await composer.fill('Written on the train — كُتبت في القطار');
  await composer.press('Enter');
  const queued = thread.getByRole('listitem').filter({ hasText: 'Written on the train' });
  await expect(queued).toContainText('You are offline: this will be sent when you are back online.');
  await composer.fill('Half-written: the helpdesk needs');

  // a reload while still offline keeps both: the message waiting to go, the draft in the composer
  await ana.reload();
  await expect(queued).toContainText('You are offline');
  await expect(composer).toHaveValue('Half-written: the helpdesk needs');

  // back online: sent by itself, stored once, seen by the other reader once
  network.online();
  const elenaMessages = elena.getByRole('list', { name: 'Messages' });
  // the switch closes a socket still opening without an error, which Socket.IO only notices at its
  // 20 s connect timeout (a real lost network errors at once); then it reconnects and sends
  await expect(elenaMessages.getByText('Written on the train')).toHaveCount(1, { timeout: 60_000 });
  await expect(queued).not.toContainText('offline');
  await ana.reload();
  await expect(thread.getByRole('list', { name: 'Messages' }).getByText('Written on the train')).toHaveCount(1);
  await expect(composer).toHaveValue('Half-written: the helpdesk needs');
  await ana.waitForTimeout(1000);
  await expect(elenaMessages.getByText('Written on the train')).toHaveCount(1);
  expect(problems).toEqual([]);
});
