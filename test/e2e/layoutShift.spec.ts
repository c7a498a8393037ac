import { expect, test } from './fixtures.js';
import { DEMO_USERS } from '../../server/seed/demo.js';
import { layoutShifts, watchLayoutShifts } from './layoutShifts.js';
import { PHONE, signIn } from './people.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;

test.beforeAll(async () => {
  server = await ServerProcess.create();
});
test.afterAll(async () => {
  await server?.stop();
});

// a phone stacks what a wide screen puts side by side, so a part that comes late pushes more down
for (const device of [
  { name: 'a wide screen', options: {} },
  { name: 'a phone', options: PHONE },
]) {
  test(`on ${device.name}, no main screen jumps while its parts answer at different times`, async ({ browser }) => {
    test.setTimeout(180_000);
    const ana = await signIn(browser, server, DEMO_USERS.ana.email, device.options);
    const get = async <T>(path: string) => (await (await ana.request.get(`${server.url}${path}`)).json()) as T;
    const { rooms } = await get<{ rooms: { id: string }[] }>('/api/rooms');
    const { groups } = await get<{ groups: { id: string; name: string }[] }>('/api/groups');
    const group = groups.find((g) => /Western Balkans Regional Advisory/.test(g.name))!.id;
    const { plans } = await get<{ plans: { id: string }[] }>(`/api/groups/${group}/plans`);
    const { roundtables } = await get<{ roundtables: { id: string }[] }>('/api/roundtables');
    const screens = [
      '/',
      `/rooms/${rooms[0]!.id}`,
      `/groups/${group}`,
      `/groups/${group}/plans`,
      `/plans/${plans[0]!.id}`,
      `/roundtables/${roundtables[0]!.id}`,
      '/directory',
      '/account',
      '/plans',
    ];
    for (const screen of screens) {
      const page = await ana.context().newPage();
      await watchLayoutShifts(page);
      // a slow, uneven network: the screen's requests answer 0, 0.4 and 0.8 s late in turn
      let requests = 0;
      await page.route('**/api/**', async (route) => {
        const response = await route.fetch();
        await new Promise((resolve) => setTimeout(resolve, (requests++ % 3) * 400));
        await route.fulfill({ response });
      });
      await page.goto(server.url + screen);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(500);
      const { cls, moved } = await layoutShifts(page);
      // Google's "good" is under 0.1; our screens stay well below it
      expect(cls, `${screen} moved: ${moved.join(' | ')}`).toBeLessThan(0.05);
      // a request still held back as the page closes is not a failure
      await page.unrouteAll({ behavior: 'ignoreErrors' });
      await page.close();
    }
  });
}
