import { expect, test, type Page } from './fixtures.js';
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

const PRIORITY_1 = 'National–local cooperation on prevention frameworks';
const PRIORITY_2 = 'Youth councils and youth engagement in decision-making';

async function groupId(page: Page): Promise<string> {
  const { groups } = (await (await page.request.get(`${server.url}/api/groups`)).json()) as {
    groups: { id: string; name: string }[];
  };
  return groups.find((g) => /Western Balkans Regional Advisory/.test(g.name))!.id;
}

test('a facilitator and two participants (one in Arabic) run a roundtable with a dot vote that lands on the plan', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const ana = await signIn(browser, server, DEMO_USERS.ana.email); // chair of the group: facilitates
  const elena = await signIn(browser, server, DEMO_USERS.elena.email); // member
  // observer, reads Arabic (her profile's language: the app turns Arabic once she is signed in)
  const leila = await (await browser.newContext()).newPage();
  await leila.goto(server.url);
  await leila.getByLabel('Email').fill(DEMO_USERS.leila.email);
  await leila.getByLabel('Password').fill(DEMO_PASSWORD);
  await leila.getByRole('button', { name: 'Sign in' }).click();
  await expect(leila.getByRole('heading', { level: 1 })).toBeVisible();
  await useLanguage(leila, 'ar');

  // schedule
  await ana.goto(`${server.url}/groups/${await groupId(ana)}`);
  await ana.getByRole('link', { name: 'Schedule a roundtable' }).click();
  await ana.getByLabel('Title').fill('Follow-up roundtable: which priorities first?');
  await ana.getByLabel('Starts at').fill('2031-05-20T10:00');
  await ana.getByLabel('Time zone').selectOption('Europe/Skopje');
  await ana.getByLabel('Duration in minutes').fill('60');
  await ana.getByRole('checkbox', { name: 'English' }).check();
  await ana.getByLabel('Item 1').fill('Which priorities come first?');
  await ana.getByLabel('Action plan it feeds').selectOption({ label: 'Period 2026 H1' });
  await ana.getByLabel('Video call link').fill('https://meet.jit.si/wb-follow-up');
  await ana.getByRole('button', { name: 'Schedule', exact: true }).click();
  await expect(ana).toHaveURL(/\/roundtables\/[a-f0-9]{24}$/);
  await expect(ana.getByRole('link', { name: 'Join the video call' })).toHaveAttribute(
    'href',
    'https://meet.jit.si/wb-follow-up',
  );
  const url = ana.url();

  // everyone waits in the lobby until the facilitator opens
  await elena.goto(url);
  await leila.goto(url);
  await expect(elena.getByText('Lobby: waiting for the facilitator')).toBeVisible();
  await expect(leila.getByText('قاعة الانتظار')).toBeVisible();
  await expect(leila.locator('html')).toHaveAttribute('dir', 'rtl');
  await ana.getByRole('button', { name: 'Open the roundtable' }).click();
  await expect(elena.getByText('The roundtable is open')).toBeVisible();
  await expect(leila.getByText('الطاولة المستديرة مفتوحة')).toBeVisible();

  // hands, in the order raised; the facilitator calls the next speaker with a time limit
  await ana.getByLabel('Minutes per speaker').fill('2');
  await ana.getByLabel('Minutes per speaker').blur();
  await elena.getByRole('button', { name: 'Raise my hand' }).click();
  await expect(ana.locator('.queue li')).toHaveCount(1);
  await leila.getByRole('button', { name: 'رفع يدي' }).click();
  await expect(ana.locator('.queue li bdi')).toHaveText([DEMO_USERS.elena.name, DEMO_USERS.leila.name]);
  await ana.getByRole('button', { name: 'Call the next speaker' }).click();
  await expect(leila.locator('.speaker-name')).toHaveText(DEMO_USERS.elena.name);
  // said politely to screen readers too, in the reader's language
  await expect(leila.getByRole('status').filter({ hasText: 'يتحدث الآن' })).toHaveText(
    `يتحدث الآن: ${DEMO_USERS.elena.name}`,
  );
  const timer = leila.getByRole('timer', { name: 'الوقت المتبقي للمتحدث' });
  await expect(timer).toHaveText(/^[12]:\d\d$/);
  await expect(elena.getByRole('timer', { name: 'Time left for this speaker' })).toBeVisible();

  // a question in Arabic, upvoted, answered
  await leila.getByRole('textbox', { name: 'سؤالك' }).fill('هل يمول المركز منحًا صغيرة هذا العام؟');
  await leila.getByRole('button', { name: 'اطرح السؤال' }).click();
  await elena.getByRole('button', { name: 'Upvote' }).click();
  await expect(ana.locator('.question-list li')).toContainText('1 upvote');
  await ana.getByRole('button', { name: 'Mark answered' }).click();
  await expect(leila.locator('.question-list li')).toContainText('تمت الإجابة');

  // a dot vote over the plan's priorities
  await ana.getByText('New poll').click();
  await ana.getByLabel('Question', { exact: true }).fill('Which priorities come first?');
  await ana.getByLabel('Dots per person').fill('3');
  await ana.getByRole('button', { name: 'Start the poll' }).click();
  await expect(elena.getByRole('status').filter({ hasText: 'A poll is open' })).toHaveText(
    'A poll is open: Which priorities come first?',
  );
  await elena.getByLabel(PRIORITY_1).fill('2');
  await elena.getByLabel(PRIORITY_2).fill('1');
  await expect(elena.getByText('0 dots left')).toBeVisible();
  await elena.getByRole('button', { name: 'Vote', exact: true }).click();
  await leila.getByLabel(PRIORITY_1).fill('3');
  await leila.getByRole('button', { name: 'تصويت', exact: true }).click();
  await expect(ana.getByText('2 voters')).toBeVisible();
  await ana.screenshot({ path: 'test-results/roundtable-en.png', fullPage: true });
  await leila.screenshot({ path: 'test-results/roundtable-ar.png', fullPage: true });
  await ana.getByRole('button', { name: 'Close the poll' }).click();
  await expect(elena.locator('.poll-results li').first()).toContainText(PRIORITY_1);
  await expect(elena.locator('.poll-results li').first()).toContainText('5 dots');

  // a decision, then close
  await ana.getByLabel('Decision', { exact: true }).fill('Start with national–local cooperation');
  await ana.getByRole('button', { name: 'Record the decision' }).click();
  await expect(leila.locator('.decisions li')).toHaveText(['Start with national–local cooperation']);
  ana.once('dialog', (dialog) => void dialog.accept());
  await ana.getByRole('button', { name: 'Close the roundtable' }).click();
  await expect(elena.getByText('The roundtable is closed')).toBeVisible();

  // the minutes: attendance by city and role, and the vote
  await elena.getByRole('link', { name: 'Read the minutes' }).click();
  await expect(elena.getByRole('heading', { name: 'Attendance (3 people)' })).toBeVisible();
  await expect(elena.locator('.attendance')).toContainText(DEMO_USERS.leila.name);
  await expect(elena.locator('.minutes-counts')).toContainText('Observer: 1');
  await expect(elena.locator('.minutes .poll-results li').first()).toContainText(PRIORITY_1);
  await expect(elena.locator('.minutes .poll-results li').first()).toContainText('5 dots');
  await leila.getByRole('link', { name: 'قراءة محضر الجلسة' }).click();
  await expect(leila.getByRole('heading', { name: 'الحضور (3 أشخاص)' })).toBeVisible();
  await leila.screenshot({ path: 'test-results/roundtable-minutes-ar.png', fullPage: true });
  // the facilitator turns the decision into a priority of the plan in one action
  await ana.getByRole('link', { name: 'Read the minutes' }).click();
  await ana.getByRole('button', { name: 'Add to the plan as a priority' }).click();
  await expect(ana.getByRole('link', { name: 'On the plan' })).toBeVisible();

  // the plan shows the votes from this roundtable, and the decision as a priority
  await ana.getByRole('link', { name: 'On the plan' }).click();
  await expect(
    ana.getByRole('listitem', { name: /^Priority \d+: Start with national–local cooperation$/ }),
  ).toBeVisible();
  const card = ana.getByRole('listitem', { name: new RegExp(`^Priority \\d+: ${PRIORITY_1}$`) });
  await expect(card.locator('.priority-votes')).toContainText('5 dots from');
  await expect(card.locator('.priority-votes')).toContainText('Follow-up roundtable: which priorities first?');
});
