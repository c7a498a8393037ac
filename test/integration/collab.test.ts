import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_CODES, MESSAGE_AWARENESS, MESSAGE_SAVED } from '../../shared/collab.js';
import { isUpdateBearing, openProvider, storedDoc } from '../helpers/collab.js';
import { eventually, upgradeStatus, waitForSync, type FrameTap } from '../helpers/clients.js';
import { buildRoom, type BuiltUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { signInPeople } from '../helpers/people.js';
import { useTeardown } from '../helpers/teardown.js';

const ARABIC = 'التعاون الوطني والمحلي';

describe('collaborative editing with the stock y-websocket provider', () => {
  let server: TestServer;
  let chair: BuiltUser;
  let member: BuiltUser;
  let latecomer: BuiltUser;
  let observer: BuiltUser;
  let outsider: BuiltUser;
  const cookies = new Map<BuiltUser, string>();
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer();
    ({ chair, member, latecomer, observer, outsider } = await signInPeople(
      server,
      {
        chair: 'Amina Haddad',
        member: 'Marko Petrović',
        latecomer: 'Sara Wanjiru',
        observer: 'Youssef Benali',
        outsider: 'Lena Outsider',
      },
      cookies,
    ));
  });
  afterAll(() => server?.close());

  /** A fresh room (so a fresh document) shared by everyone but the outsider. */
  async function newRoom() {
    return buildRoom(server.app.models, [
      { user: chair, role: 'chair' },
      { user: member, role: 'member' },
      { user: latecomer, role: 'member' },
      { user: observer, role: 'observer' },
    ]);
  }

  function open(documentName: string, user: BuiltUser, params: Record<string, string> = {}, tap: FrameTap = {}) {
    return openProvider(defer, server.url, documentName, cookies.get(user), params, tap);
  }

  async function join(documentName: string, user: BuiltUser) {
    const client = open(documentName, user);
    await waitForSync(client.provider);
    return client;
  }

  it('two people typing at once, in Arabic and English, end up with the same document', async () => {
    const { documentName } = await newRoom();
    const clients = [await join(documentName, chair), await join(documentName, member)];
    const phrases = [ARABIC, 'local prevention network', 'الشباب والمجتمع المدني', 'municipal action plan'];
    const paragraphs: string[] = [];
    let typed = 0;

    for (let round = 0; round < 3; round++) {
      // every edit of a round is made before either side hears from the other
      for (let i = 0; i < 8; i++) {
        for (const [k, { doc }] of clients.entries()) {
          const phrase = phrases[(i + k) % phrases.length]!;
          const text = doc.getText('t');
          text.insert((i * 7 + k * 3) % (text.length + 1), phrase + ' ');
          typed += phrase.length + 1;
          const body = doc.getXmlFragment('body');
          const paragraph = new Y.XmlElement('paragraph');
          paragraph.insert(0, [new Y.XmlText(`${phrase} (${k}.${round}.${i})`)]);
          body.insert((i + k) % (body.length + 1), [paragraph]);
          paragraphs.push(`<paragraph>${phrase} (${k}.${round}.${i})</paragraph>`);
        }
      }
      await eventually(() => {
        const [a, b] = clients.map(({ doc }) => doc);
        expect(a!.getText('t').length).toBe(typed);
        expect(b!.getText('t').toString()).toBe(a!.getText('t').toString());
        expect(b!.getXmlFragment('body').toString()).toBe(a!.getXmlFragment('body').toString());
      });
    }

    const body = clients[0]!.doc.getXmlFragment('body');
    expect(
      body
        .toArray()
        .map((p) => p.toString())
        .sort(),
    ).toEqual(paragraphs.sort());
    expect(body.toString()).toContain(`<paragraph>${ARABIC} (0.0.0)</paragraph>`);
  });

  it('someone joining after a server restart sees everything written before it', async () => {
    const { documentName } = await newRoom();
    const a = await join(documentName, chair);
    const b = await join(documentName, member);
    a.doc.getText('t').insert(0, 'Action plan 2026: ');
    b.doc.getXmlFragment('body').insert(0, [new Y.XmlText(ARABIC)]);
    b.doc.getText('t').insert(0, 'مسودة — ');
    await eventually(() => {
      expect(a.doc.getText('t').length).toBe('Action plan 2026: '.length + 'مسودة — '.length);
      expect(b.doc.getText('t').toString()).toBe(a.doc.getText('t').toString());
      expect(a.doc.getXmlFragment('body').toString()).toBe(ARABIC);
    });
    const closeCodes: (number | undefined)[] = [];
    a.provider.on('connection-close', (event) => closeCodes.push(event?.code));

    server = await server.restart();

    expect(closeCodes[0]).toBe(CLOSE_CODES.serviceRestart);
    const c = await join(documentName, latecomer);
    expect(c.doc.getText('t').toString()).toBe(a.doc.getText('t').toString());
    expect(c.doc.getXmlFragment('body').toString()).toBe(ARABIC);
  });

  it('refuses an upgrade without a valid session (401) and hides rooms of other groups (404)', async () => {
    const { documentName } = await newRoom();
    expect(await upgradeStatus(server.url, documentName, cookies.get(member))).toBe(101);
    expect(await upgradeStatus(server.url, documentName, undefined)).toBe(401);
    expect(await upgradeStatus(server.url, documentName, 'rt_session=forged-token')).toBe(401);
    expect(await upgradeStatus(server.url, documentName, cookies.get(outsider))).toBe(404);
    // the same answer as for a document that does not exist at all
    expect(await upgradeStatus(server.url, 'room-that-does-not-exist', cookies.get(member))).toBe(404);
    expect(await upgradeStatus(server.url, 'not a valid name!', cookies.get(member))).toBe(404);
  });

  it('GET /api/rooms/:id/document answers the room as stored, 304 to a copy that is already current, and nothing to outsiders', async () => {
    const { roomId, documentName } = await newRoom();
    const writer = await join(documentName, chair);
    writer.doc.getText('t').insert(0, ARABIC);
    const stored = (user: BuiltUser | undefined, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/api/rooms/${roomId}/document`, {
        headers: { ...headers, ...(user ? { cookie: cookies.get(user)! } : {}) },
      });
    const read = async (res: Response) => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, new Uint8Array(await res.arrayBuffer()));
      return copy.getText('t').toString();
    };
    let etag = '';
    await eventually(async () => {
      const res = await stored(observer);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      etag = res.headers.get('etag') ?? '';
      expect(await read(res)).toBe(ARABIC);
    });
    // a page behind a proxy asks again every few seconds: unchanged, it is told so in a few bytes
    const same = await stored(observer, { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' });
    expect(same.status).toBe(304);
    expect((await same.arrayBuffer()).byteLength).toBe(0);
    writer.doc.getText('t').insert(ARABIC.length, ' — and the schools');
    await eventually(async () => {
      const changed = await stored(observer, { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect(await read(changed)).toBe(`${ARABIC} — and the schools`);
    });
    expect((await stored(outsider)).status).toBe(404);
    expect((await stored(undefined)).status).toBe(401);
  });

  it('an observer reads the document live, but its edits reach neither others nor the database', async () => {
    const { documentName } = await newRoom();
    const writer = await join(documentName, chair);
    const reader = await join(documentName, member);
    writer.doc.getText('t').insert(0, 'Priority 1: youth outreach');

    const watching = await join(documentName, observer);
    expect(watching.doc.getText('t').toString()).toBe('Priority 1: youth outreach');

    watching.doc.getText('t').insert(0, 'OBSERVER WAS HERE ');
    // awareness is handled after the edit on the same connection: once the writer sees it, the edit was handled
    watching.provider.awareness.setLocalStateField('user', { name: observer.name });
    await eventually(() => expect(writer.provider.awareness.getStates().get(watching.doc.clientID)).toBeDefined());
    writer.doc.getText('t').insert(writer.doc.getText('t').length, ' and schools');

    const expected = 'Priority 1: youth outreach and schools';
    await eventually(() => {
      expect(reader.doc.getText('t').toString()).toBe(expected);
      expect(watching.doc.getText('t').toString()).toContain(' and schools');
    });
    expect(writer.doc.getText('t').toString()).toBe(expected);
    expect((await storedDoc(server.app.models, documentName)).getText('t').toString()).toBe(expected);
  });

  it('tells a provider that opts in how many of its updates are durably stored', async () => {
    const { documentName } = await newRoom();
    let sent = 0;
    const saved: number[] = [];
    const countSent = (frame: Uint8Array) => {
      if (isUpdateBearing(frame)) sent++;
    };
    const writer = open(documentName, chair, { saved: '1' }, { sent: countSent });
    writer.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      saved.push(decoding.readVarUint(decoder));
    };
    await waitForSync(writer.provider);

    const text = writer.doc.getText('t');
    for (let i = 0; i < 10; i++) text.insert(text.length, `${i} `);

    // sync step 2 answering the server's greeting, then one update per edit
    expect(sent).toBe(11);
    await eventually(() => expect(saved.at(-1)).toBe(sent));
    expect(saved).toEqual([...saved].sort((x, y) => x - y));
    // acknowledged means stored
    expect((await storedDoc(server.app.models, documentName)).getText('t').toString()).toBe(text.toString());
  });

  it('never sends the saved message to a stock provider that did not ask for it', async () => {
    const { documentName } = await newRoom();
    const errors = vi.spyOn(console, 'error');
    defer(() => errors.mockRestore());
    const receivedTypes: number[] = [];
    const stock = open(documentName, member, {}, { received: (frame) => void receivedTypes.push(frame[0]!) });
    const optedIn = open(documentName, chair, { saved: '1' });
    let optedInSaved = 0;
    optedIn.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      optedInSaved = decoding.readVarUint(decoder);
    };
    await Promise.all([waitForSync(stock.provider), waitForSync(optedIn.provider)]);
    stock.provider.awareness.setLocalStateField('user', { name: member.name });

    for (let i = 0; i < 5; i++) stock.doc.getText('t').insert(0, `${i}`);
    await eventually(() => expect(optedIn.doc.getText('t').length).toBe(5));
    optedIn.doc.getText('t').insert(0, 'done ');
    // anything the server sent the stock provider after storing its edits arrived before this
    await eventually(() => expect(stock.doc.getText('t').toString()).toMatch(/^done /));

    expect(optedInSaved).toBeGreaterThan(0);
    expect(receivedTypes).toContain(MESSAGE_AWARENESS);
    expect(receivedTypes).not.toContain(MESSAGE_SAVED);
    expect(errors).not.toHaveBeenCalled();
  });
});
