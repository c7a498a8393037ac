import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import { newClientId } from '../ids.js';
import type { PlanStatus, PriorityKind, PriorityStatus } from './schemas.js';

/**
 * The plan's Yjs document (docs/plans.md is the schema). Root types only, so no
 * client ever has to create a shared type that another client could create too:
 *
 * - `meta`       Y.Map   planId, groupId, period, status — written by the server only
 * - `title`      Y.Text  the plan's title
 * - `intro`      Y.XmlFragment  the introduction (TipTap / y-prosemirror, `Collaboration.configure({ fragment })`)
 * - `priorities` Y.Map<priorityId, Y.Map> — see PriorityKey
 * - `votes`      Y.Map<key, PlanVoteResult> — dot-vote results from roundtables, written by the server only (votes.ts)
 *
 * A priority is one Y.Map, created whole in one transaction with all its nested
 * types, and never replaced: concurrent edits of different fields merge, a field
 * changed by two people keeps one value (last writer), text merges character by
 * character. Its place is a fractional-indexing key (`order`), ties broken by id,
 * so concurrent moves never duplicate a priority. Deleting sets `deleted: true`
 * (a tombstone): a concurrent edit is kept inside the hidden priority — nothing is
 * half-resurrected and no text is lost; restoring a version can bring it back whole.
 */
export const PLAN_ROOTS = ['meta', 'title', 'intro', 'priorities', 'votes'] as const;

/** The keys of a priority's Y.Map and what each holds. */
export interface PriorityKeys {
  kind: PriorityKind;
  /** Y.Text */
  title: Y.Text;
  /** Y.XmlFragment (TipTap: `Collaboration.configure({ fragment })`) */
  description: Y.XmlFragment;
  status: PriorityStatus;
  /** A user id, or '' for nobody. */
  owner: string;
  /** `2026-Q2`, `2026-05-31` or ''. */
  target: string;
  /** Y.Map<cityId, true>: a set, so two people linking the same city link it once. */
  cities: Y.Map<true>;
  /** fractional-indexing key; the list sorts by (order, id). */
  order: string;
  /** `<planId>:<priorityId>` of the earlier plan's priority this was carried over from. */
  carriedFrom?: string;
  /** Tombstone: a deleted priority stays in the map, hidden. */
  deleted?: boolean;
}
export type PriorityKey = keyof PriorityKeys;
export const REQUIRED_PRIORITY_KEYS = ['kind', 'title', 'description', 'status', 'order'] as const;
export const PRIORITY_KEYS: readonly PriorityKey[] = [
  'kind',
  'title',
  'description',
  'status',
  'owner',
  'target',
  'cities',
  'order',
  'carriedFrom',
  'deleted',
];
/** The plain fields `updateField` sets (title, description and cities have their own functions). */
export type ScalarField = 'kind' | 'status' | 'owner' | 'target';

export interface PlanMeta {
  planId?: string;
  groupId?: string;
  period?: string;
  status?: PlanStatus;
}

export interface PriorityState {
  id: string;
  kind: PriorityKind;
  title: string;
  /** Plain text: blocks separated by '\n'. */
  description: string;
  status: PriorityStatus;
  owner: string;
  target: string;
  cities: string[];
  order: string;
  carriedFrom: string | null;
  deleted: boolean;
}

export interface PlanState {
  meta: PlanMeta;
  title: string;
  intro: string;
  /** In order; without deleted ones unless asked. */
  priorities: PriorityState[];
}

/** Where to put a priority: before or after another one, or at either end. */
export type Position = { before: string } | { after: string } | 'start' | 'end';

export interface PriorityInit {
  /** Default: a random v4 UUID (works on plain http too, unlike crypto.randomUUID). */
  id?: string;
  kind: PriorityKind;
  title?: string;
  /** Plain text; each line becomes a paragraph. */
  description?: string;
  status?: PriorityStatus;
  owner?: string;
  target?: string;
  cities?: string[];
  carriedFrom?: string | null;
  /** Default: 'end'. */
  position?: Position;
}

export const planMeta = (doc: Y.Doc) => doc.getMap<string>('meta');
export const planTitle = (doc: Y.Doc) => doc.getText('title');
export const planIntro = (doc: Y.Doc) => doc.getXmlFragment('intro');
export const planPriorities = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('priorities');

/** A priority's Y.Map (e.g. to bind its `title` Y.Text and `description` fragment to editors). */
export function priorityMap(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  const value = planPriorities(doc).get(id);
  return value instanceof Y.Map ? value : undefined;
}

