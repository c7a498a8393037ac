import * as Y from 'yjs';
import { planIntro, planPriorities, planTitle } from '../../shared/plans/doc.js';

/** What one update changed: which priorities, and whether the plan's title or introduction. */
export interface Touched {
  priorities: Set<string>;
  plan: boolean;
}

/**
 * Finds what an already applied update touched, by looking up each of its items
 * (and each item it deleted) in the document and walking up to the priority that
 * holds it. Items a garbage collection already removed are skipped.
 */
export function touchedBy(doc: Y.Doc, update: Uint8Array): Touched {
  const touched: Touched = { priorities: new Set(), plan: false };
  const priorities = planPriorities(doc);
  const roots = new Set<unknown>([planTitle(doc), planIntro(doc)]);
  const classify = (id: Y.ID) => {
    let item: Y.Item | null;
    try {
      const struct = Y.getItem(doc.store, id);
      item = struct instanceof Y.Item ? struct : null;
    } catch {
      return;
    }
    while (item) {
      const parent = item.parent;
      if (parent === priorities) {
        if (item.parentSub) touched.priorities.add(item.parentSub);
        return;
      }
      if (roots.has(parent)) {
        touched.plan = true;
        return;
      }
      item = parent instanceof Y.AbstractType ? parent._item : null;
    }
  };
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return touched;
  }
  for (const struct of decoded.structs) if (struct instanceof Y.Item) classify(struct.id);
  for (const [client, deletes] of decoded.ds.clients) for (const d of deletes) classify(Y.createID(client, d.clock));
  return touched;
}
