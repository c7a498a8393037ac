import * as Y from 'yjs';
import { planIntro, planPriorities, planTitle, setText } from '../../shared/plans/doc.js';

const SCALARS = ['kind', 'status', 'owner', 'target', 'order', 'carriedFrom'] as const;

/** Makes `fragment` hold a copy of `source`'s content (only if they differ). */
export function copyFragment(fragment: Y.XmlFragment, source: Y.XmlFragment): void {
  if (fragment.toString() === source.toString()) return;
  if (fragment.length > 0) fragment.delete(0, fragment.length);
  fragment.insert(
    0,
    source.toArray().map((node) => (node as Y.XmlElement | Y.XmlText).clone()),
  );
}

/** A new priority map holding a copy of `source` (for a priority the current document never had). */
function copyPriority(target: Y.Map<unknown>, source: Y.Map<unknown>): void {
  for (const key of SCALARS) {
    const value = source.get(key);
    if (typeof value === 'string') target.set(key, value);
  }
  const title = source.get('title');
  target.set('title', new Y.Text(title instanceof Y.Text ? title.toString() : ''));
  const description = new Y.XmlFragment();
  target.set('description', description);
  const from = source.get('description');
  if (from instanceof Y.XmlFragment) copyFragment(description, from);
  const cities = new Y.Map<true>();
  target.set('cities', cities);
  const fromCities = source.get('cities');
  if (fromCities instanceof Y.Map) for (const city of fromCities.keys()) cities.set(city, true);
}

/**
 * Edits `doc` (inside the caller's transaction) until its content equals `version`'s:
 * titles and descriptions replaced where they differ, fields set, priorities added
 * since tombstoned, priorities deleted since brought back. A new change on top of
 * the history, never a rewrite of it; `meta` is left alone.
 */
export function restoreContent(doc: Y.Doc, version: Y.Doc): void {
  setText(doc, planTitle(doc), planTitle(version).toString());
  copyFragment(planIntro(doc), planIntro(version));
  const current = planPriorities(doc);
  const wanted = planPriorities(version);
  current.forEach((map, id) => {
    const old = wanted.get(id);
    const shouldBeDeleted = !(old instanceof Y.Map) || old.get('deleted') === true;
    if (shouldBeDeleted && map.get('deleted') !== true) map.set('deleted', true);
  });
  wanted.forEach((old, id) => {
    if (!(old instanceof Y.Map) || old.get('deleted') === true) return;
    let map = current.get(id);
    if (!(map instanceof Y.Map)) {
      map = new Y.Map<unknown>();
      current.set(id, map);
      copyPriority(map, old);
      return;
    }
    const target = map;
    for (const key of SCALARS) {
      const value = old.get(key);
      if (typeof value === 'string' && target.get(key) !== value) target.set(key, value);
      else if (value === undefined && target.has(key) && key === 'carriedFrom') target.delete(key);
    }
    if (target.get('deleted') === true) target.delete('deleted');
    const title = target.get('title');
    const oldTitle = old.get('title');
    if (title instanceof Y.Text && oldTitle instanceof Y.Text) setText(doc, title, oldTitle.toString());
    const description = target.get('description');
    const oldDescription = old.get('description');
    if (description instanceof Y.XmlFragment && oldDescription instanceof Y.XmlFragment)
      copyFragment(description, oldDescription);
    const cities = target.get('cities');
    const oldCities = old.get('cities');
    if (cities instanceof Y.Map && oldCities instanceof Y.Map) {
      for (const city of [...cities.keys()]) if (!oldCities.has(city)) cities.delete(city);
      for (const city of oldCities.keys()) if (!cities.has(city)) cities.set(city, true);
    }
  });
}

/** A priority copied from another plan (carry-over): same content, a new id, a link back. */
export function carryPriority(doc: Y.Doc, source: Y.Map<unknown>, id: string, carriedFrom: string): void {
  const map = new Y.Map<unknown>();
  planPriorities(doc).set(id, map);
  copyPriority(map, source);
  map.set('carriedFrom', carriedFrom);
}

/** A document holding a stored state. */
export function docFrom(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}
