import { planThreadsChannel, roomChannel, threadChannel } from '../../shared/events.js';
import type { ReactionView, ResolvedEvent } from '../../shared/schemas/threads.js';
import type { IoServer } from '../realtime/io.js';
import type { MessageRecord, ThreadModels, ThreadRecord } from './message.model.js';
import { countOf } from './threads.service.js';
import { messageView, reactionsOf } from './views.js';

export type MessageEventName =
  'thread:posted' | 'thread:edited' | 'thread:deleted' | 'thread:reacted' | 'thread:hidden' | 'thread:pinned';

/**
 * Sends thread changes to everyone in the thread's channel (the sender too: its event stream
 * is what its catch-up cursor follows). A hidden message goes out with its text only to its
 * author and the thread's moderators; everyone else gets it withheld. Socket.IO sends one copy
 * to a socket that is in several of the target channels.
 */
export class ThreadBroadcaster {
  /** Per socket, the threads it opened as a moderator. */
  private readonly moderating = new Map<string, Set<string>>();

  constructor(
    private readonly io: () => IoServer,
    private readonly models: ThreadModels,
  ) {}

  opened(socketId: string, threadId: string, moderates: boolean): void {
    const set = this.moderating.get(socketId) ?? new Set<string>();
    if (moderates) set.add(threadId);
    else set.delete(threadId);
    this.moderating.set(socketId, set);
  }

  forget(socketId: string): void {
    this.moderating.delete(socketId);
  }

  /** `reactions` may be given when known (a new message has none). */
  async message(event: MessageEventName, m: MessageRecord, known?: ReactionView[]): Promise<void> {
    const threadId = String(m.threadId);
    // a room's chat also reaches sockets that joined the room (older clients, other tabs of the room page)
    const channel = [threadChannel(threadId), ...(m.roomId ? [roomChannel(String(m.roomId))] : [])];
    const reactions = known ?? (await reactionsOf(this.models, [m._id])).get(String(m._id)) ?? [];
    const emit = (target: ReturnType<IoServer['to']>, payload: ReturnType<typeof messageView>) =>
      (target.emit as (e: MessageEventName, p: typeof payload) => boolean)(event, payload);
    const plain = messageView(m, reactions, { userId: '', moderates: false });
    if (!m.hiddenAt) {
      emit(this.io().to(channel), plain);
      return;
    }
    const full = messageView(m, reactions, { userId: String(m.authorId), moderates: true });
    const sockets = await this.io().in(channel).fetchSockets();
    const fullIds = sockets
      .filter((s) => s.data.actor?.id === String(m.authorId) || this.moderating.get(s.id)?.has(threadId))
      .map((s) => s.id);
    emit(this.io().to(channel).except(fullIds), plain);
    if (fullIds.length > 0) emit(this.io().to(fullIds), full);
  }

  typing(socketId: string, t: ThreadRecord, person: { id: string; name: string }): void {
    const channels = [threadChannel(String(t._id)), ...(t.roomId ? [roomChannel(String(t.roomId))] : [])];
    this.io()
      .to(channels)
      .except(socketId)
      .emit('thread:typing', { threadId: String(t._id), person });
  }

  resolved(event: ResolvedEvent): void {
    this.io().to(threadChannel(event.threadId)).emit('thread:resolved', event);
  }

  /** A priority's count or unresolved state, to everyone watching its plan. */
  counts(t: ThreadRecord): void {
    if (!t.planId || !t.priorityId) return;
    const planId = String(t.planId);
    this.io()
      .to(planThreadsChannel(planId))
      .emit('thread:counts', { planId, priorityId: t.priorityId, ...countOf(t) });
  }
}
