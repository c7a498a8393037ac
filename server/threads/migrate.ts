import type { Types } from 'mongoose';
import { normalizeForSearch } from '../../shared/threads/normalize.js';
import type { Logger } from '../logger.js';
import type { AuthModels } from '../auth/models.js';
import type { ThreadModels, ThreadRecord } from './message.model.js';
import { ThreadPages } from './pages.js';
import type { ThreadReader } from './threads.service.js';

const BATCH = 500;

/**
 * Gives messages from before threads had subjects (a `roomId`, no `threadId`) their room's
 * thread, in their original order, with sequence numbers and a search field. Runs at start,
 * before the server listens; idempotent (only messages without a thread are touched).
 */
export async function migrateRoomMessages(models: ThreadModels, reader: ThreadReader, logger: Logger) {
  const roomIds = (await models.Message.distinct('roomId', { threadId: null })) as (Types.ObjectId | null)[];
  let moved = 0;
  const pages = new ThreadPages(models);
  for (const roomId of roomIds) {
    if (!roomId) continue;
    const thread = await reader.ensure({ kind: 'room', roomId: String(roomId) }, `room:${String(roomId)}`);
    for (;;) {
      const batch = await models.Message.find({ roomId, threadId: null })
        .sort({ _id: 1 })
        .limit(BATCH)
        .lean<{ _id: Types.ObjectId; body: string; deletedAt?: Date | null }[]>();
      if (batch.length === 0) break;
      const t = (await models.Thread.findOneAndUpdate(
        { _id: thread._id },
        { $inc: { seq: batch.length, count: batch.length } },
        { returnDocument: 'after' },
      ).lean<ThreadRecord>())!;
      const first = t.seq - batch.length + 1;
      await pages.recordMany(
        thread._id,
        batch.map((m, i) => [first + i, 'p', m._id]),
      );
      await models.Message.bulkWrite(
        batch.map((m, i) => ({
          updateOne: {
            filter: { _id: m._id, threadId: null },
            update: {
              $set: {
                threadId: thread._id,
                seq: first + i,
                changeSeq: first + i,
                search: normalizeForSearch(m.body),
              },
            },
          },
        })),
      );
      moved += batch.length;
    }
    // its blocks and search documents are written from the messages next (buildMissingPages)
    await models.Thread.updateOne({ _id: thread._id }, { $set: { searchable: false } });
  }
  if (moved > 0) logger.info({ moved, rooms: roomIds.length }, 'room messages moved into their threads');
  return moved;
}

/**
 * Messages from before languages were recorded (`language` empty or missing) get their author's
 * interface language: the same default a new message takes when its author does not choose.
 * A message whose author is gone keeps '' (translated from an automatically detected language).
 * Idempotent; touches only messages without a language.
 */
export async function fillMessageLanguages(
  models: ThreadModels,
  users: Pick<AuthModels, 'User'>,
  logger: Logger,
  changed: (written: { threadId: Types.ObjectId | null; seq: number | null }[]) => Promise<void> = async () => {},
) {
  const unknown = { $or: [{ language: '' }, { language: null }, { language: { $exists: false } }] };
  const authors = (await models.Message.distinct('authorId', unknown)) as Types.ObjectId[];
  let filled = 0;
  for (const authorId of authors) {
    const user = await users.User.findById(authorId).select('language').lean<{ language?: string }>();
    if (!user?.language) continue;
    const written = await models.Message.find({ authorId, ...unknown })
      .select('threadId seq')
      .lean<{ threadId: Types.ObjectId | null; seq: number | null }[]>();
    const result = await models.Message.updateMany({ authorId, ...unknown }, { $set: { language: user.language } });
    filled += result.modifiedCount;
    await changed(written);
  }
  if (filled > 0) logger.info({ filled }, "messages without a language took their author's");
  return filled;
}
