import { expect, type Page } from '@playwright/test';

/** Ids of the demo seed's places, looked up once per signed-in page. */
export interface DemoPlaces {
  group: string;
  room: string;
  plan: string;
  roundtable: string;
  /** The plan's first priority (its thread opens beside the plan). */
  priority: string;
}

/** A main screen of the app as a signed-in admin sees it. Adding a screen is one line here. */
export interface Screen {
  name: string;
  path: (places: DemoPlaces) => string;
}

export const SCREENS: Screen[] = [
  { name: 'home', path: () => '/' },
  { name: 'directory', path: () => '/directory' },
  { name: 'group', path: (p) => `/groups/${p.group}` },
  { name: 'room', path: (p) => `/rooms/${p.room}` },
  { name: 'plan', path: (p) => `/plans/${p.plan}` },
  { name: 'plan-review', path: () => '/plans' },
  { name: 'roundtable', path: (p) => `/roundtables/${p.roundtable}` },
  { name: 'roundtable-minutes', path: (p) => `/roundtables/${p.roundtable}/minutes` },
  { name: 'roundtable-schedule', path: (p) => `/groups/${p.group}/roundtables/new` },
  { name: 'plan-thread', path: (p) => `/plans/${p.plan}/priorities/${p.priority}` },
  { name: 'account', path: () => '/account' },
  { name: 'admin', path: () => '/admin' },
  { name: 'translation-reports', path: () => '/translation-reports' },
];

/** The Western Balkans advisory group, its roundtable and its action plan from the demo seed. */
export async function demoPlaces(page: Page, baseUrl: string): Promise<DemoPlaces> {
  const get = async <T>(path: string): Promise<T> => (await (await page.request.get(baseUrl + path)).json()) as T;
  const { groups } = await get<{ groups: { id: string; name: string }[] }>('/api/groups');
  const group = groups.find((g) => /Western Balkans Regional Advisory/.test(g.name))!;
  const { rooms } = await get<{ rooms: { id: string; title: string }[] }>('/api/rooms');
  const room = rooms.find((r) => /Western Balkans roundtable/.test(r.title))!;
  const { plans } = await get<{ plans: { id: string }[] }>(`/api/groups/${group.id}/plans`);
  const { roundtables } = await get<{ roundtables: { id: string }[] }>('/api/roundtables');
  const { plan } = await get<{ plan: { priorities: { id: string }[] } }>(`/api/plans/${plans[0]!.id}`);
  return {
    group: group.id,
    room: room.id,
    plan: plans[0]!.id,
    priority: plan.priorities[0]!.id,
    roundtable: roundtables[0]!.id,
  };
}

/** Opens a screen in the page's current language and waits until it has drawn its content. */
export async function openScreen(page: Page, baseUrl: string, screen: Screen, places: DemoPlaces): Promise<void> {
  const requests = watchRequests(page);
  try {
    await page.goto(baseUrl + screen.path(places));
    await expect(page.locator('main h1').first()).toBeVisible();
    // lists, tables and the document arrive after the heading
    await requests.quiet(QUIET_MS);
  } finally {
    requests.stop();
  }
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

/**
 * How long no request may be in flight before a screen counts as loaded: Playwright's
 * 'networkidle' waits 500 ms, which for the ~100 screens the locale and accessibility checks
 * open was a minute of the suite; the app's requests follow each other within a few ms.
 */
const QUIET_MS = 150;

/** Follows `page`'s HTTP requests; `quiet(ms)` resolves once none has been in flight for `ms`. */
function watchRequests(page: Page) {
  let inFlight = 0;
  let changedAt = Date.now();
  const started = () => {
    inFlight++;
    changedAt = Date.now();
  };
  const ended = () => {
    inFlight--;
    changedAt = Date.now();
  };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  return {
    quiet: (ms: number) =>
      expect.poll(() => inFlight <= 0 && Date.now() - changedAt >= ms, { intervals: [25], timeout: 15_000 }).toBe(true),
    stop() {
      page.off('request', started);
      page.off('requestfinished', ended);
      page.off('requestfailed', ended);
    },
  };
}

/** Chooses the interface language on this device, as the language picker does. */
export async function useLanguage(page: Page, language: string): Promise<void> {
  await page.evaluate((lng) => localStorage.setItem('roundtable.language', lng), language);
}
