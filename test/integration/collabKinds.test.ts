import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../shared/collab.js';
import { RefusedUpdateError } from '../../server/collab/document.js';
import type { TransactionOrigin } from '../../server/collab/origins.js';
import { notFound } from '../../server/errors.js';
import { openProvider, storedDoc } from '../helpers/collab.js';
import { eventually, login, upgradeStatus, waitForSync } from '../helpers/clients.js';
import { type BuiltUser } from '../helpers/factories.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { signInPeople } from '../helpers/people.js';
import { useTeardown } from '../helpers/teardown.js';

/** What the test kind's validator refuses: the words an adopted plan would forbid, and a size cap. */
const FORBIDDEN = 'DELETE EVERYTHING';
const MAX_CHARS = 200;

/**
 * A document kind registered the way a domain registers one (`memo-…`, a test's own): the
 * platform's hooks — authorize, validate, afterStore — and the server's transact.
 */
describe('document kinds and server-side changes', () => {
  let server: TestServer;
  let editor: BuiltUser;
  let reader: BuiltUser;
  const cookies = new Map<BuiltUser, string>();
  const stored: { name: string; text: string; origins: TransactionOrigin[] }[] = [];
  const defer = useTeardown();

  beforeAll(async () => {
    server = await startServer();
    ({ editor, reader } = await signInPeople(
      server,
      { editor: 'Elena Stojanovska', reader: 'Leila Mansour' },
      cookies,
    ));
    registerNotes(server);
  });
  afterAll(() => server?.close());

  function registerNotes(target: TestServer) {
    target.app.collab.registerKind({
      prefix: 'memo',
      async authorize(actor) {
        if (actor.id !== editor.id && actor.id !== reader.id) throw notFound('Document');
        return { canWrite: actor.id === editor.id, resourceIds: [] };
      },
      validate(doc) {
        const text = doc.getText('t').toString();
        if (text.includes(FORBIDDEN)) return 'this document is read-only';
        return text.length > MAX_CHARS ? `at most ${MAX_CHARS} characters` : null;
      },
      async afterStore(name, doc, origins) {
        stored.push({ name, text: doc.getText('t').toString(), origins: [...origins] });
      },
    });
  }

  const newName = () => `memo-${randomUUID()}`;

  it('refuses a document name of no registered kind as not found', async () => {
    expect(await upgradeStatus(server.url, `minutes-${randomUUID()}`, cookies.get(editor))).toBe(404);
  });

  it('refuses an update the kind says is invalid, telling its sender why, and nobody else sees it', async () => {
    const name = newName();
    const a = openProvider(defer, server.url, name, cookies.get(editor));
    const b = openProvider(defer, server.url, name, cookies.get(reader));
    await Promise.all([waitForSync(a.provider), waitForSync(b.provider)]);
    a.doc.getText('t').insert(0, 'Priority: youth councils. ');
    await eventually(() => expect(b.doc.getText('t').toString()).toBe('Priority: youth councils. '));

    const closes: { code?: number; reason?: string }[] = [];
    a.provider.on('connection-close', (event) => closes.push({ code: event?.code, reason: event?.reason }));
    a.doc.getText('t').insert(0, FORBIDDEN);
    await eventually(() =>
      expect(closes[0]).toEqual({ code: CLOSE_CODES.policyViolation, reason: 'refused: this document is read-only' }),
    );

    expect(b.doc.getText('t').toString()).toBe('Priority: youth councils. ');
    expect((await storedDoc(server.app.models, name)).getText('t').toString()).toBe('Priority: youth councils. ');
    // the document goes on for everyone else
    await server.app.collab.transact(name, (doc) => doc.getText('t').insert(0, 'Agreed. '), {
      kind: 'server',
      reason: 'test',
    });
    await eventually(() => expect(b.doc.getText('t').toString()).toBe('Agreed. Priority: youth councils. '));
  });

  it('stores a server change before every connected client receives it, and keeps it across a restart', async () => {
    const name = newName();
    const a = openProvider(defer, server.url, name, cookies.get(editor));
    const b = openProvider(defer, server.url, name, cookies.get(reader));
    await Promise.all([waitForSync(a.provider), waitForSync(b.provider)]);
    const heard: string[] = [];
    b.doc.on('update', () => heard.push(b.doc.getText('t').toString()));

    await server.app.collab.transact(name, (doc) => doc.getText('t').insert(0, 'Votes: 7'), {
      kind: 'server',
      reason: 'dot-vote result',
    });
    expect((await storedDoc(server.app.models, name)).getText('t').toString()).toBe('Votes: 7');
    await eventually(() => expect(a.doc.getText('t').toString()).toBe('Votes: 7'));
    await eventually(() => expect(heard).toEqual(['Votes: 7']));

    const origins = stored.filter((s) => s.name === name).flatMap((s) => s.origins);
    expect(origins).toContainEqual({ kind: 'server', reason: 'dot-vote result' });

    a.doc.getText('t').insert(8, ' (closed)');
    await eventually(() =>
      expect(stored.filter((s) => s.name === name).at(-1)).toMatchObject({ text: 'Votes: 7 (closed)' }),
    );
    const clientOrigin = stored
      .filter((s) => s.name === name)
      .flatMap((s) => s.origins)
      .find((o) => o.kind === 'client');
    expect(clientOrigin).toMatchObject({ kind: 'client', actor: { id: editor.id } });

    server = await server.restart();
    registerNotes(server);
    const c = openProvider(defer, server.url, name, await login(server.url, reader));
    await waitForSync(c.provider);
    expect(c.doc.getText('t').toString()).toBe('Votes: 7 (closed)');
  });

  it('changes a document nobody has open, and refuses a server change the kind finds invalid', async () => {
    const name = newName();
    await server.app.collab.transact(name, (doc) => doc.getText('t').insert(0, 'Seeded by the hub.'), {
      kind: 'server',
      reason: 'seed',
    });
    await expect(
      server.app.collab.transact(name, (doc) => doc.getText('t').insert(0, 'x'.repeat(MAX_CHARS)), {
        kind: 'server',
        reason: 'too much',
      }),
    ).rejects.toBeInstanceOf(RefusedUpdateError);
    const doc = await storedDoc(server.app.models, name);
    expect(doc.getText('t').toString()).toBe('Seeded by the hub.');
    expect(Y.encodeStateAsUpdate(doc).length).toBeGreaterThan(0);
  });
});
