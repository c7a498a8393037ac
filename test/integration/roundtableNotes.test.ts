import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { MinutesView, RoundtableView } from '../../shared/roundtables/schemas.js';
import { api } from '../helpers/api.js';
import { connectProvider, eventually, upgradeStatus, waitForSync } from '../helpers/clients.js';
import { buildPlanWorld, type PlanWorld } from '../helpers/plans.js';
import { joinSession, scheduleRoundtable } from '../helpers/roundtables.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { useTeardown } from '../helpers/teardown.js';

let server: TestServer;
let world: PlanWorld;
const defer = useTeardown();

beforeAll(async () => {
  server = await startServer();
  world = await buildPlanWorld(server.app.models, server.url);
}, 180_000);
afterAll(() => server?.close());

/** Appends a paragraph to a rich-text document the way the editor (y-prosemirror) keeps it. */
function writeParagraph(doc: Y.Doc, text: string): void {
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(text)]);
    const fragment = doc.getXmlFragment('default');
    fragment.insert(fragment.length, [paragraph]);
  });
}
const paragraphs = (doc: Y.Doc) => doc.getXmlFragment('default').toString();

async function open(documentName: string, cookie: string) {
  const client = connectProvider(server.url, documentName, cookie);
  defer(() => client.provider.destroy());
  await waitForSync(client.provider);
  return client;
}

const minutesOf = async (rt: RoundtableView, cookie: string) =>
  (await api<{ minutes: MinutesView }>(server.url, 'GET', `/api/roundtables/${rt.id}/minutes?session=0`, { cookie }))
    .body.minutes;

async function close(rt: RoundtableView) {
  const facilitator = await joinSession(server.url, world.cookies.chair, rt.id);
  defer(() => facilitator.socket.disconnect());
  await facilitator.send('roundtable:facilitate', { op: 'open' });
  await facilitator.send('roundtable:facilitate', { op: 'close' });
}

