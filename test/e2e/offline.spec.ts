import { expect, test, type Page } from './fixtures.js';
import { DEMO_USERS } from '../../server/seed/demo.js';
import { webSocketBlockingProxy } from './blockingProxy.js';
import { networkSwitch } from './network.js';
import { closingAsksFirst, signIn } from './people.js';
import { ServerProcess } from './serverProcess.js';

const ROOM = /Western Balkans roundtable/;
let server: ServerProcess;

test.beforeAll(async () => {
  server = await ServerProcess.create();
});
test.afterAll(async () => {
  await server?.stop();
});

async function openRoom(page: Page): Promise<void> {
  await page.getByRole('link', { name: ROOM }).click();
  await expect(page.getByRole('heading', { level: 1, name: ROOM })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('All changes saved');
}

/** Types `text` on a new line of the document; `at once` inserts it in one edit, as a paste or an IME would. */
async function typeInDocument(page: Page, text: string, how: 'key by key' | 'at once' = 'key by key'): Promise<void> {
  const doc = page.getByRole('textbox', { name: 'Shared document' });
  await doc.locator(':scope > *').last().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  if (how === 'at once') await page.keyboard.insertText(text);
  else await page.keyboard.type(text);
}

/** True once an edit holding `text` is in this device's IndexedDB copy of a room document. */
function keptOnDevice(page: Page, text: string): Promise<boolean> {
  return page.evaluate(async (text) => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    for (const { name } of await indexedDB.databases()) {
      if (!name?.startsWith('room-')) continue;
      const db = await request(indexedDB.open(name));
      const updates = await request(db.transaction('updates').objectStore('updates').getAll());
      db.close();
      // a Yjs update holds inserted text as UTF-8, in one piece when it was inserted in one edit
      if (updates.some((u: Uint8Array) => new TextDecoder().decode(u).includes(text))) return true;
    }
    return false;
  }, text);
}

