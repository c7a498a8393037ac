import { createEvent } from 'ics';
import { instantToZoned } from '../../shared/roundtables/time.js';
import type { RoundtableRecord } from './roundtable.model.js';

/**
 * The roundtable as an iCalendar event. Times are written in UTC (`…Z`), which every
 * calendar shows in its owner's zone; the organiser's own wall-clock time and zone are in
 * the description. The UID is stable and SEQUENCE grows with each change of time, so a
 * calendar replaces the earlier invite instead of adding a second one.
 */
export function roundtableIcs(roundtable: RoundtableRecord, pageUrl: string, host: string): string {
  const organiserTime = `${instantToZoned(roundtable.startsAt, roundtable.timeZone).replace('T', ' ')} (${roundtable.timeZone})`;
  const agenda = roundtable.agenda.map(
    (item, i) => `${i + 1}. ${item.title} — ${item.minutes}′${item.presenter ? ` — ${item.presenter}` : ''}`,
  );
  const description = [organiserTime, ...agenda, roundtable.callUrl, pageUrl].filter(Boolean).join('\n');
  const { error, value } = createEvent({
    productId: 'roundtable/ics',
    method: 'PUBLISH',
    uid: `roundtable-${String(roundtable._id)}@${host}`,
    sequence: roundtable.sequence,
    title: roundtable.title,
    description,
    url: pageUrl,
    ...(roundtable.callUrl ? { location: roundtable.callUrl } : {}),
    start: roundtable.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: roundtable.durationMinutes },
    lastModified: roundtable.updatedAt.getTime(),
  });
  if (error || !value) throw error ?? new Error('could not write the invite');
  return value;
}
