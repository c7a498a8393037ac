import type { Logger } from '../logger.js';
import type { Models } from '../models.js';
import type { Actor } from '../policy/policy.js';
import type { RoundtablesDomain } from '../roundtables/domain.js';
import { instantToZoned } from '../../shared/roundtables/time.js';
import { DEMO_USERS, type DemoSeedResult } from './demo.js';

/**
 * The next Western Balkans roundtable: a week from the seed, 10:00 in Skopje, one session
 * per launch language, feeding the group's 2026 H1 plan.
 */
export async function seedDemoRoundtable(
  roundtables: RoundtablesDomain,
  models: Models,
  demo: DemoSeedResult,
  planId: string,
  logger: Logger,
): Promise<string> {
  const group = await models.Group.findOne({ name: 'Western Balkans Regional Advisory Group' }).lean();
  if (!group) throw new Error('demo group missing');
  const actor: Actor = { id: demo.users.amir, name: DEMO_USERS.amir.name, isAdmin: false };
  const day = instantToZoned(new Date(Date.now() + 7 * 86_400_000), 'Europe/Skopje').slice(0, 10);
  const roundtable = await roundtables.roundtables.schedule(actor, group, {
    title: 'Western Balkans hub: follow-up roundtable on the 2026 H1 priorities',
    start: `${day}T10:00`,
    timeZone: 'Europe/Skopje',
    durationMinutes: 120,
    languages: ['en', 'sq', 'bs', 'mk'],
    agenda: [
      { title: 'Welcome and the hub’s news', minutes: 10, presenter: DEMO_USERS.amir.name },
      { title: 'Community action teams: Kumanovo and Kičevo', minutes: 30, presenter: DEMO_USERS.elena.name },
      { title: 'Which priorities come first? A dot vote', minutes: 30, presenter: DEMO_USERS.ana.name },
      { title: 'Next steps', minutes: 20, presenter: '' },
    ],
    planId,
    callUrl: 'https://meet.jit.si/roundtable-western-balkans-follow-up',
    facilitators: [demo.users.ana],
    invitees: [demo.users.elena, demo.users.leila],
  });
  logger.info('seeded the demo roundtable');
  return String(roundtable._id);
}
