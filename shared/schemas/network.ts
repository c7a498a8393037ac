import { z } from 'zod';
import { UI_LANGUAGES } from '../languages.js';
import type { Abilities } from '../permissions.js';
import { objectIdSchema } from './common.js';

export const GROUP_KINDS = ['steering_committee', 'advisory_group', 'hub_team', 'working_group'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];
export const MEMBERSHIP_ROLES = ['chair', 'member', 'observer'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

/** Default member caps; an admin can change a group's cap. `null` = no cap. */
export const DEFAULT_GROUP_CAPS: Record<GroupKind, number | null> = {
  steering_committee: 25,
  advisory_group: 8,
  hub_team: null,
  working_group: null,
};

export const PERSON_TITLES = ['Mayor', 'Deputy Mayor', 'Practitioner', 'Hub staff', 'Facilitator', 'Partner'] as const;

const name = z.string().trim().min(1).max(120);

export const hubBodySchema = z.object({
  name,
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{2,60}$/, 'lowercase letters, digits and dashes'),
});
export const hubPatchSchema = hubBodySchema.partial();

export const cityBodySchema = z.object({
  name,
  nameLatin: name,
  country: z.string().trim().min(1).max(80),
  hubId: objectIdSchema,
});
export const cityPatchSchema = cityBodySchema.partial();

export const groupBodySchema = z.object({
  name: z.string().trim().min(1).max(160),
  kind: z.enum(GROUP_KINDS),
  hubId: objectIdSchema.nullable().default(null),
  cap: z.number().int().min(1).max(1000).nullable().optional(),
});
export const groupPatchSchema = z.object({
  name: z.string().trim().min(1).max(160).optional(),
  cap: z.number().int().min(1).max(1000).nullable().optional(),
});

export const memberRoleSchema = z.object({ role: z.enum(MEMBERSHIP_ROLES) });

export const profilePatchSchema = z.object({
  name: name.optional(),
  title: z.string().trim().max(120).optional(),
  language: z.enum(UI_LANGUAGES).optional(),
  cityId: objectIdSchema.nullable().optional(),
});

export interface HubView {
  id: string;
  slug: string;
  name: string;
}
export interface CityView {
  id: string;
  name: string;
  nameLatin: string;
  country: string;
  hubId: string;
}
export interface PersonView {
  id: string;
  name: string;
  title: string;
  cityId: string | null;
  language: string;
}
export interface MemberView extends PersonView {
  role: MembershipRole;
}
export interface GroupSummary {
  id: string;
  name: string;
  kind: GroupKind;
  hubId: string | null;
  cap: number | null;
  memberCount: number;
}
export interface GroupView extends GroupSummary {
  hub: HubView | null;
  members: MemberView[];
  rooms: { id: string; title: string }[];
  /** What the viewer may do with this group, derived by the server from its permission table. */
  abilities: Abilities<'group'>;
}
export interface DirectoryView {
  hubs: HubView[];
  cities: CityView[];
  /** People the viewer may see: those sharing a group, or all of a hub for its staff, or all for admins. */
  people: PersonView[];
}
