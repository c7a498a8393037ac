import type { PersonalData } from '../accounts/personalData.js';
import type { LiveSessions, SessionId } from './live.js';
import type { LiveRecord } from './liveState.js';
import type { RoundtableModels } from './roundtable.model.js';

/**
 * What roundtables hold of a person: RSVPs, and in live sessions their visits, questions,
 * ballots and place in a queue. A deleted account leaves no name behind (it reads "former
 * member"); an erasure also removes the questions they wrote.
 */
export function roundtablesPersonalData(models: RoundtableModels, live: LiveSessions): PersonalData {
  /** Every session whose stored state mentions the person (ids are 24 hex digits: no regex syntax). */
  const sessionsOf = async (userId: string): Promise<SessionId[]> => {
    const rows = await models.LiveSession.find({ state: { $regex: userId } })
      .select('key')
      .lean();
    return rows.map((r) => {
      const [roundtableId = '', session = '0'] = r.key.split(':');
      return { roundtableId, session: Number(session) };
    });
  };
  const forget = (record: LiveRecord, userId: string, erase: boolean): number => {
    for (const a of record.attendance) if (a.userId === userId) a.name = '';
    for (const q of record.queue) if (q.userId === userId) q.name = '';
    if (record.speaker?.userId === userId) record.speaker.name = '';
    const before = record.questions.length;
    if (erase) record.questions = record.questions.filter((q) => q.author.id !== userId);
    else for (const q of record.questions) if (q.author.id === userId) q.author.name = '';
    return before - record.questions.length;
  };
  return {
    key: 'roundtables',
    async export(userId) {
      const rsvps = await models.RoundtableRsvp.find({ userId }).sort({ _id: 1 }).lean();
      const sessions = [];
      for (const id of await sessionsOf(userId)) {
        const record = await live.record(id);
        sessions.push({
          ...id,
          visits: record.attendance
            .filter((a) => a.userId === userId)
            .map(({ from, to, language }) => ({ from, to, language })),
          questions: record.questions.filter((q) => q.author.id === userId).map(({ text, at }) => ({ text, at })),
          ballots: record.polls.flatMap((p) =>
            p.ballots[userId] ? [{ question: p.question, ballot: p.ballots[userId] }] : [],
          ),
        });
      }
      return { rsvps: rsvps.map((r) => ({ roundtableId: String(r.roundtableId), answer: r.answer })), sessions };
    },
    async onAccountDeleted(person) {
      await models.RoundtableRsvp.deleteMany({ userId: person.id });
      await models.Roundtable.updateMany({}, { $pull: { facilitators: person.id, invitees: person.id } });
      for (const id of await sessionsOf(person.id))
        await live.change(id, (record) => void forget(record, person.id, false));
    },
    async erase(userId) {
      let erased = 0;
      for (const id of await sessionsOf(userId))
        erased += await live.change(id, (record) => forget(record, userId, true));
      return erased;
    },
  };
}
