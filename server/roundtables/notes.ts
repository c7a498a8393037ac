import type { DocumentKind } from '../collab/kinds.js';
import { batchedLookup } from '../db/batch.js';
import { notFound } from '../errors.js';
import type { Policy } from '../policy/policy.js';
import { COLLAB_RULES } from '../policy/rules.js';
import type { RoundtableModels, RoundtableRecord } from './roundtable.model.js';
import { roundtableResourceIds, roundtableScope } from './scope.js';

/**
 * A roundtable session's live notes (`notes-<uuid>`): whoever may read the roundtable reads
 * them; facilitators and participants edit them, observers only read (`roundtable.editNotes`).
 */
export function notesDocumentKind(policy: Policy, models: RoundtableModels): DocumentKind {
  const rule = COLLAB_RULES.notes;
  // read fresh on every upgrade (never cached), but a burst of upgrades shares one query
  const roundtableOf = batchedLookup(async (names: readonly string[]) => {
    const found = await models.Roundtable.find({ 'sessions.notesDocument': { $in: names } }).lean<RoundtableRecord[]>();
    const byName = new Map<string, RoundtableRecord>();
    for (const roundtable of found)
      for (const s of roundtable.sessions) if (s.notesDocument) byName.set(s.notesDocument, roundtable);
    return byName;
  });
  return {
    prefix: 'notes',
    async authorize(actor, documentName) {
      const roundtable = await roundtableOf(documentName);
      if (!roundtable) throw notFound('Document');
      const roles = await policy.authorize(actor, rule.connect, roundtableScope(roundtable), 'remembered');
      return { canWrite: policy.can(roles, rule.write), resourceIds: roundtableResourceIds(roundtable) };
    },
  };
}