/** Adds a priority, whole, in one transaction; returns its id. */
export function addPriority(doc: Y.Doc, init: PriorityInit, origin?: unknown): string {
  const id = init.id ?? newClientId();
  doc.transact(() => {
    const order = keyFor(doc, init.position ?? 'end', id);
    const p = new Y.Map<unknown>();
    planPriorities(doc).set(id, p);
    p.set('kind', init.kind);
    p.set('title', new Y.Text(init.title ?? ''));
    const description = new Y.XmlFragment();
    p.set('description', description);
    writeParagraphs(description, init.description ?? '');
    p.set('status', init.status ?? 'proposed');
    p.set('owner', init.owner ?? '');
    p.set('target', init.target ?? '');
    const cities = new Y.Map<true>();
    p.set('cities', cities);
    for (const city of init.cities ?? []) cities.set(city, true);
    p.set('order', order);
    if (init.carriedFrom) p.set('carriedFrom', init.carriedFrom);
  }, origin);
  return id;
}

/** Sets one plain field of a priority (kind, status, owner, target). No-op for an unknown id. */
export function updateField(doc: Y.Doc, id: string, field: ScalarField, value: string, origin?: unknown): void {
  const p = priorityMap(doc, id);
  if (!p || p.get(field) === value) return;
  doc.transact(() => p.set(field, value), origin);
}

/** Replaces a Y.Text's content by the smallest edit (common prefix and suffix kept), so concurrent typing merges. */
export function setText(doc: Y.Doc, text: Y.Text, value: string, origin?: unknown): void {
  const old = text.toString();
  if (old === value) return;
  let start = 0;
  while (start < old.length && start < value.length && old[start] === value[start]) start++;
  let end = 0;
  while (
    end < old.length - start &&
    end < value.length - start &&
    old[old.length - 1 - end] === value[value.length - 1 - end]
  )
    end++;
  doc.transact(() => {
    text.delete(start, old.length - start - end);
    text.insert(start, value.slice(start, value.length - end));
  }, origin);
}

/** Sets a priority's title (smallest edit). */
export function setPriorityTitle(doc: Y.Doc, id: string, value: string, origin?: unknown): void {
  const title = priorityMap(doc, id)?.get('title');
  if (title instanceof Y.Text) setText(doc, title, value, origin);
}

/** Links or unlinks cities (a set: only the difference is written). */
export function setCities(doc: Y.Doc, id: string, cityIds: readonly string[], origin?: unknown): void {
  const cities = priorityMap(doc, id)?.get('cities');
  if (!(cities instanceof Y.Map)) return;
  const wanted = new Set(cityIds);
  doc.transact(() => {
    for (const city of [...cities.keys()]) if (!wanted.has(city)) cities.delete(city);
    for (const city of wanted) if (!cities.has(city)) cities.set(city, true);
  }, origin);
}

/** Moves a priority: only its own `order` key changes (plus a re-spacing of tied keys, if any). */
export function movePriority(doc: Y.Doc, id: string, position: Position, origin?: unknown): void {
  const p = priorityMap(doc, id);
  if (!p) return;
  doc.transact(() => p.set('order', keyFor(doc, position, id)), origin);
}

/** Deletes a priority (tombstone; see the module comment). */
export function deletePriority(doc: Y.Doc, id: string, origin?: unknown): void {
  const p = priorityMap(doc, id);
  if (!p || p.get('deleted') === true) return;
  doc.transact(() => p.set('deleted', true), origin);
}

/** Brings a deleted priority back, with everything written in it. */
export function undeletePriority(doc: Y.Doc, id: string, origin?: unknown): void {
  const p = priorityMap(doc, id);
  if (!p || p.get('deleted') !== true) return;
  doc.transact(() => p.delete('deleted'), origin);
}

interface Ordered {
  id: string;
  order: string;
  map: Y.Map<unknown>;
}

function byOrder(a: { id: string; order: string }, b: { id: string; order: string }): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Live priorities sorted by (order, id). */
function ordered(doc: Y.Doc, except?: string): Ordered[] {
  const list: Ordered[] = [];
  planPriorities(doc).forEach((map, id) => {
    if (id === except || !(map instanceof Y.Map) || map.get('deleted') === true) return;
    const order = map.get('order');
    list.push({ id, order: typeof order === 'string' ? order : '', map });
  });
  return list.sort(byOrder);
}

/** Ids of the live priorities, in order. */
export function orderedPriorityIds(doc: Y.Doc): string[] {
  return ordered(doc).map((p) => p.id);
}

