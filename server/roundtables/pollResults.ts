import { readPlan } from '../../shared/plans/doc.js';
import { voteKey, writeVoteResult } from '../../shared/plans/votes.js';
import { ROUNDTABLE_CAPS } from '../../shared/roundtables/schemas.js';
import type { CollabServer } from '../collab/server.js';
import { badRequest } from '../errors.js';
import type { Logger } from '../logger.js';
import type { PlanGuard } from '../plans/collab.js';
import type { PlanModels, PlanRecord } from '../plans/plan.model.js';
import { docFrom } from '../plans/restore.js';
import type { LiveSessions, SessionId } from './live.js';
import type { RoundtableRecord } from './roundtable.model.js';

/** Dot votes over the linked plan's priorities: the options come from the plan, the result goes back onto it. */
export class PollResults {
  constructor(
    private readonly models: Pick<PlanModels, 'Plan'>,
    private readonly collab: Pick<CollabServer, 'state'>,
    private readonly guard: PlanGuard,
    private readonly live: LiveSessions,
    private readonly logger: Logger,
  ) {}

  private async plan(roundtable: RoundtableRecord): Promise<PlanRecord> {
    const plan = roundtable.planId ? await this.models.Plan.findById(roundtable.planId).lean<PlanRecord>() : null;
    if (!plan) throw badRequest('A dot vote needs the action plan this roundtable feeds.');
    return plan;
  }

  /** The plan's priorities now, in order: one option each. */
  async priorityOptions(roundtable: RoundtableRecord): Promise<{ id: string; label: string }[]> {
    const doc = docFrom(await this.collab.state((await this.plan(roundtable)).documentName));
    try {
      const options = readPlan(doc).priorities.map((p) => ({ id: p.id, label: p.title.slice(0, 200) || '—' }));
      if (options.length > ROUNDTABLE_CAPS.pollOptions * 5) options.length = ROUNDTABLE_CAPS.pollOptions * 5;
      return options;
    } finally {
      doc.destroy();
    }
  }

  /**
   * Writes a closed dot vote's result onto the plan through the plan's guard (the server's
   * `transact`): stored, then broadcast to everyone holding the plan. Writing it again
   * (a retried close) sets the same value under the same key.
   */
  async writeBack(roundtable: RoundtableRecord, id: SessionId, pollId: string): Promise<void> {
    const poll = (await this.live.record(id)).polls.find((p) => p.id === pollId);
    if (!poll || poll.kind !== 'dots' || poll.status !== 'closed' || !poll.result) return;
    const plan = await this.plan(roundtable);
    const result = {
      roundtableId: String(roundtable._id),
      roundtable: roundtable.title,
      question: poll.question,
      at: poll.closedAt ?? new Date().toISOString(),
      voters: Object.keys(poll.ballots).length,
      dots: Object.fromEntries(Object.entries(poll.result).filter(([, n]) => n > 0)),
    };
    await this.guard.write(
      plan.documentName,
      (doc) => writeVoteResult(doc, voteKey(result.roundtableId, pollId), result),
      {
        kind: 'server',
        reason: 'roundtable vote',
      },
    );
    this.logger.info(
      { roundtableId: result.roundtableId, pollId, planId: String(plan._id) },
      'dot vote written to the plan',
    );
  }
}
