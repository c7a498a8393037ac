import { PLAN_STATUSES, type PlanStatus } from './schemas.js';

/** Names the server gives the versions it takes by itself; stored as written, shown translated. */
export const AUTO_VERSION_NAMES = {
  created: 'Started',
  checkpoint: 'Checkpoint',
  status: (status: PlanStatus) => `Moved to ${status}`,
  restore: (name: string) => `Before restoring “${name}”`,
};

export type VersionNameMeaning =
  | { kind: 'created' | 'checkpoint' }
  | { kind: 'status'; status: PlanStatus }
  | { kind: 'restore'; of: VersionNameMeaning }
  | { kind: 'named'; name: string };

/** What a stored version name stands for, so a reader sees the automatic ones in their language. */
export function versionNameMeaning(name: string): VersionNameMeaning {
  if (name === AUTO_VERSION_NAMES.created) return { kind: 'created' };
  if (name === AUTO_VERSION_NAMES.checkpoint) return { kind: 'checkpoint' };
  const status = PLAN_STATUSES.find((s) => name === AUTO_VERSION_NAMES.status(s));
  if (status) return { kind: 'status', status };
  const restore = /^Before restoring “([\s\S]*)”$/.exec(name);
  if (restore) return { kind: 'restore', of: versionNameMeaning(restore[1]!) };
  return { kind: 'named', name };
}
