import type { PersonalData } from '../accounts/personalData.js';
import type { RoomModels } from './room.model.js';

/** The roundtables a person was invited into as a guest. */
export function roomsPersonalData(models: RoomModels): PersonalData {
  return {
    key: 'guestOf',
    async export(userId) {
      const rows = await models.RoomGuest.find({ userId }).sort({ _id: 1 }).lean();
      return rows.map((r) => ({ roomId: String(r.roomId) }));
    },
    async onAccountDeleted(person) {
      await models.RoomGuest.deleteMany({ userId: person.id });
    },
  };
}
