import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_EVENTS } from '../../shared/events.js';
import { REST_RULES, SOCKET_RULES, COLLAB_RULES, type RestRoute } from '../../server/policy/rules.js';
import { unpackRecord } from '../../server/collab/store.js';
import {
  connectProvider,
  connectSocket,
  eventually,
  request,
  waitForSync,
  type ClientSocket,
} from '../helpers/clients.js';
import { buildThreadMatrixWorld, threadEventPayloads } from '../helpers/threadMatrix.js';
import { DOCUMENT_PROBES, buildPlanMatrixWorld } from '../helpers/planMatrix.js';
import { buildRoundtableMatrixWorld, roundtableEventPayloads } from '../helpers/roundtableMatrix.js';
import { startServer } from '../helpers/server.js';
import {
  buildWorld,
  ctx,
  cookieFor,
  expected,
  FIXTURES,
  holds,
  PERSONAS,
  ROLES_ON,
  type Outcome,
} from './authorizationWorld.js';

beforeAll(async () => {
  ctx.server = await startServer();
  ctx.world = await buildWorld();
  Object.assign(ctx.world, await buildPlanMatrixWorld(ctx.server.url, (await cookieFor('admin'))!, ctx.world.groupId));
  Object.assign(
    ctx.world,
    await buildThreadMatrixWorld(ctx.server, await adminSocket(), ctx.world.planId, ctx.world.planDocument),
  );
  Object.assign(
    ctx.world,
    await buildRoundtableMatrixWorld(ctx.server.url, (await cookieFor('admin'))!, ctx.world.groupId, ctx.world.planId),
  );
});
let admin: ClientSocket | undefined;
async function adminSocket(): Promise<ClientSocket> {
  return (admin ??= await connectSocket(ctx.server.url, await cookieFor('admin')));
}
afterAll(() => admin?.disconnect());
afterAll(() => ctx.server?.close());

describe('the policy tables cover every channel', () => {
  it('every registered REST route has a rule, and every rule a registered route and a fixture here', () => {
    expect([...ctx.server.app.routes].sort()).toEqual(Object.keys(REST_RULES).sort());
    expect(Object.keys(FIXTURES).sort()).toEqual(Object.keys(REST_RULES).sort());
  });
  it('every client event has a rule', () => {
    expect([...CLIENT_EVENTS].sort()).toEqual(Object.keys(SOCKET_RULES).sort());
  });
  it('a path that is not a registered route is a 404, whoever asks', async () => {
    const res = await fetch(`${ctx.server.url}/api/rooms/${ctx.world.roomId}/secrets`, {
      headers: { cookie: (await cookieFor('admin'))! },
    });
    expect(res.status).toBe(404);
  });
});

describe.each(Object.keys(REST_RULES) as RestRoute[])('REST %s', (key) => {
  const [method, template] = key.split(' ') as [string, string];
  it.each(PERSONAS)('as %s', async (persona) => {
    const fixture = FIXTURES[key];
    const { path, body } = await fixture.build(ctx.world);
    expect(path.split('/').length).toBe(template.split('/').length);
    const cookie = await cookieFor(persona, fixture.caller);
    const headers: Record<string, string> = {};
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${ctx.server.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const want = expected(persona, REST_RULES[key]);
    const text = await res.text();
    if (want === 'allowed') expect(res.status, text).toBeGreaterThanOrEqual(200);
    if (want === 'allowed') expect(res.status, text).toBeLessThan(300);
    else expect(res.status, text).toBe(want);
  });
});

const EVENT_PAYLOADS: Record<keyof typeof SOCKET_RULES, (socket: ClientSocket) => Promise<unknown>> = {
  'room:join': async () => ({ roomId: ctx.world.roomId }),
  'room:leave': async () => ({ roomId: ctx.world.roomId }),
  ...threadEventPayloads(() => ctx.world, adminSocket),
  ...roundtableEventPayloads(() => ctx.world, adminSocket),
};
const ACK_CODE: Record<Exclude<Outcome, 'allowed'>, string> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
};

