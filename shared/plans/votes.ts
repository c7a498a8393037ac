import * as Y from 'yjs';
import { z } from 'zod';

/**
 * A dot-vote's result as a roundtable wrote it onto the plan (the `votes` root, one
 * entry per roundtable poll, keyed `<roundtableId>:<pollId>`). Only the server writes
 * these (through the document's `transact`); clients read them to show each priority's
 * votes. An entry is a plain value, replaced whole, so it never half-merges.
 */
export const planVoteResultSchema = z
  .object({
    roundtableId: z.string().regex(/^[a-f0-9]{24}$/),
    roundtable: z.string().max(200),
    question: z.string().max(300),
    /** ISO time the poll closed. */
    at: z.string().max(40),
    voters: z.number().int().min(0),
    /** Dots per priority id. */
    dots: z.record(z.string().max(64), z.number().int().min(0)),
  })
  .strict();
export type PlanVoteResult = z.infer<typeof planVoteResultSchema>;

/** Most vote results one plan keeps. */
export const MAX_PLAN_VOTES = 500;

export const planVotes = (doc: Y.Doc) => doc.getMap<unknown>('votes');

export function voteKey(roundtableId: string, pollId: string): string {
  return `${roundtableId}:${pollId}`;
}

/** Every vote result on the plan, oldest first. */
export function readVotes(doc: Y.Doc): (PlanVoteResult & { key: string })[] {
  const out: (PlanVoteResult & { key: string })[] = [];
  for (const [key, value] of planVotes(doc).entries()) {
    const parsed = planVoteResultSchema.safeParse(value);
    if (parsed.success) out.push({ key, ...parsed.data });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
}

/** The votes a priority received, one line per roundtable poll. */
export function votesFor(results: readonly PlanVoteResult[], priorityId: string) {
  return results
    .filter((r) => (r.dots[priorityId] ?? 0) > 0)
    .map((r) => ({ roundtable: r.roundtable, question: r.question, at: r.at, dots: r.dots[priorityId]! }));
}

/** Whether the `votes` root holds anything but valid results (validation of a candidate state). */
export function votesProblem(doc: Y.Doc): boolean {
  const votes = planVotes(doc);
  if (votes.size > MAX_PLAN_VOTES) return true;
  for (const value of votes.values()) {
    if (value instanceof Y.AbstractType) return true;
    if (!planVoteResultSchema.safeParse(value).success) return true;
  }
  return false;
}

/** Writes (or rewrites) one poll's result: the server calls this inside the plan's `transact`. */
export function writeVoteResult(doc: Y.Doc, key: string, result: PlanVoteResult): void {
  planVotes(doc).set(key, result);
}
