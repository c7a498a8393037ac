import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { hashPassword } from '../auth/password.js';
import type { Models } from '../models.js';
import type { Logger } from '../logger.js';
import { MENA_DOC, WB_DOC, WB_THREAD } from './content.js';

/** Printed at start; the demo network is seeded only into an empty database. */
export const DEMO_PASSWORD = 'roundtable-demo';

export const DEMO_USERS = {
  admin: {
    email: 'admin@demo.roundtable',
    name: 'Nadia Rahman',
    title: 'Hub staff',
    language: 'en',
    isAdmin: true,
    color: '#7c3aed',
  },
  ana: {
    email: 'ana@demo.roundtable',
    name: 'Ana Kovač',
    title: 'Deputy Mayor',
    language: 'en',
    isAdmin: false,
    color: '#0f766e',
  },
  amir: {
    email: 'amir@demo.roundtable',
    name: 'Amir Hodžić',
    title: 'Hub staff',
    language: 'en',
    isAdmin: false,
    color: '#15803d',
  },
  elena: {
    email: 'elena@demo.roundtable',
    name: 'Елена Петровска',
    title: 'Practitioner',
    language: 'en',
    isAdmin: false,
    color: '#c2410c',
  },
  youssef: {
    email: 'youssef@demo.roundtable',
    name: 'يوسف بنعلي',
    title: 'Mayor',
    language: 'ar',
    isAdmin: false,
    color: '#1d4ed8',
  },
  leila: {
    email: 'leila@demo.roundtable',
    name: 'ليلى خوري',
    title: 'Practitioner',
    language: 'ar',
    isAdmin: false,
    color: '#be185d',
  },
} as const;
export type DemoUserKey = keyof typeof DEMO_USERS;

/** What each demo account can show, printed at start so people know whom to sign in as. */
export const DEMO_ROLES: Record<string, string> = {
  'amir@demo.roundtable': ', Western Balkans hub team (invites, manages the region)',
  'ana@demo.roundtable': ', chairs the Western Balkans advisory group',
  'elena@demo.roundtable': ', member of the Western Balkans advisory group',
  'leila@demo.roundtable': ', observer in Western Balkans, member in MENA',
  'youssef@demo.roundtable': ', chairs the MENA advisory group',
};

export interface DemoSeedResult {
  users: Record<DemoUserKey, string>;
  rooms: { westernBalkans: string; mena: string; steering: string };
}