/** A key for `position` among the other priorities; re-spaces a run of tied keys it must fit into. */
function keyFor(doc: Y.Doc, position: Position, self: string): string {
  const list = ordered(doc, self);
  let index: number;
  if (position === 'start') index = 0;
  else if (position === 'end') index = list.length;
  else if ('before' in position) {
    const i = list.findIndex((p) => p.id === position.before);
    index = i < 0 ? list.length : i;
  } else {
    const i = list.findIndex((p) => p.id === position.after);
    index = i < 0 ? list.length : i + 1;
  }
  const prev = list[index - 1];
  const next = list[index];
  if (prev && next && prev.order >= next.order) respace(list, prev.order);
  return generateKeyBetween(prev?.order || null, next?.order || null);
}

/** Gives every priority of a tied run but the first a distinct key between the tie and the next key. */
function respace(list: Ordered[], tied: string): void {
  const first = list.findIndex((p) => p.order === tied);
  let last = first;
  while (list[last + 1]?.order === tied) last++;
  const keys = generateNKeysBetween(tied, list[last + 1]?.order ?? null, last - first);
  for (let i = first + 1; i <= last; i++) {
    const p = list[i]!;
    p.order = keys[i - first - 1]!;
    p.map.set('order', p.order);
  }
}

/** Appends paragraphs (one per line) to a fragment, as y-prosemirror builds them. */
export function writeParagraphs(fragment: Y.XmlFragment, text: string): void {
  if (!text) return;
  for (const line of text.split('\n')) {
    const paragraph = new Y.XmlElement('paragraph');
    fragment.push([paragraph]);
    if (line) paragraph.push([new Y.XmlText(line)]);
  }
}

const BLOCKS = new Set(['paragraph', 'heading', 'listItem', 'blockquote', 'codeBlock', 'bulletList', 'orderedList']);

/** A fragment's text: each block on its own line. */
export function fragmentText(fragment: Y.XmlFragment | Y.XmlElement): string {
  const lines: string[] = [];
  let line = '';
  const walk = (node: Y.XmlFragment | Y.XmlElement | Y.XmlText | Y.XmlHook) => {
    if (node instanceof Y.XmlText) {
      line += node
        .toDelta()
        .map((d: { insert?: unknown }) => (typeof d.insert === 'string' ? d.insert : ''))
        .join('');
      return;
    }
    if (node instanceof Y.XmlHook) return;
    const block = node instanceof Y.XmlElement && BLOCKS.has(node.nodeName);
    for (const child of node.toArray()) walk(child as Y.XmlElement | Y.XmlText);
    if (block && line) {
      lines.push(line);
      line = '';
    }
  };
  walk(fragment);
  if (line) lines.push(line);
  return lines.join('\n');
}

/** Characters of text in a fragment (what the 50,000-character cap counts), without building strings. */
export function fragmentLength(node: Y.XmlFragment | Y.XmlElement): number {
  let n = 0;
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) n += child.length;
    else if (child instanceof Y.XmlElement) n += fragmentLength(child);
  }
  return n;
}

function readPriority(id: string, p: Y.Map<unknown>): PriorityState {
  const str = (key: string) => {
    const v = p.get(key);
    return typeof v === 'string' ? v : '';
  };
  const title = p.get('title');
  const description = p.get('description');
  const cities = p.get('cities');
  return {
    id,
    kind: str('kind') as PriorityKind,
    title: title instanceof Y.Text ? title.toString() : '',
    description: description instanceof Y.XmlFragment ? fragmentText(description) : '',
    status: str('status') as PriorityStatus,
    owner: str('owner'),
    target: str('target'),
    cities: cities instanceof Y.Map ? [...cities.keys()].sort() : [],
    order: str('order'),
    carriedFrom: str('carriedFrom') || null,
    deleted: p.get('deleted') === true,
  };
}

/** The plan as plain data: title, intro text, priorities in order (deleted ones only if asked). */
export function readPlan(doc: Y.Doc, options: { includeDeleted?: boolean } = {}): PlanState {
  const priorities: PriorityState[] = [];
  planPriorities(doc).forEach((map, id) => {
    if (!(map instanceof Y.Map)) return;
    const p = readPriority(id, map);
    if (!p.deleted || options.includeDeleted) priorities.push(p);
  });
  priorities.sort(byOrder);
  const meta = planMeta(doc).toJSON() as PlanMeta;
  return { meta, title: planTitle(doc).toString(), intro: fragmentText(planIntro(doc)), priorities };
}
