import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { ThreadModels } from '../../server/threads/message.model.js';
import { ThreadPages } from '../../server/threads/pages.js';
import { normalizeForSearch } from '../../shared/threads/normalize.js';

/**
 * Makes a thread long as months of discussion would: `count` messages by one author written
 * straight into the database after the thread's last seq (`body(i)` for the i-th, from 1), then
 * its pages, blocks and search documents built as a start-up does (`ThreadPages.build`).
 */
export async function lengthenThread(
  models: ThreadModels,
  threadId: Types.ObjectId | string,
  author: { id: string; name: string },
  count: number,
  body: (i: number) => string,
): Promise<void> {
  const thread = (await models.Thread.findById(threadId).lean())!;
  const docs = [];
  for (let i = 1; i <= count; i++) {
    const text = body(i);
    docs.push({
      threadId: thread._id,
      roomId: thread.roomId,
      clientId: randomUUID(),
      authorId: new Types.ObjectId(author.id),
      authorName: author.name,
      body: text,
      search: normalizeForSearch(text),
      language: 'en',
      seq: thread.seq + i,
      changeSeq: thread.seq + i,
      createdAt: new Date(Date.now() - (count - i) * 60_000),
    });
  }
  for (let i = 0; i < docs.length; i += 1000) await models.Message.insertMany(docs.slice(i, i + 1000));
  await models.Thread.updateOne({ _id: thread._id }, { $inc: { seq: count, count } });
  await new ThreadPages(models).build(thread._id);
}
