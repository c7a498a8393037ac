import type { AckCallback } from './errors.js';
import type { PresenceEntry, RoomJoinPayload, RoomView } from './schemas/rooms.js';
import type { MessagePage, MessageView, ThreadHistoryPayload, ThreadPostPayload } from './schemas/threads.js';

/**
 * Socket.IO event maps: requests are imperative (`thread:post`), broadcasts past
 * tense (`thread:posted`). Payloads are typed `unknown` on the server side of the
 * wire until a zod schema has validated them.
 */
export interface ClientToServerEvents {
  'room:join': (payload: RoomJoinPayload, ack: AckCallback<{ room: RoomView; presence: PresenceEntry[] }>) => void;
  'room:leave': (payload: RoomJoinPayload, ack: AckCallback<null>) => void;
  'thread:post': (payload: ThreadPostPayload, ack: AckCallback<MessageView>) => void;
  'thread:history': (payload: ThreadHistoryPayload, ack: AckCallback<MessagePage>) => void;
}

export interface ServerToClientEvents {
  'room:presence': (payload: { roomId: string; presence: PresenceEntry[] }) => void;
  'thread:posted': (payload: MessageView) => void;
  /** Your rights in this room changed (or ended): join again to learn what you may do now. */
  'room:access-changed': (payload: { roomId: string }) => void;
}

export type ClientEventName = keyof ClientToServerEvents;
export const CLIENT_EVENTS = [
  'room:join',
  'room:leave',
  'thread:post',
  'thread:history',
] as const satisfies readonly ClientEventName[];

/** Socket.IO room name for a roundtable room; the one place that format lives. */
export function roomChannel(roomId: string): string {
  return `room:${roomId}`;
}

/** Socket.IO room holding every socket of one person. */
export function userChannel(userId: string): string {
  return `user:${userId}`;
}