/** Seeds a small, real-looking network into an empty database; does nothing otherwise. */
export async function seedDemo(
  models: Models,
  logger: Logger,
  writeDocument: (documentName: string, update: Uint8Array) => Promise<void>,
): Promise<DemoSeedResult | null> {
  if ((await models.User.estimatedDocumentCount()) > 0 || (await models.Room.estimatedDocumentCount()) > 0) return null;

  const [wb, mena, esa] = await models.Hub.create([
    { slug: 'western-balkans', name: 'Western Balkans' },
    { slug: 'mena', name: 'Middle East & North Africa' },
    { slug: 'east-southern-africa', name: 'East & Southern Africa' },
    { slug: 'west-africa', name: 'West Africa' },
    { slug: 'south-asia', name: 'South Asia' },
    { slug: 'southeast-asia', name: 'Southeast Asia' },
  ]);
  const cities = await models.City.create([
    { name: 'Куманово', nameLatin: 'Kumanovo', country: 'North Macedonia', hubId: wb!._id },
    { name: 'Tuzla', nameLatin: 'Tuzla', country: 'Bosnia and Herzegovina', hubId: wb!._id },
    { name: 'مراكش', nameLatin: 'Marrakesh', country: 'Morocco', hubId: mena!._id },
    { name: 'صيدا', nameLatin: 'Saida', country: 'Lebanon', hubId: mena!._id },
    { name: 'Mombasa', nameLatin: 'Mombasa', country: 'Kenya', hubId: esa!._id },
  ]);
  const cityOf: Record<DemoUserKey, (typeof cities)[number] | null> = {
    admin: null,
    amir: cities[1]!,
    ana: cities[1]!,
    elena: cities[0]!,
    youssef: cities[2]!,
    leila: cities[3]!,
  };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = {} as Record<DemoUserKey, string>;
  for (const [key, u] of Object.entries(DEMO_USERS) as [DemoUserKey, (typeof DEMO_USERS)[DemoUserKey]][]) {
    const user = await models.User.create({ ...u, passwordHash, cityId: cityOf[key]?._id ?? null });
    users[key] = String(user._id);
  }

  const [wbGroup, menaGroup, steering, wbTeam] = await models.Group.create([
    { name: 'Western Balkans Regional Advisory Group', kind: 'advisory_group', hubId: wb!._id },
    { name: 'MENA Regional Advisory Group', kind: 'advisory_group', hubId: mena!._id },
    { name: 'International Steering Committee', kind: 'steering_committee', hubId: null },
    { name: 'Western Balkans hub team', kind: 'hub_team', hubId: wb!._id },
  ]);
  await models.Membership.create([
    { groupId: wbGroup!._id, userId: users.ana, role: 'chair' },
    { groupId: wbGroup!._id, userId: users.elena, role: 'member' },
    { groupId: wbGroup!._id, userId: users.leila, role: 'observer' },
    { groupId: menaGroup!._id, userId: users.youssef, role: 'chair' },
    { groupId: menaGroup!._id, userId: users.leila, role: 'member' },
    { groupId: steering!._id, userId: users.ana, role: 'member' },
    { groupId: steering!._id, userId: users.youssef, role: 'member' },
    { groupId: wbTeam!._id, userId: users.amir, role: 'member' },
  ]);

  const [wbRoom, menaRoom, steeringRoom] = await models.Room.create([
    {
      title: WB_DOC.title,
      groupId: wbGroup!._id,
      hubId: wb!._id,
      languages: ['en', 'sq', 'bs', 'mk', 'ar'],
      documentName: `room-${randomUUID()}`,
    },
    {
      title: MENA_DOC.title,
      groupId: menaGroup!._id,
      hubId: mena!._id,
      languages: ['ar', 'fr'],
      documentName: `room-${randomUUID()}`,
    },
    {
      title: 'Steering committee — 2026 H1 action plan',
      groupId: steering!._id,
      hubId: null,
      languages: ['en', 'fr', 'ar'],
      documentName: `room-${randomUUID()}`,
    },
  ]);

  // through the sync server, like any other change to a document
  await writeDocument(wbRoom!.documentName, westernBalkansDocument());
  await writeDocument(menaRoom!.documentName, menaDocument());

  for (const [i, m] of WB_THREAD.entries()) {
    const author = DEMO_USERS[m.author as DemoUserKey];
    await models.Message.create({
      roomId: wbRoom!._id,
      clientId: randomUUID(),
      authorId: users[m.author as DemoUserKey],
      authorName: author.name,
      body: m.body,
      createdAt: new Date(Date.now() - (WB_THREAD.length - i) * 60_000),
    });
  }
  logger.info('seeded the demo network');
  return {
    users,
    rooms: { westernBalkans: String(wbRoom!._id), mena: String(menaRoom!._id), steering: String(steeringRoom!._id) },
  };
}

/** A ProseMirror-shaped Yjs fragment, as the TipTap collaboration extension stores it. */
type Block = ['heading', number, string] | ['paragraph', string] | ['bulletList', string[]];

function buildDocument(blocks: Block[]): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('default');
  // Each element joins the document before it gets children, as y-prosemirror builds them.
  const element = (parent: Y.XmlFragment | Y.XmlElement, name: string) => {
    const el = new Y.XmlElement(name);
    parent.push([el]);
    return el;
  };
  const text = (parent: Y.XmlElement, value: string) => parent.push([new Y.XmlText(value)]);
  doc.transact(() => {
    for (const block of blocks) {
      if (block[0] === 'heading') {
        const h = element(fragment, 'heading');
        h.setAttribute('level', block[1] as unknown as string); // y-prosemirror keeps attribute values as given
        text(h, block[2]);
      } else if (block[0] === 'paragraph') {
        text(element(fragment, 'paragraph'), block[1]);
      } else {
        const list = element(fragment, 'bulletList');
        for (const item of block[1]) text(element(element(list, 'listItem'), 'paragraph'), item);
      }
    }
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

export function westernBalkansDocument(): Uint8Array {
  return buildDocument([
    ['paragraph', WB_DOC.intro],
    ['heading', 2, 'Draft priorities'],
    ['bulletList', WB_DOC.priorities],
    ['heading', 2, WB_DOC.arabicHeading],
    ['paragraph', WB_DOC.arabic],
    ['heading', 2, WB_DOC.arabicHeading2],
    ['paragraph', WB_DOC.arabic2],
  ]);
}

function menaDocument(): Uint8Array {
  return buildDocument([
    ['heading', 2, MENA_DOC.arabicHeading],
    ['paragraph', MENA_DOC.arabic],
  ]);
}