describe('guessing ids', () => {
  it("another group's room answers exactly like a room that does not exist, on every channel", async () => {
    const m = ctx.server.app.models;
    const other = await m.Group.create({ name: 'MENA Regional Advisory Group', kind: 'advisory_group', hubId: null });
    const room = await m.Room.create({
      title: 'MENA roundtable',
      groupId: other._id,
      languages: ['ar'],
      documentName: `room-${randomUUID()}`,
    });
    const cookie = await cookieFor('member');
    for (const id of [String(room._id), String(new Types.ObjectId())]) {
      const res = await fetch(`${ctx.server.url}/api/rooms/${id}`, { headers: { cookie: cookie! } });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'Room not found.' } });
    }
    const socket = await connectSocket(ctx.server.url, cookie);
    // a room's chat, by the room's id: the same answer as for a room that does not exist
    for (const id of [String(room._id), String(new Types.ObjectId())]) {
      expect(await request(socket, 'thread:history', { roomId: id })).toEqual({
        ok: false,
        error: { code: 'not_found', message: 'Thread not found.' },
      });
    }
    socket.disconnect();
  });
});

describe('Socket.IO events', () => {
  it('refuses an anonymous connection', async () => {
    await expect(connectSocket(ctx.server.url, undefined)).rejects.toThrow('unauthenticated');
  });
  it.each(PERSONAS.filter((p) => p !== 'anonymous'))('as %s', async (persona) => {
    const socket = await connectSocket(ctx.server.url, await cookieFor(persona));
    try {
      for (const event of CLIENT_EVENTS) {
        const ack = await request(socket, event, await EVENT_PAYLOADS[event](socket));
        const want = expected(persona, SOCKET_RULES[event]);
        if (want === 'allowed') expect(ack, event).toMatchObject({ ok: true });
        else expect(ack, event).toMatchObject({ ok: false, error: { code: ACK_CODE[want] } });
      }
    } finally {
      socket.disconnect();
    }
  });
});

/** Which scope a document kind's roles come from: a roundtable's notes take the roundtable's. */
const DOCUMENT_SCOPE = { room: 'room', plan: 'plan', notes: 'roundtable' } as const;
const DOCUMENT_OF = {
  room: () => ctx.world.documentName,
  plan: () => ctx.world.planDocument,
  notes: () => ctx.world.notesDocument,
};

describe.each(['room', 'plan', 'notes'] as const)('Yjs sync endpoint: %s documents', (kind) => {
  const probe = DOCUMENT_PROBES[kind === 'notes' ? 'room' : kind];
  it.each(PERSONAS)('as %s', async (persona) => {
    const roles = ROLES_ON[persona][DOCUMENT_SCOPE[kind]];
    const rule = COLLAB_RULES[kind];
    const canRead = persona !== 'anonymous' && holds(roles, rule.connect);
    const canWrite = canRead && holds(roles, rule.write);
    const documentName = DOCUMENT_OF[kind]();
    const witness = connectProvider(ctx.server.url, documentName, await cookieFor('admin'));
    await waitForSync(witness.provider);
    const client = connectProvider(ctx.server.url, documentName, await cookieFor(persona));
    try {
      if (!canRead) {
        const status = await new Promise<number>((resolve) => {
          client.provider.ws?.addEventListener('error', () => undefined);
          (
            client.provider.ws as unknown as {
              once(e: string, f: (req: unknown, res: { statusCode: number }) => void): void;
            }
          )?.once('unexpected-response', (_req, res) => resolve(res.statusCode));
        });
        expect(status).toBe(persona === 'anonymous' ? 401 : 404);
        return;
      }
      await waitForSync(client.provider);
      const mark = `${persona} wrote this ${randomUUID()}`;
      probe.write(client.doc, mark);
      if (canWrite) {
        await eventually(() => expect(probe.read(witness.doc)).toContain(mark));
      } else {
        // a forged update from a reader: give it time to arrive, then check it went nowhere
        const witnessMark = `admin probe ${randomUUID()}`;
        probe.write(witness.doc, witnessMark);
        await eventually(() => expect(probe.read(client.doc)).toContain(witnessMark));
        await new Promise((r) => setTimeout(r, 200));
        expect(probe.read(witness.doc)).not.toContain(mark);
        await ctx.server.app.journal?.flushAll(); // everything the server stored, journaled or not
        const stored = await ctx.server.app.models.DocUpdate.find({ doc: documentName }).lean();
        const bytes = stored.flatMap((record) => unpackRecord(record).updates.map((u) => Buffer.from(u)));
        expect(bytes.some((u) => u.includes(Buffer.from(mark)))).toBe(false);
      }
    } finally {
      client.provider.destroy();
      witness.provider.destroy();
    }
  });
});
