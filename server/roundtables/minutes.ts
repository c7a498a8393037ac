import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { addPriority } from '../../shared/plans/doc.js';
import type { PriorityKind } from '../../shared/plans/schemas.js';
import type { MinutesView } from '../../shared/roundtables/schemas.js';
import { badRequest, notFound } from '../errors.js';
import type { PlanGuard } from '../plans/collab.js';
import { escapeMarkdown, fragmentMarkdown } from '../plans/markdown.js';
import type { CollabServer } from '../collab/server.js';
import type { PlanModels, PlanRecord } from '../plans/plan.model.js';
import type { RoomModels } from '../rooms/room.model.js';
import { formatterFor, translatorFor } from '../platform/i18n.js';
import type { Actor } from '../policy/policy.js';
import type { LiveSessions } from './live.js';
import { visibleQuestions } from './liveState.js';
import type { RoundtableRecord } from './roundtable.model.js';

/** How many of each value, most first; an empty value (no city given) after the named ones. */
function tallyBy(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort(
    (a, b) => b[1] - a[1] || Number(a[0] === '') - Number(b[0] === '') || a[0].localeCompare(b[0]),
  );
}

/** Minutes of a session, from its stored state; and turning a decision into a plan priority. */
export class Minutes {
  constructor(
    private readonly models: Pick<PlanModels, 'Plan'> & Pick<RoomModels, 'Room'>,
    private readonly live: LiveSessions,
    private readonly guard: PlanGuard,
    private readonly collab: Pick<CollabServer, 'state'>,
  ) {}

