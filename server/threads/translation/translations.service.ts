import { Types } from 'mongoose';
import type { z } from 'zod';
import { roomChannel, threadChannel } from '../../../shared/events.js';
import type {
  threadTranslationAddSchema,
  threadTranslationReportSchema,
  TranslationAnswer,
  ModeratedReportItem,
  TranslationReportItem,
  TranslationReportView,
  TranslationView,
} from '../../../shared/schemas/translations.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Actor, Policy, Scope } from '../../policy/policy.js';
import type { AuditLog } from '../../audit/audit.service.js';
import type { ThreadScopeRecord } from '../subjects.js';
import type { IoServer } from '../../realtime/io.js';
import type { MessageRecord, ThreadModels, ThreadRecord } from '../message.model.js';
import { mayReadHidden } from '../views.js';
import type { ThreadPages } from '../pages.js';
import type { MachineTranslator } from './machine.js';
import { ProviderError } from './provider.js';
import type { ReportRecord, TranslationModels, TranslationRecord } from './translation.model.js';

type AddInput = z.output<typeof threadTranslationAddSchema>;
type ReportInput = z.output<typeof threadTranslationReportSchema>;

/** Who asks: moderators of translations also see the open reports. */
export interface TranslationViewer {
  userId: string;
  moderates: boolean;
  correctsTranslations: boolean;
}

/** The version of a message's text a translation refers to. */
const versionOf = (m: MessageRecord) => m.textSeq ?? m.seq;
const idOf = (messageId: Types.ObjectId | string, language: string, source: 'human' | 'machine') =>
  `${String(messageId)}:${language}:${source}`;
const REPORTS_LISTED = 100;
const REPORTS_SCANNED = 500;

/**
 * Translations of thread messages: human ones (preferred) and machine ones, each stored once per
 * message and language and shared by every reader of that language. A machine translation is made
 * on the first request (one provider call however many readers ask at once), outside the thread's
 * queue, with a timeout: a slow or broken provider makes translation "unavailable", never the thread.
 */
export class Translations {
  /** Provider calls under way, by message, language and text version: later askers wait for the same call. */
  private readonly inflight = new Map<string, Promise<TranslationRecord>>();

  constructor(
    private readonly models: ThreadModels & TranslationModels,
    private readonly provider: MachineTranslator | null,
    private readonly io: () => IoServer,
    private readonly logger: Logger,
    /** The thread's cache of message records (pages.ts): a message is found without a scan. */
    private readonly pages: ThreadPages,
    private readonly audit: AuditLog,
    /** A thread's policy scope (its subject's place, with its titles). */
    private readonly scopeOf: (threadId: string) => Promise<Scope<ThreadScopeRecord>>,
    private readonly policy: Policy,
  ) {}

  get machineAvailable(): boolean {
    return this.provider !== null;
  }

  /** A message the viewer may read the text of (not deleted, not hidden from them). */
  private async message(thread: ThreadRecord, messageId: string, viewer: TranslationViewer): Promise<MessageRecord> {
    const [m] = await this.pages.messages([messageId]);
    if (!m || String(m.threadId) !== String(thread._id) || (m.hiddenAt && !mayReadHidden(viewer, m))) {
      throw notFound('Message');
    }
    if (m.deletedAt) throw conflict('This message was deleted.').because('message_deleted');
    return m;
  }

  private async stored(m: MessageRecord, language: string) {
    const [human, machine] = await Promise.all(
      (['human', 'machine'] as const).map((source) =>
        this.models.MessageTranslation.findById(idOf(m._id, language, source)).lean<TranslationRecord>(),
      ),
    );
    return { human: human ?? null, machine: machine ?? null };
  }

  private async view(t: TranslationRecord, m: MessageRecord, viewer: TranslationViewer): Promise<TranslationView> {
    const reports = viewer.correctsTranslations
      ? await this.models.TranslationReport.find({ messageId: m._id, language: t.language, resolvedAt: null })
          .sort({ _id: 1 })
          .limit(REPORTS_LISTED)
          .lean<ReportRecord[]>()
      : [];
    return {
      id: t._id,
      messageId: String(t.messageId),
      language: t.language,
      body: t.body,
      source: t.source,
      translator: t.source === 'human' && t.translatorId ? { id: t.translatorId, name: t.translatorName ?? '' } : null,
      outOfDate: t.forSeq < versionOf(m),
      createdAt: t.createdAt.toISOString(),
      reports: reports.map(reportView),
    };
  }