test('document edits made offline survive closing the tab, and reach others on return', async ({ browser }) => {
  const line = `Written on the train, offline (${test.info().repeatEachIndex})`; // each run its own
  const ana = await signIn(browser, server, DEMO_USERS.ana.email);
  const network = await networkSwitch(ana);
  await ana.reload(); // every connection from now on goes through the switch
  await openRoom(ana);
  await network.offline();
  await expect(ana.getByRole('status')).toHaveText(/^Offline/);
  await typeInDocument(ana, line, 'at once');
  await expect(ana.getByRole('status')).toHaveText(
    'Offline — unsaved changes are kept on this device until you reconnect',
  );
  // as the status says: on this device (the write is asynchronous; closing the tab before it
  // lands is not what this test is about)
  await expect.poll(() => keptOnDevice(ana, line)).toBe(true);

  // closing the tab asks first
  expect(await closingAsksFirst(ana)).toBe(true);
  await ana.close(); // …and closes anyway

  // later, back online, in a new tab: the edit is still there, and now stored for everyone
  const again = await ana.context().newPage();
  await again.goto(server.url);
  await openRoom(again);
  await expect(again.getByRole('textbox', { name: 'Shared document' })).toContainText(line);
  await expect(again.getByRole('status')).toHaveText('All changes saved');
  const elena = await signIn(browser, server, DEMO_USERS.elena.email);
  await openRoom(elena);
  await expect(elena.getByRole('textbox', { name: 'Shared document' })).toContainText(line);

  // signing out wipes what this device kept
  await again.getByRole('button', { name: 'Sign out' }).click();
  await expect(again.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  // the deletion waits until the room that was open lets go of its database
  await expect.poll(() => again.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
});

test('a message written offline is queued, then sent by itself once, on reconnect; drafts survive a reload', async ({
  browser,
}) => {
  const ana = await signIn(browser, server, DEMO_USERS.ana.email);
  const elena = await signIn(browser, server, DEMO_USERS.elena.email);
  const network = await networkSwitch(ana);
  await ana.reload(); // every connection from now on goes through the switch
  await openRoom(ana);
  await openRoom(elena);

  await network.offline();
  const composer = ana.getByRole('textbox', { name: 'Write a message' });
  await composer.fill('Sent from the ferry — أرسلت من العبّارة');
  await composer.press('Enter');
  const mine = ana.getByRole('listitem').filter({ hasText: 'Sent from the ferry' });
  await expect(mine).toContainText('You are offline: this will be sent when you are back online.');
  await expect(ana.getByText(/temporarily unavailable/)).toHaveCount(0);

  network.online();
  const elenaList = elena.getByRole('list', { name: 'Messages' });
  await expect(elenaList).toContainText('Sent from the ferry');
  await expect(mine).not.toContainText('back online');
  await expect(elenaList.getByText('Sent from the ferry')).toHaveCount(1);
  await ana.reload();
  await expect(ana.getByRole('list', { name: 'Messages' }).getByText('Sent from the ferry')).toHaveCount(1);

  // a half-written message survives a reload, and is gone after signing out
  await ana.getByRole('textbox', { name: 'Write a message' }).fill('Half-written thought about youth councils');
  await ana.reload();
  await expect(ana.getByRole('textbox', { name: 'Write a message' })).toHaveValue(
    'Half-written thought about youth councils',
  );
  await ana.getByRole('button', { name: 'Sign out' }).click();
  await ana.getByLabel('Email').fill(DEMO_USERS.ana.email);
  await ana.getByLabel('Password').fill('roundtable-demo');
  await ana.getByRole('button', { name: 'Sign in' }).click();
  await expect(ana.getByRole('heading', { level: 1, name: ROOM })).toBeVisible();
  await expect(ana.getByRole('textbox', { name: 'Write a message' })).toHaveValue('');
});

test('a half-open connection is noticed within seconds and said; the edit is saved once it recovers', async ({
  browser,
}) => {
  const ana = await signIn(browser, server, DEMO_USERS.ana.email);
  const network = await networkSwitch(ana);
  await ana.reload(); // every connection from now on goes through the switch
  await openRoom(ana);
  network.halfOpen();
  await typeInDocument(ana, 'Typed into a dead connection');
  await expect(ana.getByRole('status')).toHaveText(
    'Offline — unsaved changes are kept on this device until you reconnect',
    { timeout: 8000 },
  );
  // the editor reconnects while the network is still dead, and that connection is silent too
  await expect.poll(() => network.silentSyncConnections, { timeout: 10_000 }).toBeGreaterThan(0);
  network.online();
  await expect(ana.getByRole('status')).toHaveText('All changes saved', { timeout: 20_000 });
  const elena = await signIn(browser, server, DEMO_USERS.elena.email);
  await openRoom(elena);
  await expect(elena.getByRole('textbox', { name: 'Shared document' })).toContainText('Typed into a dead connection');
});

test('behind a proxy that blocks WebSockets, a room opens with its document as stored, and what is typed is saved once they work', async ({
  browser,
}) => {
  const line = `Typed behind the city hall's proxy (${test.info().repeatEachIndex})`;
  const othersLine = `Written meanwhile by someone whose WebSockets work (${test.info().repeatEachIndex})`;
  const elena = await signIn(browser, server, DEMO_USERS.elena.email);
  await openRoom(elena);
  const elenaDoc = elena.getByRole('textbox', { name: 'Shared document' });
  const firstLine = (await elenaDoc.locator(':scope > *').first().innerText()).trim();
  expect(firstLine.length).toBeGreaterThan(0);

  const proxy = await webSocketBlockingProxy(server.url);
  try {
    const ana = await signIn(browser, server, DEMO_USERS.ana.email, {}, proxy.url);
    // the room itself comes over Socket.IO, which falls back to long polling
    await ana.getByRole('link', { name: ROOM }).click();
    await expect(ana.getByRole('heading', { level: 1, name: ROOM })).toBeVisible();
    // the document's live sync cannot connect: the page says so, and shows the document as stored
    await expect(ana.getByRole('status')).toHaveText(
      'Not connected yet — if this lasts, your network may be blocking live connections (WebSockets)',
      { timeout: 15_000 },
    );
    const doc = ana.getByRole('textbox', { name: 'Shared document' });
    await expect(doc).toContainText(firstLine);
    // what is typed builds on it and waits on this device
    await typeInDocument(ana, line, 'at once');
    await expect(ana.getByRole('status')).toHaveText(
      'Offline — unsaved changes are kept on this device until you reconnect',
    );
    // what others write meanwhile reaches her page too, with no reload, still behind the proxy
    // (the stored copy is asked for again every 10 s), and her own line is still there
    await typeInDocument(elena, othersLine, 'at once');
    await expect(doc).toContainText(othersLine, { timeout: 15_000 });
    await expect(doc).toContainText(line);
    expect(proxy.upgradesRefused).toBeGreaterThan(0);
    // once WebSockets go through, the line is stored and reaches everyone, once, after the
    // document's own content, which is not there twice
    proxy.allowWebSockets();
    await expect(ana.getByRole('status')).toHaveText('All changes saved', { timeout: 15_000 });
    await expect(elenaDoc).toContainText(line);
    const text = await elenaDoc.innerText();
    expect(text.split(firstLine).length - 1).toBe(1);
    expect(text.split(line).length - 1).toBe(1);
    expect(text.split(othersLine).length - 1).toBe(1);

    // later WebSockets are blocked again (she takes her laptop into the city hall): the live sync
    // is lost, and after a few seconds what others write reaches her page again through the API
    proxy.blockWebSockets();
    await expect(ana.getByRole('status')).toHaveText('Offline — changes will be saved when you reconnect');
    const laterLine = `Written after her live connection was lost (${test.info().repeatEachIndex})`;
    await typeInDocument(elena, laterLine, 'at once');
    await expect(doc).toContainText(laterLine, { timeout: 25_000 });
  } finally {
    await proxy.close();
  }
});
