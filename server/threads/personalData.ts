import type { PersonalData } from '../accounts/personalData.js';
import type { Types } from 'mongoose';
import type { ThreadModels } from './message.model.js';

import type { WrittenMessage } from './search.js';

/**
 * A person's messages: exported; kept as "former member" on deletion; deleted on erasure.
 * `changed` hears which messages were written here and how (the cache and the blocks drop their copies,
 * search takes the name out or the entries away); `erased` gets the ids of erased messages (their
 * translations go too).
 */
export function threadsPersonalData(
  models: ThreadModels,
  changed: (messages: WrittenMessage[], how: 'renamed' | 'erased') => Promise<void> | void = () => undefined,
  erased: (messageIds: Types.ObjectId[]) => Promise<void> = async () => undefined,
): PersonalData {
  return {
    key: 'messages',
    async export(userId) {
      const messages = await models.Message.find({ authorId: userId }).sort({ _id: 1 }).lean();
      return messages.map((m) => ({
        id: String(m._id),
        threadId: m.threadId ? String(m.threadId) : null,
        roomId: m.roomId ? String(m.roomId) : null,
        body: m.body,
        language: m.language,
        createdAt: m.createdAt.toISOString(),
        editedAt: m.editedAt ? m.editedAt.toISOString() : null,
      }));
    },
    async onAccountDeleted(person) {
      const written = await models.Message.find({ authorId: person.id })
        .select('threadId seq deletedAt')
        .lean<WrittenMessage[]>();
      await models.Message.updateMany({ authorId: person.id }, { $set: { authorName: '' } });
      await changed(written, 'renamed');
    },
    async erase(userId) {
      const written = await models.Message.find({ authorId: userId })
        .select('_id threadId seq')
        .lean<(WrittenMessage & { _id: Types.ObjectId })[]>();
      const ids = written.map((m) => m._id);
      await models.MessageVersion.deleteMany({ messageId: { $in: ids } });
      await models.Reaction.deleteMany({ userId });
      await models.ReadMarker.deleteMany({ userId });
      await models.Notification.deleteMany({ userId });
      const { deletedCount } = await models.Message.deleteMany({ authorId: userId });
      await changed(written, 'erased');
      await erased(ids);
      return deletedCount;
    },
  };
}