  /**
   * The best translation for a reader: a current human one, else a current machine one (made now
   * if there is none at all, or if `refresh` asks for the current text), else an out-of-date one.
   */
  async best(
    thread: ThreadRecord,
    input: { messageId: string; language: string; refresh?: boolean },
    viewer: TranslationViewer,
  ): Promise<Omit<TranslationAnswer, 'abilities'>> {
    const m = await this.message(thread, input.messageId, viewer);
    const { language } = input;
    const answer = async (t: TranslationRecord | null, machine: TranslationAnswer['machine']) => ({
      messageId: String(m._id),
      language,
      translation: t ? await this.view(t, m, viewer) : null,
      machine,
    });
    const { human, machine } = await this.stored(m, language);
    const current = (t: TranslationRecord | null) => t !== null && t.forSeq >= versionOf(m);
    const state = this.provider ? 'ok' : 'off';
    if (current(human)) return answer(human, state);
    if (current(machine)) return answer(machine, state);
    const stale = human ?? machine;
    if (!this.provider || m.language === language || (stale && !input.refresh)) return answer(stale, state);
    try {
      return await answer(await this.machine(m, language), 'ok');
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      this.logger.warn(
        { failure: error.failure, status: error.status, err: error.message },
        'machine translation failed',
      );
      return answer(stale, 'unavailable');
    }
  }

  private machine(m: MessageRecord, language: string): Promise<TranslationRecord> {
    const key = `${String(m._id)}:${language}:${versionOf(m)}`;
    const running = this.inflight.get(key);
    if (running) return running;
    const call = this.callProvider(m, language).finally(() => this.inflight.delete(key));
    this.inflight.set(key, call);
    return call;
  }

  private async callProvider(m: MessageRecord, language: string): Promise<TranslationRecord> {
    const source = m.language || 'auto';
    const result = await this.provider!.translate(m.body, source, language);
    const record = {
      _id: idOf(m._id, language, 'machine'),
      messageId: m._id,
      threadId: m.threadId,
      language,
      source: 'machine' as const,
      body: result.text,
      forSeq: versionOf(m),
      translatorId: null,
      translatorName: null,
      provider: this.provider!.name,
      detectedLanguage: result.detectedLanguage ?? null,
      createdAt: new Date(),
    };
    // never replaces a translation of a newer text (that one's upsert finds no match and collides)
    await this.models.MessageTranslation.updateOne(
      { _id: record._id, forSeq: { $lte: record.forSeq } },
      { $set: record },
      { upsert: true },
    ).catch((error: unknown) => {
      if ((error as { code?: number }).code !== 11000) throw error;
    });
    return record;
  }

  /**
   * A person's translation. It replaces the human translation only when that one is theirs or out of
   * date (someone else's current translation is corrected by a moderator after a report);
   * `correcting` (a moderator) replaces it whatever it is and closes the open reports.
   */
  async addHuman(
    actor: Actor,
    thread: ThreadRecord,
    input: AddInput,
    viewer: TranslationViewer,
    correcting: false | { groupId: string } = false,
  ): Promise<TranslationView> {
    const m = await this.message(thread, input.messageId, viewer);
    if (m.language && m.language === input.language) {
      throw badRequest('language: a translation is into another language than the message.', [
        { path: 'language', message: 'the message is already in this language' },
      ]);
    }
    const id = idOf(m._id, input.language, 'human');
    const existing = await this.models.MessageTranslation.findById(id).lean<TranslationRecord>();
    if (!correcting && existing && existing.forSeq >= versionOf(m) && existing.translatorId !== actor.id) {
      throw conflict('Someone already translated this message into this language.').because('translation_exists');
    }
    const record: TranslationRecord = {
      _id: id,
      messageId: m._id,
      threadId: thread._id,
      language: input.language,
      source: 'human',
      body: input.body,
      forSeq: versionOf(m),
      translatorId: actor.id,
      translatorName: actor.name,
      provider: null,
      detectedLanguage: null,
      createdAt: new Date(),
    };
    await this.models.MessageTranslation.updateOne({ _id: id }, { $set: record }, { upsert: true });
    if (correcting) {
      const closed = await this.models.TranslationReport.updateMany(
        { messageId: m._id, language: input.language, resolvedAt: null },
        { $set: { resolvedAt: new Date(), resolvedById: actor.id, resolvedByName: actor.name, outcome: 'corrected' } },
      );
      // like hiding a message: who changed what someone else wrote, and where
      await this.audit.record({
        actor,
        action: 'translation.corrected',
        target: { id: String(m._id), name: m.authorName },
        groupId: correcting.groupId,
        roomId: thread.roomId,
        details: { threadId: String(thread._id), language: input.language, reportsClosed: closed.modifiedCount },
      });
    }
    const channels = [
      threadChannel(String(thread._id)),
      ...(thread.roomId ? [roomChannel(String(thread.roomId))] : []),
    ];
    this.io()
      .to(channels)
      .emit('thread:translated', { threadId: String(thread._id), messageId: String(m._id), language: input.language });
    return this.view(record, m, viewer);
  }

