import { Types } from 'mongoose';
import type { MessagePage, MessageView, ThreadHistoryQuery, ThreadPostPayload } from '../../shared/schemas/threads.js';
import type { ThreadModels as Models } from './message.model.js';
import { conflict } from '../errors.js';
import type { Actor } from '../policy/policy.js';
import type { RoomRecord } from '../rooms/room.model.js';

interface MessageRecord {
  _id: Types.ObjectId;
  roomId: Types.ObjectId;
  clientId: string;
  authorId: Types.ObjectId;
  authorName: string;
  body: string;
  createdAt: Date;
}

function toView(m: MessageRecord): MessageView {
  return {
    id: String(m._id),
    roomId: String(m.roomId),
    clientId: m.clientId,
    author: { id: String(m.authorId), name: m.authorName },
    body: m.body,
    createdAt: m.createdAt.toISOString(),
  };
}

export class ThreadsService {
  constructor(private readonly models: Models) {}

  /**
   * Stores a message once per `clientId`: a retried post returns the stored
   * message instead of a duplicate. `created` tells the caller whether to broadcast.
   */
  async post(
    actor: Actor,
    room: RoomRecord,
    input: ThreadPostPayload,
  ): Promise<{ message: MessageView; created: boolean }> {
    try {
      const doc = await this.models.Message.create({
        roomId: room._id,
        clientId: input.clientId,
        authorId: actor.id,
        authorName: actor.name,
        body: input.body,
      });
      return { message: toView(doc.toObject() as MessageRecord), created: true };
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      const existing = await this.models.Message.findOne({
        roomId: input.roomId,
        clientId: input.clientId,
      }).lean<MessageRecord>();
      if (!existing || String(existing.authorId) !== actor.id)
        throw conflict('This message id is already taken.').because('message_id_taken');
      return { message: toView(existing), created: false };
    }
  }

  /** Newest first, `limit` at a time, older pages addressed by the oldest id the client holds. */
  async history(room: RoomRecord, input: ThreadHistoryQuery): Promise<MessagePage> {
    const filter: Record<string, unknown> = { roomId: room._id };
    if (input.before) filter._id = { $lt: new Types.ObjectId(input.before) };
    const rows = await this.models.Message.find(filter)
      .sort({ _id: -1 })
      .limit(input.limit + 1)
      .lean<MessageRecord[]>();
    return { messages: rows.slice(0, input.limit).map(toView), hasMore: rows.length > input.limit };
  }
}
