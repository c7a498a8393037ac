import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addPriority,
  deletePriority,
  movePriority,
  orderedPriorityIds,
  planPriorities,
  priorityMap,
  readPlan,
  setCities,
  setPriorityTitle,
  undeletePriority,
  updateField,
} from './doc.js';
import { DEFAULT_PLAN_CAPS, PLAN_REFUSALS, validatePlanDoc } from './validate.js';

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};
const CITY = 'aaaaaaaaaaaaaaaaaaaaaaaa';

describe('the plan document', () => {
  it('adds, edits, moves and deletes priorities, and reads them in order', () => {
    const doc = new Y.Doc();
    const a = addPriority(doc, { kind: 'training', title: 'National–local cooperation', description: 'one\ntwo' });
    const b = addPriority(doc, { kind: 'advocacy', title: 'Youth councils', position: 'start' });
    const c = addPriority(doc, { kind: 'partnerships', title: 'Community action teams', position: { after: b } });
    expect(orderedPriorityIds(doc)).toEqual([b, c, a]);
    movePriority(doc, a, { before: b });
    updateField(doc, c, 'status', 'agreed');
    setPriorityTitle(doc, c, 'Community action teams (Kumanovo)');
    setCities(doc, c, [CITY]);
    deletePriority(doc, b);
    const plan = readPlan(doc);
    expect(plan.priorities.map((p) => p.id)).toEqual([a, c]);
    expect(plan.priorities[0]).toMatchObject({ kind: 'training', description: 'one\ntwo', status: 'proposed' });
    expect(plan.priorities[1]).toMatchObject({
      title: 'Community action teams (Kumanovo)',
      status: 'agreed',
      cities: [CITY],
    });
    undeletePriority(doc, b);
    expect(orderedPriorityIds(doc)).toEqual([a, b, c]);
    expect(validatePlanDoc(doc)).toBeNull();
  });

  it('two people moving the same priority and editing it at once converge without duplicates', () => {
    const one = new Y.Doc();
    const ids = ['p1', 'p2', 'p3'].map((id) => addPriority(one, { id, kind: 'training', title: id }));
    const two = new Y.Doc();
    sync(one, two);
    movePriority(one, 'p3', 'start');
    movePriority(two, 'p3', { after: 'p1' });
    setPriorityTitle(one, 'p3', 'p3 — youth');
    deletePriority(two, 'p2');
    setPriorityTitle(one, 'p2', 'p2 edited while deleted');
    sync(one, two);
    expect(readPlan(one)).toEqual(readPlan(two));
    expect(orderedPriorityIds(one).sort()).toEqual(['p1', 'p3']);
    // the deleted priority kept the concurrent edit: restoring it brings it back whole
    undeletePriority(one, 'p2');
    expect(readPlan(one).priorities.find((p) => p.id === 'p2')?.title).toBe('p2 edited while deleted');
    expect(ids).toHaveLength(3);
  });

  it('inserting between two tied keys re-spaces them instead of failing', () => {
    const one = new Y.Doc();
    const two = new Y.Doc();
    addPriority(one, { id: 'a', kind: 'training' });
    addPriority(two, { id: 'b', kind: 'training' });
    sync(one, two);
    expect(priorityMap(one, 'a')?.get('order')).toBe(priorityMap(one, 'b')?.get('order'));
    addPriority(one, { id: 'c', kind: 'advocacy', position: { after: 'a' } });
    expect(orderedPriorityIds(one)).toEqual(['a', 'c', 'b']);
    expect(validatePlanDoc(one)).toBeNull();
  });

  it('the validator refuses what breaks the schema or the caps', () => {
    const doc = new Y.Doc();
    const id = addPriority(doc, { kind: 'training', title: 'ok' });
    expect(validatePlanDoc(doc)).toBeNull();
    const caps = { ...DEFAULT_PLAN_CAPS, maxDescriptionChars: 10, maxPriorities: 1 };
    addPriority(doc, { kind: 'advocacy' });
    expect(validatePlanDoc(doc, caps)).toBe(PLAN_REFUSALS.tooManyPriorities);
    const small = new Y.Doc();
    addPriority(small, { kind: 'training', description: 'more than ten characters' });
    expect(validatePlanDoc(small, caps)).toBe(PLAN_REFUSALS.descriptionTooLong);
    priorityMap(doc, id)!.set('kind', 'bogus');
    expect(validatePlanDoc(doc)).toBe(PLAN_REFUSALS.malformed);
    const stray = new Y.Doc();
    stray.getText('default').insert(0, 'x');
    expect(validatePlanDoc(stray)).toBe(PLAN_REFUSALS.malformed);
    const half = new Y.Doc();
    planPriorities(half).set('x', new Y.Map());
    expect(validatePlanDoc(half)).toBe(PLAN_REFUSALS.malformed);
  });
});
