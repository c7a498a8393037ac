import * as s from '../../../shared/schemas/translations.js';
import type { Policy } from '../../policy/policy.js';
import type { EventContext, Handle, IoSocket } from '../../realtime/io.js';
import type { ThreadRecord } from '../message.model.js';
import { scopedThread } from '../subjects.js';
import type { ThreadReader } from '../threads.service.js';
import type { Translations, TranslationViewer } from './translations.service.js';

/** Translation events: validate → authorize on the thread's subject (rules.ts) → service → ack. */
export function registerTranslationHandlers(
  socket: IoSocket,
  deps: { handle: Handle; policy: Policy; reader: ThreadReader; translations: Translations },
): void {
  const { handle, policy, reader, translations } = deps;
  const viewer = (ctx: EventContext): TranslationViewer => ({
    userId: ctx.actor.id,
    moderates: policy.can(ctx.roles, 'thread.moderate'),
    correctsTranslations: policy.can(ctx.roles, 'thread.correctTranslation'),
  });
  const threadOf = async (ctx: EventContext): Promise<ThreadRecord> => {
    const record = scopedThread(ctx);
    return record.thread ?? (await reader.ensure(record.subject, record.key));
  };
  handle(socket, 'thread:translate', s.threadTranslateSchema, async (input, ctx) => ({
    ...(await translations.best(await threadOf(ctx), input, viewer(ctx))),
    abilities: {
      addTranslation: policy.can(ctx.roles, 'thread.addTranslation'),
      reportTranslation: policy.can(ctx.roles, 'thread.reportTranslation'),
      correctTranslation: policy.can(ctx.roles, 'thread.correctTranslation'),
    },
  }));
  handle(socket, 'thread:translation-add', s.threadTranslationAddSchema, async (input, ctx) =>
    translations.addHuman(ctx.actor, await threadOf(ctx), input, viewer(ctx)),
  );
  handle(socket, 'thread:translation-correct', s.threadTranslationCorrectSchema, async (input, ctx) =>
    translations.addHuman(ctx.actor, await threadOf(ctx), input, viewer(ctx), {
      groupId: scopedThread(ctx).place.groupId,
    }),
  );
  handle(socket, 'thread:translation-dismiss', s.threadTranslationDismissSchema, async (input, ctx) =>
    translations.dismiss(ctx.actor, await threadOf(ctx), input.reportId, scopedThread(ctx).place.groupId),
  );
  handle(socket, 'thread:translation-report', s.threadTranslationReportSchema, async (input, ctx) =>
    translations.report(ctx.actor, await threadOf(ctx), input, viewer(ctx)),
  );
  handle(socket, 'thread:translation-reports', s.threadTranslationReportsSchema, async (_input, ctx) =>
    translations.openReports(await threadOf(ctx), viewer(ctx)),
  );
}
