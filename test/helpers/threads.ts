import { randomUUID } from 'node:crypto';
import type { Ack } from '../../shared/errors.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';
import type { MessageView, ThreadOpened, ThreadSubject } from '../../shared/schemas/threads.js';
import { connectSocket, request, type ClientSocket } from './clients.js';

export const MESSAGE_EVENTS = [
  'thread:posted',
  'thread:edited',
  'thread:deleted',
  'thread:reacted',
  'thread:hidden',
  'thread:pinned',
] as const satisfies readonly (keyof ServerToClientEvents)[];

/** Sends an event and answers its data, or throws with the refusal's code. */
export async function ok<T = unknown>(socket: ClientSocket, event: keyof ClientToServerEvents, payload: unknown) {
  const ack = (await request(socket, event, payload)) as Ack<T>;
  if (!ack.ok) throw new Error(`${event} refused: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

/** A person in a thread: a socket that opened it and everything it heard, in order. */
export interface ThreadReader {
  socket: ClientSocket;
  threadId: string;
  opened: ThreadOpened;
  /** Every message event heard: [event name, message]. */
  heard: [string, MessageView][];
  post(body: string, extra?: Record<string, unknown>): Promise<MessageView>;
}

export async function openThread(url: string, cookie: string, subject: ThreadSubject): Promise<ThreadReader> {
  const socket = await connectSocket(url, cookie);
  const heard: [string, MessageView][] = [];
  for (const event of MESSAGE_EVENTS) socket.on(event, (m: MessageView) => heard.push([event, m]));
  const opened = await ok<ThreadOpened>(socket, 'thread:open', { subject });
  const threadId = opened.thread.id;
  return {
    socket,
    threadId,
    opened,
    heard,
    post: (body, extra = {}) =>
      ok<MessageView>(socket, 'thread:post', { threadId, body, clientId: randomUUID(), ...extra }),
  };
}
