import { generateKeyBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import { fragmentLength, PLAN_ROOTS, PRIORITY_KEYS, REQUIRED_PRIORITY_KEYS } from './doc.js';
import { votesProblem } from './votes.js';
import { PRIORITY_KINDS, PRIORITY_STATUSES, priorityIdSchema, targetSchema } from './schemas.js';

/** Limits a plan's document must stay within (the server's are configurable: PLAN_MAX_*). */
export interface PlanCaps {
  /** Live (not deleted) priorities. */
  maxPriorities: number;
  /** Characters of text in one priority's description. */
  maxDescriptionChars: number;
  /** Characters in a priority's or the plan's title. */
  maxTitleChars: number;
  /** Characters of text in the introduction. */
  maxIntroChars: number;
  maxCitiesPerPriority: number;
  /** Priorities including deleted ones (tombstones). */
  maxEntries: number;
  /** Bytes of the whole encoded document; 0 = not checked here. */
  maxDocBytes: number;
}

export const DEFAULT_PLAN_CAPS: PlanCaps = {
  maxPriorities: 500,
  maxDescriptionChars: 50_000,
  maxTitleChars: 300,
  maxIntroChars: 50_000,
  maxCitiesPerPriority: 50,
  maxEntries: 2_000,
  maxDocBytes: 4 * 1024 * 1024,
};

/** Refusal reasons (short: they travel in a WebSocket close reason, "refused: <reason>"). */
export const PLAN_REFUSALS = {
  tooManyPriorities: 'too many priorities',
  descriptionTooLong: 'description too long',
  titleTooLong: 'title too long',
  introTooLong: 'introduction too long',
  tooManyCities: 'too many linked cities',
  documentTooLarge: 'plan document too large',
  malformed: 'not a valid plan',
  adopted: 'plan is adopted (read-only)',
  meta: 'plan status is set by the server',
  votes: 'vote results are written by the server',
} as const;

const OBJECT_ID = /^[a-f0-9]{24}$/;
const CARRIED_FROM = /^[a-f0-9]{24}:[A-Za-z0-9_-]{1,64}$/;
const META_KEYS = new Set(['planId', 'groupId', 'period', 'status']);

function validKey(key: unknown): boolean {
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) return false;
  try {
    generateKeyBetween(key, null);
    return true;
  } catch {
    return false;
  }
}

function priorityProblem(id: string, value: unknown, caps: PlanCaps): string | null {
  if (!priorityIdSchema.safeParse(id).success || !(value instanceof Y.Map)) return PLAN_REFUSALS.malformed;
  const p = value as Y.Map<unknown>;
  for (const key of p.keys()) if (!(PRIORITY_KEYS as readonly string[]).includes(key)) return PLAN_REFUSALS.malformed;
  for (const key of REQUIRED_PRIORITY_KEYS) if (!p.has(key)) return PLAN_REFUSALS.malformed;
  if (!(PRIORITY_KINDS as readonly unknown[]).includes(p.get('kind'))) return PLAN_REFUSALS.malformed;
  if (!(PRIORITY_STATUSES as readonly unknown[]).includes(p.get('status'))) return PLAN_REFUSALS.malformed;
  const title = p.get('title');
  if (!(title instanceof Y.Text)) return PLAN_REFUSALS.malformed;
  if (title.length > caps.maxTitleChars) return PLAN_REFUSALS.titleTooLong;
  const description = p.get('description');
  if (!(description instanceof Y.XmlFragment) || description instanceof Y.XmlElement) return PLAN_REFUSALS.malformed;
  if (fragmentLength(description) > caps.maxDescriptionChars) return PLAN_REFUSALS.descriptionTooLong;
  if (!validKey(p.get('order'))) return PLAN_REFUSALS.malformed;
  const owner = p.get('owner');
  if (owner !== undefined && (typeof owner !== 'string' || (owner !== '' && !OBJECT_ID.test(owner))))
    return PLAN_REFUSALS.malformed;
  const target = p.get('target');
  if (target !== undefined && !targetSchema.safeParse(target).success) return PLAN_REFUSALS.malformed;
  const carriedFrom = p.get('carriedFrom');
  if (carriedFrom !== undefined && (typeof carriedFrom !== 'string' || !CARRIED_FROM.test(carriedFrom)))
    return PLAN_REFUSALS.malformed;
  const deleted = p.get('deleted');
  if (deleted !== undefined && typeof deleted !== 'boolean') return PLAN_REFUSALS.malformed;
  const cities = p.get('cities');
  if (cities !== undefined) {
    if (!(cities instanceof Y.Map)) return PLAN_REFUSALS.malformed;
    if (cities.size > caps.maxCitiesPerPriority) return PLAN_REFUSALS.tooManyCities;
    for (const [city, flag] of cities.entries())
      if (!OBJECT_ID.test(city) || flag !== true) return PLAN_REFUSALS.malformed;
  }
  return null;
}

/**
 * Checks a plan document against its schema (docs/plans.md) and caps; returns a
 * refusal reason or null. Pure: the server runs it on a candidate copy before
 * storing an update; a client may run it to warn before sending.
 */
export function validatePlanDoc(doc: Y.Doc, caps: PlanCaps = DEFAULT_PLAN_CAPS): string | null {
  for (const name of doc.share.keys())
    if (!(PLAN_ROOTS as readonly string[]).includes(name)) return PLAN_REFUSALS.malformed;
  let meta: Y.Map<unknown>, title: Y.Text, intro: Y.XmlFragment, priorities: Y.Map<unknown>;
  try {
    meta = doc.getMap('meta');
    title = doc.getText('title');
    intro = doc.getXmlFragment('intro');
    priorities = doc.getMap('priorities');
  } catch {
    return PLAN_REFUSALS.malformed;
  }
  for (const [key, value] of meta.entries())
    if (!META_KEYS.has(key) || typeof value !== 'string') return PLAN_REFUSALS.meta;
  if (title.length > caps.maxTitleChars) return PLAN_REFUSALS.titleTooLong;
  if (fragmentLength(intro) > caps.maxIntroChars) return PLAN_REFUSALS.introTooLong;
  if (priorities.size > caps.maxEntries) return PLAN_REFUSALS.tooManyPriorities;
  let live = 0;
  for (const [id, value] of priorities.entries()) {
    const problem = priorityProblem(id, value, caps);
    if (problem) return problem;
    if ((value as Y.Map<unknown>).get('deleted') !== true) live++;
  }
  if (live > caps.maxPriorities) return PLAN_REFUSALS.tooManyPriorities;
  if (votesProblem(doc)) return PLAN_REFUSALS.malformed;
  if (caps.maxDocBytes > 0 && Y.encodeStateAsUpdate(doc).length > caps.maxDocBytes)
    return PLAN_REFUSALS.documentTooLarge;
  return null;
}