describe('live notes (a notes-… document per session)', () => {
  it('each session has its own notes; participants and facilitators write, observers read, others get 404', async () => {
    const rt = await scheduleRoundtable(server.url, world.cookies.chair, world.groupId, { languages: ['en', 'sq'] });
    const [en, sq] = rt.sessions;
    expect(en!.notesDocument).toMatch(/^notes-[0-9a-f-]{36}$/);
    expect(sq!.notesDocument).toMatch(/^notes-/);
    expect(sq!.notesDocument).not.toBe(en!.notesDocument);
    const name = en!.notesDocument!;

    const chair = await open(name, world.cookies.chair);
    const member = await open(name, world.cookies.member);
    const observer = await open(name, world.cookies.observer);
    writeParagraph(member.doc, 'Skopje offers to host the next meeting');
    writeParagraph(chair.doc, 'Agreed: a shared helpline');
    await eventually(() => {
      expect(paragraphs(observer.doc)).toContain('Skopje offers to host the next meeting');
      expect(paragraphs(observer.doc)).toContain('Agreed: a shared helpline');
    });

    // an observer's forged edit goes nowhere
    writeParagraph(observer.doc, 'OBSERVER WROTE THIS');
    writeParagraph(chair.doc, 'after the observer');
    await eventually(() => expect(paragraphs(member.doc)).toContain('after the observer'));
    await new Promise((r) => setTimeout(r, 300));
    expect(paragraphs(member.doc)).not.toContain('OBSERVER WROTE THIS');
    expect(paragraphs(chair.doc)).not.toContain('OBSERVER WROTE THIS');

    // the other language session's notes are a different document
    const other = await open(sq!.notesDocument!, world.cookies.member);
    expect(paragraphs(other.doc)).not.toContain('Skopje');

    expect(await upgradeStatus(server.url, name, world.cookies.outsider)).toBe(404);
    expect(await upgradeStatus(server.url, name, undefined)).toBe(401);
    expect(await upgradeStatus(server.url, 'notes-00000000-0000-4000-8000-000000000000', world.cookies.chair)).toBe(
      404,
    );

    const view = await api<{ roundtable: RoundtableView }>(server.url, 'GET', `/api/roundtables/${rt.id}`, {
      cookie: world.cookies.observer,
    });
    expect(view.body.roundtable.abilities).toMatchObject({ read: true, editNotes: false });
    const mine = await api<{ roundtable: RoundtableView }>(server.url, 'GET', `/api/roundtables/${rt.id}`, {
      cookie: world.cookies.member,
    });
    expect(mine.body.roundtable.abilities).toMatchObject({ editNotes: true });
  });

  it('a session’s notes can be read as stored over REST (for a network that blocks the live sync), by readers only', async () => {
    const rt = await scheduleRoundtable(server.url, world.cookies.chair, world.groupId, { languages: ['en', 'sq'] });
    const member = await open(rt.sessions[1]!.notesDocument!, world.cookies.member);
    writeParagraph(member.doc, 'Tirana will translate the helpline script');

    const stored = async (session: number, cookie: string | undefined) =>
      fetch(`${server.url}/api/roundtables/${rt.id}/notes?session=${session}`, cookie ? { headers: { cookie } } : {});
    await eventually(async () => {
      const res = await stored(1, world.cookies.observer);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/octet-stream/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const copy = new Y.Doc();
      Y.applyUpdate(copy, new Uint8Array(await res.arrayBuffer()));
      expect(paragraphs(copy)).toContain('Tirana will translate the helpline script');
    });
    // the other session's notes are another document
    const first = new Y.Doc();
    Y.applyUpdate(first, new Uint8Array(await (await stored(0, world.cookies.observer)).arrayBuffer()));
    expect(paragraphs(first)).not.toContain('Tirana');

    expect((await stored(1, world.cookies.outsider)).status).toBe(404);
    expect((await stored(1, undefined)).status).toBe(401);
    expect((await stored(4, world.cookies.member)).status).toBe(404);
    expect((await stored(-1, world.cookies.member)).status).toBe(400);
  });

  it('the minutes carry the notes as Markdown, people’s markup escaped', async () => {
    const rt = await scheduleRoundtable(server.url, world.cookies.chair, world.groupId, {});
    const member = await open(rt.sessions[0]!.notesDocument!, world.cookies.member);
    writeParagraph(member.doc, 'Youth councils in every city');
    writeParagraph(member.doc, '<img src=x onerror=alert(1)> *not bold*');
    await close(rt);
    await eventually(async () => {
      const m = await minutesOf(rt, world.cookies.observer);
      expect(m.notes).toContain('Youth councils in every city');
      expect(m.notes).toContain('\\<img src=x onerror=alert\\(1\\)\\> \\*not bold\\*');
    });
    const md = await fetch(`${server.url}/api/roundtables/${rt.id}/minutes.md?session=0&lang=fr`, {
      headers: { cookie: world.cookies.member },
    });
    expect(await md.text()).toContain('## Notes\n\nYouth councils in every city');
  });

  it('a roundtable scheduled before notes existed keeps its room document as the notes', async () => {
    const rt = await scheduleRoundtable(server.url, world.cookies.chair, world.groupId, {});
    await server.app.models.Roundtable.updateOne({ _id: rt.id }, { $unset: { 'sessions.0.notesDocument': 1 } });
    const view = await api<{ roundtable: RoundtableView }>(server.url, 'GET', `/api/roundtables/${rt.id}`, {
      cookie: world.cookies.member,
    });
    expect(view.body.roundtable.sessions[0]!.notesDocument).toBeNull();
    const room = await server.app.models.Room.findById(rt.sessions[0]!.roomId).lean();
    const member = await open(room!.documentName, world.cookies.member);
    writeParagraph(member.doc, 'Written in the room before notes had their own kind');
    await close(rt);
    await eventually(async () =>
      expect((await minutesOf(rt, world.cookies.member)).notes).toBe(
        'Written in the room before notes had their own kind',
      ),
    );
  });
});
