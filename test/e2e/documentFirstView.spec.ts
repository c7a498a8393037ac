import { expect, test } from './fixtures.js';
import * as Y from 'yjs';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/seed/demo.js';
import { connectProvider, login, waitForSync } from '../helpers/clients.js';
import { seriousViolations } from './axe.js';
import { signIn } from './people.js';
import { ServerProcess } from './serverProcess.js';

const ROOM = 'Western Balkans roundtable — 2026 H1 priorities';
let server: ServerProcess;

test.beforeAll(async () => {
  server = await ServerProcess.create();
});
test.afterAll(async () => {
  await server?.stop();
});

/** Appends a paragraph to a room document the way the editor stores it (y-prosemirror). */
function appendParagraph(doc: Y.Doc, runs: [string, Record<string, unknown>?][]): void {
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  const fragment = doc.getXmlFragment('default');
  fragment.insert(fragment.length, [paragraph]);
  let at = 0;
  for (const [insert, marks] of runs) {
    text.insert(at, insert, marks ?? {});
    at += insert.length;
  }
}

test('before its editor has loaded, a room shows its document live and safe, and keeps a click and the keys typed at once', async ({
  browser,
}) => {
  // another participant's device, writing into the document from outside the page
  const cookie = await login(server.url, { email: DEMO_USERS.elena.email, password: DEMO_PASSWORD });
  const rooms = (await (await fetch(`${server.url}/api/rooms`, { headers: { cookie } })).json()) as {
    rooms: { title: string; documentName: string }[];
  };
  const { documentName } = rooms.rooms.find((r) => r.title === ROOM)!;
  const elena = connectProvider(server.url, documentName, cookie);
  await waitForSync(elena.provider);
  appendParagraph(elena.doc, [
    ['<img src=x onerror=alert(1)> '],
    ['not a script', { link: { href: 'javascript:alert(1)' } }],
    [' and '],
    ['a real link', { link: { href: 'https://example.org/' }, bold: {} }],
  ]);

  const page = await signIn(browser, server, DEMO_USERS.ana.email);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // the editor's script is held back until the end, so what shows is the document's first view
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/Editor-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole('link', { name: ROOM }).click();
  const doc = page.getByRole('textbox', { name: 'Shared document' });
  await expect(doc).toContainText('Draft priorities gathered from the four launch roundtables');
  await expect(doc).not.toHaveAttribute('contenteditable', 'true');

  // typed HTML is text, a javascript: address is no link, a real one is
  await expect(doc).toContainText('<img src=x onerror=alert(1)> not a script and a real link');
  await expect(doc.locator('img')).toHaveCount(0);
  await expect(doc.getByText('not a script')).not.toHaveAttribute('href', /./);
  await expect(doc.getByRole('link', { name: 'a real link' })).toHaveAttribute('href', 'https://example.org/');
  await expect(doc.locator('strong', { hasText: 'a real link' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // live: what someone else writes shows at once
  appendParagraph(elena.doc, [['Added while the editor loads']]);
  const last = doc.getByText('Added while the editor loads');
  await expect(last).toBeVisible();

  // a click and the keys typed right after it, before the editor is there, are not lost
  await last.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' - kept');
  release();
  await expect(doc).toHaveAttribute('contenteditable', 'true');
  await expect(doc).toContainText('Added while the editor loads - kept');
  await expect(page.getByRole('status')).toHaveText('All changes saved');
  await expect
    .poll(() => elena.doc.getXmlFragment('default').toString())
    .toContain('Added while the editor loads - kept');
  // the editor shows the same, just as safe
  await expect(doc.locator('img')).toHaveCount(0);
  await doc.getByText('not a script').click();
  expect(dialogs).toEqual([]);

  // another room, reached inside the app, starts afresh: nothing kept from this one is typed there
  await page.getByRole('link', { name: 'Rooms', exact: true }).click();
  const other = 'Western Balkans hub: follow-up roundtable on the 2026 H1 priorities (en)';
  await page.getByRole('link', { name: other }).click();
  await expect(page.getByRole('heading', { level: 1, name: other })).toBeVisible();
  await expect(doc).toHaveAttribute('contenteditable', 'true');
  await page.waitForTimeout(1000); // the editor has had its moment to replay anything it kept
  await expect(page.getByRole('status')).toHaveText('All changes saved');
  await expect(doc).not.toContainText('kept');
  elena.provider.destroy();
});

test('a document that cannot sync still gets its editor, and what is typed is kept on the device', async ({
  browser,
}) => {
  const page = await signIn(browser, server, DEMO_USERS.ana.email);
  // the document's connection opens but never answers (a network lost before the first sync)
  await page.routeWebSocket(/\/collab\//, () => undefined);
  await page.getByRole('link', { name: ROOM }).click();
  const doc = page.getByRole('textbox', { name: 'Shared document' });
  await expect(doc).toHaveAttribute('contenteditable', 'true', { timeout: 15_000 });
  await doc.click();
  await page.keyboard.type('Written before any sync');
  await expect(doc).toContainText('Written before any sync');
  await expect(page.getByRole('status')).toHaveText(
    'Offline — unsaved changes are kept on this device until you reconnect',
  );
});