  async report(actor: Actor, thread: ThreadRecord, input: ReportInput, viewer: TranslationViewer) {
    const m = await this.message(thread, input.messageId, viewer);
    const t = await this.models.MessageTranslation.findById(input.translationId).lean<TranslationRecord>();
    if (!t || String(t.messageId) !== String(m._id) || t.language !== input.language) throw notFound('Translation');
    const doc = await this.models.TranslationReport.create({
      translationId: t._id,
      messageId: m._id,
      threadId: thread._id,
      language: t.language,
      reason: input.reason,
      reporterId: actor.id,
      reporterName: actor.name,
    });
    return reportView(doc.toObject() as ReportRecord);
  }

  /** Open reports in a thread, newest first, with the translation and the original (moderators). */
  async openReports(thread: ThreadRecord, viewer: TranslationViewer): Promise<TranslationReportItem[]> {
    const reports = await this.models.TranslationReport.find({ threadId: thread._id, resolvedAt: null })
      .sort({ _id: -1 })
      .limit(REPORTS_LISTED)
      .lean<ReportRecord[]>();
    const items: TranslationReportItem[] = [];
    for (const r of reports) {
      const item = await this.reportItem(r, viewer);
      if (item) items.push(item.item);
    }
    return items;
  }

  private async reportItem(r: ReportRecord, viewer: TranslationViewer) {
    const [m] = await this.pages.messages([String(r.messageId)]);
    const t = await this.models.MessageTranslation.findById(r.translationId).lean<TranslationRecord>();
    if (!m || !t || m.deletedAt) return null;
    const item: TranslationReportItem = {
      ...reportView(r),
      messageId: String(r.messageId),
      language: r.language,
      translation: await this.view(t, m, viewer),
      original: m.body,
    };
    return { item, message: m };
  }

  /**
   * Open reports across every thread where the policy lets `actor` correct translations, newest
   * first, with where each is (the subject and its titles). Reads at most `REPORTS_SCANNED` open
   * reports, answers at most `REPORTS_LISTED`.
   */
  async moderatedReports(actor: Actor): Promise<ModeratedReportItem[]> {
    const reports = await this.models.TranslationReport.find({ resolvedAt: null })
      .sort({ _id: -1 })
      .limit(REPORTS_SCANNED)
      .lean<ReportRecord[]>();
    const places = new Map<string, { scope: Scope<ThreadScopeRecord>; viewer: TranslationViewer } | null>();
    const items: ModeratedReportItem[] = [];
    for (const r of reports) {
      if (items.length === REPORTS_LISTED) break;
      const threadId = String(r.threadId);
      if (!places.has(threadId)) places.set(threadId, await this.correctorOf(actor, threadId));
      const place = places.get(threadId);
      if (!place) continue;
      const found = await this.reportItem(r, place.viewer);
      if (!found) continue;
      const record = place.scope.record!;
      items.push({
        ...found.item,
        threadId,
        subject: record.subject,
        titles: record.place.titles,
        originalLanguage: found.message.language,
      });
    }
    return items;
  }

  /** The thread's scope and the actor as a viewer there, when they may correct its translations. */
  private async correctorOf(actor: Actor, threadId: string) {
    const scope = await this.scopeOf(threadId).catch(() => null); // a subject gone: nothing to list
    if (!scope) return null;
    const roles = await this.policy.rolesOn(actor, scope);
    if (!this.policy.can(roles, 'thread.correctTranslation')) return null;
    const viewer = {
      userId: actor.id,
      moderates: this.policy.can(roles, 'thread.moderate'),
      correctsTranslations: true,
    };
    return { scope, viewer };
  }

  /** Closes an open report without changing the translation; audit-logged like a correction. */
  async dismiss(actor: Actor, thread: ThreadRecord, reportId: string, groupId: string): Promise<null> {
    const r = await this.models.TranslationReport.findOneAndUpdate(
      { _id: new Types.ObjectId(reportId), threadId: thread._id, resolvedAt: null },
      { $set: { resolvedAt: new Date(), resolvedById: actor.id, resolvedByName: actor.name, outcome: 'dismissed' } },
      { returnDocument: 'after' },
    ).lean<ReportRecord>();
    if (!r) throw notFound('Report');
    await this.audit.record({
      actor,
      action: 'translation.report_dismissed',
      target: { id: String(r.messageId), name: r.reporterName },
      groupId,
      roomId: thread.roomId,
      details: { threadId: String(thread._id), language: r.language, reason: r.reason },
    });
    return null;
  }
}

function reportView(r: ReportRecord): TranslationReportView {
  return {
    id: String(r._id),
    by: { id: r.reporterId, name: r.reporterName },
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
  };
}
