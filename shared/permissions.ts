/**
 * The actions the policy decides, named `<kind>.<verb>`. Views carry the
 * viewer's abilities on a resource (`Abilities<'room'>` = `{ read, comment, … }`),
 * derived by the server from its permission table; the client never guesses them.
 */
export const ACTIONS = [
  'room.read',
  'room.comment',
  'room.edit',
  'room.invite',
  'group.read',
  'group.manage',
  'group.setCap',
  'group.invite',
  'group.createRoom',
  'group.audit',
  'group.startPlan',
  'group.scheduleRoundtable',
  'plan.read',
  'plan.edit',
  'plan.setStatus',
  'roundtable.read',
  'roundtable.participate',
  'roundtable.facilitate',
  'roundtable.manage',
  'roundtable.editNotes',
  'roundtable.invite',
  'thread.read',
  'thread.comment',
  'thread.moderate',
  'thread.resolve',
  'thread.translate',
  'thread.addTranslation',
  'thread.reportTranslation',
  'thread.correctTranslation',
  'hub.manage',
  'platform.manage',
] as const;

export type Action = (typeof ACTIONS)[number];
export type ScopeKind = 'room' | 'group' | 'plan' | 'roundtable' | 'thread' | 'hub' | 'platform';

/** `{ verb: boolean }` for every action of one kind of resource. */
export type Abilities<K extends ScopeKind> = {
  [A in Action as A extends `${K}.${infer Verb}` ? Verb : never]: boolean;
};