  /**
   * The session's notes as Markdown: its `notes-…` document, or — on a roundtable scheduled
   * before notes had their own kind — the session room's co-edited document.
   */
  private async notes(session: RoundtableRecord['sessions'][number]): Promise<string> {
    const name =
      session.notesDocument ??
      (await this.models.Room.findById(session.roomId).select('documentName').lean())?.documentName;
    if (!name) return '';
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await this.collab.state(name));
    return fragmentMarkdown(doc.getXmlFragment('default'), 3)
      .filter((block) => block.trim() !== '')
      .join('\n\n');
  }

  async view(roundtable: RoundtableRecord, session: number, facilitate: boolean): Promise<MinutesView> {
    const s = roundtable.sessions[session];
    if (!s) throw notFound('Roundtable');
    const record = await this.live.record({ roundtableId: String(roundtable._id), session });
    const plan = roundtable.planId ? await this.models.Plan.findById(roundtable.planId).lean<PlanRecord>() : null;
    const end = record.closedAt ? Date.parse(record.closedAt) : Date.now();
    const people = new Map<string, MinutesView['attendance'][number]>();
    for (const a of record.attendance) {
      const minutes = (Date.parse(a.to ?? new Date(end).toISOString()) - Date.parse(a.from)) / 60_000;
      const known = people.get(a.userId);
      if (known) {
        known.minutes += minutes;
        known.visits++;
      } else
        people.set(a.userId, {
          userId: a.userId,
          name: a.name,
          role: a.role,
          city: a.city,
          // the session's language; visits stored before attendance recorded it carried the
          // interface language, and every visit in this record was to this session
          language: s.language,
          minutes,
          visits: 1,
        });
    }
    const attendance = [...people.values()]
      .map((p) => ({ ...p, minutes: Math.max(0, Math.round(p.minutes)) }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return {
      roundtableId: String(roundtable._id),
      session,
      language: s.language,
      title: roundtable.title,
      phase: record.phase,
      startsAt: roundtable.startsAt.toISOString(),
      timeZone: roundtable.timeZone,
      openedAt: record.openedAt,
      closedAt: record.closedAt,
      roomId: String(s.roomId),
      notes: await this.notes(s),
      plan: plan ? { id: String(plan._id), period: plan.period } : null,
      attendance,
      byCity: tallyBy(attendance.map((a) => a.city)).map(([city, n]) => ({ city, count: n })),
      byRole: tallyBy(attendance.map((a) => a.role)).map(([role, n]) => ({ role, count: n })),
      byLanguage: await this.byLanguage(roundtable),
      agenda: roundtable.agenda.map((a) => ({ title: a.title, minutes: a.minutes, presenter: a.presenter })),
      decisions: record.decisions,
      questions: visibleQuestions(record),
      polls: record.polls.map((poll) => {
        const result = poll.result ?? {};
        return {
          question: poll.question,
          kind: poll.kind,
          voters: Object.keys(poll.ballots).length,
          results: poll.options
            .map((o) => ({ label: o.label, count: result[o.id] ?? 0 }))
            .sort((a, b) => b.count - a.count),
        };
      }),
      abilities: { facilitate },
    };
  }

  /**
   * People present in each language session of the roundtable (each person once per session),
   * when it has more than one; empty otherwise.
   */
  private async byLanguage(roundtable: RoundtableRecord): Promise<MinutesView['byLanguage']> {
    if (roundtable.sessions.length < 2) return [];
    const rows = [];
    for (const [session, s] of roundtable.sessions.entries()) {
      const record = await this.live.record({ roundtableId: String(roundtable._id), session });
      rows.push({ session, language: s.language, count: new Set(record.attendance.map((a) => a.userId)).size });
    }
    return rows;
  }

  /**
   * Adds the decision to the linked plan as a priority, through the plan's guard (the server's
   * `transact`), and remembers which priority it became: a second call answers the same one.
   */
  async toPriority(
    actor: Actor,
    roundtable: RoundtableRecord,
    input: { session: number; decisionId: string; kind: PriorityKind },
  ): Promise<string> {
    const plan = roundtable.planId ? await this.models.Plan.findById(roundtable.planId).lean<PlanRecord>() : null;
    if (!plan) throw badRequest('This roundtable feeds no action plan.');
    const id = { roundtableId: String(roundtable._id), session: input.session };
    // claim the decision first (stored), so two clicks make one priority
    const claimed = await this.live.change(id, (record) => {
      const decision = record.decisions.find((d) => d.id === input.decisionId);
      if (!decision) throw badRequest('decisionId: no such decision');
      if (decision.priorityId) return { priorityId: decision.priorityId, text: decision.text, fresh: false };
      decision.priorityId = randomUUID();
      return { priorityId: decision.priorityId, text: decision.text, fresh: true };
    });
    if (claimed.fresh)
      await this.guard.write(
        plan.documentName,
        (doc) => void addPriority(doc, { id: claimed.priorityId, kind: input.kind, title: claimed.text.slice(0, 300) }),
        { kind: 'server', reason: 'roundtable decision', actor },
      );
    return claimed.priorityId;
  }
}

/** The minutes as Markdown, labels in the reader's language, people's text escaped. */
export function minutesMarkdown(m: MinutesView, lang: string): string {
  const t = translatorFor(lang);
  const format = formatterFor(lang);
  const date = (iso: string | null) =>
    iso ? format.date(iso, { dateStyle: 'long', timeStyle: 'short', timeZone: m.timeZone }) : '—';
  const role = (r: string) => t(`roles.${r}`, { defaultValue: r });
  const lines = [
    `# ${escapeMarkdown(m.title)}`,
    '',
    `${t('roundtables.minutes.title')} · ${t(`languageNames.${m.language}`)}`,
    '',
    `- ${t('roundtables.minutes.opened')}: ${date(m.openedAt)} (${m.timeZone})`,
    `- ${t('roundtables.minutes.closed')}: ${date(m.closedAt)}`,
    '',
    `## ${t('roundtables.minutes.attendance', { count: m.attendance.length })}`,
    '',
    ...m.attendance.map(
      (a) =>
        `- ${escapeMarkdown(a.name)} — ${role(a.role)}${a.city ? `, ${escapeMarkdown(a.city)}` : ''} (${t('roundtables.time.duration', { minutes: a.minutes })})`,
    ),
    '',
    `### ${t('roundtables.minutes.byCity')}`,
    '',
    ...m.byCity.map((c) => `- ${c.city ? escapeMarkdown(c.city) : t('roundtables.minutes.noCity')}: ${c.count}`),
    '',
    `### ${t('roundtables.minutes.byRole')}`,
    '',
    ...m.byRole.map((r) => `- ${role(r.role)}: ${r.count}`),
    '',
    ...(m.byLanguage.length
      ? [
          `### ${t('roundtables.minutes.byLanguage')}`,
          '',
          ...m.byLanguage.map((l) => `- ${t(`languageNames.${l.language}`)}: ${l.count}`),
          '',
        ]
      : []),
    `## ${t('roundtables.agenda.title')}`,
    '',
    ...m.agenda.map(
      (a, i) =>
        `${i + 1}. ${escapeMarkdown(a.title)} (${t('roundtables.agenda.length', { minutes: a.minutes })})${a.presenter ? ` — ${escapeMarkdown(a.presenter)}` : ''}`,
    ),
    '',
    `## ${t('roundtables.minutes.decisions')}`,
    '',
    ...(m.decisions.length ? m.decisions.map((d) => `- ${escapeMarkdown(d.text)}`) : [t('roundtables.minutes.none')]),
    '',
    `## ${t('roundtables.questions.title')}`,
    '',
    ...(m.questions.length
      ? m.questions.map(
          (q) =>
            `- ${escapeMarkdown(q.text)} — ${escapeMarkdown(q.author.name)} (${t('roundtables.questions.votes', { count: q.votes })}${q.status === 'answered' ? `, ${t('roundtables.questions.answered')}` : ''})`,
        )
      : [t('roundtables.minutes.none')]),
    '',
    `## ${t('roundtables.polls.title')}`,
    '',
  ];
  for (const poll of m.polls) {
    lines.push(
      `### ${escapeMarkdown(poll.question)}`,
      '',
      `${t('roundtables.polls.voters', { count: poll.voters })}`,
      '',
    );
    const unit = poll.kind === 'dots' ? 'roundtables.polls.dotCount' : 'roundtables.polls.voteCount';
    for (const r of poll.results) lines.push(`- ${escapeMarkdown(r.label)}: ${t(unit, { count: r.count })}`);
    lines.push('');
  }
  if (m.polls.length === 0) lines.push(t('roundtables.minutes.none'), '');
  lines.push(`## ${t('roundtables.notes.title')}`, '', m.notes || t('roundtables.minutes.none'), '');
  lines.push(`## ${t('roundtables.chat')}`, '', `/rooms/${m.roomId}`, '');
  return lines.join('\n');
}
