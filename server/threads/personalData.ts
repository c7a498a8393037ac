import type { PersonalData } from '../accounts/personalData.js';
import type { ThreadModels } from './message.model.js';

/** A person's messages: exported; kept as "former member" on deletion; deleted on erasure. */
export function threadsPersonalData(models: ThreadModels): PersonalData {
  return {
    key: 'messages',
    async export(userId) {
      const messages = await models.Message.find({ authorId: userId }).sort({ _id: 1 }).lean();
      return messages.map((m) => ({
        id: String(m._id),
        roomId: String(m.roomId),
        body: m.body,
        createdAt: m.createdAt.toISOString(),
      }));
    },
    async onAccountDeleted(person) {
      await models.Message.updateMany({ authorId: person.id }, { $set: { authorName: '' } });
    },
    async erase(userId) {
      const { deletedCount } = await models.Message.deleteMany({ authorId: userId });
      return deletedCount;
    },
  };
}
