import type { Ack } from '../../shared/errors.js';
import type { LiveState, RoundtableView } from '../../shared/roundtables/schemas.js';
import type { Models } from '../../server/models.js';
import { api } from './api.js';
import { connectSocket, login, request, type ClientSocket } from './clients.js';
import { buildUser } from './factories.js';
import { scheduleBody } from './roundtableMatrix.js';

export async function scheduleRoundtable(
  url: string,
  cookie: string,
  groupId: string,
  body: Record<string, unknown>,
): Promise<RoundtableView> {
  const reply = await api<{ roundtable: RoundtableView }>(url, 'POST', `/api/groups/${groupId}/roundtables`, {
    cookie,
    body: { ...scheduleBody(null), ...body },
  });
  if (reply.status !== 201) throw new Error(`could not schedule: ${JSON.stringify(reply.body)}`);
  return reply.body.roundtable;
}

/** A socket in a roundtable session, and every state it was sent. */
export interface Participant {
  socket: ClientSocket;
  states: LiveState[];
  joined: LiveState;
  latest(): LiveState;
  send<T = null>(event: Parameters<typeof request>[1], payload: Record<string, unknown>): Promise<T>;
  refused(event: Parameters<typeof request>[1], payload: Record<string, unknown>): Promise<string>;
}

export async function joinSession(
  url: string,
  cookie: string,
  roundtableId: string,
  session = 0,
): Promise<Participant> {
  const socket = await connectSocket(url, cookie);
  const states: LiveState[] = [];
  socket.on('roundtable:state', (s) => states.push(s));
  const ids = { roundtableId, session };
  const ack = (await request(socket, 'roundtable:join', ids)) as Ack<LiveState>;
  if (!ack.ok) throw new Error(`join refused: ${ack.error.code}`);
  const joined = ack.data;
  return {
    socket,
    states,
    joined,
    latest: () => states.at(-1) ?? joined,
    async send<T>(event: Parameters<typeof request>[1], payload: Record<string, unknown>) {
      const reply = (await request(socket, event, { ...ids, ...payload })) as Ack<T>;
      if (!reply.ok) throw new Error(`${event} refused: ${reply.error.code} ${reply.error.message}`);
      return reply.data;
    },
    async refused(event: Parameters<typeof request>[1], payload: Record<string, unknown>) {
      const reply = await request(socket, event, { ...ids, ...payload });
      if (reply.ok) throw new Error(`${event} was accepted`);
      return reply.error.code;
    },
  };
}

/** Members of a group, each signed in. */
export async function buildMembers(
  models: Models,
  url: string,
  groupId: string,
  count: number,
  prefix = 'Participant',
) {
  const people = [];
  for (let i = 0; i < count; i++) {
    const user = await buildUser(models, { name: `${prefix} ${i + 1}` });
    await models.Membership.create({ groupId, userId: user.id, role: 'member' });
    people.push({ ...user, cookie: await login(url, user) });
  }
  return people;
}
